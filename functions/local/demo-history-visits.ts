/**
 * Turns a patient's planned days into what a front desk would have recorded: visits priced from
 * the chain's catalog (clinic prices, categories, teeth), paid by WeChat, Alipay, card or cash,
 * and the appointments around them: most visits were booked, some bookings ended in a no-show
 * or a cancellation before the patient came, and the next visit is booked ahead when it falls
 * in the coming two weeks.
 */
import { priceAt } from '../../shared/domain/catalog.js';
import { addDays, daysBetween } from '../../shared/domain/time.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import { cancelReasons } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { PaymentInput, PaymentMethod, Visit, VisitLine } from '../../shared/schemas/visit.js';
import { localInstant } from './demo-history-calendar.js';
import type { DemoChair, DemoPerson } from './demo-history-people.js';
import type { DemoRandom, Weighted } from './demo-history-random.js';
import { visitMinutes, type PlannedVisit, type Timeline } from './demo-history-timeline.js';

const minute = 60_000;
const day = 86_400_000;

export type VisitContext = {
  random: DemoRandom;
  catalog: ReadonlyMap<string, Procedure>;
  /** the front desk user recorded as booking and checking out */
  frontdeskId: string;
  /** the clinic's today: bookings ahead start tomorrow */
  today: string;
  /** book ahead up to this day, inclusive */
  horizon: string;
  /**
   * The first day with appointments on record: the chain kept a paper book before (and an
   * appointment per visit for three years would be ~40% more items to write at start).
   */
  bookingSince: string;
  now: number;
  slots: SlotBook;
};

/** Start hours: mornings and mid-afternoons are busiest, some evenings after work. */
const startHours: Weighted<number> = [[9, 10], [10, 13], [11, 12], [13, 6], [14, 11], [15, 11], [16, 10], [17, 8], [18, 6], [19, 3]];

const paymentMethods: Weighted<Exclude<PaymentMethod, 'installment'>> = [['wechat', 50], ['alipay', 26], ['card', 14], ['cash', 10]];

const teethFor: Readonly<Record<string, readonly string[]>> = {
  'filling-resin': ['16', '26', '36', '46', '15', '25', '35', '45', '17', '27'],
  'sealant-kids': ['16', '26', '36', '46'],
  implant: ['36', '46', '16', '26', '35', '45'],
  'wisdom-tooth': ['18', '28', '38', '48'],
  extraction: ['36', '46', '15', '25', '14', '24'],
  'root-canal': ['36', '46', '16', '26'],
  'crown-zirconia': ['36', '46', '16', '26'],
};

const distinctTeeth = (random: DemoRandom, code: string, quantity: number): string[] => {
  const pool = [...(teethFor[code] ?? [])];
  const out: string[] = [];
  while (out.length < quantity && pool.length > 0) out.push(...pool.splice(random.int(0, pool.length - 1), 1));
  return out;
};

const linesFor = (ctx: VisitContext, clinicId: string, codes: readonly string[]): VisitLine[] =>
  codes.flatMap((code) => {
    const procedure = ctx.catalog.get(code);
    if (!procedure) return [];
    const quantity = code === 'filling-resin' ? ctx.random.int(1, 2) : code === 'sealant-kids' ? ctx.random.int(2, 4) : 1;
    const unitPriceFen = priceAt(procedure, clinicId);
    return [{
      procedureId: procedure.procedureId, code, nameZh: procedure.nameZh, nameEn: procedure.nameEn, category: procedure.category,
      quantity, teeth: distinctTeeth(ctx.random, code, quantity), unitPriceFen, discountFen: 0, amountFen: unitPriceFen * quantity,
    }];
  });

/** Whole yuan, as front desks round (money stays integer fen either way: invariant 3). */
const wholeYuan = (fen: number): number => Math.floor(fen / 100) * 100;

const paymentsFor = (random: DemoRandom, totalFen: number): PaymentInput[] => {
  if (totalFen === 0) return [];
  // Big treatments are often split: most on a card, the rest by phone.
  if (totalFen >= 1_000_000 && random.chance(0.35)) {
    const card = wholeYuan(totalFen * 0.7);
    return [{ method: 'card', amountFen: card }, { method: 'wechat', amountFen: totalFen - card }];
  }
  const method = random.weighted(paymentMethods);
  return [{ method, amountFen: totalFen, ...(method === 'wechat' || method === 'alipay' ? { reference: String(random.int(1000, 9999)) } : {}) }];
};

