/**
 * GET /kpi/patients: the patients behind a dashboard number, a page at a time, presented as
 * the caller's role may see them (marketing: masked phones, no notes), each row with the figures
 * that matter for that number (kpi-list-details.ts). A list key names a stored snapshot list
 * (base:…) or a date range's visitors, new patients or kept / missed appointments
 * (kpi-range-lists.ts); grammar in shared/schemas/kpi.ts. Scope is checked on the key: a chain
 * list is for owners, a clinic list for who sees that clinic; anything else answers 404 like a
 * list that does not exist.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { invalid, notFound } from '../../shared/domain/errors.js';
import { parseListKey, storedListName, type ListKey } from '../../shared/domain/kpi/list-keys.js';
import { daysInRange } from '../../shared/domain/time.js';
import { patientRecordFrom } from '../adapters/dynamo/patient-repository.js';
import { presentPatient } from '../../shared/domain/patient.js';
import { maxKpiRangeDays, type KpiListColumn, type KpiPatientDetail, type KpiPatientPage } from '../../shared/schemas/kpi.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { summaryFigures, visitFigures } from './kpi-list-details.js';
import { appointmentList, newPatientList, visitorList } from './kpi-range-lists.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { readStoredList, readStoredListAt } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { mineScope } from '../../shared/domain/kpi/merge-base-views.js';
import { visibleClinics } from './kpi-scope.js';
import { learnsTreatmentAudiences } from '../../shared/domain/campaigns/treatment-aim.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';

type Query = { list: string; clinicId?: string | undefined; limit: number; cursor?: string | undefined };
type Position = { chunk: number; offset: number };

/** Cursors hold a position in the list, never an id or anything about a patient. */
const encode = (p: Position): string => Buffer.from(JSON.stringify([p.chunk, p.offset]), 'utf8').toString('base64url');
const decode = (cursor: string | undefined): Position => {
  if (cursor === undefined) return { chunk: 0, offset: 0 };
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isSafeInteger(v) && v >= 0)) return { chunk: value[0] as number, offset: value[1] as number };
  } catch {
    // falls through to the 400 below
  }
  throw invalid('cursor', 'is not a cursor this list returned; start again without it', { code: 'cursor.invalid' });
};

type Slice = { total: number; ids: string[]; next?: Position };
const positionOf = (index: number): Position => ({ chunk: Math.floor(index / 1000), offset: index % 1000 });

/** A merged view's list (scope `mine`): every clinic the caller sees, one stored list after another. */
const idsOfMine = async (caller: Caller, query: Query, key: { asOfDay: string; metric: string }, at: Position): Promise<Slice> => {
  if (query.clinicId !== undefined) throw invalid('clinicId', 'does not match the list key’s clinic; leave it out for a snapshot list', { code: 'clinic.mismatch' });
  const start = at.chunk * 1000 + at.offset;
  const ids: string[] = [];
  let before = 0;
  let found = false;
  for (const clinic of await visibleClinics(caller)) {
    const part = await readStoredListAt(caller.tenantId, key.asOfDay, storedListName(clinic.clinicId, key.metric), Math.max(0, start + ids.length - before), query.limit - ids.length);
    if (!part) continue;
    found = true;
    ids.push(...part.ids);
    before += part.total;
  }
  if (!found) throw notFound('list (snapshots are kept 40 days)');
  const end = start + ids.length;
  return { total: before, ids, ...(end < before ? { next: positionOf(end) } : {}) };
};

type Listing = Slice & { columns: KpiListColumn[]; details: (profiles: readonly PatientRecord[]) => Promise<Map<string, KpiPatientDetail>> };

const snapshotColumns: KpiListColumn[] = ['lastVisit', 'visits', 'spent', 'clinic'];

