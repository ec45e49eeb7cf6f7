/**
 * The public intake questionnaire (seed 000 strategy 1) and what a lead becomes. Pure.
 * Labels are the customer's own words; the stored values are stable English codes.
 */
import type {
  BudgetRange,
  IntakeOption,
  IntakePriority,
  Lead,
  ProcedureInterest,
  PublicIntakeForm,
} from '../schemas/engagement.js';
import { budgetRanges, intakePriorities, procedureInterests } from '../schemas/engagement.js';
import type { PatientCreate } from '../schemas/patient.js';
import type { Role } from './access.js';
import { seesContactDetails } from './access.js';
import { maskPhone } from './phone.js';

export const budgetLabels: Record<BudgetRange, string> = {
  'under-5000': '5000 元以下',
  '5000-20000': '5000 元–2 万元',
  'over-20000': '2 万元以上',
};

export const priorityLabels: Record<IntakePriority, string> = {
  price: '价格',
  technology: '技术',
  privacy: '隐私体验',
};

export const interestLabels: Record<ProcedureInterest, string> = {
  basic: '检查 / 洁牙',
  restorative: '补牙 / 修复',
  implant: '种植牙',
  ortho: '正畸',
  perio: '牙周治疗',
  cosmetic: '美白 / 美学修复',
  pediatric: '儿童齿科',
};

/** Short tags on the patient a lead becomes, so segments can find "预算2万以上 + 关注隐私" (seed 000). */
const budgetTags: Record<BudgetRange, string> = { 'under-5000': '预算5千以下', '5000-20000': '预算5千-2万', 'over-20000': '预算2万以上' };
const priorityTags: Record<IntakePriority, string> = { price: '关注价格', technology: '关注技术', privacy: '关注隐私' };
const interestTags: Record<ProcedureInterest, string> = {
  basic: '意向洁牙检查', restorative: '意向修复', implant: '意向种植', ortho: '意向正畸', perio: '意向牙周', cosmetic: '意向美学', pediatric: '意向儿童齿科',
};

export const contactConsentText = '我同意诊所通过电话或短信联系我，安排检查与回复咨询。';
export const marketingConsentText = '我愿意接收诊所的优惠与活动信息（可随时回复 T 退订）。';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>): IntakeOption<T>[] =>
  values.map((value) => ({ value, label: labels[value] }));

export const publicIntakeForm = (clinicName: string): PublicIntakeForm => ({
  clinicName,
  options: {
    budget: options(budgetRanges, budgetLabels),
    priority: options(intakePriorities, priorityLabels),
    interests: options(procedureInterests, interestLabels),
  },
  consentText: { contact: contactConsentText, marketing: marketingConsentText },
});

/** As stored: 'converting' is the short-lived claim a conversion holds (see the lead service). */
export type LeadRecord = Omit<Lead, 'status'> & { status: 'new' | 'converting' | 'converted'; claimedAt?: string };

export const presentLead = (record: LeadRecord, role: Role): Lead => {
  const { claimedAt: _claimedAt, status, ...rest } = record;
  const lead: Lead = { ...rest, status: status === 'converted' ? 'converted' : 'new' };
  return seesContactDetails(role) ? lead : { ...lead, phone: maskPhone(record.phone) };
};

/**
 * The patient a lead becomes. Consents come from the form the person sent (source web-form,
 * at the time they sent it, with the lead as proof): care from the required contact consent,
 * marketing from their own choice. Health-data consent is never implied by a web form.
 */
export const patientInputFromLead = (lead: LeadRecord): PatientCreate => {
  const given = { source: 'web-form' as const, at: lead.createdAt, proof: `lead:${lead.leadId}` };
  return {
    name: lead.name,
    phone: lead.phone,
    clinicId: lead.clinicId,
    gender: 'unknown',
    channel: lead.channel,
    tags: [budgetTags[lead.budget], priorityTags[lead.priority], ...lead.interests.map((i) => interestTags[i])],
    notes: lead.preferredTime ? `问卷希望就诊时间：${lead.preferredTime}` : '',
    consents: {
      care: { granted: lead.contactConsent, ...given },
      marketing: { granted: lead.marketingConsent, ...given },
    },
  };
};
