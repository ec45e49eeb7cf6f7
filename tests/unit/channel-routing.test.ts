/**
 * Routing rules per provider (issue 14): each provider rule as a test, the preference order with
 * its reasons for passing a channel over, and the template registry's checks at setup.
 */
import { describe, expect, it } from 'vitest';
import { routeMessage, type RouteFacts, type Routing } from '../../shared/domain/channels/routing.js';
import { setupProblem, templateProblems, type ChannelTemplate } from '../../shared/domain/channels/template-registry.js';
import { inQuietHours } from '../../shared/domain/channels/provider-rules.js';

const template = (over: Partial<ChannelTemplate>): ChannelTemplate => ({ templateKey: 'recall', channel: 'alibaba-sms', providerCode: 'SMS_100', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 10 }], purposes: ['recall'], ...over });
const facts = (over: Partial<RouteFacts>): RouteFacts => ({ purpose: 'recall', hasPhone: true, wechatSubscribed: false, activeMember: false, localHour: 10, sentToNumberToday: {}, ...over });

const templates: ChannelTemplate[] = [
  template({ channel: 'alibaba-sms', templateKey: 'recall', purposes: ['recall'] }),
  template({ channel: 'alibaba-sms', templateKey: 'reminder', providerCode: 'SMS_101', purposes: ['appointment-reminder'] }),
  template({ channel: 'alibaba-sms', templateKey: 'promo', providerCode: 'SMS_102', type: 'marketing', purposes: ['marketing-campaign'] }),
  template({ channel: 'tencent-sms', templateKey: 'reminder', providerCode: '1001', purposes: ['appointment-reminder'] }),
  template({ channel: 'wechat', templateKey: 'recall', providerCode: 'wx-tmpl-recall', purposes: ['recall'] }),
];
const chain: Routing = { recall: ['wechat', 'tencent-sms', 'alibaba-sms'], 'appointment-reminder': ['alibaba-sms', 'sns'], 'marketing-campaign': ['alibaba-sms'] };

describe('routing per provider rule', () => {
  it('a chain that set nothing sends everything by SNS, as today', () => {
    expect(routeMessage({}, [], facts({ purpose: 'care' }))).toMatchObject({ kind: 'route', channel: 'sns', passedOver: [] });
  });

  it('recall goes to WeChat when the patient subscribed; Tencent never carries recall', () => {
    expect(routeMessage(chain, templates, facts({ wechatSubscribed: true }))).toMatchObject({ kind: 'route', channel: 'wechat', template: { providerCode: 'wx-tmpl-recall' } });
    expect(routeMessage(chain, templates, facts({ wechatSubscribed: false }))).toEqual({
      kind: 'route', channel: 'alibaba-sms', template: templates[0], passedOver: [{ channel: 'wechat', reason: 'not-subscribed' }, { channel: 'tencent-sms', reason: 'provider-forbids-purpose' }],
    });
  });

  it('Alibaba marketing: only to members, never 20:00–08:00', () => {
    expect(routeMessage(chain, templates, facts({ purpose: 'marketing-campaign', activeMember: false }))).toMatchObject({ kind: 'none', passedOver: [{ channel: 'alibaba-sms', reason: 'members-only' }] });
    expect(routeMessage(chain, templates, facts({ purpose: 'marketing-campaign', activeMember: true, localHour: 20 }))).toMatchObject({ kind: 'none', passedOver: [{ reason: 'provider-quiet-hours' }] });
    expect(routeMessage(chain, templates, facts({ purpose: 'marketing-campaign', activeMember: true, localHour: 7 }))).toMatchObject({ kind: 'none' });
    expect(routeMessage(chain, templates, facts({ purpose: 'marketing-campaign', activeMember: true, localHour: 8 }))).toMatchObject({ kind: 'route', channel: 'alibaba-sms' });
  });

  it('a number at the provider\'s daily cap falls through to the next channel', () => {
    expect(routeMessage(chain, templates, facts({ purpose: 'appointment-reminder', sentToNumberToday: { 'alibaba-sms': 10 } }))).toMatchObject({ kind: 'route', channel: 'sns', passedOver: [{ channel: 'alibaba-sms', reason: 'daily-cap' }] });
  });

  it('no approved template: passed over; a pending one does not count', () => {
    const pending = templates.map((t) => (t.templateKey === 'reminder' && t.channel === 'alibaba-sms' ? { ...t, status: 'pending' as const } : t));
    expect(routeMessage(chain, pending, facts({ purpose: 'appointment-reminder' }))).toMatchObject({ channel: 'sns', passedOver: [{ channel: 'alibaba-sms', reason: 'no-approved-template' }] });
  });

  it('quiet hours wrap midnight', () => {
    expect([19, 20, 23, 0, 7, 8].map((h) => inQuietHours(h, { startHour: 20, endHour: 8 }))).toEqual([false, true, true, true, true, false]);
  });
});

describe('the template registry', () => {
  it('names what a registration gets wrong: the code, a parameter over the provider\'s limit, a refused purpose, a type mismatch', () => {
    expect(templateProblems(template({ channel: 'tencent-sms', providerCode: 'bad code!', params: [{ name: 'name', maxLength: 20 }], purposes: ['recall', 'marketing-campaign'] })).map((p) => [p.field, p.code])).toEqual([
      ['providerCode', 'channel.template_code_invalid'],
      ['params.0.maxLength', 'channel.parameter_too_long'],
      ['purposes.0', 'channel.purpose_forbidden'],
      ['purposes.1', 'channel.template_type_mismatch'],
    ]);
    expect(templateProblems(templates[2] as ChannelTemplate)).toEqual([]);
  });

  it('refuses at setup a template not approved, unknown, for another purpose, or missing a value', () => {
    const pending = [template({ status: 'pending' })];
    expect(setupProblem(pending, { channel: 'alibaba-sms', purpose: 'recall', templateKey: 'recall', values: ['name'] })).toMatchObject({ field: 'templateKey', code: 'channel.template_not_approved' });
    expect(setupProblem(templates, { channel: 'alibaba-sms', purpose: 'recall', templateKey: 'nope', values: [] })).toMatchObject({ code: 'channel.template_unknown' });
    expect(setupProblem(templates, { channel: 'alibaba-sms', purpose: 'care', templateKey: 'recall', values: ['name'] })).toMatchObject({ code: 'channel.template_wrong_purpose' });
    expect(setupProblem(templates, { channel: 'alibaba-sms', purpose: 'recall', templateKey: 'recall', values: [] })).toMatchObject({ field: 'params.name', code: 'channel.parameter_missing' });
    expect(setupProblem(templates, { channel: 'alibaba-sms', purpose: 'recall', templateKey: 'recall', values: ['name'] })).toBeUndefined();
    expect(setupProblem([], { channel: 'sns', purpose: 'recall', templateKey: 'anything', values: [] })).toBeUndefined();
  });
});
