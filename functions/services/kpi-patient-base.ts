/**
 * GET /kpi/patient-base: the newest nightly snapshot of the chain (owners, no clinicId) or of
 * one clinic. Before the first nightly run there is none: the answer is then an empty view
 * (200, `empty: true`, asOf ''), so a new chain's dashboard shows "first figures tomorrow"
 * rather than an error.
 */
import type { Caller } from '../../shared/domain/access.js';
import { funnelSteps } from '../../shared/domain/kpi/funnel.js';
import { rfmCells } from '../../shared/domain/kpi/rfm-cells.js';
import type { KpiCount, KpiRate, PatientBaseView } from '../../shared/schemas/kpi.js';
import { latestBaseView } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { visibleClinics } from './kpi-scope.js';
import { patientNames } from './patient-names.js';

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

export const patientBase = async (caller: Caller, clinicId?: string): Promise<PatientBaseView> => {
  // A snapshot is per chain or per clinic; a caller with several (not all) clinics gets the first.
  const scope = clinicId === undefined && caller.clinicScope === 'all' ? 'chain' : (await visibleClinics(caller, clinicId))[0]?.clinicId;
  if (scope === undefined) return emptyPatientBase();
  const view = await latestBaseView(caller.tenantId, scope);
  if (!view) return emptyPatientBase(scope === 'chain' ? undefined : scope);
  // The snapshot keeps referrers' ids; their names are read now (a renamed patient shows as renamed).
  // Keys are `patient:<id>` or `partner:<code>`; a partner's code is its name.
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
