/**
 * Per-chain automation settings: each automation on or off and tuned by the owner. Every field has
 * a default, so a chain that never saved settings (or saved them before a field existed) reads the
 * defaults. Marketing automations (reactivation, birthdays, holidays) start switched off: a chain
 * decides to send promotions, it is never opted in by the product.
 */
import * as z from 'zod';
import { templateVariables } from '../domain/messaging/template.js';
import { isoDateSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';

const int = (min: number, max: number) =>
  z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` });

/** Message text an owner may change: only the known variables, no treatment words by construction. */
export const templateTextSchema = textSchema()
  .min(4, { error: 'must be at least 4 characters' })
  .max(200, { error: 'must be at most 200 characters' })
  .refine((text) => [...text.matchAll(/\{(\w+)\}/g)].every((m) => (templateVariables as readonly string[]).includes(m[1] ?? '')), {
    error: `may only use the variables ${templateVariables.map((v) => `{${v}}`).join(' ')}`,
    params: { code: 'template.variables', vars: templateVariables.map((v) => `{${v}}`).join(' ') },
  })
  .refine((text) => !/[【】]/.test(text), { error: 'must not contain 【】: the clinic signature is added for you', params: { code: 'template.signature' } });

/** An offer written into {coupon}: short, plain text ('' = no offer). */
const offerSchema = textSchema()
  .max(40, { error: 'must be at most 40 characters' })
  .refine((v) => !/[【】{}]/.test(v), { error: 'must not contain 【】 or braces', params: { code: 'offer.chars' } });

/** Days before a date, largest first, no repeats. */
const daysBeforeSchema = (max: number) =>
  z
    .array(int(1, max), { error: coded('days.invalid', 'must be a list of days') })
    .min(1, { error: coded('days.none', 'must name at least one day') })
    .max(4, { error: coded('days.too_many', 'must name at most 4 days') })
    .refine((days) => new Set(days).size === days.length, { error: 'must not repeat a day', params: { code: 'days.repeat' } })
    .transform((days) => [...days].sort((a, b) => b - a));

const holidaySchema = z.strictObject({
  date: isoDateSchema,
  name: textSchema().min(1, { error: 'is required' }).max(20, { error: 'must be at most 20 characters' }),
  template: templateTextSchema,
});
export type Holiday = z.infer<typeof holidaySchema>;

export const defaultTemplates = {
  recall: '{name}您好，您在{clinic}的定期复查时间快到了，回复1我们为您预约，或致电门店。',
  reactivation: '{name}您好，好久不见！{clinic}邀请您回来做一次口腔检查。{coupon}',
  birthday: '{name}，{clinic}祝您生日快乐！{coupon}',
  installment: '{name}您好，您在{clinic}的分期付款将于{time}到期，如有疑问请致电门店。',
  renewal: '{name}您好，您在{clinic}的会员将于{time}到期，会员期内已为您节省{amount}，续费可继续享受会员权益。',
  renewalLapsed: '{name}您好，您在{clinic}的会员已于{time}到期，会员期内已为您节省{amount}，续费可继续享受会员权益。',
  memberCheckup: '{name}您好，{clinic}提醒您：本月的会员到店检查权益已可使用，欢迎预约。',
  memberBenefits: '{name}您好，{clinic}提醒您：您的会员权益还有{count}次未使用，会员将于{time}到期，欢迎预约。',
  lowBalance: '{name}您好，您在{clinic}的储值余额为{amount}，如需充值请到店或致电门店。',
} as const;

const renewalDefaults = { enabled: true, daysBefore: [45, 7], onLapse: true, template: defaultTemplates.renewal, lapsedTemplate: defaultTemplates.renewalLapsed, holdoutPercent: 0 };

const defaultHolidays: Holiday[] = [
  { date: '2027-01-01', name: '元旦', template: '{name}您好，{clinic}祝您元旦快乐，新年笑口常开！{coupon}' },
  { date: '2027-02-06', name: '春节', template: '{name}您好，{clinic}给您拜年了，祝您新春快乐！{coupon}' },
  { date: '2027-09-20', name: '全国爱牙日', template: '{name}您好，今天是全国爱牙日，{clinic}提醒您每半年做一次口腔检查。{coupon}' },
];

const on = (enabled: boolean) => z.boolean({ error: 'must be true or false' }).default(enabled);

/**
 * The share of households an automation holds out to measure what it is worth (0 = off), as a
 * campaign's holdout (shared/domain/campaigns/automation-holdout.ts); at most half, like campaigns.
 */
const holdout = int(0, 50).default(0);

export const automationSettingsSchema = z.strictObject({
  appointmentReminders: z
    .strictObject({ enabled: on(true), dayBeforeHour: int(12, 20).default(18), hoursBefore: int(1, 6).default(2) })
    .default({ enabled: true, dayBeforeHour: 18, hoursBefore: 2 }),
  /** post-treatment care right after checkout and the care pathway's later messages */
  care: z.strictObject({ enabled: on(true) }).default({ enabled: true }),
  recall: z
    .strictObject({ enabled: on(true), daysBefore: daysBeforeSchema(60).default([14, 7]), maxAttempts: int(1, 4).default(2), template: templateTextSchema.default(defaultTemplates.recall), holdoutPercent: holdout })
    .default({ enabled: true, daysBefore: [14, 7], maxAttempts: 2, template: defaultTemplates.recall, holdoutPercent: 0 }),
  reactivation: z
    .strictObject({
      enabled: on(false),
      /** no visit for at least this many months */
      dormantMonths: int(6, 36).default(12),
      maxAttempts: int(1, 6).default(3),
      intervalDays: int(7, 180).default(60),
      /** at most this many patients a day per chain, highest past value first */
      dailyLimit: int(1, 2000).default(200),
      offer: offerSchema.default(''),
      template: templateTextSchema.default(defaultTemplates.reactivation),
      holdoutPercent: holdout,
    })
    .default({ enabled: false, dormantMonths: 12, maxAttempts: 3, intervalDays: 60, dailyLimit: 200, offer: '', template: defaultTemplates.reactivation, holdoutPercent: 0 }),
  birthday: z
    .strictObject({ enabled: on(false), offer: offerSchema.default(''), template: templateTextSchema.default(defaultTemplates.birthday), holdoutPercent: holdout })
    .default({ enabled: false, offer: '', template: defaultTemplates.birthday, holdoutPercent: 0 }),
  holidays: z
    .strictObject({
      enabled: on(false),
      offer: offerSchema.default(''),
      days: z.array(holidaySchema).max(24, { error: coded('holidays.too_many', 'must list at most 24 holidays') }).default(defaultHolidays),
    })
    .default({ enabled: false, offer: '', days: defaultHolidays }),
  installment: z.strictObject({ enabled: on(true), daysBefore: int(1, 14).default(3) }).default({ enabled: true, daysBefore: 3 }),
  /** the daily members job (jobs/member-messages.ts): days before a membership ends, and on the day it lapses */
  renewal: z
    .strictObject({
      enabled: on(true),
      daysBefore: daysBeforeSchema(90).default([45, 7]),
      onLapse: on(true),
      template: templateTextSchema.default(defaultTemplates.renewal),
      lapsedTemplate: templateTextSchema.default(defaultTemplates.renewalLapsed),
      holdoutPercent: holdout,
    })
    .default(renewalDefaults),
  /** on the 1st of each month, to members whose plan includes a monthly service (the check-up) */
  memberCheckup: z.strictObject({ enabled: on(true), template: templateTextSchema.default(defaultTemplates.memberCheckup) }).default({ enabled: true, template: defaultTemplates.memberCheckup }),
  /** counted benefits of the term still unused this many days before it ends */
  memberBenefits: z
    .strictObject({ enabled: on(true), daysBefore: int(7, 180).default(60), template: templateTextSchema.default(defaultTemplates.memberBenefits) })
    .default({ enabled: true, daysBefore: 60, template: defaultTemplates.memberBenefits }),
  /** once each time a debit takes the stored-value balance (principal + bonus) below the threshold */
  lowBalance: z
    .strictObject({ enabled: on(true), thresholdFen: int(100, 10_000_000).default(20_000), template: templateTextSchema.default(defaultTemplates.lowBalance) })
    .default({ enabled: true, thresholdFen: 20_000, template: defaultTemplates.lowBalance }),
  /** the contact budget and window for every marketing message, whatever sends it */
  marketing: z
    .strictObject({ budgetPer30Days: int(0, 10).default(2), windowStartHour: int(7, 12).default(8), windowEndHour: int(17, 21).default(20) })
    .refine((m) => m.windowEndHour - m.windowStartHour >= 4, { error: 'the sending window must be at least 4 hours', path: ['windowEndHour'], params: { code: 'window.too_short', hours: 4 } })
    .default({ budgetPer30Days: 2, windowStartHour: 8, windowEndHour: 20 }),
});
export type AutomationSettings = z.infer<typeof automationSettingsSchema>;

/** A save names the version it was read at, so two owners editing at once cannot lose a change. */
export const automationSettingsUpdateSchema = z.strictObject({
  version: int(0, 1_000_000),
  settings: automationSettingsSchema,
});

export const defaultAutomationSettings = (): AutomationSettings => automationSettingsSchema.parse({});

export type StoredAutomationSettings = { settings: AutomationSettings; version: number; updatedAt?: string; updatedBy?: string };
