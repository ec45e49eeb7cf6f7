/**
 * GET /kpi/patient-base: the newest nightly snapshot of the chain (owners, no clinicId), of one
 * clinic, or of the caller's clinics added up (several, not all, and no clinicId). Before the
 * first nightly run there is none: the answer is then an empty view (200, `empty: true`,
 * asOf ''), so a new chain's dashboard shows "first figures tomorrow" rather than an error.
 */
import type { Caller } from '../../shared/domain/access.js';
import { mergeBaseViews } from '../../shared/domain/kpi/merge-base-views.js';
import { funnelSteps } from '../../shared/domain/kpi/funnel.js';
import { rfmCells } from '../../shared/domain/kpi/rfm-cells.js';
import type { KpiCount, KpiRate, PatientBaseView } from '../../shared/schemas/kpi.js';
import { latestBaseView } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { visibleClinics } from './kpi-scope.js';
import { patientNames } from './patient-names.js';
import { learnsTreatmentAudiences } from '../../shared/domain/campaigns/treatment-aim.js';

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
 * The snapshot keeps referrers' ids; their names are read now (a renamed patient shows as
 * renamed; surname only for marketing, patient-names.ts). Keys are `patient:<id>` or
 * `partner:<code>`; a partner's code is its name.
 */
const withReferrerNames = async (caller: Caller, view: PatientBaseView): Promise<PatientBaseView> => {
  const patientIdOf = (key: string) => (key.startsWith('patient:') ? key.slice('patient:'.length) : undefined);
  const names = await patientNames(caller.tenantId, view.ltvByReferrer.flatMap((r) => patientIdOf(r.key) ?? []), caller.role);
  return {
    ...view,
    ltvByReferrer: view.ltvByReferrer.map((r) => {
      const name = r.key.startsWith('partner:') ? r.key.slice('partner:'.length) : names.get(patientIdOf(r.key) ?? '');
      return name === undefined ? r : { ...r, name };
    }),
  };
};

/**
 * Recall groups follow treatments (implant maintenance, ortho review, perio): who missed one says
 * what they had. Roles that may not learn treatments read each group's counts, not its list.
 */
const withoutTreatmentLists = (caller: Caller, view: PatientBaseView): PatientBaseView =>
  learnsTreatmentAudiences(caller.role) ? view : { ...view, recallCompliance: view.recallCompliance.map((row) => ({ ...row, list: '' })) };

export const patientBase = async (caller: Caller, clinicId?: string): Promise<PatientBaseView> => withoutTreatmentLists(caller, await withReferrerNames(caller, await scopedView(caller, clinicId)));
