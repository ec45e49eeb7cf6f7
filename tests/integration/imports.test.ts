import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { ImportDryRun, ImportReportPage, ImportUploadResult, ImportView } from '../../shared/schemas/imports.js';
import type { PatientPage } from '../../shared/schemas/patient.js';
import { localMidnightUtc } from '../../shared/domain/import-dates.js';
import { archiveRows, base64, csvText, exceljsArchive, gbkEncode, handWorkbook, inlineRow, millionRowWorkbook, utf8, xlsxOf } from '../fixtures/imports/files.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
/**
 * The archive's clinic: the demo's 静安店 has 张伟 at the archive's 13800138000, and a phone the
 * clinic knows under another name now waits for a person (see "same phone, another name" below).
 */
let archiveClinicId: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const { createClinic } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { newClinic } = await import('../../shared/domain/onboarding.js');
  archiveClinicId = ulid();
  await createClinic(twin.demo.tenantId, newClinic(archiveClinicId, { name: '档案店', smsSignature: '微笑口腔' }, new Date().toISOString()));
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

type DryRun = ImportDryRun;
type Started = { importId: string; runId: string; status: string; counts: ImportReportPage['counts'] };

const upload = async (bytes: Uint8Array, fileName: string, clinicId = archiveClinicId, token = owner) =>
  twin.api<ImportUploadResult & ApiErrorBody>('POST', '/imports', { token, body: { fileName, clinicId, contentBase64: base64(bytes) } });

