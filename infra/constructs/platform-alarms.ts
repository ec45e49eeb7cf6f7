/**
 * The platform's alarms, all paging the operator topic (never a chain's staff alerts): API 5xx
 * rate, Lambda errors and throttles account-wide, DynamoDB throttles and system errors,
 * SMS spend against the monthly budget and the SMS delivery failure rate. Dead-letter queues
 * carry their own alarms (alarmed-dead-letter-queue.ts).
 */
import { deliveryMetrics } from '../../shared/domain/channels/delivery-metric-names.js';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SmileloopConfig } from '../config.js';
import type { DataTable } from './data-table.js';

export type PlatformAlarmsProps = {
  config: SmileloopConfig;
  operator: Topic;
  api: HttpApi;
  data: DataTable;
};

export class PlatformAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  private readonly page: SnsAction;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    this.page = new SnsAction(props.operator);
    this.apiAlarms(props);
    this.functionAlarms();
    this.tableAlarms(props.data);
    this.smsAlarms(props.config);
  }

  private add(id: string, metric: IMetric, options: { description: string; threshold: number; evaluationPeriods?: number }): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No requests, no invocations, no SMS: nothing is wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.page);
    this.alarms.push(alarm);
    return alarm;
  }

  /** 5xx as a share of requests; a handful of requests at night must not page on one error. */
  private apiAlarms({ api, config }: PlatformAlarmsProps): void {
    const period = Duration.minutes(5);
    const rate = new MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { errors: api.metricServerError({ period, statistic: 'Sum' }), requests: api.metricCount({ period, statistic: 'Sum' }) },
      label: 'API 5xx %',
      period,
    });
    this.add('Api5xxRate', rate, {
      description: `More than ${config.alarms.api5xxRatePercent}% of API requests answered 5xx over 5 minutes, twice in a row.`,
      threshold: config.alarms.api5xxRatePercent,
      evaluationPeriods: 2,
    });
  }

  /**
   * Errors and throttles once each, from Lambda's metrics without dimensions, which count every
   * function of the account in this region (one stage per account, as the README's runbook says).
   * CloudWatch bills an alarm per metric it reads, so the per-function sums this replaced cost one
   * metric per function (59, over half the platform's alarm bill) to say what the alarm's
   * description says in one: look at Lambda → Errors per function. Job failures page on their own
   * too, through the jobs' dead-letter queue (alarmed-dead-letter-queue.ts). Throttles: no function
   * has reserved concurrency, so a throttle means the region's concurrency pool is exhausted.
   */
  private functionAlarms(): void {
    const lambda = (metricName: string) => new Metric({ namespace: 'AWS/Lambda', metricName, statistic: 'Sum', period: Duration.minutes(5) });
    this.add('Errors', lambda('Errors'), {
      description: 'A Lambda function failed (unhandled error or timeout): see Lambda → Errors per function, then its logs.',
      threshold: 1,
    });
    this.add('Throttles', lambda('Throttles'), {
      description: 'A Lambda function was throttled: the account\'s concurrency in this region is exhausted (see Lambda → Throttles per function).',
      threshold: 1,
    });
  }

  /** On-demand tables throttle only past their partition or account limits; either is news. */
  private tableAlarms(data: DataTable): void {
    const period = Duration.minutes(5);
    const tableMetric = (metricName: string) =>
      new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: data.table.tableName }, statistic: 'Sum', period });
    const throttles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: { reads: tableMetric('ReadThrottleEvents'), writes: tableMetric('WriteThrottleEvents') },
      label: 'DynamoDB throttle events',
      period,
    });
    this.add('TableThrottles', throttles, { description: 'DynamoDB throttled reads or writes on the main table.', threshold: 1 });
    const operations = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'BatchGetItem', 'TransactWriteItems'];
    const systemErrors = new MathExpression({
      expression: operations.map((_, i) => `e${i}`).join(' + '),
      usingMetrics: Object.fromEntries(
        operations.map((operation, i) => [
          `e${i}`,
          new Metric({ namespace: 'AWS/DynamoDB', metricName: 'SystemErrors', dimensionsMap: { TableName: data.table.tableName, Operation: operation }, statistic: 'Sum', period }),
        ]),
      ),
      label: 'DynamoDB system errors',
      period,
    });
    this.add('TableSystemErrors', systemErrors, { description: 'DynamoDB answered 5xx (SystemErrors) on the main table.', threshold: 1 });
  }

  /**
   * SMS metrics are account-level: SNS reports direct-to-phone publishing under the dimension
   * PhoneNumber=PhoneNumber, and the month's spend without dimension.
   */
  private smsAlarms(config: SmileloopConfig): void {
    const budget = config.sms.monthlySpendLimitUsd;
    const warnAt = Math.round(budget * config.alarms.smsSpendWarnPercent) / 100;
    const spend = new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', statistic: 'Maximum', period: Duration.hours(1) });
    this.add('SmsMonthlySpend', spend, {
      description: `SMS spend this month passed US$${warnAt} (${config.alarms.smsSpendWarnPercent}% of the US$${budget} monthly limit; SNS stops sending at the limit).`,
      threshold: warnAt,
    });

    const period = Duration.hours(1);
    const sms = (metricName: string) =>
      new Metric({ namespace: 'AWS/SNS', metricName, dimensionsMap: { PhoneNumber: 'PhoneNumber' }, statistic: 'Sum', period });
    const failureRate = new MathExpression({
      expression: 'IF(published >= 10, 100 * failed / published, 0)',
      usingMetrics: { failed: sms('NumberOfNotificationsFailed'), published: sms('NumberOfMessagesPublished') },
      label: 'SMS delivery failure %',
      period,
    });
    this.add('SmsFailureRate', failureRate, {
      description: `More than ${config.alarms.smsFailureRatePercent}% of SMS failed to deliver over an hour (sandbox, spend limit, carrier filtering or bad numbers).`,
      threshold: config.alarms.smsFailureRatePercent,
    });
    this.providerDeliveryAlarm(config, period);
  }

  /** The same rate over the mainland providers' delivery reports (functions/adapters/delivery-metrics.ts), all channels together. */
  private providerDeliveryAlarm(config: SmileloopConfig, period: Duration): void {
    const reported = (metricName: string, channel: string) =>
      new Metric({ namespace: deliveryMetrics.namespace, metricName, dimensionsMap: { service: deliveryMetrics.service, Channel: channel }, statistic: 'Sum', period });
    const usingMetrics: Record<string, Metric> = {};
    deliveryMetrics.channels.forEach((channel, i) => {
      usingMetrics[`r${i}`] = reported(deliveryMetrics.reports, channel);
      usingMetrics[`f${i}`] = reported(deliveryMetrics.failed, channel);
    });
    const sum = (prefix: string) => deliveryMetrics.channels.map((_, i) => `FILL(${prefix}${i}, 0)`).join(' + ');
    const rate = new MathExpression({
      expression: `IF((${sum('r')}) >= 10, 100 * (${sum('f')}) / (${sum('r')}), 0)`,
      usingMetrics,
      label: 'Provider delivery failure %',
      period,
    });
    this.add('ProviderDeliveryFailureRate', rate, {
      description: `More than ${config.alarms.smsFailureRatePercent}% of the messages Alibaba Cloud SMS, Tencent Cloud SMS or WeChat reported on failed to reach the patient over an hour (blacklisted or wrong numbers, template or signature withdrawn).`,
      threshold: config.alarms.smsFailureRatePercent,
    });
  }
}
