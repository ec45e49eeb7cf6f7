/**
 * Background jobs: one Lambda per entry of shared/schedules.ts, started by its cron rule on the
 * default bus and by its "run now" rule on the Smileloop bus, the same table the local scheduler
 * reads. Delivery is at least once, so jobs are idempotent (invariant 7); what still fails after
 * retries lands in one dead-letter queue that pages the staff-alerts topic.
 */
import { grantProviderSecrets } from './provider-secrets.js';
import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmedDeadLetterQueue } from './alarmed-dead-letter-queue.js';
import { eventRules, jobs, type JobDefinition, type JobName } from '../../shared/schedules.js';
import { envNames } from '../../shared/tables.js';
import { stageNames, type SmileloopConfig } from '../config.js';
import { jobEntry } from '../paths.js';
import type { DataTable } from './data-table.js';
import type { Messaging } from './messaging.js';
import { ServiceFunction } from './service-function.js';

export type JobsProps = { config: SmileloopConfig; data: DataTable; messaging: Messaging };

export class Jobs extends Construct {
  readonly bus: EventBus;
  readonly deadLetterQueue: Queue;
  readonly functions: ReadonlyMap<JobName, ServiceFunction>;

  constructor(scope: Construct, id: string, { config, data, messaging }: JobsProps) {
    super(scope, id);

    // One stack per stage, so one bus per stage: the default stage's keeps the shared name.
    this.bus = new EventBus(this, 'Bus', { eventBusName: stageNames(config.stage).eventBus });

    this.deadLetterQueue = alarmedDeadLetterQueue(this, { of: 'the job rules and functions', alarm: 'A Smileloop job failed after all retries; see the job dead-letter queue.' }, messaging.operatorAlarms);

    const retry = {
      retryAttempts: config.jobs.retryAttempts,
      maxEventAge: Duration.hours(config.jobs.maxEventAgeHours),
    };

    const functions = new Map<JobName, ServiceFunction>();
    for (const job of jobs) {
      const fn = new ServiceFunction(this, `Job-${job.name}`, {
        entry: jobEntry(job.name),
        description: job.description,
        serviceName: `smileloop-job-${job.name}`,
        environment: {
          [envNames.tableName]: data.table.tableName,
          [envNames.staffAlertsTopicArn]: messaging.staffAlerts.topicArn,
          ...(job.putsEvents ? { [envNames.eventBusName]: this.bus.eventBusName } : {}),
        },
        memoryMb: config.lambda.memoryMb,
        timeout: Duration.seconds(job.timeoutSeconds),
        logRetention: config.logRetention,
        logLevel: config.lambda.logLevel,
        tracing: config.lambda.tracing,
      });
      this.grantTable(job, data, fn);
      messaging.staffAlerts.grantPublish(fn.role);
      if (job.sendsSms) {
        messaging.grantSmsPublish(fn.role);
        grantProviderSecrets(fn.role, 'read');
      }
      if (job.putsEvents) this.bus.grantPutEventsTo(fn.role);
      fn.fn.configureAsyncInvoke({ ...retry, onFailure: new SqsDestination(this.deadLetterQueue) });

      // Jobs without a schedule run only when their events arrive (the rules below).
      if (job.schedule !== undefined) {
        new Rule(this, `Schedule-${job.name}`, {
          description: `${job.name}: ${job.description}`,
          schedule: Schedule.expression(job.schedule),
          targets: [new LambdaFunction(fn.fn, { ...retry, deadLetterQueue: this.deadLetterQueue })],
        });
      }
      functions.set(job.name, fn);
    }
    this.functions = functions;

    this.wireEventRules(functions, retry);
  }

  private grantTable(job: JobDefinition, data: DataTable, fn: ServiceFunction): void {
    if (job.tableWrites === 'no-delete') data.grantReadPutUpdate(fn.role);
    else data.grantReadWrite(fn.role);
  }

  private wireEventRules(functions: ReadonlyMap<JobName, ServiceFunction>, retry: { retryAttempts: number; maxEventAge: Duration }): void {
    for (const rule of eventRules) {
      const target = functions.get(rule.target);
      if (!target) throw new Error(`event rule ${rule.id} targets unknown job ${rule.target}`);
      new Rule(this, rule.id, {
        eventBus: this.bus,
        description: rule.id.startsWith('RunNow-') ? `Run ${rule.target} on request` : `${rule.target}: ${rule.pattern['detail-type'].join(', ')}`,
        eventPattern: {
          source: rule.pattern.source,
          detailType: rule.pattern['detail-type'],
          ...(rule.pattern.detail ? { detail: rule.pattern.detail } : {}),
        },
        targets: [new LambdaFunction(target.fn, { ...retry, deadLetterQueue: this.deadLetterQueue })],
      });
    }
  }
}
