/**
 * `npm run bench`: one JSON object per line, {"metric","value","unit"}, measured in this run on
 * this machine. Ratios are measured side by side, interleaved, so machine load affects both.
 */
import { Agent, request } from 'node:http';
import { ulid } from 'ulid';
import { consentRecordsFrom } from '../../shared/domain/patient.js';
import { patientCreateSchema } from '../../shared/schemas/patient.js';
import { startTwin } from '../../functions/local/twin.js';
import { emit, meterUnits } from './units.js';
import { lambdaEntries } from '../../infra/paths.js';
import { bundleForMeasurement } from '../../infra/bundling.js';
import { measureClinicOps } from './clinic-ops.js';
import { measureAutomations } from './automations.js';
import { measureOverview } from './dashboard-overview.js';
import { measureMembersOverview } from './members-overview.js';
import { measureStoredValue } from './wallet.js';
import { measureMemberCheckout } from './member-checkout.js';
import { measureFuzz } from './fuzz.js';
import { measureImportBomb } from './import-bomb.js';
import { measureCrashes } from './crash.js';
import { measureMonthlyCost } from './monthly-cost.js';
import { measureMemberMessages } from './member-messages.js';
import { measureCampaigns } from './campaigns.js';
import { measureSegmentFacts } from './segment-facts.js';
import { measureSegmentCount } from './segment-count.js';
import { measureDashboardJs } from './dashboard-js.js';
import { measureStockAlerts } from './stock-alerts.js';


