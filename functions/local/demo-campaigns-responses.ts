/**
 * What the demo's recipients did after a campaign ran (demo-campaigns.ts): some booked and came
 * in during the attribution window — the treated more often than the held out — some redeemed
 * the campaign's coupon there, a few replied T. All of it goes through the services the front
 * desk and the SMS gateway use (book, checkout, the inbound reply), at the moment it happened,
 * so the results page computes its lift from visits, bookings, coupons and opt-outs that are
 * records like any other. Seeded: the same recipients make the same choices.
 */
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Clinic, StaffMember } from '../../shared/schemas/org.js';
import { checkoutSchema } from '../../shared/schemas/visit.js';
import type { Recipient } from '../adapters/dynamo/campaign-repository.js';
import { getAppointment } from '../adapters/dynamo/appointment-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { book } from '../services/appointment-service.js';
import { handleChainReply } from '../services/sms-reply-service.js';
import { checkout } from '../services/visit-service.js';
import { previewCheckout } from '../services/visit-preview-service.js';
import { mapLimit } from '../lib/concurrency.js';
import { DemoRandom } from './demo-history-random.js';

/** Chance of a visit in the window: held out (coming back anyway) and treated (who got the text). */
export type ResponseRates = { holdout: number; treated: number; redeem: number; optOut: number };

export type ResponseContext = {
  frontdesk: Caller;
  clinics: ReadonlyMap<string, Clinic>;
  dentists: readonly StaffMember[];
  /** procedure ids of the return visit (an exam and a scaling: no care pathway, no follow-up calls) */
  lines: readonly string[];
  replyNumber: string;
  startedAt: Date;
  attributionDays: number;
  /** the visits stop before this day (the clinics' today) */
  today: string;
  seed: number;
};

export type ResponseTally = { booked: number; visited: number; redeemed: number; optedOut: number };

const hours: readonly [number, number][] = [[9, 30], [10, 30], [11, 0], [14, 0], [15, 0], [16, 30], [17, 0]];