const uploaded = async (bytes: Uint8Array, fileName: string, clinicId = archiveClinicId): Promise<ImportUploadResult> => {
  const res = await upload(bytes, fileName, clinicId);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const dryRun = async (importId: string) => {
  const res = await twin.api<DryRun>('POST', `/imports/${importId}/dry-run`, { token: owner });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** Starts the run and waits until the bus has carried every chunk. */
const runToEnd = async (importId: string): Promise<ImportView> => {
  const res = await twin.api<Started>('POST', `/imports/${importId}/run`, { token: owner });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await twin.bus.idle();
  return (await twin.api<ImportView>('GET', `/imports/${importId}`, { token: owner })).body;
};

const clinicPatientCount = async (clinicId: string): Promise<number> => {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${clinicId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
    total += page.body.items.length;
    cursor = page.body.cursor;
  } while (cursor);
  return total;
};

const findPatient = async (q: string, clinicId = archiveClinicId) =>
  (await twin.api<PatientPage>('GET', `/patients?clinicId=${clinicId}&q=${encodeURIComponent(q)}`, { token: owner })).body.items;

const history = async (patientId: string) => {
  const { listVisits, getSummary } = await import('../../functions/adapters/dynamo/visit-repository.js');
  return { visits: await listVisits(twin.demo.tenantId, patientId), summary: await getSummary(twin.demo.tenantId, patientId) };
};

describe('imports: upload → mapping → dry run → run → progress', () => {
  let importId: string;

  it('reads an Excel workbook: the first visible sheet, the header row under a title, dates, numbers and rich text', async () => {
    const body = await uploaded(exceljsArchive(), '患者档案.xlsx');
    importId = body.importId;
    expect(body).toMatchObject({ fileType: 'xlsx', sheetName: '患者档案', headerRow: 2, rowCount: 5 });
    expect(body.headers).toEqual(['姓名', '性别', '手机', '出生日期', '首诊日期', '最近就诊', '项目', '金额', '来源', '备注', '标签']);
    expect(body.suggestedMapping).toEqual({
      姓名: 'name', 性别: 'gender', 手机: 'phone', 出生日期: 'birthDate', 首诊日期: 'firstVisitDate', 最近就诊: 'lastVisitDate',
      项目: 'procedure', 金额: 'amount', 来源: 'channel', 备注: 'notes', 标签: 'tags',
    });
    expect(body.sampleRows[0]).toEqual(['张三', '男', '13800138000', '1985-03-12', '2021-06-01', '2023/5/1', '洁牙', '298', '大众点评', '怕疼，周末来', 'VIP，种植']);
    expect(body.sampleRows[1]?.[4]).toBe('2023-05-01');
  });

  it('takes a column mapping and refuses one that names no column or leaves out the phone', async () => {
    const view = await twin.api<ImportView>('PUT', `/imports/${importId}/mapping`, {
      token: owner,
      body: { columns: { 姓名: 'name', 性别: 'gender', 手机: 'phone', 出生日期: 'birthDate', 首诊日期: 'firstVisitDate', 最近就诊: 'lastVisitDate', 项目: 'procedure', 金额: 'amount', 来源: 'channel', 备注: 'notes', 标签: 'tags' } },
    });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'uploaded', mapping: { 手机: 'phone' } });
    const unknown = await twin.api<ApiErrorBody>('PUT', `/imports/${importId}/mapping`, { token: owner, body: { columns: { 电话号码: 'phone', 姓名: 'name' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields?.map((f) => f.path)).toContain('columns.电话号码');
    const noPhone = await twin.api<ApiErrorBody>('PUT', `/imports/${importId}/mapping`, { token: owner, body: { columns: { 姓名: 'name', 手机: 'ignore' } } });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.error.fields).toContainEqual({ path: 'columns', message: 'must map a column to phone', code: 'import.not_mapped', params: { field: 'phone' } });
    const twice = await twin.api<ApiErrorBody>('PUT', `/imports/${importId}/mapping`, { token: owner, body: { columns: { 姓名: 'name', 手机: 'phone', 性别: 'name' } } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields?.[0]?.path).toBe('columns.性别');
  });

  it('reports row by row what it will create, merge or reject, and why', async () => {
    const report = await dryRun(importId);
    expect(report.counts).toEqual({ rows: 5, created: 3, merged: 1, rejected: 1, visits: 3 });
    const byRow = new Map(report.items.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ status: 'created', visit: { date: '2023-05-01', procedure: '洁牙', amountFen: 29800 } });
    expect(byRow.get(4)).toMatchObject({ status: 'created', visit: { date: '2023-05-01', procedure: '补牙', amountFen: 120050 } });
    expect(byRow.get(6)).toMatchObject({ status: 'created', visit: { date: '2022-12-30', amountFen: 1280000 } });
    expect(byRow.get(7)).toMatchObject({ status: 'merged', sameAsRow: 3, patientId: byRow.get(3)?.patientId, visit: { sameAsRow: 3 } });
    expect(byRow.get(8)?.status).toBe('rejected');
    expect(byRow.get(8)?.problems).toEqual(
      expect.arrayContaining([
        { field: 'phone', reason: expect.stringMatching(/mainland mobile/), code: 'phone.invalid' },
        { field: 'amount', reason: expect.stringMatching(/negative/), code: 'money.refund' },
      ]),
    );
    expect(JSON.stringify(report)).not.toContain('13800138000');

    const page = await twin.api<ImportReportPage>('GET', `/imports/${importId}/dry-run?limit=2`, { token: owner });
    expect(page.body.items.map((r) => r.row)).toEqual([3, 4]);
    const rest = await twin.api<ImportReportPage>('GET', `/imports/${importId}/dry-run?limit=10&cursor=${page.body.cursor}`, { token: owner });
    expect(rest.body.items.map((r) => r.row)).toEqual([6, 7, 8]);
    expect(rest.body.cursor).toBeUndefined();
    const rejected = await twin.api<ImportReportPage>('GET', `/imports/${importId}/dry-run?status=rejected`, { token: owner });
    expect(rejected.body.items.map((r) => r.row)).toEqual([8]);
  });

  it('runs in chunks on the bus and shows progress; patients are found by name and phone, with their visits and summary', async () => {
    const before = await clinicPatientCount(archiveClinicId);
    const view = await runToEnd(importId);
    expect(view.status).toBe('completed');
    expect(view.progress).toMatchObject({ rowsDone: 5, rowsTotal: 5, chunksDone: 1, chunksTotal: 1, created: 3, merged: 1, rejected: 1, visitsCreated: 3 });
    expect(await clinicPatientCount(archiveClinicId)).toBe(before + 3);

    const [zhang] = await findPatient('张三');
    expect(zhang).toMatchObject({ phone: '+8613800138000', gender: 'male', birthDate: '1985-03-12', channel: 'dianping', tags: ['VIP', '种植'], notes: '怕疼，周末来', consents: {} });
    expect((await findPatient('139 0013 9000')).map((p) => p.name)).toEqual(['李 四']);
    expect((await findPatient('李四')).map((p) => p.name)).toEqual(['李 四']);
    const { visits, summary } = await history(zhang?.patientId ?? '');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ source: 'import', totalFen: 29800, visitedAt: localMidnightUtc('2023-05-01', 'Asia/Shanghai'), importedProcedure: '洁牙' });
    expect(summary).toMatchObject({ visitCount: 1, totalSpendFen: 29800, firstVisitAt: '2021-05-31T16:00:00.000Z', lastVisitAt: '2023-04-30T16:00:00.000Z' });
  });

  it('importing the same file again creates nothing new', async () => {
    const before = await clinicPatientCount(archiveClinicId);
    const again = await uploaded(exceljsArchive(), '患者档案（再次）.xlsx');
    const report = await dryRun(again.importId);
    expect(report.counts).toMatchObject({ created: 0, merged: 4, rejected: 1 });
    expect(report.items.find((r) => r.row === 3)).toMatchObject({ status: 'merged', existing: true });
    const view = await runToEnd(again.importId);
    expect(view.progress).toMatchObject({ created: 0, merged: 4, visitsCreated: 0 });
    expect(await clinicPatientCount(archiveClinicId)).toBe(before);
    const [zhang] = await findPatient('张三');
    expect((await history(zhang?.patientId ?? '')).summary).toMatchObject({ visitCount: 1, totalSpendFen: 29800 });
  });

  it('runs again on request: a second run of a finished import merges everything', async () => {
    const view = await runToEnd(importId);
    expect(view.progress).toMatchObject({ created: 0, merged: 4, rejected: 1, visitsCreated: 0 });
  });

  it('refuses a second start while running, and a mapping change while running', async () => {
    const file = await uploaded(utf8(csvText(archiveRows(450, 50_000))), 'big.csv');
    const first = await twin.api<Started>('POST', `/imports/${file.importId}/run`, { token: owner });
    expect(first.status).toBe(202);
    const second = await twin.api<ApiErrorBody>('POST', `/imports/${file.importId}/run`, { token: owner });
    expect(second.status).toBe(409);
    const remap = await twin.api<ApiErrorBody>('PUT', `/imports/${file.importId}/mapping`, { token: owner, body: { columns: { 姓名: 'name', 手机: 'phone' } } });
    expect(remap.status).toBe(409);
    await twin.bus.idle();
    const view = (await twin.api<ImportView>('GET', `/imports/${file.importId}`, { token: owner })).body;
    expect(view).toMatchObject({ status: 'completed', progress: { chunksTotal: 3, chunksDone: 3, rowsDone: 450, created: 450, visitsCreated: 450 } });
  });
});

