/**
 * The SNS adapter. In the cloud it publishes (SMS by phone number, staff alerts to a topic)
 * and records what it published; in the local twin it records the message in the outbox instead.
 * Either way the outbox shows what went out.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ulid } from 'ulid';
import { envNames } from '../../shared/tables.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { requireEnv, runtimeMode } from './config.js';
import { recordOutboxMessage } from './dynamo/outbox-repository.js';
import { logger } from './logger.js';

export type SmsRequest = { to: string; text: string; purpose: string; smsType: 'Transactional' | 'Promotional'; patientId?: string; clinicId?: string };
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
  };
  if (!sns) return record(tenantId, { ...base, status: 'delivered-locally' });
  const result = await sns.send(
    new PublishCommand({
      PhoneNumber: sms.to,
      Message: sms.text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: sms.smsType } },
    }),
  );
  const sent = { ...base, status: 'sent' as const, ...(result.MessageId ? { providerMessageId: result.MessageId } : {}) };
  // SNS has accepted the message: failing to write the outbox row must not make it look unsent
  // (the caller would retry and the patient would get it twice). The send ledger still records it.
  try {
    return await record(tenantId, sent);
  } catch (error) {
    logger.error('outbox row not written after publish', { tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
    return { messageId: ulid(), createdAt: new Date().toISOString(), ...sent };
  }
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
