/**
 * A provider's reply, handed to the same subscriber End User Messaging's two-way SMS reaches
 * (functions/inbound/sms-replies.ts): published to the inbound-SMS topic in that JSON, with the
 * chain the token address named. The subscriber's retries and dead-letter queue then cover these
 * replies too, and the public function needs no more than this one publish (no query, no task).
 * The twin hands it to the subscriber in-process instead (twin.ts sets that forwarder).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { ProviderReply } from '../../shared/domain/channels/provider-replies.js';
import { envNames } from '../../shared/tables.js';

export type ReplyForwarder = (message: string) => Promise<void>;

let sns: SNSClient | undefined;
const publishToInboundTopic: ReplyForwarder = async (message) => {
  const topicArn = process.env[envNames.inboundSmsTopicArn];
  if (!topicArn) throw new Error(`${envNames.inboundSmsTopicArn} is not set`);
  sns ??= new SNSClient({});
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
};

let forwarder: ReplyForwarder = publishToInboundTopic;

/** The twin's in-process subscriber (and tests'); the cloud publishes to the topic. */
export const useReplyForwarder = (next: ReplyForwarder): void => {
  forwarder = next;
};

export const forwardProviderReply = async (tenantId: string, reply: ProviderReply): Promise<void> =>
  forwarder(JSON.stringify({
    originationNumber: reply.from,
    destinationNumber: reply.channel,
    messageBody: reply.text,
    inboundMessageId: reply.replyId,
    tenantId,
    ...(reply.receivedAt ? { receivedAt: reply.receivedAt } : {}),
  }));
