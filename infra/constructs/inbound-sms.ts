/**
 * Patients' SMS replies: one Lambda subscribed to the inbound-SMS topic (where AWS End User
 * Messaging publishes two-way replies). Lambda retries a failed invocation (every action it takes
 * is idempotent); what still fails, and what SNS could not deliver at all, lands in a dead-letter
 * queue that pages the staff-alerts topic, so no patient's "TD" is silently lost.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { envNames } from '../../shared/tables.js';
import type { SmileloopConfig } from '../config.js';
import { inboundEntry } from '../paths.js';
import type { DataTable } from './data-table.js';
import type { Messaging } from './messaging.js';
import { ServiceFunction } from './service-function.js';

export type InboundSmsProps = { config: SmileloopConfig; data: DataTable; messaging: Messaging };

export class InboundSms extends Construct {
  readonly replies: ServiceFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { config, data, messaging }: InboundSmsProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the inbound-SMS subscription and function; it has no DLQ of its own.',
    });
    this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription: 'A patient SMS reply could not be processed after all retries; see the inbound-SMS dead-letter queue.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(messaging.staffAlerts));

    this.replies = new ServiceFunction(this, 'Replies', {
      entry: inboundEntry('sms-replies'),
      description: 'Patients’ SMS replies: confirm, reschedule request, opt-out, or a task for the front desk',
      serviceName: 'smileloop-inbound-sms-replies',
      environment: { [envNames.tableName]: data.table.tableName },
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(30),
      logRetention: config.logRetention,
      logLevel: config.lambda.logLevel,
    });
    data.grantReadWrite(this.replies.role);
    this.replies.fn.configureAsyncInvoke({
      retryAttempts: config.jobs.retryAttempts,
      maxEventAge: Duration.hours(config.jobs.maxEventAgeHours),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    messaging.inboundSms.addSubscription(new LambdaSubscription(this.replies.fn, { deadLetterQueue: this.deadLetterQueue }));
  }
}
