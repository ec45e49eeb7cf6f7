/**
 * GET /performance (绩效考核, issue 13): a month's figures per dentist and per staff member over
 * the clinics the caller sees (or one). Read from the month's daily rollups (per-dentist visits
 * and revenue, follow-ups per assignee) and the members' month counters (cards and top-ups per
 * seller): a few items per clinic and day, whatever the number of patients or visits.
 */
import type { Caller } from '../../shared/domain/access.js';
import { sumRollups } from '../../shared/domain/kpi/rollup.js';
import { staffSales } from '../../shared/domain/members/overview.js';
import { performanceRows } from '../../shared/domain/plan/performance.js';
import { monthBounds } from '../../shared/domain/plan/targets.js';
import type { PerformanceQuery, PerformanceView } from '../../shared/schemas/plan.js';
import { readRollups } from '../adapters/dynamo/kpi-repository.js';
import { readMemberMonths } from '../adapters/dynamo/member-numbers-repository.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';
import { visibleClinics } from './kpi-scope.js';

/** Roles whose work these figures measure: they get a row even in a month they have none. */
const measuredRoles = new Set(['dentist', 'frontdesk', 'manager']);

export const monthPerformance = async (caller: Caller, query: PerformanceQuery): Promise<PerformanceView> => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const ids = clinics.map((c) => c.clinicId);
  const { first, last } = monthBounds(query.month);
  const [days, months, staff] = await Promise.all([
    readRollups(caller.tenantId, ids, first, last),
    Promise.all(ids.map((id) => readMemberMonths(caller.tenantId, id, query.month, query.month))),
    listStaff(caller.tenantId),
  ]);
  const inView = new Set(ids);
  const shown = new Set(staff.filter((s) => s.status !== 'disabled' && measuredRoles.has(s.role) && s.clinicIds.some((id) => inView.has(id))).map((s) => s.userId));
  const { rows, totals } = performanceRows(
    sumRollups(days.map((d) => d.counters)),
    staffSales(months.flat().filter((m) => m.month === query.month)),
    staff.map((s) => ({ userId: s.userId, displayName: s.displayName, role: s.role })),
    shown,
  );
  return { month: query.month, from: first, to: last, clinicIds: ids, rows, totals };
};
