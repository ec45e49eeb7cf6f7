/**
 * What each kind of message can fill a provider template with (issue 14). A provider sends only
 * its approved template with parameters; a parameter nothing supplies would go out empty, or be
 * refused by the provider. So the values are checked at setup: when the owner registers a template
 * for a purpose (channel settings), when an automation with an optional offer is switched on, and
 * when a campaign is submitted or approved. The send pipeline always adds the name and the clinic.
 */
import type { MessagePurpose } from '../messaging/purposes.js';
import type { TemplateVariable } from '../messaging/template.js';
import type { AutomationSettings } from '../../schemas/automations.js';
import type { ChannelSettings } from '../../schemas/channels.js';
import { providerRules } from './provider-rules.js';
import { setupProblem, type TemplateProblem } from './template-registry.js';

/** What the send pipeline adds to every message. */
export const alwaysSupplied: readonly TemplateVariable[] = ['name', 'clinic'];

/** The values each purpose's sender passes (the jobs and services that send it), beyond name and clinic. */
export const purposeValues: Readonly<Record<MessagePurpose, readonly TemplateVariable[]>> = {
  'appointment-reminder': ['time'],
  care: [],
  recall: [],
  installment: ['time'],
  renewal: ['time', 'amount'],
  survey: [],
  // The owner's offer, when there is one (checked when the automation is switched on).
  reactivation: ['coupon'],
  birthday: ['coupon'],
  holiday: ['coupon'],
  // The recipient's coupon code and its last day, when the campaign has an offer.
  'marketing-campaign': ['coupon', 'time'],
  'member-checkup': [],
  'member-benefits': ['count', 'time'],
  'low-balance': ['amount'],
  'member-event': [],
};

export const suppliedValues = (purpose: MessagePurpose): readonly TemplateVariable[] => [...alwaysSupplied, ...purposeValues[purpose]];

/**
 * The shortest a parameter may be for a value of fixed length: a campaign's coupon code (12
 * characters, coupon-service.ts) and its last day (YYYY-MM-DD). Cut short, the code the patient
 * reads would not be the one issued.
 */
const fixedLengths: Partial<Record<MessagePurpose, Partial<Record<TemplateVariable, number>>>> = { 'marketing-campaign': { coupon: 12, time: 10 } };

/** Templates asking for a value their purposes never carry, or too short for a code, by field (`templates.i.params.j.…`). */
export const unsuppliedParameterProblems = (settings: Pick<ChannelSettings, 'templates'>): TemplateProblem[] =>
  settings.templates.flatMap((template, i) =>
    template.params.flatMap((param, j): TemplateProblem[] => {
      const lacking = template.purposes.find((purpose) => !suppliedValues(purpose).includes(param.name));
      if (lacking) return [{ field: `templates.${i}.params.${j}.name`, code: 'channel.parameter_unsupplied', reason: `${lacking} messages carry no {${param.name}}` }];
      const needed = Math.max(0, ...template.purposes.map((purpose) => fixedLengths[purpose]?.[param.name] ?? 0));
      return param.maxLength < needed ? [{ field: `templates.${i}.params.${j}.maxLength`, code: 'number.too_small', reason: `must be at least ${needed}: the {${param.name}} it carries is ${needed} characters` }] : [];
    }),
  );

/**
 * The first problem with sending `purpose` through each template channel of its route, given the
 * values this setup supplies: the template the route would pick (the first approved one serving the
 * purpose) must exist and take no value the setup lacks. Undefined when every channel can carry it.
 */
export const routeSetupProblem = (settings: Pick<ChannelSettings, 'templates' | 'routing'>, purpose: MessagePurpose, supplied: readonly TemplateVariable[]): TemplateProblem | undefined => {
  for (const channel of settings.routing[purpose] ?? []) {
    if (!providerRules[channel].templateOnly) continue;
    const template = settings.templates.find((t) => t.channel === channel && t.status === 'approved' && t.purposes.includes(purpose))
      ?? settings.templates.find((t) => t.channel === channel && t.purposes.includes(purpose));
    const problem = setupProblem(settings.templates, { channel, purpose, templateKey: template?.templateKey ?? '', values: supplied });
    if (problem) return problem;
  }
  return undefined;
};

/** An offer longer than a routed template's {coupon} parameter would reach the patient cut short. */
const offerTooLong = (channels: Pick<ChannelSettings, 'templates' | 'routing'>, purpose: MessagePurpose, offer: string): TemplateProblem | undefined => {
  const limits = (channels.routing[purpose] ?? []).flatMap((channel) =>
    channels.templates.filter((t) => t.channel === channel && t.status === 'approved' && t.purposes.includes(purpose)).flatMap((t) => t.params.filter((p) => p.name === 'coupon').map((p) => p.maxLength)),
  );
  const limit = Math.min(Infinity, ...limits);
  return [...offer.trim()].length > limit ? { field: 'params.coupon', code: 'channel.parameter_too_long', reason: `the offer is longer than the ${limit} characters the ${purpose} template takes` } : undefined;
};

/** The marketing automations whose offer fills {coupon}: switched on without one, a template needing it has nothing to send. */
const offerAutomations = [
  { purpose: 'reactivation', field: 'reactivation.offer', of: (s: AutomationSettings) => s.reactivation },
  { purpose: 'birthday', field: 'birthday.offer', of: (s: AutomationSettings) => s.birthday },
  { purpose: 'holiday', field: 'holidays.offer', of: (s: AutomationSettings) => s.holidays },
] as const;

/** Automations switched on whose route's template needs a value the settings leave empty, by the field to fill. */
export const automationSetupProblems = (automations: AutomationSettings, channels: Pick<ChannelSettings, 'templates' | 'routing'>): (TemplateProblem & { purpose: MessagePurpose })[] =>
  offerAutomations.flatMap(({ purpose, field, of }) => {
    const settings = of(automations);
    if (!settings.enabled) return [];
    const supplied = settings.offer.trim() === '' ? alwaysSupplied : suppliedValues(purpose);
    const problem = routeSetupProblem(channels, purpose, supplied) ?? offerTooLong(channels, purpose, settings.offer);
    if (!problem) return [];
    const atOffer = problem.code === 'channel.parameter_missing' || problem.code === 'channel.parameter_too_long';
    const reason = problem.code === 'channel.parameter_missing' ? `the ${purpose} template needs an offer for {coupon}` : problem.reason;
    return [{ ...problem, purpose, field: atOffer ? field : `${field.split('.')[0]}.enabled`, reason }];
  });
