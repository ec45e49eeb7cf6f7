/**
 * The demo chain's history (issue 5 item 4): a few thousand patients across the clinics, three
 * years of visits ending yesterday, appointments, recalls, follow-up calls, messages, and the
 * KPI rollups recomputed from exactly those records, so the dashboard's numbers agree with the
 * patients behind them. Pure and deterministic: the same seed, catalog, clinics and "now" give
 * the same history. Writing it is demo-history-writer.ts's job.
 */
import { kpiTaskOf, recomputeRollups, type DayCounters } from '../../shared/domain/kpi/index.js';
import { clinicDay, dayKeyOf } from '../../shared/domain/kpi/day-counters.js';
import { recallsForVisit, type RecallDue } from '../../shared/domain/recall.js';
import { chainTimeZone, addDays, localDay } from '../../shared/domain/time.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { StoredSummary } from '../adapters/dynamo/visit-repository.js';
import type { Coupon, CouponDefinition } from '../../shared/schemas/coupons.js';
import { demoCouponDefinitions, demoCouponFor } from './demo-history-coupons.js';
import { MessageLog, tasksForVisit, type DemoMessage } from './demo-history-followups.js';
import { generatePeople, type DemoClinic, type DemoFamily, type DemoPerson } from './demo-history-people.js';
import { DemoRandom } from './demo-history-random.js';
import { planTimeline } from './demo-history-timeline.js';
import { recordTimeline, SlotBook, type RecordedVisit } from './demo-history-visits.js';

export type { DemoChair, DemoClinic, DemoFamily } from './demo-history-people.js';
export type { DemoMessage } from './demo-history-followups.js';

export type DemoHistoryInput = {
  clinics: readonly DemoClinic[];
  /** the chain's catalog (procedure ids, clinic prices, categories, recall rules) */
  catalog: readonly Procedure[];
  /** the front desk user recorded as registering, booking and checking out */
  frontdeskId: string;
  now: Date;
  patients?: number;
  years?: number;
  seed?: number;
  /** follow-up calls and messages for the last this many days only (they are numerous) */
  followUpDays?: number;
  /** appointments on record for the last this many days only (see VisitContext.bookingSince) */
  bookingDays?: number;
};

export type DemoRecall = { patientId: string; clinicId: string; recall: RecallDue; visitId: string };

export type DemoHistory = {
  /** the clinics' local today; history ends the day before */
  today: string;
  patients: PatientRecord[];
  families: DemoFamily[];
  visits: Visit[];
  summaries: { patientId: string; summary: StoredSummary }[];
  recalls: DemoRecall[];
  appointments: Appointment[];
  tasks: FollowUpTask[];
  messages: DemoMessage[];
  rollups: DayCounters[];
  /** `clinicId#day` → the patients who visited that clinic that day */
  visitors: Map<string, string[]>;
  /** the chain's coupon types and the coupons issued (some redeemed in `visits`; demo-history-coupons.ts) */
  couponDefinitions: CouponDefinition[];
  coupons: Coupon[];
};

/**
 * Sized for `npm start` on a 2-core laptop (≤ 60 s including DynamoDB Local): automations and
 * online booking came to the chain in its last months, so messages, follow-up calls and
 * appointments cover that stretch, while visits cover all three years.
 */
export const demoHistoryDefaults = { patients: 5_000, years: 3, seed: 20_240_210, followUpDays: 180, bookingDays: 365 } as const;

/** Several procedures of one visit may share a care pathway length; the summary keeps the longest. */
const pathwayDays = (visit: Visit, catalog: ReadonlyMap<string, Procedure>): number =>
  Math.max(0, ...visit.lines.flatMap((l) => catalog.get(l.code)?.carePathway.map((s) => s.offsetDays) ?? []));

/** What the checkout's summary would say after these visits, oldest first. */
const summaryOf = (visits: readonly Visit[], catalog: ReadonlyMap<string, Procedure>): StoredSummary | undefined => {
  const first = visits[0];
  const last = visits[visits.length - 1];
  if (!first || !last) return undefined;
  const days = pathwayDays(last, catalog);
  return {
    version: visits.length,
    visitCount: visits.length,
    totalSpendFen: visits.reduce((sum, v) => sum + v.totalFen, 0),
    firstVisitAt: first.visitedAt,
    lastVisitAt: last.visitedAt,
    lastVisitClinicId: last.clinicId,
    lastCategories: [...new Set(last.lines.map((l) => l.category))],
    ...(days > 0 ? { lastCarePathwayUntil: new Date(Date.parse(last.visitedAt) + days * 86_400_000).toISOString() } : {}),
  };
};

/** Recalls as a sequence of checkouts leaves them: one per group, set by the latest visit that had it. */
const recallsOf = (recorded: readonly RecordedVisit[], catalog: ReadonlyMap<string, Procedure>, onRecall: (group: string, dueDate: string, nextDay: string | undefined) => void): Map<string, { recall: RecallDue; visitId: string }> => {
  const current = new Map<string, { recall: RecallDue; visitId: string }>();
  recorded.forEach(({ visit, day }, i) => {
    const anchors = new Map([...current].map(([group, r]) => [group, r.recall.anchorDate]));
    const rules = visit.lines.map((l) => catalog.get(l.code)?.recall ?? null);
    for (const recall of recallsForVisit(rules, day, anchors)) {
      current.set(recall.group, { recall, visitId: visit.visitId });
      // The recall job reminds before the due date unless the patient has come back by then.
      onRecall(recall.group, recall.dueDate, recorded[i + 1]?.day);
    }
  });
  return current;
};

