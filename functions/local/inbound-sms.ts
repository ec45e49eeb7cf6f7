/**
 * What AWS End User Messaging and SNS would deliver to the inbound subscriber, built locally:
 * the twin's "a patient replied" and the tests use the subscriber exactly as the cloud does.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';

export type SimulatedReply = { from: string; to: string; body: string; inboundMessageId?: string; receivedAt?: string };

/** One SNS notification carrying `message` as it is, well-formed or not. */
export const snsNotification = (message: string, receivedAt = new Date().toISOString(), snsMessageId: string = randomUUID()): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:local:000000000000:inbound-sms:local',
      Sns: {
        Type: 'Notification',
        MessageId: snsMessageId,
        TopicArn: 'arn:aws:sns:local:000000000000:inbound-sms',
        Subject: '',
        Message: message,
        Timestamp: receivedAt,
        SignatureVersion: '1',
        Signature: 'local',
        SigningCertUrl: 'local',
        UnsubscribeUrl: 'local',
        MessageAttributes: {},
      },
    },
  ],
});

/** A two-way SMS reply in End User Messaging's JSON. The same id and time make a redelivery. */
export const smsReplyNotification = (reply: SimulatedReply): SNSEvent =>
  snsNotification(
    JSON.stringify({
      originationNumber: reply.from,
      destinationNumber: reply.to,
      messageKeyword: '',
      messageBody: reply.body,
      inboundMessageId: reply.inboundMessageId ?? randomUUID(),
      previousPublishedMessageId: '',
    }),
    reply.receivedAt,
  );
