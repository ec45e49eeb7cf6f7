/** The SMS-reply subscriber: on the inbound topic, retried, dead-lettered, and the dead letters page the staff. */
import { describe, expect, it } from 'vitest';
import { expectOperatorPagedAboutQueue, logicalId, resourcesOf, synthesized, type PolicyStatementJson } from './synth.js';

describe('inbound SMS', () => {
  it('subscribes the SMS-reply function to the inbound-SMS topic, with a dead-letter queue for undeliverable notifications', () => {
    const { stack, template } = synthesized();
    const subscriptions = Object.values(resourcesOf(template, 'AWS::SNS::Subscription')).filter(
      (s) => JSON.stringify(s.Properties.TopicArn) === JSON.stringify({ Ref: logicalId(stack, stack.messaging.inboundSms) }),
    );
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, stack.inbound.deadLetterQueue), 'Arn'] };
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      expect.objectContaining({
        Protocol: 'lambda',
        Endpoint: { 'Fn::GetAtt': [logicalId(stack, stack.inbound.replies.fn), 'Arn'] },
        RedrivePolicy: { deadLetterTargetArn: queueArn },
      }),
    ]);
    const invoke = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, stack.inbound.replies.fn), 'Arn'] }),
    );
    expect(invoke.map((p) => [p.Properties.Principal, p.Properties.SourceArn])).toEqual([['sns.amazonaws.com', { Ref: logicalId(stack, stack.messaging.inboundSms) }]]);
  });

  it('retries a failed invocation and sends what still fails to the same queue', () => {
    const { stack, template } = synthesized();
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: logicalId(stack, stack.inbound.replies.fn) }),
    );
    expect(configs).toHaveLength(1);
    expect(configs[0]?.Properties).toMatchObject({
      MaximumRetryAttempts: expect.any(Number),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack, stack.inbound.deadLetterQueue), 'Arn'] } } },
    });
  });

  it('encrypts the queue, refuses plain HTTP, admits SNS only from the inbound topic, and pages the operator, again while messages wait', () => {
    const { stack, template } = synthesized();
    const queueId = logicalId(stack, stack.inbound.deadLetterQueue);
    expect(resourcesOf(template, 'AWS::SQS::Queue')[queueId]?.Properties.SqsManagedSseEnabled).toBe(true);
    const statements = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))
      .filter((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const snsAllows = statements.filter((s) => s.Effect === 'Allow');
    expect(snsAllows.map((s) => s.Principal)).toEqual([{ Service: 'sns.amazonaws.com' }]);
    expect(snsAllows[0]?.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { Ref: logicalId(stack, stack.messaging.inboundSms) } } });
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).filter((a) => JSON.stringify(a.Properties.Dimensions ?? null).includes(queueId));
    expectOperatorPagedAboutQueue(stack, alarms);
  });
});
