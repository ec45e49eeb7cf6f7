/**
 * Whether the chain's channel settings may be saved (issue 14): every template as its provider
 * allows, no two with one key, and every purpose routed only through providers the chain has,
 * with an approved template serving that purpose on each template-only channel, asking only for
 * values that purpose carries (setup-values.ts). A purpose that
 * could not be sent is named here, at setup, not discovered at send time.
 */
import type { ChannelSettings } from '../../schemas/channels.js';
import { providerRules, type Channel } from './provider-rules.js';
import { templateProblems, type TemplateProblem } from './template-registry.js';
import { unsuppliedParameterProblems } from './setup-values.js';

const configured = (settings: ChannelSettings, channel: Channel): boolean => channel === 'sns' || settings.providers[channel] !== undefined;

export const channelSettingsProblems = (settings: ChannelSettings): TemplateProblem[] => {
  const problems: TemplateProblem[] = [];
  const keys = new Set<string>();
  settings.templates.forEach((template, i) => {
    for (const p of templateProblems(template)) problems.push({ ...p, field: `templates.${i}.${p.field}` });
    if (!configured(settings, template.channel)) problems.push({ field: `templates.${i}.channel`, code: 'channel.provider_missing', reason: `${template.channel} is not set up for this chain` });
    if (keys.has(template.templateKey)) problems.push({ field: `templates.${i}.templateKey`, code: 'channel.template_duplicate', reason: 'another template has this key' });
    keys.add(template.templateKey);
  });
  problems.push(...unsuppliedParameterProblems(settings));
  for (const [purpose, route] of Object.entries(settings.routing)) {
    (route ?? []).forEach((channel, i) => {
      const field = `routing.${purpose}.${i}`;
      if (!configured(settings, channel)) return problems.push({ field, code: 'channel.provider_missing', reason: `${channel} is not set up for this chain` });
      if (providerRules[channel].forbiddenPurposes.some((p) => p === purpose)) return problems.push({ field, code: 'channel.purpose_forbidden', reason: `${channel} refuses ${purpose} content` });
      if (!providerRules[channel].templateOnly) return undefined;
      const serving = settings.templates.filter((t) => t.channel === channel && t.purposes.some((p) => p === purpose));
      if (serving.length === 0) return problems.push({ field, code: 'channel.template_unknown', reason: `no ${channel} template serves ${purpose}` });
      if (!serving.some((t) => t.status === 'approved')) return problems.push({ field, code: 'channel.template_not_approved', reason: `${channel} has not approved a template for ${purpose}` });
      return undefined;
    });
  }
  return problems;
};
