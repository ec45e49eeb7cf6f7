/**
 * What the dashboard shows from a rollup (one day, or the sum of a range and of clinics): the
 * stored integers plus derived rates. Rates are computed on read, never stored, because a ratio
 * of sums is not the sum of ratios: summing days first and dividing once is the only correct way.
 */
import { summarize, type SurveySummary } from '../nps.js';
import { breakdown, counterNames as n, counterValue, type Counters } from './counters.js';

/** a / b, or null when there is nothing to divide by (the dashboard shows "—", not 0%). */
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export type RollupKpis = {
  visits: number;
  /** per day: distinct patients; summed over days: patient-days */
  uniquePatients: number;
  newPatients: number;
  revenueFen: number;
  /** 客单价: revenue / visits, rounded to whole fen (half up); null without visits */
  averageTicketFen: number | null;
  appointments: {
    booked: number;
    open: number;
    kept: number;
    noShow: number;
    cancelled: number;
    /** kept / (kept + noShow): of appointments that were due and not cancelled, the share kept */
    keptRate: number | null;
    /** noShow / (kept + noShow) */
    noShowRate: number | null;
    /** cancelled / booked */
    cancelRate: number | null;
  };
  tasks: { due: number; done: number; overdue: number; doneRate: number | null; overdueRate: number | null };
  messages: { sent: number; skipped: number; failed: number; /** sent / (sent + skipped + failed) */ sentRate: number | null };
  surveys: SurveySummary;
};

export const derive = (c: Counters): RollupKpis => {
  const v = (name: string) => counterValue(c, name);
  const visits = v(n.visits);
  const revenueFen = v(n.revenueFen);
  const kept = v(n.appointments.kept);
  const noShow = v(n.appointments.noShow);
  const booked = v(n.appointments.booked);
  const cancelled = v(n.appointments.cancelled);
  const due = v(n.tasks('due'));
  const sent = v(n.messages('sent'));
  const skipped = v(n.messages('skipped'));
  const failed = v(n.messages('failed'));
  return {
    visits,
    uniquePatients: v(n.uniquePatients),
    newPatients: v(n.newPatients),
    revenueFen,
    // Integer division with half-up rounding keeps the ticket a whole number of fen for formatYuan.
    averageTicketFen: visits === 0 ? null : Math.floor((2 * revenueFen + visits) / (2 * visits)),
    appointments: {
      booked,
      open: v(n.appointments.open),
      kept,
      noShow,
      cancelled,
      keptRate: ratio(kept, kept + noShow),
      noShowRate: ratio(noShow, kept + noShow),
      cancelRate: ratio(cancelled, booked),
    },
    tasks: { due, done: v(n.tasks('done')), overdue: v(n.tasks('overdue')), doneRate: ratio(v(n.tasks('done')), due), overdueRate: ratio(v(n.tasks('overdue')), due) },
    messages: { sent, skipped, failed, sentRate: ratio(sent, sent + skipped + failed) },
    surveys: summarize({
      answerCount: v(n.surveys.responses),
      scoreSum: v(n.surveys.scoreSum),
      promoters: v(n.surveys.promoters),
      passives: v(n.surveys.passives),
      detractors: v(n.surveys.detractors),
    }),
  };
};

export type StaffTasks = { due: number; done: number; overdue: number };
export type PurposeMessages = { sent: number; skipped: number; failed: number };

/** The breakdown tables of a rollup, keyed by the raw segment (channel, category, staff…). */
export type RollupBreakdowns = {
  newPatientsByChannel: Record<string, number>;
  revenueFenByCategory: Record<string, number>;
  revenueFenByMethod: Record<string, number>;
  tasksByStaff: Record<string, StaffTasks>;
  messagesByPurpose: Record<string, PurposeMessages>;
  skipReasons: Record<string, number>;
};

const pivot = <K extends string>(families: Record<K, Record<string, number>>): Record<string, Record<K, number>> => {
  const out: Record<string, Record<K, number>> = {};
  const measures = Object.keys(families) as K[];
  for (const measure of measures) {
    for (const key of Object.keys(families[measure])) {
      out[key] ??= Object.fromEntries(measures.map((m) => [m, 0])) as Record<K, number>;
      out[key][measure] = families[measure][key] ?? 0;
    }
  }
  return out;
};

export const breakdowns = (c: Counters): RollupBreakdowns => ({
  newPatientsByChannel: breakdown(c, 'newPatients.channel'),
  revenueFenByCategory: breakdown(c, 'revenueFen.category'),
  revenueFenByMethod: breakdown(c, 'revenueFen.method'),
  tasksByStaff: pivot({ due: breakdown(c, 'tasks.due'), done: breakdown(c, 'tasks.done'), overdue: breakdown(c, 'tasks.overdue') }),
  messagesByPurpose: pivot({ sent: breakdown(c, 'messages.sent'), skipped: breakdown(c, 'messages.skipped'), failed: breakdown(c, 'messages.failed') }),
  skipReasons: breakdown(c, 'messages.skipReason'),
});
