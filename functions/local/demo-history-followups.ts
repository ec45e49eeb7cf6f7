/**
 * What happened after the visits: follow-up calls (回访, from the catalog's care pathways, the
 * same rule the checkout uses) mostly done, a few escalated, the latest still open; and the send
 * ledger's decisions for appointment reminders, care advice, recalls and reactivation, sent or
 * skipped for the reasons the send decision gives (no consent, opted out, one per shared phone).
 */
import { careCallsForVisit, careMessagesForVisit } from '../../shared/domain/care-pathway.js';
import { hasConsent } from '../../shared/domain/patient.js';
import type { MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import { purposeRules } from '../../shared/domain/messaging/purposes.js';
import { recallOccasion } from '../../shared/domain/messaging/recall-outreach.js';
import { eveningHour, reminderOccasion } from '../../shared/domain/messaging/reminders.js';
import type { SkipReason } from '../../shared/domain/messaging/send-decision.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { localInstant } from './demo-history-calendar.js';
import type { DemoPerson } from './demo-history-people.js';
import type { DemoRandom } from './demo-history-random.js';

const hour = 3_600_000;

export type DemoMessage = {
  patientId: string;
  clinicId: string;
  purpose: MessagePurpose;
  occasion: string;
  status: 'sent' | 'skipped';
  /** when the decision was recorded (UTC ISO) */
  at: string;
  reason?: SkipReason;
};

export type FollowUpContext = {
  random: DemoRandom;
  catalog: ReadonlyMap<string, Procedure>;
  frontdeskId: string;
  now: number;
  /** tasks and messages only for this recent stretch: older ones would only add items */
  since: number;
};

const usedProcedures = (ctx: FollowUpContext, visit: Visit): Procedure[] =>
  [...new Set(visit.lines.map((l) => l.code))].map((code) => ctx.catalog.get(code)).filter((p): p is Procedure => p !== undefined);

export const tasksForVisit = (ctx: FollowUpContext, person: DemoPerson, visit: Visit): FollowUpTask[] => {
  if (Date.parse(visit.visitedAt) < ctx.since) return [];
  return careCallsForVisit(visit.visitId, visit.visitedAt, usedProcedures(ctx, visit)).map((call): FollowUpTask => {
    const dueMs = Date.parse(call.dueAt);
    const byDentist = call.topic.startsWith('post-op') && visit.dentistId !== undefined;
    const caller = byDentist ? (visit.dentistId ?? ctx.frontdeskId) : ctx.frontdeskId;
    const base = {
      taskId: call.occasion, patientId: person.record.patientId, patientName: person.record.name, clinicId: visit.clinicId,
      kind: 'care-call' as const, topic: call.topic, occasion: call.occasion, dueAt: call.dueAt,
      assignee: byDentist ? { kind: 'person' as const, userId: caller } : { kind: 'role' as const, role: 'frontdesk' as const },
      attempts: [], visitId: visit.visitId, createdAt: visit.createdAt, updatedAt: visit.createdAt,
    };
    // Due in the last day or ahead: still on someone's list.
    if (dueMs > ctx.now - 24 * hour) return { ...base, status: 'open' };
    if (ctx.random.chance(0.05)) {
      // Nobody called in time: the escalation job moved it on, due at that moment.
      const escalatedAt = new Date(dueMs + 24 * hour).toISOString();
      return { ...base, status: 'escalated', dueAt: escalatedAt, updatedAt: escalatedAt };
    }
    const at = new Date(dueMs + ctx.random.int(0, 240) * 60_000).toISOString();
    const missed = ctx.random.chance(0.15);
    const attempts = [
      ...(missed ? [{ at, by: caller, outcome: 'no-answer' as const, notes: '' }] : []),
      { at: missed ? new Date(Date.parse(at) + 24 * hour).toISOString() : at, by: caller, outcome: 'reached-fine' as const, notes: '' },
    ];
    return { ...base, status: 'done', attempts, updatedAt: attempts[attempts.length - 1]?.at ?? at };
  });
};

/** The send decision as the ledger records it (shared/domain/messaging/send-decision.ts, simplified). */
const decide = (person: DemoPerson, purpose: MessagePurpose, at: string): Pick<DemoMessage, 'status' | 'reason'> => {
  const { record } = person;
  if (record.optedOutAt && record.optedOutAt <= at && purposeRules[purpose].marketing) return { status: 'skipped', reason: 'opted-out' };
  if (!hasConsent(record.consents, purposeRules[purpose].consent)) return { status: 'skipped', reason: 'no-consent' };
  return { status: 'sent' };
};

export class MessageLog {
  readonly messages: DemoMessage[] = [];
  /** one recall or greeting per phone per day: families sharing a number get one */
  private readonly phoneDays = new Set<string>();

  constructor(private readonly ctx: FollowUpContext) {}

  private add(person: DemoPerson, purpose: MessagePurpose, occasion: string, atMs: number): void {
    if (atMs < this.ctx.since || atMs > this.ctx.now) return;
    const at = new Date(atMs).toISOString();
    let decision = decide(person, purpose, at);
    if (decision.status === 'sent' && purposeRules[purpose].onePerPhone) {
      const key = `${person.record.phone}|${purpose}|${localDay(new Date(atMs), person.clinic.timeZone)}`;
      if (this.phoneDays.has(key)) decision = { status: 'skipped', reason: 'shared-phone' };
      this.phoneDays.add(key);
    }
    this.messages.push({ patientId: person.record.patientId, clinicId: person.clinic.clinicId, purpose, occasion, at, ...decision });
  }

  /** The evening before (18:00), for appointments still standing then. */
  reminder(person: DemoPerson, appointment: Appointment): void {
    if (appointment.status === 'cancelled' || appointment.status === 'booked') return;
    const atMs = localInstant(addDays(appointment.localDay, -1), eveningHour, this.ctx.random.int(0, 20), person.clinic.timeZone);
    if (atMs < Date.parse(appointment.createdAt)) return;
    this.add(person, 'appointment-reminder', reminderOccasion(appointment, 'day-before'), atMs);
  }

  care(person: DemoPerson, visit: Visit): void {
    if (Date.parse(visit.visitedAt) < this.ctx.since) return;
    for (const m of careMessagesForVisit(visit.visitId, visit.visitedAt, visit.createdAt, person.clinic.timeZone, usedProcedures(this.ctx, visit))) {
      this.add(person, 'care', m.occasion, Date.parse(m.dueAt));
    }
  }

  /** Fourteen days before a recall fell due, when the patient had not come back by then. */
  recall(person: DemoPerson, group: string, dueDate: string, nextVisitDay: string | undefined): void {
    const sendDay = addDays(dueDate, -14);
    if (nextVisitDay !== undefined && nextVisitDay <= sendDay) return;
    this.add(person, 'recall', recallOccasion(group, dueDate, 14), localInstant(sendDay, 10, 0, person.clinic.timeZone));
  }

  /** A year without a visit: the reactivation job's first message (marketing consent needed). */
  reactivation(person: DemoPerson, lastVisitAt: string, lastDay: string): void {
    this.add(person, 'reactivation', `reactivation.${lastVisitAt.slice(0, 10)}.a1`, localInstant(addDays(lastDay, 366), 10, 30, person.clinic.timeZone));
  }
}
