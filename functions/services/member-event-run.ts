/**
 * The events job for one chain, every 5 minutes: for each event still ahead (or in its feedback
 * day) it sends the invitation a week before, the answers to sign-up replies, the reminder in the
 * last 24 hours to those signed up, and the feedback survey link to those who came, in the 24
 * hours after. Every message goes through the send pipeline (consent, quiet hours, contact budget,
 * one per household per day for the invitation) and is claimed once in the send ledger
 * (invariant 7), so repeated and concurrent runs send each message once.
 */
import { ulid } from 'ulid';
import { invitationDue, reminderDue, surveyDue } from '../../shared/domain/events/schedule.js';
import { invitationText, noticeText, reminderText, surveyText } from '../../shared/domain/events/texts.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { MemberEvent } from '../../shared/schemas/events.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { putNewSurvey } from '../adapters/dynamo/engagement-survey-repository.js';
import {
  claimSurveyToken, deleteNotice, listAttendees, listEvents, listNotices, markAttendee, markInvitationsDone, putInvitation, recordInviteOutcome,
} from '../adapters/dynamo/member-event-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { readSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { newPublicLink, publicLinkFrom } from './engagement-public-links.js';
// Not from engagement-surveys.ts: that module announces answers on the bus, which this job never does.
import { publicSurveyPath } from '../../shared/domain/public-link.js';
import { promoteWaiting } from './member-event-seats.js';
import { resolveSegmentAudience } from './segment-audience.js';
import { noteTreatmentAim } from './treatment-aimed.js';
import { sendMessage, type Publisher, type SendRequest } from './send-pipeline.js';

export type EventAudienceSource = (tenantId: string, event: MemberEvent, now: Date) => Promise<AudienceMember[]>;

/**
 * The clinic's patients in the saved segment (or all of them), only active members when the event
 * asks: the event happens at one clinic, and a segment reaching the chain's other clinics (another
 * city, often) does not invite their patients to it.
 */
export const eventAudience: EventAudienceSource = async (tenantId, event, now) => {
  const facts = await readSegmentFacts(tenantId, { clinicIds: [event.clinicId] });
  const today = now.toISOString().slice(0, 10);
  const byId = new Map(facts.map((f) => [f.patientId, f]));
  const members = event.segmentId ? (await resolveSegmentAudience(tenantId, event.segmentId, now)).filter((m) => m.clinicId === event.clinicId) : facts.filter((f) => !f.deceased);
  if (!event.membersOnly) return members;
  return members.filter((m) => {
    const card = byId.get(m.patientId)?.membership;
    return card?.status === 'active' && card.endDay >= today;
  });
};

export type EventRunDeps = { publish?: Publisher | undefined; audience?: EventAudienceSource };

type Context = { tenantId: string; now: Date; settings: AutomationSettings; clinics: ReadonlyMap<string, Clinic>; deps: EventRunDeps; tally: Record<string, number> };

const count = (ctx: Context, label: string): void => {
  ctx.tally[label] = (ctx.tally[label] ?? 0) + 1;
};

const send = async (ctx: Context, request: Omit<SendRequest, 'tenantId' | 'settings' | 'clinics' | 'values'>): Promise<string> => {
  const outcome = await sendMessage(
    { ...request, tenantId: ctx.tenantId, values: {}, settings: ctx.settings, clinics: ctx.clinics },
    { now: ctx.now, ...(ctx.deps.publish ? { publish: ctx.deps.publish } : {}) },
  );
  const label = outcome.reason && outcome.status !== 'sent' ? `${outcome.status}:${outcome.reason}` : outcome.status;
  count(ctx, `${request.purpose}.${label}`);
  return label;
};

/** The invitation to each member of the audience, once; the run is marked done when it went through all. */
const invite = async (ctx: Context, event: MemberEvent): Promise<void> => {
  await noteTreatmentAim(ctx.tenantId, { kind: 'event', id: event.eventId, segmentId: event.segmentId, aimedByTreatment: event.aimedByTreatment });
  const members = await (ctx.deps.audience ?? eventAudience)(ctx.tenantId, event, ctx.now);
  const at = ctx.now.toISOString();
  await mapLimit(members, { limit: 4 }, async (member) => {
    await putInvitation(ctx.tenantId, event, member, at);
    const label = await send(ctx, { patientId: member.patientId, purpose: 'marketing-campaign', occasion: `event.${event.eventId}.invite`, template: invitationText(event), ref: { kind: 'standing', notAfter: event.startAt } });
    // A concurrent run's claim: that run records what happened.
    if (label !== 'duplicate') await recordInviteOutcome(ctx.tenantId, event.eventId, member.patientId, label);
  });
  // Invited: those the pipeline did not skip (no consent, opted out, a family member got it).
  const reached = (await listAttendees(ctx.tenantId, event.eventId)).filter((a) => !a.inviteOutcome?.startsWith('skipped'));
  await markInvitationsDone(ctx.tenantId, event.eventId, at, reached.length);
};

