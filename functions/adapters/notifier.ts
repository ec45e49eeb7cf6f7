/**
 * The SNS adapter. In the cloud it publishes SMS by phone number and staff alerts to a topic; in
 * the local twin the outbox is the patients' handset, so it records the SMS there instead.
 *
 * A patient SMS in the cloud is recorded once, by the send ledger (its outcome carries the
 * channel's message id, and its template and values reproduce the text). A second copy in the
 * outbox would cost a write per message and keep every rendered text (names, treatments) in one
 * more place; staff alerts have no ledger, so the outbox keeps those.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ulid } from 'ulid';
import { envNames } from '../../shared/tables.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { requireEnv, runtimeMode } from './config.js';
import { recordOutboxMessage } from './dynamo/outbox-repository.js';

export type SmsRequest = { to: string; text: string; purpose: string; smsType: 'Transactional' | 'Promotional'; patientId?: string; clinicId?: string; campaignId?: string; eventId?: string };
export type StaffAlert = { subject: string; text: string; purpose: string };

const mode = runtimeMode();
const sns = mode === 'cloud' ? new SNSClient({}) : undefined;
const staffAlertsTopicArn = mode === 'cloud' ? requireEnv(envNames.staffAlertsTopicArn) : 'local:staff-alerts';

const record = async (tenantId: string, message: Omit<OutboxMessage, 'messageId' | 'createdAt'>): Promise<OutboxMessage> => {
  const full: OutboxMessage = { messageId: ulid(), createdAt: new Date().toISOString(), ...message };
  await recordOutboxMessage(tenantId, full);
  return full;
};

export const sendSms = async (tenantId: string, sms: SmsRequest): Promise<OutboxMessage> => {
  const base = {
    kind: 'sms' as const,
    to: sms.to,
    purpose: sms.purpose,
    text: sms.text,
    ...(sms.patientId ? { patientId: sms.patientId } : {}),
    ...(sms.clinicId ? { clinicId: sms.clinicId } : {}),
    ...(sms.campaignId ? { campaignId: sms.campaignId } : {}),
    ...(sms.eventId ? { eventId: sms.eventId } : {}),
  };
  if (!sns) return record(tenantId, { ...base, status: 'delivered-locally' });
  const result = await sns.send(
    new PublishCommand({
      PhoneNumber: sms.to,
      Message: sms.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: sms.smsType } },
    }),
  );
  return { messageId: result.MessageId ?? ulid(), createdAt: new Date().toISOString(), ...base, status: 'sent', ...(result.MessageId ? { providerMessageId: result.MessageId } : {}) };
};

export const alertStaff = async (tenantId: string, alert: StaffAlert): Promise<OutboxMessage> => {
  const base = { kind: 'staff-alert' as const, to: staffAlertsTopicArn, purpose: alert.purpose, text: `${alert.subject}\n${alert.text}` };
  if (!sns) return record(tenantId, { ...base, status: 'delivered-locally' });
  const result = await sns.send(
    new PublishCommand({
      TopicArn: staffAlertsTopicArn,
      Subject: alert.subject.slice(0, 99),
      Message: alert.text,
      MessageAttributes: { tenantId: { DataType: 'String', StringValue: tenantId } },
    }),
  );
  return record(tenantId, { ...base, status: 'sent', ...(result.MessageId ? { providerMessageId: result.MessageId } : {}) });
};
