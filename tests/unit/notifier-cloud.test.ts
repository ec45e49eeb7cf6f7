/**
 * In the cloud a patient SMS is recorded once, by the send ledger: the SNS channel publishes and
 * writes nothing to the table (no second copy of the rendered text, no second write per message),
 * while a staff alert, which has no ledger, is still kept in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { envNames } from '../../shared/tables.js';

const saved = { ...process.env };

beforeAll(() => {
  process.env[envNames.mode] = 'cloud';
  process.env[envNames.tableName] = 'smileloop-test';
  process.env[envNames.staffAlertsTopicArn] = 'arn:aws:sns:cn-north-1:123456789012:staff-alerts';
  process.env.AWS_REGION = 'cn-north-1';
});
afterAll(() => {
  process.env = saved;
  vi.restoreAllMocks();
});

describe('the SNS channel in the cloud', () => {
  it('publishes a patient SMS with its type and writes no outbox row; a staff alert is kept', async () => {
    const published: unknown[] = [];
    vi.spyOn(SNSClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      published.push(command);
      return { MessageId: `sns-${published.length}` };
    });
    const { documentClient } = await import('../../functions/adapters/dynamo/client.js');
    const writes = vi.spyOn(documentClient, 'send').mockImplementation(async () => ({}));
    const { sendSms, alertStaff } = await import('../../functions/adapters/notifier.js');

    const sms = await sendSms('T1', { to: '+8613800000000', text: '【某口腔】王女士您好', purpose: 'recall', smsType: 'Transactional', patientId: 'P1', clinicId: 'C1' });
    expect(sms).toMatchObject({ messageId: 'sns-1', providerMessageId: 'sns-1', status: 'sent', kind: 'sms' });
    expect(published[0]).toBeInstanceOf(PublishCommand);
    expect((published[0] as PublishCommand).input).toMatchObject({ PhoneNumber: '+8613800000000', MessageAttributes: { 'AWS.SNS.SMS.SMSType': { StringValue: 'Transactional' } } });
    expect(writes).not.toHaveBeenCalled();

    await alertStaff('T1', { subject: '日报', text: '昨日就诊 12', purpose: 'staff-summary' });
    expect(writes).toHaveBeenCalledTimes(1);
  });
});
