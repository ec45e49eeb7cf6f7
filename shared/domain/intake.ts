/**
 * The public intake questionnaire (seed 000 strategy 1) and what a lead becomes. Pure.
 * Labels are the customer's own words; the stored values are stable English codes.
 */
import type {
  BudgetRange,
  Consultant,
  LeadTier,
  IntakeOption,
  IntakePriority,
  Lead,
  ProcedureInterest,
  PublicIntakeForm,
} from '../schemas/engagement.js';
import { budgetRanges, intakePriorities, procedureInterests } from '../schemas/engagement.js';
import type { PatientCreate } from '../schemas/patient.js';
import type { StaffMember } from '../schemas/org.js';
import type { Role } from './access.js';
import { roleHasPermission, seesContactDetails } from './access.js';
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
export type LeadRecord = Omit<Lead, 'status' | 'tier' | 'version' | 'assigneeName' | 'suggestedAssignee'> & {
  status: 'new' | 'converting' | 'converted';
  claimedAt?: string;
  /** absent on leads stored before assignment existed: version 0 */
  version?: number;
};

/** What a lead's screen needs besides the record: staff names, and the clinic's consultants for a suggestion. */
export type LeadContext = { staffNames: ReadonlyMap<string, string>; consultants: readonly Consultant[] };

export const presentLead = (record: LeadRecord, role: Role, context?: LeadContext): Lead => {
  const { claimedAt: _claimedAt, status, version, ...rest } = record;
  const shown = status === 'converted' ? 'converted' : 'new';
  const lead: Lead = { ...rest, status: shown, tier: leadTierOf(record), version: version ?? 0 };
  const assigneeName = record.assignee ? context?.staffNames.get(record.assignee) : undefined;
  if (assigneeName) lead.assigneeName = assigneeName;
  const suggested = context && shown === 'new' && !record.assignee ? suggestConsultant(record, context.consultants) : undefined;
  if (suggested) lead.suggestedAssignee = { userId: suggested.userId, displayName: suggested.displayName };
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

// ---- who calls a lead back (seed 000 strategy 1: 优先将高价值客群分配给资深咨询师) ----------------

/**
 * 预算 2 万元以上 + 关注隐私 / 技术: the seed's high-value pool, which goes to a senior consultant.
 * Price-minded or smaller budgets are 'standard' and go to the desk's consultants.
 */
export const leadTierOf = (lead: Pick<LeadRecord, 'budget' | 'priority'>): LeadTier =>
  lead.budget === 'over-20000' && (lead.priority === 'privacy' || lead.priority === 'technology') ? 'high-value' : 'standard';

/** Roles that call leads back: those who read leads and see phones (not marketing: masked phones). */
export const takesLeads = (role: Role): boolean => seesContactDetails(role) && roleHasPermission(role, 'leads:read');

/** Stable, even spread without a counter to keep: the lead's id picks one of the pool, always the same one. */
const spreadPick = (leadId: string, pool: readonly Consultant[]): Consultant | undefined => {
  if (pool.length === 0) return undefined;
  const sorted = [...pool].sort((a, b) => a.userId.localeCompare(b.userId));
  let hash = 0;
  for (const char of leadId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return sorted[hash % sorted.length];
};

/**
 * Whom to suggest for a lead. High-value leads go to a senior consultant only (none when the
 * clinic named none, so the screen asks for one rather than hand the lead to anyone). Standard
 * leads go to the other consultants, keeping seniors free, and to a senior only when the clinic
 * has nobody else; the owner is suggested only when the clinic has no one at all.
 */
export const suggestConsultant = (lead: Pick<LeadRecord, 'leadId' | 'budget' | 'priority'>, consultants: readonly Consultant[]): Consultant | undefined => {
  const seniors = consultants.filter((c) => c.senior);
  if (leadTierOf(lead) === 'high-value') return spreadPick(lead.leadId, seniors);
  const staff = consultants.filter((c) => c.role !== 'owner');
  const others = staff.filter((c) => !c.senior);
  const pool = others.length > 0 ? others : staff.length > 0 ? staff : consultants;
  return spreadPick(lead.leadId, pool);
};

/** Who may take one clinic's leads: staff not disabled, in a role that calls leads, working there. */
export const consultantsOf = (
  staff: readonly Pick<StaffMember, 'userId' | 'displayName' | 'role' | 'clinicIds' | 'status'>[],
  clinicId: string,
  seniorIds: readonly string[],
): Consultant[] =>
  staff
    .filter((s) => s.status !== 'disabled' && takesLeads(s.role) && (s.role === 'owner' || s.clinicIds.includes(clinicId)))
    .map((s) => ({ userId: s.userId, displayName: s.displayName, role: s.role, senior: seniorIds.includes(s.userId) }));
