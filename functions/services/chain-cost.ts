/**
 * The owner's view of what the chain costs this month: its own counts (patients from the nightly
 * counts, visits and messages sent from this month's KPI rollups, staff from the staff list)
 * priced by the same model as the bench (shared/domain/cost). An estimate, not AWS's bill.
 */
import { counterNames, counterValue, sumRollups } from '../../shared/domain/kpi/rollup.js';
import type { ChainCost } from '../../shared/domain/cost/chain-cost.js';
import { estimateChainCost } from '../../shared/domain/cost/monthly-cost.js';
import { chainTimeZone, localDay } from '../../shared/domain/time.js';
import { readRollups } from '../adapters/dynamo/kpi-repository.js';
import { listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { listPatientCounts } from '../adapters/dynamo/stats-repository.js';


export const chainCostThisMonth = async (tenantId: string, now: Date): Promise<ChainCost> => {
  const [clinics, staff, counts] = await Promise.all([listClinics(tenantId), listStaff(tenantId), listPatientCounts(tenantId)]);
  const today = localDay(now, chainTimeZone(clinics));
  const month = today.slice(0, 7);
  const [year, monthNumber] = month.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year ?? 1970, monthNumber ?? 1, 0)).getUTCDate();
  const rollups = sumRollups((await readRollups(tenantId, clinics.map((c) => c.clinicId), `${month}-01`, today)).map((d) => d.counters));
  const estimate = estimateChainCost({
    clinics: clinics.length,
    patients: counts.reduce((sum, c) => sum + c.total, 0),
    staff: staff.length,
    visits: counterValue(rollups, counterNames.visits),
    newPatients: counterValue(rollups, counterNames.newPatients),
    messagesSent: counterValue(rollups, counterNames.messages('sent')),
    dayOfMonth: Number(today.slice(8, 10)),
    daysInMonth,
  });
  return { ...estimate, month, asOfDay: today };
};
