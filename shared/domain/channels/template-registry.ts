/**
 * The chain's templates per provider (issue 14): each with the provider's template code, its
 * approval status, its type, its parameters with their length limits, and the purposes it may
 * serve. Checked when an owner registers one and when an automation or campaign is set up, so a
 * template the provider has not approved, or a purpose the provider refuses, is named at setup
 * rather than discovered at send time.
 */
import { isMarketingPurpose, messagePurposes, type MessagePurpose } from '../messaging/purposes.js';
import { providerRules, type Channel } from './provider-rules.js';

export type TemplateType = 'verification' | 'notification' | 'marketing';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export type ChannelTemplate = {
  templateKey: string;
  channel: Channel;
  providerCode: string;
  status: ApprovalStatus;
  type: TemplateType;
  params: readonly { name: string; maxLength: number }[];
  purposes: readonly MessagePurpose[];
};

export type TemplateProblem = { field: string; code: string; reason: string };

/** What is wrong with a template as registered (empty: it may be saved). */
export const templateProblems = (template: ChannelTemplate): TemplateProblem[] => {
  const rule = providerRules[template.channel];
  const problems: TemplateProblem[] = [];
  if (rule.templateOnly && !/^[A-Za-z0-9_-]{1,64}$/.test(template.providerCode)) problems.push({ field: 'providerCode', code: 'channel.template_code_invalid', reason: 'the provider template code is letters, digits, _ or -' });
  template.params.forEach((p, i) => {
    if (rule.parameterMaxLength !== undefined && p.maxLength > rule.parameterMaxLength) problems.push({ field: `params.${i}.maxLength`, code: 'channel.parameter_too_long', reason: `${template.channel} allows at most ${rule.parameterMaxLength} characters per parameter` });
  });
  template.purposes.forEach((purpose, i) => {
    if (!(messagePurposes as readonly string[]).includes(purpose)) problems.push({ field: `purposes.${i}`, code: 'channel.purpose_unknown', reason: 'not a message purpose' });
    else if (rule.forbiddenPurposes.includes(purpose)) problems.push({ field: `purposes.${i}`, code: 'channel.purpose_forbidden', reason: `${template.channel} refuses ${purpose} content` });
    else if (isMarketingPurpose(purpose) !== (template.type === 'marketing')) problems.push({ field: `purposes.${i}`, code: 'channel.template_type_mismatch', reason: `a ${isMarketingPurpose(purpose) ? 'marketing' : 'service'} purpose needs a ${isMarketingPurpose(purpose) ? 'marketing' : 'notification'} template` });
  });
  return problems;
};

/**
 * The problem with sending `purpose` on `channel` with the template of that key, at setup: the
 * template must exist for the channel, be approved, serve the purpose and supply the values.
 */
export const setupProblem = (templates: readonly ChannelTemplate[], setup: { channel: Channel; purpose: MessagePurpose; templateKey: string; values: readonly string[] }): TemplateProblem | undefined => {
  if (!providerRules[setup.channel].templateOnly) return undefined;
  const template = templates.find((t) => t.channel === setup.channel && t.templateKey === setup.templateKey);
  if (!template) return { field: 'templateKey', code: 'channel.template_unknown', reason: `no ${setup.channel} template ${setup.templateKey}` };
  if (template.status !== 'approved') return { field: 'templateKey', code: 'channel.template_not_approved', reason: `${setup.channel} has ${template.status === 'pending' ? 'not yet approved' : 'rejected'} template ${template.providerCode}` };
  if (!template.purposes.includes(setup.purpose)) return { field: 'templateKey', code: 'channel.template_wrong_purpose', reason: `template ${template.providerCode} is not registered for ${setup.purpose}` };
  const missing = template.params.find((p) => !setup.values.includes(p.name));
  return missing ? { field: `params.${missing.name}`, code: 'channel.parameter_missing', reason: `the template needs ${missing.name}` } : undefined;
};