describe('imports: files as clinics have them', () => {
  it('reads GBK CSV (Chinese Excel’s "CSV"), phones with spaces, dashes and +86, blank rows and duplicates', async () => {
    const csv = csvText([
      ['患者姓名', '联系电话', '生日', '末次就诊', '治疗项目', '实收', '渠道'],
      ['周 晓梅', '+86 150-1111-2222', '1988/4/5', '45047', '洁牙', '￥1,200.00', '抖音'],
      ['', '', '', '', '', '', ''],
      ['周晓梅', '15011112222', '', '2023-05-01', '洁牙', '1200', ''],
      ['吴昊', '0086 150 1111 3333', '', '', '', '', '老带新'],
    ]);
    const body = await uploaded(gbkEncode(csv), '导出.csv');
    expect(body).toMatchObject({ fileType: 'csv', encoding: 'gb18030', rowCount: 3 });
    expect(body.headers[0]).toBe('患者姓名');
    expect(body.suggestedMapping).toMatchObject({ 患者姓名: 'name', 联系电话: 'phone', 生日: 'birthDate', 末次就诊: 'lastVisitDate', 治疗项目: 'procedure', 实收: 'amount', 渠道: 'channel' });
    const report = await dryRun(body.importId);
    expect(report.counts).toEqual({ rows: 3, created: 2, merged: 1, rejected: 0, visits: 1 });
    expect(report.items.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(report.items[1]).toMatchObject({ status: 'merged', sameAsRow: 2, visit: { date: '2023-05-01', amountFen: 120000, sameAsRow: 2 } });
    const view = await runToEnd(body.importId);
    expect(view.progress).toMatchObject({ created: 2, merged: 1, visitsCreated: 1 });
    const [wu] = await findPatient('吴昊');
    expect(wu).toMatchObject({ phone: '+8615011113333', channel: 'referral' });
  });

  it('answers 400 naming the field for an empty file, a file that is not a spreadsheet, and bad base64', async () => {
    const empty = await upload(new Uint8Array(), 'empty.csv');
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields?.[0]?.path).toBe('contentBase64');
    const png = await upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.xlsx');
    expect(png.status).toBe(400);
    expect(png.body.error.fields?.map((f) => f.path)).toEqual(['contentBase64', 'fileName']);
    const binary = await upload(new Uint8Array(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)), 'data.csv');
    expect(binary.status).toBe(400);
    expect(binary.body.error.message).toMatch(/neither an Excel workbook/);
    const xls = await upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '老档案.xls');
    expect(xls.status).toBe(400);
    expect(xls.body.error.message).toMatch(/\.xls/);
    const prose = await upload(utf8('这不是表格，只是一段话。'), 'notes.txt');
    expect(prose.status).toBe(400);
    expect(prose.body.error.fields?.[0]?.path).toBe('contentBase64');
    const headerOnly = await upload(utf8('姓名,手机\n'), 'header.csv');
    expect(headerOnly.status).toBe(400);
    const bad = await twin.api<ApiErrorBody>('POST', '/imports', { token: owner, body: { fileName: 'x.csv', clinicId: twin.demo.jinganId, contentBase64: '%%%not base64%%%' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('contentBase64');
    const noName = await twin.api<ApiErrorBody>('POST', '/imports', { token: owner, body: { clinicId: twin.demo.jinganId, contentBase64: 'YQ==' } });
    expect(noName.status).toBe(400);
    expect(noName.body.error.fields?.[0]?.path).toBe('fileName');
  });

  it('answers 413 asking to split a file over 4 MB, and a 4xx (not a crash) for 50 MB', async () => {
    const big = new Uint8Array(4.5 * 1024 * 1024).fill(0x41);
    const res = await upload(big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/split/i);
    expect(res.body.error.fields?.[0]?.path).toBe('contentBase64');
    const huge = await upload(new Uint8Array(50 * 1024 * 1024), 'huge.xlsx');
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    expect((await twin.api('GET', '/health')).status).toBe(200);
  });

  it('keeps imports to the caller’s chain and clinics', async () => {
    const mine = await uploaded(utf8(csvText(archiveRows(2, 60_000))), 'scope.csv', twin.demo.tianheId);
    const manager = await twin.tokenFor('manager');
    expect((await twin.api('GET', `/imports/${mine.importId}`, { token: manager })).status).toBe(404);
    expect((await upload(utf8(csvText(archiveRows(2, 60_010))), 'scope.csv', twin.demo.tianheId, manager)).status).toBe(400);
    const other = await twin.otherChain();
    expect((await twin.api('GET', `/imports/${mine.importId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('POST', `/imports/${mine.importId}/run`, { token: other.ownerToken })).status).toBe(404);
    expect((await upload(utf8(csvText(archiveRows(2, 60_020))), 'scope.csv', twin.demo.jinganId, other.ownerToken)).status).toBe(400);
    const list = await twin.api<{ items: ImportView[] }>('GET', '/imports', { token: other.ownerToken });
    expect(list.body.items).toEqual([]);
    expect((await twin.api('GET', `/exports/patients?clinicId=${twin.demo.jinganId}`, { token: other.ownerToken })).status).toBe(404);
  });
});

describe('imports: idempotent under redelivery and retries', () => {
  it('two deliveries of the same chunk at once, and a redelivered event afterwards, create nothing twice', async () => {
    const { startRun, getImport } = await import('../../functions/adapters/dynamo/import-repository.js');
    const { handler } = await import('../../functions/jobs/import-runner.js');
    const file = await uploaded(utf8(csvText(archiveRows(420, 70_000))), 'twice.csv');
    const plan = await dryRun(file.importId);
    const runId = '01J00000000000000000000001';
    await startRun(twin.demo.tenantId, file.importId, { runId, planId: plan.planId, now: new Date().toISOString() });
    const event = (chunk: number) => ({ ...twin.bus.scheduledEvent('import-runner'), source: 'smileloop.imports', 'detail-type': 'Import Chunk Requested', detail: { tenantId: twin.demo.tenantId, importId: file.importId, runId, chunk } });
    const outcomes = await Promise.all([handler(event(0)), handler(event(0))]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already-done', 'done']);
    await twin.bus.idle();
    expect(await handler(event(0))).toEqual({ outcome: 'stale' });
    const record = await getImport(twin.demo.tenantId, file.importId);
    expect(record).toMatchObject({ status: 'completed', rowsDone: 420, createdCount: 420, visitsCreated: 420 });
    const [one] = await findPatient('13900070000');
    const { visits, summary } = await history(one?.patientId ?? '');
    expect(visits).toHaveLength(1);
    expect(summary).toMatchObject({ visitCount: 1 });
    expect((await findPatient('13900070419')).length).toBe(1);
  });

  it('a chunk that fails part-way is retried by the bus and counts every patient and visit once', async () => {
    const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
    const file = await uploaded(utf8(csvText(archiveRows(300, 80_000))), 'flaky.csv');
    let failures = 0;
    // First attempt: dies after the new patients' visits are written but before their profiles.
    // Second attempt: dies after everything is written, at the checkpoint.
    dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        // Items may arrive marshalled ({S: 'PROFILE'}) or not, depending on where the document client marshals.
        const input = args.input as { RequestItems?: Record<string, { PutRequest?: { Item?: { sk?: unknown } } }[]>; ExpressionAttributeValues?: Record<string, unknown> };
        const isProfile = (sk: unknown) => sk === 'PROFILE' || (typeof sk === 'object' && sk !== null && (sk as { S?: string }).S === 'PROFILE');
        const putsProfiles = Object.values(input.RequestItems ?? {}).some((writes) => Array.isArray(writes) && writes.some((w) => isProfile(w.PutRequest?.Item?.sk)));
        const checkpoint = /Update/.test(context.commandName ?? '') && input.ExpressionAttributeValues !== undefined && ':next' in input.ExpressionAttributeValues;
        if ((failures === 0 && putsProfiles) || (failures === 1 && checkpoint)) {
          failures++;
          throw new Error('injected failure');
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectImportFailures' },
    );
    try {
      const view = await runToEnd(file.importId);
      expect(failures).toBe(2);
      expect(view).toMatchObject({ status: 'completed', progress: { rowsDone: 300, created: 300, visitsCreated: 300 } });
      expect(view.progress?.lastError).toBeUndefined();
    } finally {
      dynamoClient.middlewareStack.remove('injectImportFailures');
    }
    for (const phone of ['13900080000', '13900080199', '13900080299']) {
      const found = await findPatient(phone);
      expect(found, phone).toHaveLength(1);
      const { visits, summary } = await history(found[0]?.patientId ?? '');
      expect(visits).toHaveLength(1);
      expect(summary?.visitCount).toBe(1);
    }
  });
});

describe('imports: resuming and existing history', () => {
  it('a chunk that keeps failing stops the run with the error and a staff alert; starting again resumes where it stopped', async () => {
    const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
    const file = await uploaded(utf8(csvText(archiveRows(300, 90_000))), 'resume.csv');
    let profileBatches = 0;
    let armed = true;
    dynamoClient.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { PutRequest?: { Item?: { sk?: unknown } } }[]> };
        const isProfile = (sk: unknown) => sk === 'PROFILE' || (typeof sk === 'object' && sk !== null && (sk as { S?: string }).S === 'PROFILE');
        const putsProfiles = Object.values(input.RequestItems ?? {}).some((writes) => Array.isArray(writes) && writes.some((w) => isProfile(w.PutRequest?.Item?.sk)));
        // The first chunk's 8 batches of patients go through; the second chunk's never do.
        if (armed && putsProfiles && ++profileBatches > 8) throw new Error('ProvisionedThroughputExceeded (injected)');
        return next(args);
      },
      { step: 'initialize', name: 'failSecondChunk' },
    );
    try {
      const stopped = await runToEnd(file.importId);
      expect(stopped).toMatchObject({ status: 'failed', progress: { chunksDone: 1, chunksTotal: 2, rowsDone: 200, created: 200 } });
      expect(stopped.progress?.lastError).toMatch(/injected/);
      const outbox = await twin.api<{ items: { purpose: string; text: string }[] }>('GET', '/outbox', { token: owner });
      expect(outbox.body.items.find((m) => m.purpose === 'import-failure')?.text).toMatch(/Start it again to resume/);
    } finally {
      armed = false;
      dynamoClient.middlewareStack.remove('failSecondChunk');
    }
    const resumed = await twin.api<Started & { resumed: boolean }>('POST', `/imports/${file.importId}/run`, { token: owner });
    expect(resumed.status).toBe(202);
    expect(resumed.body.resumed).toBe(true);
    await twin.bus.idle();
    const view = (await twin.api<ImportView>('GET', `/imports/${file.importId}`, { token: owner })).body;
    expect(view).toMatchObject({ status: 'completed', progress: { chunksDone: 2, rowsDone: 300, created: 300, visitsCreated: 300 } });
    const found = await findPatient('13900090250');
    expect(found).toHaveLength(1);
    expect((await history(found[0]?.patientId ?? '')).summary?.visitCount).toBe(1);
  });

  it('merging into a patient with checkout history adds the imported visit to the summary, keeping what only checkout knows', async () => {
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { summaryItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const created = await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: { name: '郑老客', phone: '13655556666', clinicId: archiveClinicId } });
    const patientId = created.body.patientId;
    const checkoutSummary = {
      version: 3, visitCount: 2, totalSpendFen: 50_000, firstVisitAt: '2024-01-10T02:00:00.000Z', lastVisitAt: '2024-03-10T02:00:00.000Z',
      lastVisitClinicId: archiveClinicId, lastCategories: ['implant' as const],
    };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: summaryItem(twin.demo.tenantId, patientId, checkoutSummary) }));
    const csv = csvText([['姓名', '手机', '首诊日期', '最近就诊', '项目', '金额'], ['郑老客', '136 5555 6666', '2019-08-01', '2022-02-02', '拔牙', '300']]);
    const file = await uploaded(utf8(csv), 'old.csv');
    const report = await dryRun(file.importId);
    expect(report.items[0]).toMatchObject({ status: 'merged', existing: true, patientId });
    await runToEnd(file.importId);
    const { visits, summary } = await history(patientId);
    expect(visits.map((v) => v.source)).toEqual(['import']);
    expect(summary).toMatchObject({
      version: 4, visitCount: 3, totalSpendFen: 80_000, firstVisitAt: '2019-07-31T16:00:00.000Z', lastVisitAt: '2024-03-10T02:00:00.000Z', lastCategories: ['implant'],
    });
  });

  it('an imported visit newer than the checkout history becomes the last visit the lifecycle reads, as a checkout’s would', async () => {
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { summaryItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { lifecycleStage } = await import('../../shared/domain/lifecycle.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const created = await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: { name: '钱新近', phone: '13655557777', clinicId: archiveClinicId } });
    const patientId = created.body.patientId;
    const checkoutSummary = {
      version: 2, visitCount: 1, totalSpendFen: 50_000, firstVisitAt: '2024-03-10T02:00:00.000Z', lastVisitAt: '2024-03-10T02:00:00.000Z',
      lastVisitClinicId: archiveClinicId, lastCategories: ['implant' as const], lastCarePathwayUntil: '2024-06-10T02:00:00.000Z',
    };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: summaryItem(twin.demo.tenantId, patientId, checkoutSummary) }));
    const csv = csvText([['姓名', '手机', '最近就诊', '项目', '金额'], ['钱新近', '136 5555 7777', '2024-04-01', '洁牙', '200']]);
    const file = await uploaded(utf8(csv), 'newer.csv');
    expect((await dryRun(file.importId)).items[0]).toMatchObject({ status: 'merged', existing: true, patientId });
    await runToEnd(file.importId);
    const { summary } = await history(patientId);
    expect(summary).toMatchObject({ version: 3, visitCount: 2, totalSpendFen: 70_000, lastVisitAt: '2024-03-31T16:00:00.000Z', lastVisitClinicId: archiveClinicId, lastCategories: [] });
    expect(summary).not.toHaveProperty('lastCarePathwayUntil');
    // Two weeks after the imported visit: not still in the implant's treatment or care pathway.
    expect(lifecycleStage(summary ?? { visitCount: 0, totalSpendFen: 0 }, new Date('2024-04-15T00:00:00.000Z'))).toBe('maintenance');
  });
});

describe('exports', () => {
  it('downloads the clinic’s patients as .xlsx that reads back, and imports back as nothing new', async () => {
    const response = await fetch(`${twin.url}/api/exports/patients?clinicId=${archiveClinicId}`, { headers: { authorization: `Bearer ${owner}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { readSpreadsheet } = await import('../../functions/adapters/spreadsheet/read-spreadsheet.js');
    const sheet = readSpreadsheet(bytes);
    expect(sheet.rows[0]?.cells).toEqual(['姓名', '性别', '手机', '出生日期', '来源', '标签', '备注', '短信同意', '营销同意', '首诊日期', '最近就诊', '就诊次数', '累计消费(元)', '创建时间']);
    const zhang = sheet.rows.find((r) => r.cells[0] === '张三');
    expect(zhang?.cells.slice(0, 5)).toEqual(['张三', '男', '13800138000', '1985-03-12', '大众点评']);
    expect(zhang?.cells.slice(9, 13)).toEqual(['2021-06-01', '2023-05-01', '1', '298']);

    const back = await uploaded(bytes, 'export.xlsx');
    const report = await dryRun(back.importId);
    expect(report.counts.created).toBe(0);
    expect(report.counts.rejected).toBe(0);
  });

  it('downloads visits as .xlsx, and a visits export imported again adds no visit', async () => {
    const response = await fetch(`${twin.url}/api/exports/visits?clinicId=${archiveClinicId}&from=2023-05-01&to=2023-05-01`, { headers: { authorization: `Bearer ${owner}` } });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { readSpreadsheet } = await import('../../functions/adapters/spreadsheet/read-spreadsheet.js');
    const sheet = readSpreadsheet(bytes);
    expect(sheet.rows[0]?.cells).toEqual(['姓名', '手机', '就诊日期', '项目', '金额(元)', '门店', '录入方式']);
    expect(sheet.rows.slice(1).every((r) => r.cells[2] === '2023-05-01')).toBe(true);
    expect(sheet.rows.find((r) => r.cells[0] === '张三')?.cells).toEqual(['张三', '13800138000', '2023-05-01', '洁牙', '298', '档案店', '导入']);
    const back = await uploaded(bytes, 'visits.xlsx');
    const view = await runToEnd(back.importId);
    expect(view.progress).toMatchObject({ created: 0, rejected: 0, visitsCreated: 0 });
  });

  it('exports through xlsxOf fixtures read back with typed cells', async () => {
    const { readSpreadsheet } = await import('../../functions/adapters/spreadsheet/read-spreadsheet.js');
    const sheet = readSpreadsheet(xlsxOf([['日期', '金额'], ['2024-02-29', 12345]], { 日期: 'date', 金额: 'yuan' }));
    expect(sheet.rows[1]?.cells).toEqual(['2024-02-29', '123.45']);
  });
});

describe('imports: 10,000 rows', () => {
  it('imports 10,000 patients with their visits in chunks, never one long invocation', { timeout: 120_000 }, async () => {
    const file = await uploaded(utf8(csvText(archiveRows(10_000, 100_000))), '一万行.csv');
    expect(file.rowCount).toBe(10_000);
    const res = await twin.api<Started>('POST', `/imports/${file.importId}/run`, { token: owner });
    expect(res.status).toBe(202);
    expect(res.body.counts).toMatchObject({ rows: 10_000, created: 10_000, rejected: 0, visits: 10_000 });
    await twin.bus.idle();
    const view = (await twin.api<ImportView>('GET', `/imports/${file.importId}`, { token: owner })).body;
    expect(view).toMatchObject({ status: 'completed', progress: { rowsDone: 10_000, created: 10_000, visitsCreated: 10_000, chunksDone: 50 } });
    const deliveries = twin.bus.deliveries.filter((d) => d.job === 'import-runner');
    expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);
  });
});

describe('imports: spreadsheets as clinics really have them', () => {
  const report = async (bytes: Uint8Array, fileName: string, clinicId = archiveClinicId) => {
    const file = await uploaded(bytes, fileName, clinicId);
    return { file, plan: await dryRun(file.importId) };
  };

  it('takes long text cells without a 500: stored rows and samples are cut to fit', async () => {
    const long = '很长的病历说明'.repeat(600);
    const header = ['姓名', '手机', ...Array.from({ length: 40 }, (_, i) => `备注${i}`)];
    const rows = Array.from({ length: 6 }, (_, i) => [`长文${i}`, `1360000${String(i).padStart(4, '0')}`, ...Array.from({ length: 40 }, () => long)]);
    const res = await upload(xlsxOf([header, ...rows]), 'long.xlsx');
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect(JSON.stringify(res.body.sampleRows).length).toBeLessThan(20_000);
    const view = await runToEnd(res.body.importId);
    expect(view).toMatchObject({ status: 'completed', progress: { created: 6, rejected: 0 } });
  });

  it('refuses a small file that expands to a million rows with a 400 naming the file', async () => {
    const bomb = millionRowWorkbook();
    // Building it blocks the event loop past the twin's keep-alive timeout: let idle sockets close first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const res = await upload(bomb, '百万行.xlsx');
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]).toMatchObject({ path: 'contentBase64', code: 'file.too_large', message: expect.stringMatching(/^百万行\.xlsx: .*rows/) });
    expect((await twin.api('GET', '/health')).status).toBe(200);
  });

  it('lists the sheets, reads the first that holds anything, and the one asked for', async () => {
    const book = handWorkbook([
      { name: '说明', xml: '<sheetData/>' },
      { name: '患者', xml: `<sheetData>${inlineRow(1, ['姓名', '手机'])}${inlineRow(2, ['甲', '13600001001'])}</sheetData>` },
      { name: '会员', xml: `<sheetData>${inlineRow(1, ['姓名', '手机'])}${inlineRow(2, ['乙', '13600001002'])}${inlineRow(3, ['丙', '13600001003'])}</sheetData>` },
    ]);
    const first = await uploaded(book, 'sheets.xlsx');
    expect(first).toMatchObject({ sheetName: '患者', sheets: ['说明', '患者', '会员'], rowCount: 1 });
    expect((await dryRun(first.importId)).sheets).toEqual(['说明', '患者', '会员']);
    const chosen = await twin.api<ImportUploadResult>('POST', '/imports', { token: owner, body: { fileName: 'sheets.xlsx', clinicId: archiveClinicId, contentBase64: base64(book), sheetName: '会员' } });
    expect(chosen.body).toMatchObject({ sheetName: '会员', rowCount: 2 });
    const missing = await twin.api<ApiErrorBody>('POST', '/imports', { token: owner, body: { fileName: 'sheets.xlsx', clinicId: archiveClinicId, contentBase64: base64(book), sheetName: '收费' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields?.[0]?.path).toBe('sheetName');
  });

  it('fills merged cells down, skips total and footer lines with a reason, and reports formulas without results', async () => {
    const xml =
      '<sheetData>' +
      inlineRow(1, ['姓名', '手机', '就诊日期', '项目', '金额']) +
      inlineRow(2, ['合并甲', '13600002001', '2024-03-01', '洁牙', '200']) +
      inlineRow(3, ['', '', '2024-03-08', '补牙', '500']) +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>公式乙</t></is></c><c r="B4" t="inlineStr"><is><t>13600002002</t></is></c><c r="C4" t="inlineStr"><is><t>2024-03-02</t></is></c><c r="D4" t="inlineStr"><is><t>洁牙</t></is></c><c r="E4"><f>SUM(F4:G4)</f></c></row>' +
      inlineRow(5, ['合计', '', '', '', '700']) +
      inlineRow(6, ['导出人：前台小王', '', '导出时间：2024-04-01']) +
      '</sheetData><mergeCells count="2"><mergeCell ref="A2:A3"/><mergeCell ref="B2:B3"/></mergeCells>';
    const { plan } = await report(handWorkbook([{ name: '就诊', xml }]), 'merged.xlsx');
    const byRow = new Map(plan.items.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({ status: 'merged', sameAsRow: 2, visit: { date: '2024-03-08', procedure: '补牙', amountFen: 50_000 } });
    expect(byRow.get(4)?.warnings).toEqual([{ field: 'amount', code: 'formula.no_result', reason: expect.stringMatching(/formula with no saved result/) }]);
    expect(byRow.get(5)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/total or footer.*合计/) });
    expect(byRow.get(6)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/导出人/) });
    expect(plan.counts).toMatchObject({ rows: 5, created: 2, merged: 1, rejected: 0, skipped: 2 });
  });

  it('guesses 累计消费 as the patient’s spend and never an arrears column as the visit amount', async () => {
    const csv = csvText([
      ['姓名', '手机', '最近就诊', '项目', '欠款金额', '未付', '累计消费'],
      ['消费丙', '13600003001', '2024-02-01', '种植', '3000', '100', '18000'],
    ]);
    const { file } = await report(utf8(csv), 'spend.csv');
    expect(file.suggestedMapping).toMatchObject({ 欠款金额: 'ignore', 未付: 'ignore', 累计消费: 'totalSpend' });
    const view = await runToEnd(file.importId);
    expect(view.status).toBe('completed');
    const [patient] = await findPatient('消费丙');
    expect((await history(patient?.patientId ?? '')).summary).toMatchObject({ visitCount: 1, totalSpendFen: 1_800_000 });
  });

  it('a re-import that changes a visit’s amount corrects that visit and the summary instead of adding a second', async () => {
    const file = (amount: string) => utf8(csvText([['姓名', '手机', '最近就诊', '项目', '金额'], ['改价丁', '13600004001', '2024-01-05', '洁牙', amount]]));
    await runToEnd((await uploaded(file('300'), 'first.csv')).importId);
    const [patient] = await findPatient('改价丁');
    const second = await runToEnd((await uploaded(file('350'), 'second.csv')).importId);
    expect(second.progress).toMatchObject({ merged: 1, visitsCreated: 0 });
    const { visits, summary } = await history(patient?.patientId ?? '');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ totalFen: 35_000, source: 'import' });
    expect(summary).toMatchObject({ visitCount: 1, totalSpendFen: 35_000 });
  });

  it('a merge into an existing patient says which fields it kept and which it ignored', async () => {
    const created = await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: { name: '合并戊', phone: '13600005001', gender: 'female', clinicId: archiveClinicId } });
    expect(created.status).toBe(201);
    const csv = csvText([['姓名', '手机', '性别', '备注', '最近就诊', '项目', '金额'], ['合并戊', '13600005001', '男', '新备注', '2024-02-02', '洁牙', '200']]);
    const { plan } = await report(utf8(csv), 'merge.csv');
    expect(plan.items[0]).toMatchObject({
      status: 'merged',
      existing: true,
      patientId: created.body.patientId,
      merge: { kept: ['lastVisitDate', 'procedure', 'amount'], ignored: ['gender', 'notes'] },
    });
  });

  it('flags the same phone under another name for a person to decide, and creates no patient for it', async () => {
    const { file, plan } = await report(exceljsArchive(), '静安店档案.xlsx', twin.demo.jinganId);
    const zhangWei = (await findPatient('张伟', twin.demo.jinganId))[0];
    const row3 = plan.items.find((r) => r.row === 3);
    expect(row3).toMatchObject({ status: 'needs-review', existingPatient: { patientId: zhangWei?.patientId, name: '张伟' }, reason: expect.stringMatching(/张伟/) });
    expect(row3).not.toHaveProperty('patientId');
    expect(plan.counts).toMatchObject({ needsReview: 2 });
    await runToEnd(file.importId);
    expect(await findPatient('张三', twin.demo.jinganId)).toEqual([]);
  });
});