const startMinute = (random: DemoRandom, durationMinutes: number): number => {
  const latest = 20 * 60 + 30 - durationMinutes;
  return Math.min(latest, random.weighted(startHours) * 60 + random.int(0, 3) * 15);
};

export type RecordedVisit = { visit: Visit; appointments: Appointment[]; chair: DemoChair; day: string };

const appointmentOf = (
  ctx: VisitContext, person: DemoPerson, chair: DemoChair, localDay: string, startMs: number, minutes: number, codes: readonly string[],
  outcome: Pick<Appointment, 'status'> & Partial<Pick<Appointment, 'visitId' | 'cancelReason'>> & { updatedMs: number; createdMs: number },
): Appointment => {
  const createdAt = new Date(outcome.createdMs).toISOString();
  return {
    appointmentId: ctx.random.id(outcome.createdMs),
    patientId: person.record.patientId, patientName: person.record.name, dentistName: chair.dentistName,
    clinicId: person.clinic.clinicId, dentistId: chair.dentistId, chair: chair.chair,
    startAt: new Date(startMs).toISOString(), endAt: new Date(startMs + minutes * minute).toISOString(), localDay,
    procedureIds: codes.map((c) => ctx.catalog.get(c)?.procedureId).filter((id): id is string => id !== undefined),
    notes: '', status: outcome.status,
    ...(outcome.visitId ? { visitId: outcome.visitId } : {}),
    ...(outcome.cancelReason ? { cancelReason: outcome.cancelReason } : {}),
    version: 1, createdBy: ctx.frontdeskId, createdAt, updatedAt: new Date(Math.max(outcome.updatedMs, outcome.createdMs)).toISOString(),
  };
};

/** When a booking was made: one to fourteen days ahead, never before the patient existed. */
const bookedAt = (ctx: VisitContext, person: DemoPerson, startMs: number): number =>
  Math.max(Date.parse(person.record.createdAt) + 5 * minute, startMs - ctx.random.int(1, 14) * day - ctx.random.int(0, 8) * 3_600_000);

const recordVisit = (ctx: VisitContext, person: DemoPerson, planned: PlannedVisit, first: boolean, previousDay: string | undefined): RecordedVisit => {
  const { random } = ctx;
  const { clinic, record } = person;
  const chair = random.pick(clinic.chairs);
  const minutes = visitMinutes(planned.codes);
  const startMs = localInstant(planned.day, 0, startMinute(random, minutes), clinic.timeZone);
  // Checked out when the chair is free again: visitedAt is the checkout's time.
  const visitedMs = startMs + minutes * minute;
  const lines = linesFor(ctx, clinic.clinicId, planned.codes);
  const subtotalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const discountFen = subtotalFen >= 30_000 && random.chance(0.12) ? wholeYuan(subtotalFen * random.pick([0.05, 0.1, 0.12])) : 0;
  const totalFen = subtotalFen - discountFen;
  const visitId = random.id(visitedMs);
  const booked = planned.day >= ctx.bookingSince && (first ? person.bookedFirst : random.chance(0.85));
  const appointments: Appointment[] = [];
  let appointmentId: string | undefined;
  if (booked) {
    // Before the booking that was kept: sometimes one the patient missed or called off.
    const earlierDay = addDays(planned.day, -random.int(3, 10));
    const earlierMs = startMs - daysBetween(earlierDay, planned.day) * day;
    const roomForEarlier = !first && previousDay !== undefined && earlierDay > previousDay;
    const missed = roomForEarlier && random.chance(0.09);
    const called = roomForEarlier && !missed && random.chance(0.07);
    if (missed) appointments.push(appointmentOf(ctx, person, chair, earlierDay, earlierMs, minutes, planned.codes, { status: 'no-show', createdMs: bookedAt(ctx, person, earlierMs), updatedMs: earlierMs + 30 * minute }));
    if (called) {
      appointments.push(appointmentOf(ctx, person, chair, earlierDay, earlierMs, minutes, planned.codes, {
        status: 'cancelled', cancelReason: random.weighted<(typeof cancelReasons)[number]>([['patient-request', 60], ['illness', 20], ['clinic-request', 10], ['weather', 5], ['other', 5]]),
        createdMs: bookedAt(ctx, person, earlierMs), updatedMs: earlierMs - random.int(2, 48) * 3_600_000,
      }));
    }
    const kept = appointmentOf(ctx, person, chair, planned.day, startMs, minutes, planned.codes, { status: 'completed', visitId, createdMs: bookedAt(ctx, person, startMs), updatedMs: visitedMs });
    appointmentId = kept.appointmentId;
    appointments.push(kept);
  }
  const visit: Visit = {
    visitId, patientId: record.patientId, clinicId: clinic.clinicId, dentistId: chair.dentistId, ...(appointmentId ? { appointmentId } : {}),
    visitedAt: new Date(visitedMs).toISOString(), source: 'checkout', lines, subtotalFen, discountFen, totalFen,
    payments: paymentsFor(random, totalFen), notes: '', createdBy: ctx.frontdeskId, createdAt: new Date(visitedMs).toISOString(),
  };
  return { visit, appointments, chair, day: planned.day };
};