export const generateDemoHistory = (input: DemoHistoryInput): DemoHistory => {
  const patients = input.patients ?? demoHistoryDefaults.patients;
  const years = input.years ?? demoHistoryDefaults.years;
  const random = new DemoRandom(input.seed ?? demoHistoryDefaults.seed);
  const zone = chainTimeZone(input.clinics);
  const now = input.now.getTime();
  const today = localDay(input.now, zone);
  const endDay = addDays(today, -1);
  const from = addDays(today, -365 * years);
  const catalog = new Map(input.catalog.filter((p) => p.active).map((p) => [p.code, p]));
  const { people, families } = generatePeople({ random, count: patients, clinics: input.clinics, from, to: endDay, recordedBy: input.frontdeskId });
  const bookingSince = addDays(today, -(input.bookingDays ?? demoHistoryDefaults.bookingDays));
  const visitCtx = { random, catalog, frontdeskId: input.frontdeskId, today, horizon: addDays(today, 14), bookingSince, now, slots: new SlotBook() };
  const followCtx = { random, catalog, frontdeskId: input.frontdeskId, now, since: now - (input.followUpDays ?? demoHistoryDefaults.followUpDays) * 86_400_000 };
  const log = new MessageLog(followCtx);
  // Coupons draw from their own source: the rest of the history is the same with or without them.
  const couponRandom = new DemoRandom((input.seed ?? demoHistoryDefaults.seed) + 7);
  const couponDefinitions = demoCouponDefinitions(couponRandom, { at: `${from}T01:00:00.000Z`, by: input.frontdeskId });
  const out: Omit<DemoHistory, 'today' | 'families' | 'rollups' | 'visitors'> = { patients: [], visits: [], summaries: [], recalls: [], appointments: [], tasks: [], messages: log.messages, couponDefinitions, coupons: [] };
  for (const person of people) historyOf(person);
  return { today, families, ...out, ...rollupsOf(input.clinics, people, out) };

  function historyOf(person: DemoPerson): void {
    const { record } = person;
    out.patients.push(record);
    const timeline = planTimeline(random, person.archetype, person.firstDay, endDay);
    const { visits: recorded, other } = recordTimeline(visitCtx, person, timeline);
    const visits = recorded.map((r) => r.visit);
    // A coupon redeemed is priced into its visit before anything below reads the visits.
    const coupon = demoCouponFor(couponRandom, { definitions: couponDefinitions, visits, today, frontdeskId: input.frontdeskId });
    if (coupon) out.coupons.push(coupon);
    out.visits.push(...visits);
    const appointments = [...recorded.flatMap((r) => r.appointments), ...other];
    out.appointments.push(...appointments);
    for (const a of appointments) log.reminder(person, a);
    for (const v of visits) {
      out.tasks.push(...tasksForVisit(followCtx, person, v));
      log.care(person, v);
    }
    const recalls = recallsOf(recorded, catalog, (group, due, nextDay) => {
      if (due <= today) log.recall(person, group, due, nextDay);
    });
    for (const { recall, visitId } of recalls.values()) out.recalls.push({ patientId: record.patientId, clinicId: record.clinicId, recall, visitId });
    const summary = summaryOf(visits, catalog);
    if (summary) out.summaries.push({ patientId: record.patientId, summary });
    const last = recorded[recorded.length - 1];
    if (last && summary?.lastVisitAt) log.reactivation(person, summary.lastVisitAt, last.day);
  }
};

/** The rollups from the same records (recomputeRollups), and who visited each clinic day. */
const rollupsOf = (clinics: readonly DemoClinic[], people: readonly DemoPerson[], h: Pick<DemoHistory, 'visits' | 'appointments' | 'tasks' | 'messages'>): Pick<DemoHistory, 'rollups' | 'visitors'> => {
  const timeZones = Object.fromEntries(clinics.map((c) => [c.clinicId, c.timeZone]));
  const rollups = recomputeRollups({
    timeZones,
    patientChannels: Object.fromEntries(people.map((p) => [p.record.patientId, p.record.channel])),
    visits: h.visits,
    appointments: h.appointments,
    tasks: h.tasks.map(kpiTaskOf),
    messages: h.messages.map((m) => ({ clinicId: m.clinicId, purpose: m.purpose, status: m.status, at: m.at, ...(m.reason ? { skipReason: m.reason } : {}) })),
  });
  const visitors = new Map<string, Set<string>>();
  for (const v of h.visits) {
    const key = dayKeyOf(clinicDay(v.clinicId, v.visitedAt, timeZones[v.clinicId] ?? 'Asia/Shanghai'));
    visitors.set(key, (visitors.get(key) ?? new Set()).add(v.patientId));
  }
  return { rollups, visitors: new Map([...visitors].map(([k, s]) => [k, [...s]])) };
};
