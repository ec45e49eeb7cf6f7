/**
 * This month's targets for the demo chain's clinics (issue 13, seed 004), so the Targets page has
 * progress to show on the first `npm start`: last month's figures at each clinic, raised by a
 * tenth (visits, revenue, new patients, new members), a 60% return rate and an NPS of 50. Written
 * through the targets service, as the owner would.
 */
import type { Caller } from '../../shared/domain/access.js';
import { monthTargets, setTargets } from '../services/plan-targets.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';

const monthOf = (date: Date): string => date.toISOString().slice(0, 7);
const raised = (value: number | null | undefined, least: number): number => Math.max(least, Math.round((value ?? 0) * 1.1));

export const seedDemoTargets = async (tenantId: string, now = new Date()): Promise<number> => {
  const owner = (await listStaff(tenantId)).find((s) => s.email === 'owner@demo.local');
  if (!owner) return 0;
  const caller: Caller = { userId: owner.userId, email: owner.email, tenantId, role: 'owner', clinicScope: 'all' };
  const lastMonth = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
  const before = await monthTargets(caller, { month: lastMonth }, now);
  const month = monthOf(now);
  for (const clinic of before.clinics) {
    const actual = (measure: string) => clinic.progress.find((p) => p.measure === measure)?.actual;
    await setTargets(caller, clinic.clinicId, month, {
      visits: raised(actual('visits'), 20),
      revenueFen: raised(actual('revenueFen'), 1_000_000),
      newPatients: raised(actual('newPatients'), 5),
      returnRate: 60,
      nps: 50,
      newMembers: raised(actual('newMembers'), 2),
      version: 0,
    }, now);
  }
  return before.clinics.length;
};
