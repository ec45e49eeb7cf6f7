/**
 * SNS: a topic for staff alerts (job failures, low stock) and one that receives inbound SMS
 * (replies such as 退订 T). Both refuse non-TLS publishing through their topic policy. Neither
 * uses the AWS-managed aws/sns key: CloudWatch alarms and the SMS service cannot publish to a
 * topic encrypted with it. What goes through them carries no medical details (invariant 9).
 */
import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export class Messaging extends Construct {
  readonly staffAlerts: Topic;
  readonly inboundSms: Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const account = Stack.of(this).account;

    this.staffAlerts = new Topic(this, 'StaffAlerts', {
      displayName: 'Smileloop staff alerts',
      enforceSSL: true,
    });
    this.allowServicePublish(this.staffAlerts, 'AllowCloudWatchAlarms', 'cloudwatch.amazonaws.com', account);

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
   * Sending SMS directly to phone numbers (sns:Publish with PhoneNumber) has no resource ARN
   * to scope to; IAM requires "*". Returns the statement so the caller can acknowledge it.
   */
  grantSmsPublish(grantee: IGrantable): PolicyStatement {
    const statement = new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] });
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
    return statement;
  }
}