const snapshotListing = async (caller: Caller, query: Query, key: { asOfDay: string; scope: string; metric: string }, at: Position): Promise<Listing> => {
  const details = async (profiles: readonly PatientRecord[]) => summaryFigures(caller.tenantId, profiles, await listClinics(caller.tenantId));
  if (key.scope === mineScope) return { ...(await idsOfMine(caller, query, key, at)), columns: snapshotColumns, details };
  const allowed = key.scope === 'chain' ? caller.clinicScope === 'all' : canSeeClinic(caller, key.scope);
  if (!allowed) throw notFound('list');
  if (query.clinicId !== undefined && query.clinicId !== key.scope) throw invalid('clinicId', 'does not match the list key’s clinic; leave it out for a snapshot list', { code: 'clinic.mismatch' });
  const slice = await readStoredList(caller.tenantId, key.asOfDay, storedListName(key.scope, key.metric), at, query.limit);
  if (!slice) throw notFound('list (snapshots are kept 40 days)');
  return { ...slice, columns: snapshotColumns, details };
};

const rangeColumns: Record<'visitors' | 'new' | 'appts', KpiListColumn[]> = {
  visitors: ['day', 'visits', 'amount', 'clinic'],
  new: ['firstVisit', 'amount', 'channel', 'clinic'],
  appts: ['appointment', 'clinic'],
};

const rangeListing = async (caller: Caller, query: Query, key: Exclude<ListKey, { kind: 'base' }>, at: Position): Promise<Listing> => {
  const length = daysInRange(key.from, key.to);
  // NaN (an impossible date such as 02-30) fails this too.
  if (!(length >= 1 && length <= maxKpiRangeDays)) throw invalid('list', `must span 1 to ${maxKpiRangeDays} days, from first`, { code: 'date.order', params: { maximum: maxKpiRangeDays } });
  const clinics = await visibleClinics(caller, query.clinicId);
  const range = { from: key.from, to: key.to };
  const list =
    key.kind === 'visitors' ? await visitorList(caller.tenantId, clinics, range)
    : key.kind === 'new' ? await newPatientList(caller.tenantId, clinics, (await listClinics(caller.tenantId)).length, range)
    : await appointmentList(caller.tenantId, clinics, range, key.outcome);
  const start = at.chunk * 1000 + at.offset;
  const ids = list.ids.slice(start, start + query.limit);
  const end = start + ids.length;
  const details = async () => {
    if (key.kind === 'appts') return list.known;
    const figures = await visitFigures(caller.tenantId, ids, clinics, range);
    // a new patient's row also says when they first came (and where), known from the listing
    return new Map([...figures].map(([id, d]) => [id, { ...d, ...list.known.get(id) }]));
  };
  return { total: list.ids.length, ids, ...(end < list.ids.length ? { next: positionOf(end) } : {}), columns: rangeColumns[key.kind], details };
};

export const kpiPatients = async (caller: Caller, query: Query): Promise<KpiPatientPage> => {
  const key = parseListKey(query.list);
  if (!key) throw invalid('list', 'must be a list key the KPI API returned', { code: 'format.invalid' });
  if (key.kind === 'base' && key.metric.startsWith('recall.') && !learnsTreatmentAudiences(caller.role)) {
    throw invalid('list', 'follows a treatment (a recall group): its patients are listed only to those who read medical records or keep patient records', { code: 'list.clinical' });
  }
  const at = decode(query.cursor);
  const listing = key.kind === 'base' ? await snapshotListing(caller, query, key, at) : await rangeListing(caller, query, key, at);
  const profileKeys = listing.ids.map((id) => patientEntity.key({ tenantId: caller.tenantId, patientId: id }));
  const found = await batchGetAll(profileKeys);
  const records = profileKeys
    .map((k) => found.get(`${k.pk}|${k.sk}`))
    .filter((item): item is Record<string, unknown> => item !== undefined)
    .map(patientRecordFrom)
    // A visitor may belong to a clinic the caller does not see; merged records point elsewhere.
    .filter((p) => p.mergedInto === undefined && canSeeClinic(caller, p.clinicId));
  const figures = await listing.details(records);
  const details = Object.fromEntries(records.map((p) => [p.patientId, figures.get(p.patientId) ?? {}]));
  const { total, next } = listing;
  return { list: query.list, total, items: records.map((p) => presentPatient(p, caller.role)), columns: listing.columns, details, withheld: listing.ids.length - records.length, ...(next ? { cursor: encode(next) } : {}) };
};
