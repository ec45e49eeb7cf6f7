/**
 * A dead-letter queue whose first message pages the staff-alerts topic: what failed after all
 * retries is kept for 14 days, encrypted, TLS-only, and someone hears about it at once.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export const alarmedDeadLetterQueue = (scope: Construct, what: { of: string; alarm: string }, alerts: Topic): Queue => {
  const queue = new Queue(scope, 'DeadLetterQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is the dead-letter queue of ${what.of}; it has no DLQ of its own.` });
  queue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
    .createAlarm(scope, 'DeadLetterAlarm', {
      alarmDescription: what.alarm,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    .addAlarmAction(new SnsAction(alerts));
  return queue;
};