const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const twin = await startTwin({ port: 0, inMemory: true, quiet: true, messageCounts: 'on-demand' });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  const { putNewPatient, getPatient } = await import('../../functions/adapters/dynamo/patient-repository.js');
  const { auditEvent } = await import('../../functions/adapters/dynamo/audit-repository.js');
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const { listClinics, getClinic } = await import('../../functions/adapters/dynamo/org-repository.js');

  // Every DynamoDB call the handlers make reports its consumed capacity (units.ts).
  const { units, reset, measure } = meterUnits(dynamoClient);

  const owner = await verifyLocalUser('owner@demo.local', 'demo');
  if (!owner) throw new Error('demo owner missing');
  const { token } = await twin.issuer.sign(owner);
  const clinicId = (await listClinics(owner.tenantId))[0]?.clinicId ?? '';
  const body = (i: number) => ({
    name: `基准患者${i}`,
    gender: 'female',
    birthDate: '1990-01-01',
    phone: `139${String(10_000_000 + i).slice(-8)}`,
    clinicId,
    channel: 'dianping',
    tags: ['怕疼', '价格敏感'],
    notes: '周末就诊',
    consents: { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } },
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  // A lean keep-alive client, so the figure is the API's overhead rather than the HTTP client's.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const port = new URL(twin.url).port;
  const call = (method: string, path: string, payload?: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const data = payload === undefined ? undefined : JSON.stringify(payload);
      const req = request(
        { host: '127.0.0.1', port, path: `/api${path}`, method, agent, headers: { ...headers, ...(data ? { 'content-length': Buffer.byteLength(data) } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(JSON.parse(text) as Record<string, unknown>) : reject(new Error(`${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(data);
    });

  // Capacity of one create and one read, as the API does them.
  reset();
  const created = (await call('POST', '/patients', body(0))) as { patientId: string };
  emit('patient_create_wcu', units.write, 'WCU', { reads_rcu: units.read });
  reset();
  await call('GET', `/patients/${created.patientId}`);
  emit('patient_get_rcu', units.read, 'RCU');

  // Side by side: create+get through the local API, and the same DynamoDB calls made directly.
  // Warm both paths first (JIT in Node and in DynamoDB Local's JVM).
  for (let i = 0; i < 300; i++) {
    const p = (await call('POST', '/patients', body(10_000 + i))) as { patientId: string };
    await call('GET', `/patients/${p.patientId}`);
    await getPatient(owner.tenantId, p.patientId);
  }
  const rounds = 300;
  const viaApi: number[] = [];
  const direct: number[] = [];
  for (let i = 1; i <= rounds; i++) {
    let t = performance.now();
    const p = (await call('POST', '/patients', body(i))) as { patientId: string };
    await call('GET', `/patients/${p.patientId}`);
    viaApi.push(performance.now() - t);

    // The same DynamoDB calls the API makes, through the same repository, without HTTP,
    // token verification, validation, routing or logging.
    const input = patientCreateSchema.parse(body(i + rounds));
    t = performance.now();
    const now = new Date().toISOString();
    await getClinic(owner.tenantId, clinicId);
    const record = { patientId: ulid(), ...input, consents: consentRecordsFrom(input.consents, now, owner.userId), createdAt: now, updatedAt: now };
    await putNewPatient(owner.tenantId, record, auditEvent({ userId: owner.userId, role: 'owner' }, record.patientId, 'patient.create'));
    await getPatient(owner.tenantId, record.patientId);
    direct.push(performance.now() - t);
  }
  emit('api_overhead_ratio', median(viaApi) / median(direct), 'ratio', { api_median_ms: median(viaApi), direct_median_ms: median(direct), rounds, goal: 1.5 });
  agent.destroy();

  await measureClinicOps(twin, owner, measure, emit);
  await measureImport(twin, token, owner.tenantId);
  await measureImportBomb(twin, token, clinicId, emit);
  const demoPatients = await measureDemoSeed(owner.tenantId);
  // Before the large seeds of the figures below: its table-bytes scan reads the whole table, and
  // DynamoDB Local pages a filtered scan ever more slowly as the table grows (it ran past 15
  // minutes with the 100,000-patient recall chain in it).
  await measureMonthlyCost(twin, owner, emit, { patients: demoPatients });
  await measureAutomations(measure, emit, twin.settleCounts);
  await measureOverview(twin, measure, emit, { tenantId: owner.tenantId, token });
  await measureMembersOverview(twin, measure, emit);
  await measureStoredValue(owner, emit);
  await measureMemberMessages(measure, emit);
  await measureMemberCheckout(owner, measure, emit);
  await measureFuzz(twin, emit);
  await measureCrashes(owner, emit);
  await measureCampaigns(emit);
  await measureSegmentFacts(measure, emit);
  await measureSegmentCount(measure, emit);
  await measureStockAlerts(owner, emit);
} finally {
  await twin.stop();
}

let largest = { name: '', bytes: 0 };
for (const entry of lambdaEntries()) {
  const bytes = await bundleForMeasurement(entry.entry);
  if (bytes > largest.bytes) largest = { name: `${entry.kind}/${entry.name}`, bytes };
}
emit('lambda_bundle_kb_max', largest.bytes / 1024, 'KB', { function: largest.name, goal: 300 });

await measureDashboardJs(emit);

/**
 * import_10k_rows_ratio: 10,000 spreadsheet rows through the whole import pipeline (upload and
 * parse, plan, run chunk by chunk on the local bus, each patient with a visit and a summary)
 * against raw BatchWriteItem of the same items (patient, visit, summary per row), with the same
 * writer and concurrency, alternating rounds. Each pipeline round imports into a fresh clinic.
 */
async function measureImport(localTwin: Awaited<ReturnType<typeof startTwin>>, bearer: string, tenantId: string): Promise<void> {
  const { batchWriteAll } = await import('../../functions/adapters/dynamo/import-batch.js');
  const { patientItem } = await import('../../functions/adapters/dynamo/import-patient-writer.js');
  const { newPatientHistoryItems } = await import('../../functions/adapters/dynamo/import-visit-writer.js');
  const { createClinic } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { newClinic } = await import('../../shared/domain/onboarding.js');
  const rows = 10_000;
  const header = ['姓名', '性别', '手机', '出生日期', '最近就诊', '项目', '金额', '来源', '备注'];
  const csvFor = (round: number, count: number) =>
    [header, ...Array.from({ length: count }, (_, i) => [`基准导入${i}`, i % 2 ? '男' : '女', `1${7 + (round % 2)}${round % 10}${String(i).padStart(8, '0')}`, '1990/1/1', '2023/5/1', '洁牙', '298', '大众点评', '周末就诊'])]
      .map((r) => r.join(','))
      .join('\n');
  const api = async (method: string, path: string, payload?: unknown) => {
    const res = await fetch(`${localTwin.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const pipeline = async (round: number, count = rows) => {
    const clinicId = ulid();
    await createClinic(tenantId, newClinic(clinicId, { name: `基准店${round}`, smsSignature: '微笑口腔' }, new Date().toISOString()));
    const contentBase64 = Buffer.from(csvFor(round, count), 'utf8').toString('base64');
    const started = performance.now();
    const { importId } = (await api('POST', '/imports', { fileName: 'bench.csv', clinicId, contentBase64 })) as { importId: string };
    const uploadedAt = performance.now();
    await api('POST', `/imports/${importId}/run`);
    await localTwin.bus.idle();
    const finished = performance.now();
    const view = (await api('GET', `/imports/${importId}`)) as { status: string; progress: { created: number; visitsCreated: number } };
    if (view.status !== 'completed' || view.progress.created !== count || view.progress.visitsCreated !== count) throw new Error(`bench import did not complete: ${JSON.stringify(view)}`);
    return { total: finished - started, upload: uploadedAt - started };
  };

  /** The same items the pipeline writes for each row: the patient, its visit and its summary. */
  const baseline = async (round: number, count = rows) => {
    const now = new Date().toISOString();
    const clinicId = ulid();
    const ctx = { clinicId, importId: 'bench', runId: 'bench', createdBy: 'bench', now };
    const items = Array.from({ length: count }, (_, i) => {
      const patientId = ulid();
      const patient = patientItem(
        `BENCH${round}`,
        {
          patientId, clinicId, name: `基准导入${i}`, gender: i % 2 ? 'male' : 'female', birthDate: '1990-01-01', phone: `+86139${String(i).padStart(8, '0')}`,
          channel: 'dianping', tags: [], notes: '周末就诊', consents: {}, createdAt: now, updatedAt: now,
        },
        'bench',
      );
      const visit = { visitId: ulid(), localDate: '2023-05-01', visitedAt: '2023-04-30T16:00:00.000Z', procedure: '洁牙', amountFen: 29_800 };
      return [patient, ...newPatientHistoryItems(`BENCH${round}`, patientId, [visit], ctx)];
    }).flat();
    const started = performance.now();
    await batchWriteAll(items);
    return performance.now() - started;
  };

  // Warm both paths first (JIT in Node and in DynamoDB Local's JVM), as the API overhead figure does.
  await baseline(9, 1000);
  await pipeline(9, 1000);
  const pipelineMs: number[] = [];
  const uploadMs: number[] = [];
  const baselineMs: number[] = [];
  for (let round = 0; round < 2; round++) {
    baselineMs.push(await baseline(round));
    const run = await pipeline(round);
    pipelineMs.push(run.total);
    uploadMs.push(run.upload);
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  emit('import_10k_rows_ratio', sum(pipelineMs) / sum(baselineMs), 'ratio', {
    pipeline_ms: pipelineMs.map(Math.round),
    upload_ms: uploadMs.map(Math.round),
    raw_batch_write_ms: baselineMs.map(Math.round),
    rows,
    goal: 3,
  });
}

/**
 * seed_demo_s: the demo history `npm start` writes on an empty database (3 clinics, 5,000
 * patients, 3 years), generated and written into this in-memory twin's demo chain. Last, so
 * the other figures are measured on the database they always were.
 */
async function measureDemoSeed(tenantId: string): Promise<number> {
  const { seedDemoHistory } = await import('../../functions/local/demo-history-writer.js');
  const started = performance.now();
  const report = await seedDemoHistory(tenantId);
  emit('seed_demo_s', (performance.now() - started) / 1000, 's', {
    patients: report.patients, visits: report.visits, appointments: report.appointments, messages: report.messages,
    items: report.items, generate_s: Math.round(report.generateMs) / 1000, goal: 60,
  });
  return report.patients;
}
