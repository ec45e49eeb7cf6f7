/**
 * The KPI message counts, read off the main table's change stream (functions/streams/message-counts.ts)
 * instead of written by every send: ledger items only (a filter on the sort key, so the function is
 * not invoked for the rest of the table), up to 1,000 changes or 30 seconds a batch (the overview's
 * message counts lag by at most that). A failed batch is delivered again, whole, so the writer's
 * batch's marker can tell it from a new one; one that still fails after the retries is recorded in
 * a dead-letter queue that pages the operator: those messages are in the ledger, uncounted in the
 * overview's message figures (nothing else reads them).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { envNames } from '../../shared/tables.js';
import type { SmileloopConfig } from '../config.js';
import { streamEntry } from '../paths.js';
import { alarmedDeadLetterQueue } from './alarmed-dead-letter-queue.js';
import type { DataTable } from './data-table.js';
import type { Messaging } from './messaging.js';
import { ServiceFunction } from './service-function.js';

export type MessageCountsProps = { config: SmileloopConfig; data: DataTable; messaging: Messaging };

export class MessageCounts extends Construct {
  readonly counter: ServiceFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { config, data, messaging }: MessageCountsProps) {
    super(scope, id);
    this.deadLetterQueue = alarmedDeadLetterQueue(this, { of: 'the message-counts stream function', alarm: 'A batch of message outcomes could not be added to the KPI counts after all retries; see the message-counts dead-letter queue.' }, messaging.operatorAlarms);
    this.counter = new ServiceFunction(this, 'Counter', {
      entry: streamEntry('message-counts'),
      description: 'KPI message counts (sent, skipped, failed per automation and clinic day) from the send ledger’s changes',
      serviceName: 'smileloop-message-counts',
      environment: { [envNames.tableName]: data.table.tableName },
      memoryMb: config.lambda.memoryMb,
      timeout: Duration.seconds(60),
      logRetention: config.logRetention,
      logLevel: config.lambda.logLevel,
      tracing: config.lambda.tracing,
    });
    // The clinics' zones (a read), the rollups (updates in a transaction); no put, no delete.
    data.grantReadUpdate(this.counter.role);
    this.counter.fn.addEventSource(new DynamoEventSource(data.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 1000,
      maxBatchingWindow: Duration.seconds(30),
      retryAttempts: 10,
      // Both must stay off: they change which records a redelivered batch holds, and the batch's
      // marker (message-counts-writer.ts) is named after them.
      bisectBatchOnError: false,
      reportBatchItemFailures: false,
      parallelizationFactor: 1,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Removals never count: only inserts and changes of items whose sort key is a ledger item's.
      filters: [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY'), dynamodb: { Keys: { sk: { S: FilterRule.beginsWith('MSG#') } } } })],
    }));
    Validations.of(this.counter.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams has no resource type (the event source mapping needs it); the stream itself is read by its ARN only.',
    });
  }
}
