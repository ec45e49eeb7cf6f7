/**
 * Who of a chain hears its staff alerts and daily summary. There is one staff-alerts topic for
 * all chains; each publish carries the message attribute `tenantId` (notifier.ts) and each
 * chain's subscriptions carry the filter policy {tenantId: [<its id>]}, so SNS delivers a chain's
 * alerts to that chain's people only. Email subscriptions wait for the recipient's confirmation
 * click; SMS ones start at once. In the local twin the subscription is only recorded in the
 * outbox, where the alerts themselves are kept too.
 */
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ulid } from 'ulid';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { envNames } from '../../shared/tables.js';
import { requireEnv, runtimeMode } from './config.js';
import { recordOutboxMessage } from './dynamo/outbox-repository.js';

export type AlertEndpoint = { protocol: 'email' | 'sms'; endpoint: string };

/** The filter policy of a chain's subscriptions (on message attributes, SNS's default scope). */
export const tenantFilterPolicy = (tenantId: string): Record<string, string[]> => ({ tenantId: [tenantId] });

const subscribeInSns = async (tenantId: string, target: AlertEndpoint): Promise<string | undefined> => {
  const sns = new SNSClient({});
  const result = await sns.send(
    new SubscribeCommand({
      TopicArn: requireEnv(envNames.staffAlertsTopicArn),
      Protocol: target.protocol,
      Endpoint: target.endpoint,
      Attributes: { FilterPolicyScope: 'MessageAttributes', FilterPolicy: JSON.stringify(tenantFilterPolicy(tenantId)) },
      ReturnSubscriptionArn: true,
    }),
  );
  return result.SubscriptionArn;
};

/** Subscribes each endpoint to the chain's staff alerts and records it in the chain's outbox. */
export const subscribeChainToAlerts = async (tenantId: string, targets: readonly AlertEndpoint[]): Promise<OutboxMessage[]> => {
  const cloud = runtimeMode() === 'cloud';
  const recorded: OutboxMessage[] = [];
  for (const target of targets) {
    const subscriptionArn = cloud ? await subscribeInSns(tenantId, target) : undefined;
    const message: OutboxMessage = {
      messageId: ulid(),
      createdAt: new Date().toISOString(),
      kind: 'staff-alert',
      to: target.endpoint,
      purpose: 'alerts-subscription',
      text: `Subscribed by ${target.protocol} to this chain's staff alerts and daily summary${cloud && target.protocol === 'email' ? ' (confirm from the email SNS sends)' : ''}`,
      status: cloud ? 'sent' : 'delivered-locally',
      ...(subscriptionArn ? { providerMessageId: subscriptionArn } : {}),
    };
    await recordOutboxMessage(tenantId, message);
    recorded.push(message);
  }
  return recorded;
};
