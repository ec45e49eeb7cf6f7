import { describe, expect, it } from 'vitest';
import { automationSetupProblems, routeSetupProblem, suppliedValues, unsuppliedParameterProblems } from '../../shared/domain/channels/setup-values.js';
import { channelSettingsProblems } from '../../shared/domain/channels/settings-check.js';
import { defaultAutomationSettings } from '../../shared/schemas/automations.js';
import type { ChannelSettings } from '../../shared/schemas/channels.js';

type Template = ChannelSettings['templates'][number];
const template = (over: Partial<Template>): Template => ({
  templateKey: 'k', channel: 'alibaba-sms', providerCode: 'SMS_1', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 20 }], purposes: ['recall'], ...over,
});
const alibaba = { 'alibaba-sms': { signName: '微笑口腔', accessKeyId: 'LTAI5tDemoKey0001' } };
const reactivationTemplate = template({ templateKey: 'back', type: 'marketing', params: [{ name: 'name', maxLength: 20 }, { name: 'coupon', maxLength: 20 }], purposes: ['reactivation'] });

describe('the values a provider template may ask for', () => {
  it('every purpose carries the name and the clinic; reminders the time, greetings the offer', () => {
    expect(suppliedValues('recall')).toEqual(['name', 'clinic']);
    expect(suppliedValues('appointment-reminder')).toContain('time');
    expect(suppliedValues('birthday')).toContain('coupon');
  });

  it('refuses a template asking for a value its purpose never carries, naming the parameter', () => {
    const settings = { templates: [template({ params: [{ name: 'name', maxLength: 20 }, { name: 'coupon', maxLength: 20 }] })] };
    expect(unsuppliedParameterProblems(settings)).toEqual([{ field: 'templates.0.params.1.name', code: 'channel.parameter_unsupplied', reason: 'recall messages carry no {coupon}' }]);
    expect(channelSettingsProblems({ providers: alibaba, templates: settings.templates, routing: {} }).map((p) => p.code)).toEqual(['channel.parameter_unsupplied']);
  });

  it('a campaign without an offer cannot go through a template that takes {coupon}', () => {
    const campaignTemplate = template({ type: 'marketing', params: [{ name: 'coupon', maxLength: 20 }], purposes: ['marketing-campaign'] });
    const channels = { templates: [campaignTemplate], routing: { 'marketing-campaign': ['alibaba-sms' as const] } };
    expect(routeSetupProblem(channels, 'marketing-campaign', ['name', 'clinic'])).toMatchObject({ field: 'params.coupon', code: 'channel.parameter_missing' });
    expect(routeSetupProblem(channels, 'marketing-campaign', suppliedValues('marketing-campaign'))).toBeUndefined();
    // By SNS the text carries everything: nothing to check.
    expect(routeSetupProblem({ templates: [], routing: {} }, 'marketing-campaign', [])).toBeUndefined();
  });

  it('a campaign template’s {coupon} must hold the whole 12-character code, and a greeting’s offer must fit its template', () => {
    const short = template({ type: 'marketing', params: [{ name: 'coupon', maxLength: 8 }], purposes: ['marketing-campaign'] });
    expect(unsuppliedParameterProblems({ templates: [short] })).toEqual([{ field: 'templates.0.params.0.maxLength', code: 'number.too_small', reason: 'must be at least 12: the {coupon} it carries is 12 characters' }]);
    const automations = defaultAutomationSettings();
    const longOffer = { ...automations, reactivation: { ...automations.reactivation, enabled: true, offer: '凭此短信到店免费洁牙一次并赠送牙线一盒' } };
    const narrow = { templates: [{ ...reactivationTemplate, params: [{ name: 'coupon' as const, maxLength: 10 }] }], routing: { reactivation: ['alibaba-sms' as const] } };
    expect(automationSetupProblems(longOffer, narrow)).toEqual([expect.objectContaining({ field: 'reactivation.offer', code: 'channel.parameter_too_long' })]);
  });

  it('names a route whose template is not approved yet', () => {
    const channels = { templates: [template({ status: 'pending' })], routing: { recall: ['alibaba-sms' as const] } };
    expect(routeSetupProblem(channels, 'recall', suppliedValues('recall'))).toMatchObject({ code: 'channel.template_not_approved' });
  });

  it('reactivation switched on without an offer is refused at its offer field when its template takes {coupon}', () => {
    const automations = defaultAutomationSettings();
    const on = { ...automations, reactivation: { ...automations.reactivation, enabled: true, offer: '' } };
    const channels = { templates: [reactivationTemplate], routing: { reactivation: ['alibaba-sms' as const] } };
    expect(automationSetupProblems(on, channels)).toEqual([expect.objectContaining({ purpose: 'reactivation', field: 'reactivation.offer', code: 'channel.parameter_missing' })]);
    expect(automationSetupProblems({ ...on, reactivation: { ...on.reactivation, offer: '洁牙券一张' } }, channels)).toEqual([]);
    expect(automationSetupProblems(automations, channels)).toEqual([]);
  });
});