/** A patient's recorded history, plus the bookings that never turned into visits. */
export const recordTimeline = (ctx: VisitContext, person: DemoPerson, timeline: Timeline): { visits: RecordedVisit[]; other: Appointment[] } => {
  const visits: RecordedVisit[] = [];
  timeline.visits.forEach((planned, i) => visits.push(recordVisit(ctx, person, planned, i === 0, timeline.visits[i - 1]?.day)));
  const other: Appointment[] = [];
  const { random } = ctx;
  // Booked the next recall and never came: the last trace of a patient who drifted away.
  if (timeline.lapsed && timeline.lapsed >= ctx.bookingSince && random.chance(0.25)) {
    const chair = random.pick(person.clinic.chairs);
    const startMs = localInstant(timeline.lapsed, 0, startMinute(random, 45), person.clinic.timeZone);
    if (startMs < ctx.now) other.push(appointmentOf(ctx, person, chair, timeline.lapsed, startMs, 45, ['cleaning'], { status: 'no-show', createdMs: bookedAt(ctx, person, startMs), updatedMs: startMs + 30 * minute }));
  }
  const next = timeline.next;
  if (next && next.day <= ctx.horizon && random.chance(0.7)) {
    const when = next.day <= ctx.today ? addDays(ctx.today, 1) : next.day;
    const minutes = visitMinutes(next.codes);
    const slot = ctx.slots.take(random, person.clinic.clinicId, person.clinic.chairs, when, minutes);
    if (slot) {
      const startMs = localInstant(when, 0, slot.startMinute, person.clinic.timeZone);
      // Booked in the last two weeks, by now at the latest.
      const createdMs = Math.min(ctx.now, Math.max(Date.parse(person.record.createdAt) + 5 * minute, ctx.now - random.int(1, 14) * day));
      other.push(appointmentOf(ctx, person, slot.chair, when, startMs, minutes, next.codes, { status: 'booked', createdMs, updatedMs: createdMs }));
    }
  }
  return { visits, other };
};

/**
 * Chairs' free time on the days ahead, 15 minutes a slot: bookings ahead claim real slots
 * (the writer claims them for dentist and chair), so they must never overlap. Each dentist
 * works one chair, so a free chair means a free dentist.
 */
export class SlotBook {
  private readonly taken = new Set<string>();

  take(random: DemoRandom, clinicId: string, chairs: readonly DemoChair[], localDay: string, minutes: number): { chair: DemoChair; startMinute: number } | undefined {
    const count = minutes / 15;
    for (let attempt = 0; attempt < 12; attempt++) {
      const chair = random.pick(chairs);
      const start = startMinute(random, minutes);
      const keys = Array.from({ length: count }, (_, i) => `${clinicId}|${localDay}|${chair.chair}|${start + i * 15}`);
      if (keys.some((k) => this.taken.has(k))) continue;
      for (const k of keys) this.taken.add(k);
      return { chair, startMinute: start };
    }
    return undefined;
  }
}
