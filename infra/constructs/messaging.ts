/**
 * SNS: the chains' staff-alerts topic (job failures, low stock, the daily summary), the operator's
 * topic (platform alarms) and the one that receives inbound SMS (replies such as 退订 T). All
 * refuse non-TLS publishing through their topic policy. None uses the AWS-managed aws/sns key:
 * CloudWatch alarms and the SMS service cannot publish to a topic encrypted with it. What goes
 * through them carries no medical details (invariant 9).
 *
 * Staff alerts are shared by every chain: each publish carries the message attribute `tenantId`
 * and each chain's people subscribe at onboarding with the filter policy {tenantId: [<id>]}, so a
 * chain hears only its own alerts. Platform alarms never go there: they concern no single chain.
 */
import { Stack } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The message attribute every staff alert carries, and the key of each chain's filter policy. */
export const tenantAttribute = 'tenantId';

export class Messaging extends Construct {
  readonly staffAlerts: Topic;
  readonly operatorAlarms: Topic;
  readonly inboundSms: Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const account = Stack.of(this).account;

    // Only our jobs publish here (by IAM grant); no AWS service does.
    this.staffAlerts = new Topic(this, 'StaffAlerts', {
      displayName: 'Smileloop staff alerts',
      enforceSSL: true,
    });

    this.operatorAlarms = new Topic(this, 'OperatorAlarms', {
      displayName: 'Smileloop platform alarms',
      enforceSSL: true,
    });
    this.allowServicePublish(this.operatorAlarms, 'AllowCloudWatchAlarms', 'cloudwatch.amazonaws.com', account);

    this.inboundSms = new Topic(this, 'InboundSms', {
      displayName: 'Smileloop inbound SMS',
      enforceSSL: true,
    });
    // AWS End User Messaging SMS delivers two-way replies to this topic once the phone number is
    // pointed at it (an account-level step, see the README).
    this.allowServicePublish(this.inboundSms, 'AllowSmsVoiceInbound', 'sms-voice.amazonaws.com', account);
  }

  private allowServicePublish(topic: Topic, sid: string, service: string, account: string): void {
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid,
        actions: ['sns:Publish'],
        principals: [new ServicePrincipal(service)],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }

  /**
   * Sending SMS directly to a phone number (sns:Publish with PhoneNumber) has no resource ARN:
   * IAM sees "*". Granting it on `NotResource: arn:<partition>:sns:*:*:*` allows exactly that and
   * no topic at all; a topic is published to only through its own grant (staffAlerts.grantPublish).
   */
  grantSmsPublish(grantee: IGrantable): PolicyStatement {
    const { partition } = Stack.of(this);
    const statement = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['sns:Publish'],
      notResources: [`arn:${partition}:sns:*:*:*`],
    });
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
    return statement;
  }
}
