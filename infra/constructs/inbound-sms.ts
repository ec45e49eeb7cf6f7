/**
 * Patients' SMS replies: one Lambda subscribed to the inbound-SMS topic (where AWS End User
 * Messaging publishes two-way replies). Lambda retries a failed invocation (every action it takes
 * is idempotent); what still fails, and what SNS could not deliver at all, lands in a dead-letter
 * queue that pages the staff-alerts topic, so no patient's "TD" is silently lost.
 */
import { Duration } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmedDeadLetterQueue } from './alarmed-dead-letter-queue.js';
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

    this.deadLetterQueue = alarmedDeadLetterQueue(this, { of: 'the inbound-SMS subscription and function', alarm: 'A patient SMS reply could not be processed after all retries; see the inbound-SMS dead-letter queue.' }, messaging.operatorAlarms);

    this.replies = new ServiceFunction(this, 'Replies', {
      entry: inboundEntry('sms-replies'),
      description: 'Patients’ SMS replies: confirm, reschedule request, opt-out, or a task for the front desk',
      serviceName: 'smileloop-inbound-sms-replies',
      environment: { [envNames.tableName]: data.table.tableName },
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(30),
      logRetention: config.logRetention,
      logLevel: config.lambda.logLevel,
      tracing: config.lambda.tracing,
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
