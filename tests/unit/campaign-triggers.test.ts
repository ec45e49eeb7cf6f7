/**
 * Triggered campaigns, pure parts: which bus events are triggers and what they carry, whether a
 * schedule listens, when the message falls due, and the schedule's bad input (stable codes).
 */
import { describe, expect, it } from 'vitest';
import { codeOfIssue } from '../../shared/schemas/error-codes.js';
import { campaignScheduleSchema } from '../../shared/schemas/campaigns.js';
import { campaignDue } from '../../shared/domain/campaigns/due.js';
import { occurrenceOf, triggerDueAt, triggerMatches, triggerOccasion, type TriggerOccurrence } from '../../shared/domain/campaigns/triggers.js';
import { eventRules, leadConvertedEvent, surveyAnsweredEvent, visitCheckedOutEvent } from '../../shared/schedules.js';
import { matchesRule } from '../../functions/local/event-bus.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';

const survey = (score?: number): TriggerOccurrence => ({ tenantId: 't', event: 'survey-answered', patientId: 'P1', ref: 'S1', at: '2026-05-01T02:00:00.000Z', ...(score === undefined ? {} : { score }) });

describe('trigger matching', () => {
  it('reads a trigger occurrence from each bus event, with the record as its key and the record time', () => {
    const visit = occurrenceOf({ source: visitCheckedOutEvent.source, 'detail-type': visitCheckedOutEvent.detailType, time: '2026-05-01T09:00:00Z', detail: { tenantId: 't', patientId: 'P1', visitId: 'V1', at: '2026-05-01T08:00:00Z', careDue: false } });
    expect(visit).toEqual({ tenantId: 't', event: 'visit-checked-out', patientId: 'P1', ref: 'V1', at: '2026-05-01T08:00:00.000Z' });
    const answered = occurrenceOf({ source: surveyAnsweredEvent.source, 'detail-type': surveyAnsweredEvent.detailType, detail: { tenantId: 't', patientId: 'P1', surveyId: 'S1', score: 9, at: '2026-05-01T08:00:00Z' } });
    expect(answered).toMatchObject({ event: 'survey-answered', ref: 'S1', score: 9 });
    // the envelope's time stands in for a record time the event lacks
    expect(occurrenceOf({ source: leadConvertedEvent.source, 'detail-type': leadConvertedEvent.detailType, time: '2026-05-02T00:00:00Z', detail: { tenantId: 't', patientId: 'P1', leadId: 'L1' } })?.at).toBe('2026-05-02T00:00:00.000Z');
  });

  it('ignores other events and events missing their ids (or holding a key separator)', () => {
    expect(occurrenceOf({ source: 'smileloop.api', 'detail-type': 'Job Run Requested', detail: { tenantId: 't' } })).toBeUndefined();
    expect(occurrenceOf({ source: visitCheckedOutEvent.source, 'detail-type': visitCheckedOutEvent.detailType, time: '2026-05-01T00:00:00Z', detail: { tenantId: 't', patientId: 'P1' } })).toBeUndefined();
    expect(occurrenceOf({ source: visitCheckedOutEvent.source, 'detail-type': visitCheckedOutEvent.detailType, time: '2026-05-01T00:00:00Z', detail: { tenantId: 't', patientId: 'P#1', visitId: 'V1' } })).toBeUndefined();
  });

  it('listens only to its own event, and to a survey only at or above its minimum score', () => {
    const schedule = { kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 9 } as const;
    expect(triggerMatches(schedule, survey(9))).toBe(true);
    expect(triggerMatches(schedule, survey(10))).toBe(true);
    expect(triggerMatches(schedule, survey(8))).toBe(false);
    expect(triggerMatches(schedule, survey())).toBe(false);
    expect(triggerMatches({ kind: 'trigger', event: 'survey-answered', delayDays: 1 }, survey(2))).toBe(true);
    expect(triggerMatches({ kind: 'trigger', event: 'visit-checked-out', delayDays: 1 }, survey(10))).toBe(false);
    expect(triggerMatches({ kind: 'now' }, survey(10))).toBe(false);
  });

  it('falls due whole days after the record, and keys the ledger by the record', () => {
    expect(triggerDueAt({ delayDays: 2 }, { at: '2026-05-01T02:00:00.000Z' })).toBe('2026-05-03T02:00:00.000Z');
    expect(triggerDueAt({ delayDays: 0 }, { at: '2026-05-01T02:00:00.000Z' })).toBe('2026-05-01T02:00:00.000Z');
    expect(triggerOccasion('C1', 'V1')).toBe('campaign.C1.t.V1');
  });

  it('never starts a batch run for a triggered campaign', () => {
    const campaign = { status: 'scheduled', window: { startHour: 0, endHour: 24 }, schedule: { kind: 'trigger', event: 'lead-converted', delayDays: 0 } } as unknown as Campaign;
    expect(campaignDue(campaign, new Date('2026-05-01T04:00:00Z'), 'Asia/Shanghai')).toBe(false);
  });

  it('routes every trigger event to the triggers job', () => {
    for (const source of [visitCheckedOutEvent, surveyAnsweredEvent, leadConvertedEvent]) {
      const event = { source: source.source, detailType: source.detailType, detail: { tenantId: 't' } };
      expect(eventRules.filter((r) => matchesRule(r, event)).map((r) => r.target)).toContain('campaign-triggers');
    }
  });
});

describe('trigger schedule input', () => {
  const codeAt = (input: unknown) => {
    const parsed = campaignScheduleSchema.safeParse(input);
    if (parsed.success) return undefined;
    const issue = parsed.error.issues[0];
    return issue ? { path: issue.path.join('.'), code: codeOfIssue(issue) } : undefined;
  };
  it('accepts the review invitation schedule', () => {
    expect(codeAt({ kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 9 })).toBeUndefined();
  });
  it('names the field and a stable code for an unknown event, a score outside 0–10 and a delay out of bounds', () => {
    expect(codeAt({ kind: 'trigger', event: 'tooth-lost', delayDays: 1 })).toEqual({ path: 'event', code: 'campaign.trigger_event' });
    expect(codeAt({ kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 11 })).toEqual({ path: 'minScore', code: 'campaign.trigger_score' });
    expect(codeAt({ kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: -1 })).toEqual({ path: 'minScore', code: 'campaign.trigger_score' });
    expect(codeAt({ kind: 'trigger', event: 'survey-answered', delayDays: 91 })).toEqual({ path: 'delayDays', code: 'campaign.trigger_delay' });
    expect(codeAt({ kind: 'trigger', event: 'survey-answered', delayDays: 1.5 })).toEqual({ path: 'delayDays', code: 'campaign.trigger_delay' });
  });
});