/** Books a slot the chair and dentist have free that day: the history's bookings hold some. */
const bookFree = async (ctx: ResponseContext, random: DemoRandom, r: Recipient, day: string, bookedAt: Date): Promise<string | undefined> => {
  const clinic = ctx.clinics.get(r.clinicId);
  const dentists = ctx.dentists.filter((d) => d.clinicIds.includes(r.clinicId));
  if (!clinic || dentists.length === 0) return undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    const i = random.int(0, dentists.length - 1);
    const [hour, minute] = hours[random.int(0, hours.length - 1)] ?? [10, 0];
    const dentist = dentists[i];
    if (!dentist) continue;
    try {
      const startAt = instantOnLocalDay(day, clinic.timeZone, { hour, minute });
      const a = await book(ctx.frontdesk, { patientId: r.patientId, clinicId: r.clinicId, dentistId: dentist.userId, chair: `${i + 1}号椅`, startAt, durationMinutes: 30, procedureIds: [...ctx.lines], notes: '' }, bookedAt);
      return a.appointmentId;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return undefined;
};

/** The return visit, checked out at the appointment's time, with the campaign's coupon when the patient brought it. */
const comeIn = async (ctx: ResponseContext, r: Recipient, appointmentId: string, coupon: string | undefined): Promise<'redeemed' | 'visited' | 'no'> => {
  const appointment = await getAppointment(ctx.frontdesk.tenantId, r.patientId, appointmentId);
  if (!appointment) return 'no';
  const at = new Date(Date.parse(appointment.startAt) + 40 * 60_000);
  const base = { clinicId: r.clinicId, dentistId: appointment.dentistId, appointmentId, visitedAt: appointment.startAt, lines: ctx.lines.map((procedureId) => ({ procedureId })), ...(coupon ? { couponCode: coupon } : {}) };
  try {
    const preview = await previewCheckout(ctx.frontdesk, r.patientId, checkoutSchema.omit({ payments: true, idempotencyKey: true }).parse(base), at);
    await checkout(ctx.frontdesk, r.patientId, checkoutSchema.parse({ ...base, payments: preview.totalFen > 0 ? [{ method: 'wechat', amountFen: preview.totalFen }] : [] }), at);
    return coupon ? 'redeemed' : 'visited';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The till refused the coupon (e.g. under its minimum spend at this clinic's prices): the visit is paid in full.
    return coupon ? ((await comeIn(ctx, r, appointmentId, undefined)) === 'visited' ? 'visited' : 'no') : 'no';
  }
};

/** A reply of T a few hours after the text went out: the number is suppressed from then on. */
const optOut = async (ctx: ResponseContext, r: Recipient, random: DemoRandom): Promise<boolean> => {
  const patient = await getPatient(ctx.frontdesk.tenantId, r.patientId);
  if (!patient?.phone) return false;
  const at = new Date(ctx.startedAt.getTime() + random.int(1, 30) * 3600_000);
  const sms = { originationNumber: patient.phone, destinationNumber: ctx.replyNumber, messageBody: '退订', inboundMessageId: `demo-${r.patientId}-${ctx.startedAt.getTime()}` };
  return (await handleChainReply(ctx.frontdesk.tenantId, sms, at.toISOString(), at)).outcome === 'opted-out';
};

/** `count` of the list, picked by a seeded shuffle. */
const pick = <T>(random: DemoRandom, list: readonly T[], count: number): T[] => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out.slice(0, count);
};

/**
 * Plays the weeks after the campaign. Each group (held out, treated but not reached, reached)
 * gets its rate as an exact count of responders drawn by a seeded shuffle, so the demo's lift does
 * not hinge on a lucky draw in a small holdout; the visits the history already has in the window
 * (patients who came back anyway) add the noise a real campaign sees.
 */
export const playResponses = async (ctx: ResponseContext, recipients: readonly Recipient[], rates: ResponseRates): Promise<ResponseTally> => {
  const random = new DemoRandom(ctx.seed);
  const tally: ResponseTally = { booked: 0, visited: 0, redeemed: 0, optedOut: 0 };
  const start = localDay(ctx.startedAt, 'Asia/Shanghai');
  const lastDay = [addDays(start, ctx.attributionDays - 1), addDays(ctx.today, -1)].sort()[0] ?? start;
  const sorted = [...recipients].sort((a, b) => a.patientId.localeCompare(b.patientId));
  const reached = sorted.filter((r) => r.arm === 'treated' && r.outcome === 'sent');
  const others = sorted.filter((r) => !reached.includes(r));
  const optingOut = pick(random, reached, Math.round(reached.length * rates.optOut));
  const staying = reached.filter((r) => !optingOut.includes(r));
  const coming = [...pick(random, staying, Math.round(staying.length * rates.treated)), ...pick(random, others, Math.round(others.length * rates.holdout))];
  // Each responder's own seeded source: the story is the same whatever order the writes finish in.
  // Redemptions as an exact share of the reached who come, too.
  const reachedComing = coming.filter((r) => reached.includes(r));
  const redeeming = new Set(reachedComing.slice(0, Math.ceil(reachedComing.length * rates.redeem)));
  const plans = coming.map((r) => ({ r, random: new DemoRandom(ctx.seed * 7_919 + sorted.indexOf(r)), redeems: redeeming.has(r) }));
  await mapLimit(optingOut, { limit: 4 }, async (r) => { if (await optOut(ctx, r, new DemoRandom(ctx.seed + sorted.indexOf(r)))) tally.optedOut += 1; });
  await mapLimit(plans, { limit: 4 }, async ({ r, random: own, redeems }) => {
    const bookedOn = addDays(start, own.int(0, 20));
    const day = [addDays(bookedOn, own.int(1, 6)), lastDay].sort()[0] ?? lastDay;
    if (day <= bookedOn) return;
    const appointmentId = await bookFree(ctx, own, r, day, new Date(instantOnLocalDay(bookedOn, 'Asia/Shanghai', { hour: 12, minute: own.int(0, 59) })));
    if (!appointmentId) return;
    tally.booked += 1;
    const came = await comeIn(ctx, r, appointmentId, redeems ? r.couponCode : undefined);
    if (came === 'no') return;
    tally.visited += 1;
    if (came === 'redeemed') tally.redeemed += 1;
  });
  return tally;
};
