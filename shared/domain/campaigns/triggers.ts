/**
 * Triggered campaigns (simple journeys, issue 12 item 2): a campaign whose schedule is
 * `{ kind: 'trigger', event, delayDays, minScore? }` is started per patient by something that
 * happened to them instead of by a date. Pure: which bus events are triggers, what each one
 * names (patient, the triggering record, when it happened, a survey's score), whether a
 * campaign listens to it, and when its one message falls due.
 *
 * Exactly once per (campaign, patient, triggering record): the record's id (visit, survey,
 * lead, membership) is the key, never the delivery, so a redelivered event finds its claim.
 */
import {
  leadConvertedEvent, membershipLapsedEvent, membershipSoldEvent, surveyAnsweredEvent, visitCheckedOutEvent,
} from '../../schedules.js';

export const triggerEvents = ['visit-checked-out', 'survey-answered', 'lead-converted', 'membership-sold', 'membership-lapsed'] as const;
export type TriggerEvent = (typeof triggerEvents)[number];

/** A journey waits at most a quarter: longer than that is a recurring campaign's job. */
export const maxTriggerDelayDays = 90;

export type TriggerSchedule = { kind: 'trigger'; event: TriggerEvent; delayDays: number; minScore?: number | undefined };

/** One thing that happened to one patient, as a trigger sees it. */
export type TriggerOccurrence = {
  tenantId: string;
  event: TriggerEvent;
  patientId: string;
  /** the triggering record's id: with the campaign and patient, the exactly-once key */
  ref: string;
  /** when it happened (the record's own time, so a redelivery computes the same due time) */
  at: string;
  /** a survey's 推荐意愿 (0–10) */
  score?: number;
};

/** Which bus event (source + detail-type) is which trigger; the event rules route these to the triggers job. */
export const triggerBusEvents: Record<TriggerEvent, { source: string; detailType: string }> = {
  'visit-checked-out': visitCheckedOutEvent,
  'survey-answered': surveyAnsweredEvent,
  'lead-converted': leadConvertedEvent,
  'membership-sold': membershipSoldEvent,
  'membership-lapsed': membershipLapsedEvent,
};

/** The detail field holding each trigger's record id. */
const refField: Record<TriggerEvent, string> = {
  'visit-checked-out': 'visitId',
  'survey-answered': 'surveyId',
  'lead-converted': 'leadId',
  'membership-sold': 'membershipId',
  'membership-lapsed': 'membershipId',
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && !value.includes('#') ? value : undefined);

/**
 * The occurrence an EventBridge-shaped event carries, or undefined for any other event or one
 * missing its ids. `envelopeTime` is the fallback for an event without its record's time.
 */
export const occurrenceOf = (event: { source?: string; 'detail-type'?: string; time?: string; detail?: unknown }): TriggerOccurrence | undefined => {
  const kind = triggerEvents.find((k) => triggerBusEvents[k].source === event.source && triggerBusEvents[k].detailType === event['detail-type']);
  if (!kind || typeof event.detail !== 'object' || event.detail === null) return undefined;
  const detail = event.detail as Record<string, unknown>;
  const tenantId = text(detail.tenantId);
  const patientId = text(detail.patientId);
  const ref = text(detail[refField[kind]]);
  const at = text(detail.at) ?? text(event.time);
  if (!tenantId || !patientId || !ref || !at || Number.isNaN(Date.parse(at))) return undefined;
  const score = typeof detail.score === 'number' && Number.isInteger(detail.score) ? detail.score : undefined;
  return { tenantId, event: kind, patientId, ref, at: new Date(at).toISOString(), ...(score === undefined ? {} : { score }) };
};

export const isTriggerSchedule = (schedule: { kind: string } | TriggerSchedule): schedule is TriggerSchedule => schedule.kind === 'trigger';

/** Does this campaign's schedule listen to this occurrence? A survey below `minScore` (or without a score) does not start it. */
export const triggerMatches = (schedule: { kind: string } | TriggerSchedule, occurrence: TriggerOccurrence): boolean => {
  if (!isTriggerSchedule(schedule) || schedule.event !== occurrence.event) return false;
  if (schedule.minScore === undefined || occurrence.event !== 'survey-answered') return true;
  return occurrence.score !== undefined && occurrence.score >= schedule.minScore;
};

/** The message falls due `delayDays` whole days after the occurrence (the campaign's sending hours then apply). */
export const triggerDueAt = (schedule: Pick<TriggerSchedule, 'delayDays'>, occurrence: Pick<TriggerOccurrence, 'at'>): string =>
  new Date(Date.parse(occurrence.at) + schedule.delayDays * 86_400_000).toISOString();

/** The send ledger's occasion for a batch run's message: one per (campaign, run, patient). */
export const batchOccasion = (campaignId: string, runKey: string): string => `campaign.${campaignId}.${runKey}`;

/** The send ledger's occasion for one triggered message: one per (campaign, triggering record). */
export const triggerOccasion = (campaignId: string, ref: string): string => `campaign.${campaignId}.t.${ref}`;

/** A campaign recipient's occasion in the send ledger: its triggering record's, or its run's. */
export const recipientOccasion = (campaignId: string, recipient: { triggerRef?: string; runKey: string }): string =>
  recipient.triggerRef ? triggerOccasion(campaignId, recipient.triggerRef) : batchOccasion(campaignId, recipient.runKey);
