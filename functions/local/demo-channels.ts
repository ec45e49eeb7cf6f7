/**
 * The demo chain's mainland channel accounts (issue 14): the keys the twin's provider fakes
 * accept, the templates they have "approved", and the "Alibaba Cloud SMS + WeChat" settings an
 * owner switches the demo chain to (POST /dev/channel-preset, local only).
 */
import type { ChannelSettingsUpdate } from '../services/channel-settings-service.js';
import type { ChannelSettings } from '../../shared/schemas/channels.js';

export const demoAccounts = {
  alibaba: { accessKeyId: 'LTAI5tDemoKey0001', secret: 'demo-alibaba-secret-0001', signName: '微笑口腔' },
  tencent: { secretId: 'AKIDdemoSecretId0001', secret: 'demo-tencent-secret-0001', sdkAppId: '1400000001', signName: '微笑口腔' },
  wechat: { appId: 'wx0123456789abcdef', secret: 'demo-wechat-appsecret-0001' },
} as const;

/** The openid the demo gives a subscribed patient (the Official Account would send it on subscribe). */
export const demoOpenId = (patientId: string): string => `o-demo-${patientId.toLowerCase()}`;

export const demoTemplates: ChannelSettings['templates'] = [
  { templateKey: 'reminder-sms', channel: 'alibaba-sms', providerCode: 'SMS_460000001', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 20 }, { name: 'clinic', maxLength: 20 }, { name: 'time', maxLength: 20 }], purposes: ['appointment-reminder'] },
  { templateKey: 'recall-sms', channel: 'alibaba-sms', providerCode: 'SMS_460000002', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 20 }, { name: 'clinic', maxLength: 20 }], purposes: ['recall'] },
  { templateKey: 'recall-wechat', channel: 'wechat', providerCode: 'recall_notice_demo', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 20 }, { name: 'clinic', maxLength: 20 }], purposes: ['recall'] },
];

/** The reminder template the twin's Tencent stand-in has "approved" (Tencent refuses recall by SMS: reminders only). */
export const demoTencentTemplates: ChannelSettings['templates'] = [
  { templateKey: 'reminder-tencent', channel: 'tencent-sms', providerCode: '1900001', status: 'approved', type: 'notification', params: [{ name: 'name', maxLength: 12 }, { name: 'clinic', maxLength: 12 }, { name: 'time', maxLength: 12 }], purposes: ['appointment-reminder'] },
];

/** "Alibaba Cloud SMS + WeChat" for the demo chain: recall by WeChat where the patient subscribed, else by SMS; reminders by SMS. */
export const demoChannelPreset = (version: number): ChannelSettingsUpdate => ({
  version,
  settings: {
    providers: { 'alibaba-sms': { signName: demoAccounts.alibaba.signName, accessKeyId: demoAccounts.alibaba.accessKeyId }, wechat: { appId: demoAccounts.wechat.appId } },
    templates: demoTemplates,
    routing: { recall: ['wechat', 'alibaba-sms'], 'appointment-reminder': ['alibaba-sms'] },
  },
  secrets: { 'alibaba-sms': demoAccounts.alibaba.secret, wechat: demoAccounts.wechat.secret },
});

