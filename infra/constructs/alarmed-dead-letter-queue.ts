/**
 * A dead-letter queue that pages the operator: what failed after all retries is kept for 14 days,
 * encrypted, TLS-only, and someone hears about it at once and again while it sits there.
 *
 * CloudWatch notifies on a state change only: an alarm on "messages visible ≥ 1" fires once and
 * stays silent in ALARM for as long as the queue is not drained. So the first message alarms on
 * depth (one-minute period, missing data = OK, since an empty queue publishes no datapoints),
 * and reminders come from alarms on the age of the oldest message crossing one hour, one day and
 * seven days: each is a new state change, so each notifies, until someone redrives or purges.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The reminders: the oldest message has waited this long. */
export const deadLetterReminderAges = [Duration.hours(1), Duration.days(1), Duration.days(7)] as const;

export const alarmedDeadLetterQueue = (scope: Construct, what: { of: string; alarm: string }, operator: Topic): Queue => {
  const queue = new Queue(scope, 'DeadLetterQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is the dead-letter queue of ${what.of}; it has no DLQ of its own.` });
  const page = new SnsAction(operator);
  queue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
    .createAlarm(scope, 'DeadLetterAlarm', {
      alarmDescription: what.alarm,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    .addAlarmAction(page);
  for (const age of deadLetterReminderAges) {
    queue
      .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(scope, `DeadLetterAge${age.toHours()}h`, {
        alarmDescription: `Reminder: ${what.alarm} The oldest message has waited ${age.toHumanString()}.`,
        threshold: age.toSeconds(),
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(page);
  }
  return queue;
};
