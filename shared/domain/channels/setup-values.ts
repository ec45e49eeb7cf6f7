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

/** Templates asking for a value their purposes never carry, by field (`templates.i.params.j.name`). */
export const unsuppliedParameterProblems = (settings: Pick<ChannelSettings, 'templates'>): TemplateProblem[] =>
  settings.templates.flatMap((template, i) =>
    template.params.flatMap((param, j) => {
      const lacking = template.purposes.find((purpose) => !suppliedValues(purpose).includes(param.name));
      return lacking ? [{ field: `templates.${i}.params.${j}.name`, code: 'channel.parameter_unsupplied', reason: `${lacking} messages carry no {${param.name}}` }] : [];
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
    const problem = routeSetupProblem(channels, purpose, supplied);
    if (!problem) return [];
    const needsOffer = problem.code === 'channel.parameter_missing';
    return [{ ...problem, purpose, field: needsOffer ? field : `${field.split('.')[0]}.enabled`, reason: needsOffer ? `the ${purpose} template needs an offer for {coupon}` : problem.reason }];
  });
