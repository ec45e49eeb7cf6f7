/**
 * Figures per dentist and per staff member for a month (绩效考核, seed 004: 将目标分解到各部门和个人):
 * visits and revenue of the dentist who treated, follow-up calls due and done by whoever they were
 * assigned to, memberships sold and stored value topped up by whoever sold them. Pure: read from
 * the daily rollups (per-dentist and per-assignee counters) and the members' month counters, the
 * same aggregates the overview and the Members page read, so no figure is recounted from records.
 */
import { breakdown, counterValue, counterNames as n, type Counters } from '../kpi/counters.js';
import { breakdowns } from '../kpi/derive.js';
import type { StaffSales } from '../members/overview.js';

export type PerformanceStaff = { userId: string; displayName: string; role: string };

export type PerformanceRow = {
  /** a staff user id, or `role:<role>` for follow-ups left to a role rather than a person */
  key: string;
  userId?: string;
  role?: string;
  displayName?: string;
  visits: number;
  revenueFen: number;
  /** revenue / visits, whole fen half up; null without visits */
  averageTicketFen: number | null;
  followUpsDue: number;
  followUpsDone: number;
  /** done / due; null when none were due */
  followUpRate: number | null;
  membershipsSold: number;
  membershipFeeFen: number;
  topUps: number;
  topUpFen: number;
};

export type PerformanceTotals = {
  visits: number;
  revenueFen: number;
  /** visits with no dentist recorded (imports, or before per-dentist counting began) */
  visitsWithoutDentist: number;
  revenueWithoutDentistFen: number;
  followUpsDue: number;
  followUpsDone: number;
  membershipsSold: number;
  membershipFeeFen: number;
};

const blank = (key: string): PerformanceRow => ({
  key, visits: 0, revenueFen: 0, averageTicketFen: null, followUpsDue: 0, followUpsDone: 0, followUpRate: null, membershipsSold: 0, membershipFeeFen: 0, topUps: 0, topUpFen: 0,
});

const ticket = (revenueFen: number, visits: number): number | null => (visits === 0 ? null : Math.floor((2 * revenueFen + visits) / (2 * visits)));

const rowRank = (r: PerformanceRow): number => r.revenueFen + r.membershipFeeFen + r.topUpFen;

/**
 * One row per person (and per role a follow-up was left to) with any figure, plus everyone in
 * `shown` (the staff of the clinics in view) so a dentist with no visits shows as 0. `staff`
 * names the people. Dentists first by revenue, then the others by what they brought in.
 */
export const performanceRows = (
  counters: Counters, sales: readonly StaffSales[], staff: readonly PerformanceStaff[], shown: ReadonlySet<string>,
): { rows: PerformanceRow[]; totals: PerformanceTotals } => {
  const rows = new Map<string, PerformanceRow>();
  const row = (key: string) => rows.get(key) ?? rows.set(key, blank(key)).get(key)!;
  for (const [id, visits] of Object.entries(breakdown(counters, 'dentist.visits'))) row(id).visits = visits;
  for (const [id, fen] of Object.entries(breakdown(counters, 'dentist.revenueFen'))) row(id).revenueFen = fen;
  for (const [id, tasks] of Object.entries(breakdowns(counters).tasksByStaff)) Object.assign(row(id), { followUpsDue: tasks.due, followUpsDone: tasks.done });
  for (const s of sales) Object.assign(row(s.userId), { membershipsSold: s.cards, membershipFeeFen: s.feeFen, topUps: s.topUps, topUpFen: s.topUpFen });
  for (const id of shown) row(id);
  const people = new Map(staff.map((s) => [s.userId, s]));
  const out = [...rows.values()].map((r): PerformanceRow => {
    const person = people.get(r.key);
    const role = person?.role ?? (r.key.startsWith('role:') ? r.key.slice('role:'.length) : undefined);
    return {
      ...r,
      ...(r.key.startsWith('role:') ? {} : { userId: r.key }),
      ...(role ? { role } : {}),
      ...(person ? { displayName: person.displayName } : {}),
      averageTicketFen: ticket(r.revenueFen, r.visits),
      followUpRate: r.followUpsDue === 0 ? null : r.followUpsDone / r.followUpsDue,
    };
  });
  out.sort((a, b) => Number(b.role === 'dentist') - Number(a.role === 'dentist') || rowRank(b) - rowRank(a) || b.followUpsDone - a.followUpsDone || (a.displayName ?? a.key).localeCompare(b.displayName ?? b.key));
  const sum = (pick: (r: PerformanceRow) => number) => out.reduce((s, r) => s + pick(r), 0);
  const visits = counterValue(counters, n.visits);
  const revenueFen = counterValue(counters, n.revenueFen);
  return {
    rows: out,
    totals: {
      visits, revenueFen,
      visitsWithoutDentist: Math.max(0, visits - sum((r) => r.visits)),
      revenueWithoutDentistFen: Math.max(0, revenueFen - sum((r) => r.revenueFen)),
      followUpsDue: counterValue(counters, n.tasks('due')),
      followUpsDone: counterValue(counters, n.tasks('done')),
      membershipsSold: sum((r) => r.membershipsSold),
      membershipFeeFen: sum((r) => r.membershipFeeFen),
    },
  };
};