/** The answers to sign-up replies the replies function left: sent once, then removed. */
const sendNotices = async (ctx: Context, event: MemberEvent): Promise<void> => {
  for (const notice of await listNotices(ctx.tenantId, event.eventId)) {
    await send(ctx, { patientId: notice.patientId, purpose: 'member-event', occasion: `event.${event.eventId}.${notice.kind}.${notice.noticeId}`, template: noticeText(notice.kind, event), ref: { kind: 'standing', notAfter: event.startAt } });
    await deleteNotice(ctx.tenantId, event.eventId, notice.noticeId);
  }
};

const remind = async (ctx: Context, event: MemberEvent): Promise<void> => {
  const due = (await listAttendees(ctx.tenantId, event.eventId)).filter((a) => a.status === 'signed-up' && !a.remindedAt);
  await mapLimit(due, { limit: 4 }, async (a) => {
    await send(ctx, { patientId: a.patientId, purpose: 'member-event', occasion: `event.${event.eventId}.reminder`, template: reminderText(event), ref: { kind: 'standing', notAfter: event.startAt } });
    await markAttendee(ctx.tenantId, event.eventId, a.patientId, 'remindedAt', ctx.now.toISOString());
  });
};

/** The feedback link: one survey invitation per attendee (the first token stored wins), sent once. */
const survey = async (ctx: Context, event: MemberEvent): Promise<void> => {
  const due = (await listAttendees(ctx.tenantId, event.eventId)).filter((a) => a.attendedAt && !a.surveySentAt);
  await mapLimit(due, { limit: 4 }, async (a) => {
    const { token } = await claimSurveyToken(ctx.tenantId, event.eventId, a.patientId, newPublicLink(ctx.tenantId).token);
    const { linkHash } = publicLinkFrom(token, 'survey');
    const at = ctx.now.toISOString();
    await putNewSurvey(ctx.tenantId, linkHash, { surveyId: ulid(), clinicId: event.clinicId, patientId: a.patientId, visitDate: event.date, createdAt: at, createdBy: `event:${event.eventId}` }).catch((error: unknown) => {
      // A run before this one stored the same link's invitation.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
    const notAfter = new Date(Date.parse(event.endAt) + 86_400_000).toISOString();
    await send(ctx, { patientId: a.patientId, purpose: 'survey', occasion: `event.${event.eventId}.survey`, template: surveyText(event, publicSurveyPath(token)), ref: { kind: 'standing', notAfter } });
    await markAttendee(ctx.tenantId, event.eventId, a.patientId, 'surveySentAt', at);
  });
};

const dayMs = 86_400_000;

export const runMemberEvents = async (tenantId: string, now: Date, deps: EventRunDeps = {}): Promise<Record<string, number>> => {
  const recent = (await listEvents(tenantId)).filter((e) => now.getTime() < Date.parse(e.endAt) + dayMs);
  // A called-off event still sends the notices that say so; nothing else.
  const calledOff = recent.filter((e) => e.status === 'cancelled');
  const events = recent.filter((e) => e.status === 'scheduled');
  const tally: Record<string, number> = { events: events.length };
  if (!events.length && !calledOff.length) return tally;
  const [{ settings }, clinicList] = await Promise.all([getAutomationSettings(tenantId), listClinics(tenantId)]);
  const ctx: Context = { tenantId, now, settings, clinics: new Map(clinicList.map((c) => [c.clinicId, c])), deps, tally };
  for (const event of calledOff) await sendNotices(ctx, event);
  for (const event of events) {
    if (invitationDue(event, now) && !event.invitationsDoneAt) await invite(ctx, event);
    // A crash between a cancellation and its promotion leaves a free place: fill it here.
    if (now.getTime() < Date.parse(event.startAt)) await promoteWaiting(tenantId, event.eventId, now);
    await sendNotices(ctx, event);
    if (reminderDue(event, now)) await remind(ctx, event);
    if (surveyDue(event, now)) await survey(ctx, event);
  }
  return tally;
};

