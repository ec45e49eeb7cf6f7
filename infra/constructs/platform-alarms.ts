/**
 * The platform's alarms, all paging the operator topic (never a chain's staff alerts): API 5xx
 * rate, Lambda errors and throttles per function group, DynamoDB throttles and system errors,
 * SMS spend against the monthly budget and the SMS delivery failure rate. Dead-letter queues
 * carry their own alarms (alarmed-dead-letter-queue.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SmileloopConfig } from '../config.js';
import type { DataTable } from './data-table.js';
import type { ServiceFunction } from './service-function.js';

/** A CloudWatch alarm's metric math may read at most 10 metrics: bigger groups are split. */
const maxMetricsPerAlarm = 10;

export type FunctionGroup = { name: string; functions: readonly ServiceFunction[] };

export type PlatformAlarmsProps = {
  config: SmileloopConfig;
  operator: Topic;
  api: HttpApi;
  data: DataTable;
  functionGroups: readonly FunctionGroup[];
};

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Sum of one Lambda metric over a few functions, as one alarmable expression. */
const sumOf = (functions: readonly ServiceFunction[], metric: (fn: ServiceFunction) => IMetric, label: string): MathExpression => {
  const usingMetrics = Object.fromEntries(functions.map((fn, i) => [`m${i}`, metric(fn)]));
  return new MathExpression({ expression: Object.keys(usingMetrics).join(' + '), usingMetrics, label, period: Duration.minutes(5) });
};

export class PlatformAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  private readonly page: SnsAction;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    this.page = new SnsAction(props.operator);
    this.apiAlarms(props);
    this.functionAlarms(props.functionGroups);
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

  private functionAlarms(groups: readonly FunctionGroup[]): void {
    for (const group of groups) {
      chunks(group.functions, maxMetricsPerAlarm).forEach((part, index) => {
        const suffix = chunks(group.functions, maxMetricsPerAlarm).length > 1 ? `${group.name}-${index + 1}` : group.name;
        const names = part.map((fn) => fn.node.id).join(', ');
        this.add(`Errors-${suffix}`, sumOf(part, (fn) => fn.fn.metricErrors({ statistic: 'Sum' }), `${suffix} errors`), {
          description: `A ${group.name} function failed (unhandled error or timeout): ${names}.`,
          threshold: 1,
        });
        this.add(`Throttles-${suffix}`, sumOf(part, (fn) => fn.fn.metricThrottles({ statistic: 'Sum' }), `${suffix} throttles`), {
          description: `A ${group.name} function was throttled (account concurrency exhausted): ${names}.`,
          threshold: 1,
        });
      });
    }
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
  }
}
