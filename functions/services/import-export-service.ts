/**
 * Exports: a clinic's patients (with their visit summary) and their visits as .xlsx files with
 * Chinese headers, the same headers the importer recognizes, so an export imports back as
 * "everything merged, nothing new".
 */
import { phoneForSheet } from '../../shared/domain/phone.js';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound } from '../../shared/domain/errors.js';
import { localMidnightUtc } from '../../shared/domain/import-dates.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { localDay } from '../../shared/domain/time.js';
import type { AcquisitionChannel, Gender } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { batchGetAll, keyString } from '../adapters/dynamo/import-batch.js';
import { mapLimit } from '../lib/concurrency.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import { queryPatients } from '../adapters/dynamo/patient-repository.js';
import { listVisits, stripKeys, type StoredSummary } from '../adapters/dynamo/visit-repository.js';
import { writeXlsx, type CellValue, type SheetColumn } from '../adapters/spreadsheet/xlsx-writer.js';
import { patientSummaryEntity } from '../adapters/dynamo/entities/patient-summary.js';

export type ExportFile = { fileName: string; bytes: Uint8Array };

/** Rows per export: far above a clinic's archive, and what one Lambda response (6 MB) carries. */
const maxExportRows = 60_000;

const genderLabel: Record<Gender, string> = { male: '男', female: '女', other: '其他', unknown: '' };
const channelLabel: Record<AcquisitionChannel, string> = {
  'walk-in': '自然到店', referral: '转介绍', partner: '合作单位', dianping: '大众点评', meituan: '美团', wechat: '微信',
  douyin: '抖音', xiaohongshu: '小红书', baidu: '百度', event: '活动', 'insurance-exit': '医保转入', other: '其他',
};


const clinicOf = async (caller: Caller, clinicId: string) => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw notFound('clinic');
  return clinic;
};

const tooMany = () =>
  new DomainError('too-large', `The export has more than ${maxExportRows} rows; narrow it with from and to (visits)`, [
    { path: 'clinicId', message: `has more than ${maxExportRows} rows to export at once`, code: 'too_many', params: { maximum: maxExportRows } },
  ]);

const allPatients = async (tenantId: string, clinicId: string): Promise<PatientRecord[]> => {
  const out: PatientRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPatients(tenantId, { kind: 'recent', clinicId }, 1000, cursor);
    out.push(...page.items);
    if (out.length > maxExportRows) throw tooMany();
    cursor = page.cursor;
  } while (cursor);
  return out.reverse();
};

const stamp = (name: string, day: string) => `${name}-${day}.xlsx`;

export const exportPatients = async (caller: Caller, clinicId: string): Promise<ExportFile> => {
  const clinic = await clinicOf(caller, clinicId);
  const patients = await allPatients(caller.tenantId, clinicId);
  const summaries = await batchGetAll(patients.map((p) => patientSummaryEntity.key({ tenantId: caller.tenantId, patientId: p.patientId })));
  const day = (instant: string | undefined) => (instant ? localDay(new Date(instant), clinic.timeZone) : undefined);
  const columns: SheetColumn[] = [
    { header: '姓名', kind: 'text', width: 12 },
    { header: '性别', kind: 'text', width: 6 },
    { header: '手机', kind: 'text', width: 16 },
    { header: '出生日期', kind: 'date', width: 12 },
    { header: '来源', kind: 'text', width: 10 },
    { header: '标签', kind: 'text', width: 20 },
    { header: '备注', kind: 'text', width: 30 },
    { header: '短信同意', kind: 'text', width: 9 },
    { header: '营销同意', kind: 'text', width: 9 },
    { header: '首诊日期', kind: 'date', width: 12 },
    { header: '最近就诊', kind: 'date', width: 12 },
    { header: '就诊次数', kind: 'integer', width: 9 },
    { header: '累计消费(元)', kind: 'yuan', width: 13 },
    { header: '创建时间', kind: 'date', width: 12 },
  ];
  const yesNo = (granted: boolean | undefined) => (granted === undefined ? '' : granted ? '是' : '否');
  const rows: CellValue[][] = patients.map((p) => {
    const item = summaries.get(keyString(patientSummaryEntity.key({ tenantId: caller.tenantId, patientId: p.patientId })));
    const summary = item ? stripKeys<StoredSummary>(item) : undefined;
    return [
      p.name, genderLabel[p.gender], phoneForSheet(p.phone), p.birthDate, channelLabel[p.channel], p.tags.join('，'), p.notes,
      yesNo(p.consents.care?.granted), yesNo(p.consents.marketing?.granted),
      day(summary?.firstVisitAt), day(summary?.lastVisitAt), summary?.visitCount ?? 0, summary?.totalSpendFen ?? 0, day(p.createdAt),
    ];
  });
  const today = localDay(new Date(), clinic.timeZone);
  return { fileName: stamp(`患者档案-${clinic.name}`, today), bytes: writeXlsx('患者档案', columns, rows) };
};

const procedureText = (visit: Visit & { importedProcedure?: string }) =>
  visit.importedProcedure ?? visit.lines.map((l) => (l.quantity > 1 ? `${l.nameZh}×${l.quantity}` : l.nameZh)).join('+');

export const exportVisits = async (caller: Caller, clinicId: string, range: { from?: string; to?: string }): Promise<ExportFile> => {
  const clinic = await clinicOf(caller, clinicId);
  if (range.from && range.to && range.from > range.to) throw invalid('from', 'must not be after to', { code: 'date.order' });
  const patients = await allPatients(caller.tenantId, clinicId);
  const clinicNames = new Map((await listClinics(caller.tenantId)).map((c) => [c.clinicId, c.name]));
  const fromAt = range.from ? localMidnightUtc(range.from, clinic.timeZone) : undefined;
  const toAt = range.to ? new Date(Date.parse(localMidnightUtc(range.to, clinic.timeZone)) + 86_400_000).toISOString() : undefined;
  const rows: CellValue[][] = [];
  const perPatient = await mapLimit(patients, { limit: 16 }, async (p) => {
    const visits = (await listVisits(caller.tenantId, p.patientId)) as (Visit & { importedProcedure?: string })[];
    return visits.filter((v) => (!fromAt || v.visitedAt >= fromAt) && (!toAt || v.visitedAt < toAt)).map((v) => ({ p, v }));
  });
  const all = perPatient.flat().sort((a, b) => a.v.visitedAt.localeCompare(b.v.visitedAt));
  if (all.length > maxExportRows) throw tooMany();
  for (const { p, v } of all) {
    rows.push([
      p.name, phoneForSheet(p.phone), localDay(new Date(v.visitedAt), clinic.timeZone), procedureText(v), v.totalFen,
      clinicNames.get(v.clinicId) ?? '', v.source === 'import' ? '导入' : '收费',
    ]);
  }
  const columns: SheetColumn[] = [
    { header: '姓名', kind: 'text', width: 12 },
    { header: '手机', kind: 'text', width: 16 },
    { header: '就诊日期', kind: 'date', width: 12 },
    { header: '项目', kind: 'text', width: 24 },
    { header: '金额(元)', kind: 'yuan', width: 12 },
    { header: '门店', kind: 'text', width: 12 },
    { header: '录入方式', kind: 'text', width: 9 },
  ];
  const today = localDay(new Date(), clinic.timeZone);
  return { fileName: stamp(`就诊记录-${clinic.name}`, today), bytes: writeXlsx('就诊记录', columns, rows) };
};
