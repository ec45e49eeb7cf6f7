/**
 * GET /kpi/patient-base: the newest nightly snapshot of the chain (owners, no clinicId), of one
 * clinic, or of the caller's clinics added up (several, not all, and no clinicId). Before the
 * first nightly run there is none: the answer is then an empty view (200, `empty: true`,
 * asOf ''), so a new chain's dashboard shows "first figures tomorrow" rather than an error.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { mergeBaseViews } from '../../shared/domain/kpi/merge-base-views.js';
import { funnelSteps } from '../../shared/domain/kpi/funnel.js';
import { rfmCells } from '../../shared/domain/kpi/rfm-cells.js';
import type { KpiCount, KpiRate, PatientBaseView } from '../../shared/schemas/kpi.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { latestBaseView } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { patientRecordFrom } from '../adapters/dynamo/patient-repository.js';
import { visibleClinics } from './kpi-scope.js';

const none = (): KpiCount => ({ count: 0, list: '' });
const noRate = (): KpiRate => ({ numerator: none(), denominator: none(), rate: null });
const zeros = (rows: number, columns: number) => Array.from({ length: rows }, () => Array.from({ length: columns }, () => 0));

export const emptyPatientBase = (clinicId?: string): PatientBaseView => ({
  asOf: '',
  empty: true,
  ...(clinicId ? { clinicId } : {}),
  patients: 0,
  activity: { active: none(), 'at-risk': none(), dormant: none(), 'never-visited': none() },
  retention: noRate(),
  returnWithin6Months: noRate(),
  reactivation: noRate(),
  funnel: funnelSteps.map((step) => ({ step, count: 0, list: '' })),
  rfm: { cells: Object.fromEntries(rfmCells.map((c) => [c, none()])), grid: zeros(5, 5), population: 0 },
  ltvByChannel: [],
  ltvByReferrer: [],
  recallCompliance: [],
  cohorts: [],
  heatmap: zeros(7, 24),
});

/** The snapshot the query names: the chain (owners, no clinicId), one clinic, or the caller's several clinics merged. */
const scopedView = async (caller: Caller, clinicId?: string): Promise<PatientBaseView> => {
  if (clinicId === undefined && caller.clinicScope === 'all') return (await latestBaseView(caller.tenantId, 'chain')) ?? emptyPatientBase();
  const clinics = await visibleClinics(caller, clinicId);
  const [only] = clinics;
  if (only === undefined) return emptyPatientBase();
  if (clinics.length === 1) return (await latestBaseView(caller.tenantId, only.clinicId)) ?? emptyPatientBase(only.clinicId);
  // Several clinics (issue 13: not the first of them): their snapshots of the newest night, added up.
  const views = (await Promise.all(clinics.map((c) => latestBaseView(caller.tenantId, c.clinicId)))).filter((v): v is PatientBaseView => v !== undefined);
  const newest = views.reduce((max, v) => (v.asOf > max ? v.asOf : max), '');
  const night = views.filter((v) => v.asOf === newest && v.clinicId !== undefined);
  if (night.length === 0) return { ...emptyPatientBase(), clinicIds: clinics.map((c) => c.clinicId) };
  return mergeBaseViews(night, night.map((v) => v.clinicId ?? ''));
};

/**
 * The referrer table names its referrers (issue 13): the snapshot keeps `patient:<id>`; the name
 * is read now, so a renamed patient shows the new name, and only where the caller sees the
 * referrer's clinic. One batch read per 100 referrers.
 */
const withReferrerNames = async (caller: Caller, view: PatientBaseView): Promise<PatientBaseView> => {
  const ids = [...new Set(view.ltvByReferrer.map((r) => r.key).filter((k) => k.startsWith('patient:')).map((k) => k.slice('patient:'.length)))];
  if (ids.length === 0) return view;
  const found = await batchGetAll(ids.map((patientId) => patientEntity.key({ tenantId: caller.tenantId, patientId })));
  const names = new Map<string, string>();
  for (const item of found.values()) {
    const p = patientRecordFrom(item);
    if (p.mergedInto === undefined && canSeeClinic(caller, p.clinicId)) names.set(`patient:${p.patientId}`, p.name);
  }
  return { ...view, ltvByReferrer: view.ltvByReferrer.map((r) => (names.has(r.key) ? { ...r, name: names.get(r.key) ?? '' } : r)) };
};

export const patientBase = async (caller: Caller, clinicId?: string): Promise<PatientBaseView> => withReferrerNames(caller, await scopedView(caller, clinicId));
