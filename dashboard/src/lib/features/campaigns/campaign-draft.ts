/**
 * The builder's fields as the person edits them, and the body the API takes (shared schema's
 * input). Pure: the wizard's state class holds one of these and turns it into a request.
 */
import type { Campaign, CampaignBody } from '../../api/campaigns-api';
import { localInputToUtc, utcToLocalInput } from '../../format/clinic-time';
import type { TriggerEvent } from '$shared/domain/campaigns/triggers';

export type ScheduleKind = 'now' | 'at' | 'monthly' | 'trigger';
export type VariantDraft = { key: string; template: string; percent: number };

export type CampaignDraft = {
  name: string;
  segmentId: string;
  contactedWithinDays: number;
  excludeMembers: boolean;
  excludeWithAppointment: boolean;
  variants: VariantDraft[];
  holdoutPercent: number;
  couponDefinitionId: string;
  scheduleKind: ScheduleKind;
  /** datetime-local text on the clinic's clock */
  at: string;
  dayOfMonth: number;
  hour: number;
  /** a triggered campaign: the event, the days after it, and the survey's lowest score (blank: any) */
  triggerEvent: TriggerEvent;
  delayDays: number;
  minScore: number | null;
  startHour: number;
  endHour: number;
  throttlePerMinute: number;
  attributionDays: number;
};

export const emptyDraft = (): CampaignDraft => ({
  name: '',
  segmentId: '',
  contactedWithinDays: 0,
  excludeMembers: false,
  excludeWithAppointment: false,
  variants: [{ key: 'A', template: '{姓名}您好，{门店}好久不见，本月到店有礼，预约请致电{预约电话}', percent: 100 }],
  holdoutPercent: 10,
  couponDefinitionId: '',
  scheduleKind: 'now',
  at: '',
  dayOfMonth: 1,
  hour: 10,
  triggerEvent: 'visit-checked-out',
  delayDays: 1,
  minScore: null,
  startHour: 9,
  endHour: 20,
  throttlePerMinute: 600,
  attributionDays: 30,
});

const scheduleOf = (d: CampaignDraft, timeZone: string): CampaignBody['schedule'] => {
  if (d.scheduleKind === 'at') return { kind: 'at', at: localInputToUtc(d.at, timeZone) ?? d.at };
  if (d.scheduleKind === 'monthly') return { kind: 'monthly', dayOfMonth: d.dayOfMonth, hour: d.hour };
  if (d.scheduleKind === 'trigger') {
    const score = d.triggerEvent === 'survey-answered' && d.minScore !== null && d.minScore !== undefined ? { minScore: d.minScore } : {};
    return { kind: 'trigger', event: d.triggerEvent, delayDays: d.delayDays, ...score };
  }
  return { kind: 'now' };
};

export const bodyOf = (d: CampaignDraft, timeZone: string): CampaignBody => ({
  name: d.name.trim(),
  segmentId: d.segmentId,
  exclusions: { contactedWithinDays: d.contactedWithinDays, members: d.excludeMembers, withAppointment: d.excludeWithAppointment },
  variants: d.variants.map((v) => ({ key: v.key, template: v.template, percent: v.percent })),
  holdoutPercent: d.holdoutPercent,
  ...(d.couponDefinitionId ? { couponDefinitionId: d.couponDefinitionId } : {}),
  schedule: scheduleOf(d, timeZone),
  window: { startHour: d.startHour, endHour: d.endHour },
  throttlePerMinute: d.throttlePerMinute,
  attributionDays: d.attributionDays,
});

export const draftOf = (c: Campaign, timeZone: string): CampaignDraft => ({
  name: c.name,
  segmentId: c.segmentId,
  contactedWithinDays: c.exclusions.contactedWithinDays,
  excludeMembers: c.exclusions.members,
  excludeWithAppointment: c.exclusions.withAppointment,
  variants: c.variants.map((v) => ({ ...v })),
  holdoutPercent: c.holdoutPercent,
  couponDefinitionId: c.couponDefinitionId ?? '',
  scheduleKind: c.schedule.kind,
  at: c.schedule.kind === 'at' ? utcToLocalInput(c.schedule.at, timeZone) : '',
  dayOfMonth: c.schedule.kind === 'monthly' ? c.schedule.dayOfMonth : 1,
  hour: c.schedule.kind === 'monthly' ? c.schedule.hour : 10,
  triggerEvent: c.schedule.kind === 'trigger' ? c.schedule.event : 'visit-checked-out',
  delayDays: c.schedule.kind === 'trigger' ? c.schedule.delayDays : 1,
  minScore: c.schedule.kind === 'trigger' ? (c.schedule.minScore ?? null) : null,
  startHour: c.window.startHour,
  endHour: c.window.endHour,
  throttlePerMinute: c.throttlePerMinute,
  attributionDays: c.attributionDays,
});

export const wizardSteps = ['audience', 'message', 'offer', 'schedule'] as const;
export type WizardStep = (typeof wizardSteps)[number];

/** Which step shows the field an API error names, so the wizard can open it. */
export const stepOfPath = (path: string): WizardStep => {
  if (path.startsWith('variants')) return 'message';
  if (path.startsWith('couponDefinitionId') || path.startsWith('holdoutPercent')) return 'offer';
  if (/^(schedule|window|throttlePerMinute|attributionDays|status)/.test(path)) return 'schedule';
  return 'audience';
};

/** The next free variant key (A, B, C, D). */
export const nextVariantKey = (variants: readonly VariantDraft[]): string => ['A', 'B', 'C', 'D'].find((k) => !variants.some((v) => v.key === k)) ?? `V${variants.length + 1}`;
