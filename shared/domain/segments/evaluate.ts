/**
 * Does one patient's facts match a segment? Pure and allocation-light: it runs once per patient
 * per count (100,000 times for a large chain), so each condition is a few comparisons on the
 * packed facts. Days are the clinic's local days; `context.todayOf` gives each clinic's today.
 */
import { activityStatusOf } from '../kpi/activity.js';
import { lifecycleStage } from '../lifecycle.js';
import { addDays, daysBetween } from '../time.js';
import { isGroup, type Condition, type ConditionGroup } from './conditions.js';
import type { SegmentFacts } from './facts.js';
import type { RfmMark } from './rfm.js';

export type SegmentContext = {
  /** the clinic's local today, YYYY-MM-DD */
  todayOf: (clinicId: string) => string;
  /** the moment counted, for the lifecycle stage */
  now: Date;
  /** chain-wide RFM marks (rfmMarks); needed only when a condition reads RFM */
  rfm?: ReadonlyMap<string, RfmMark>;
};

type Range = { min?: number; max?: number };
const inRange = (value: number | undefined, r: Range): boolean =>
  value !== undefined && (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max);
const inDays = (value: string | undefined, r: { from?: string; to?: string }): boolean =>
  value !== undefined && (r.from === undefined || value >= r.from) && (r.to === undefined || value <= r.to);
const has = <T>(list: readonly T[], values: readonly T[]): boolean => values.some((v) => list.includes(v));

/** Whole years between the birth day and today, on local days. */
export const ageOn = (birthDate: string, today: string): number => {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5, 10) ? years : years - 1;
};

/** A card past its end day is lapsed whatever the stored status says: facts age by the calendar. */
export const membershipStatusOn = (f: SegmentFacts, today: string): string =>
  !f.membership ? 'none' : f.membership.status === 'active' && f.membership.endDay < today ? 'lapsed' : f.membership.status;

const noon = (day: string): string => `${day}T04:00:00.000Z`;

const stageOf = (f: SegmentFacts, now: Date) =>
  lifecycleStage({
    visitCount: f.visitCount, totalSpendFen: f.totalSpendFen,
    ...(f.lastVisitDay ? { lastVisitAt: noon(f.lastVisitDay) } : {}),
    ...(f.lastCategories ? { lastCategories: f.lastCategories } : {}),
    ...(f.lastCarePathwayUntil ? { lastCarePathwayUntil: f.lastCarePathwayUntil } : {}),
  }, now);

const matchesCondition = (c: Condition, f: SegmentFacts, ctx: SegmentContext): boolean => {
  const today = ctx.todayOf(f.clinicId);
  switch (c.field) {
    case 'clinic': return c.in.includes(f.clinicId);
    case 'age': return f.birthDate !== undefined && inRange(ageOn(f.birthDate, today), c.range);
    case 'gender': return (c.in as readonly string[]).includes(f.gender);
    case 'channel': return (c.in as readonly string[]).includes(f.channel);
    case 'referrer':
      if (c.in) return f.referrerKey !== undefined && c.in.includes(f.referrerKey);
      return c.present === undefined || c.present === (f.referrerKey !== undefined);
    case 'tags':
      if (c.match === 'all') return c.in.every((t) => f.tags.includes(t));
      return c.match === 'any' ? has(f.tags, c.in) : !has(f.tags, c.in);
    case 'firstVisit': return inDays(f.firstVisitDay, c.range);
    case 'lastVisit': return inDays(f.lastVisitDay, c.range);
    case 'daysSinceLastVisit': return f.lastVisitDay !== undefined && inRange(daysBetween(f.lastVisitDay, today), c.range);
    case 'visitCount': return inRange(f.visitCount, c.range);
    case 'totalSpend': return inRange(f.totalSpendFen, c.range);
    default: return matchesMore(c, f, ctx, today);
  }
};

const matchesMore = (c: Condition, f: SegmentFacts, ctx: SegmentContext, today: string): boolean => {
  switch (c.field) {
    case 'rfmScore': {
      const mark = ctx.rfm?.get(f.patientId);
      return mark !== undefined && inRange(mark.r, c.r ?? {}) && inRange(mark.fm, c.fm ?? {});
    }
    case 'rfmGroup': { const mark = ctx.rfm?.get(f.patientId); return mark !== undefined && (c.in as readonly string[]).includes(mark.cell); }
    case 'lifecycle': return (c.in as readonly string[]).includes(stageOf(f, ctx.now));
    case 'activity': return (c.in as readonly string[]).includes(activityStatusOf({ lastDay: f.lastVisitDay, asOfDay: today }));
    // `had` left out means had (the schema's default; the group schema checks items without replacing them)
    case 'category': return has(f.categories, c.in) === (c.had ?? true);
    case 'procedure': return has(f.procedureIds, c.in) === (c.had ?? true);
    case 'recallDueWithin': return f.nextRecallDue !== undefined && f.nextRecallDue <= addDays(today, c.days);
    case 'upcomingAppointment': return (f.nextAppointmentDay !== undefined && f.nextAppointmentDay >= today) === c.value;
    case 'birthdayMonth': return f.birthDate !== undefined && c.in.includes(Number(f.birthDate.slice(5, 7)));
    case 'membership': return (c.in as readonly string[]).includes(membershipStatusOn(f, today));
    case 'membershipPlan': return f.membership !== undefined && c.in.includes(f.membership.planId);
    case 'membershipDaysToExpiry': return f.membership !== undefined && inRange(daysBetween(today, f.membership.endDay), c.range);
    case 'storedValue': return inRange(f.storedValueFen, c.range);
    // an SMS opt-out (退订) withdraws marketing consent whatever the form said
    case 'marketingConsent': return (f.marketingConsent && !f.optedOut) === c.value;
    case 'openComplaint': return f.openComplaint === c.value;
    default: return false;
  }
};

/** An empty AND group matches everyone; an empty OR group matches no one. */
export const matchesSegment = (group: ConditionGroup, facts: SegmentFacts, context: SegmentContext): boolean =>
  group.op === 'and'
    ? group.conditions.every((c) => (isGroup(c) ? matchesSegment(c, facts, context) : matchesCondition(c, facts, context)))
    : group.conditions.some((c) => (isGroup(c) ? matchesSegment(c, facts, context) : matchesCondition(c, facts, context)));

/** Whether any condition reads RFM, so a count scores the chain only when it must. */
export const needsRfm = (group: ConditionGroup): boolean =>
  group.conditions.some((c) => (isGroup(c) ? needsRfm(c) : c.field === 'rfmScore' || c.field === 'rfmGroup'));
