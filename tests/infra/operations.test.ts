import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../infra/config.js';
import { referenceDeployment } from '../../shared/domain/cost/monthly-cost.js';
import { routes, routeKey } from '../../shared/routes.js';
import { asList, logicalId, resourcesOf, synthesizeApp, synthesized, type CfnResource } from './synth.js';

const alarms = () => Object.values(resourcesOf(synthesized().template, 'AWS::CloudWatch::Alarm'));
const metricNamesOf = (alarm: CfnResource): string[] => {
  const metrics = (alarm.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[] | undefined) ?? [];
  return [String(alarm.Properties.MetricName ?? ''), ...metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []))].filter((n) => n !== '');
};
const alarmsOn = (...names: string[]) => alarms().filter((a) => names.every((n) => metricNamesOf(a).includes(n)));
const operatorRef = () => {
  const { stack } = synthesized();
  return { Ref: logicalId(stack, stack.messaging.operatorAlarms) };
};

describe('operations: alarms', () => {
  it('pages the operator topic from every alarm, never the chains’ staff-alerts topic', () => {
    const all = alarms();
    expect(all.length).toBeGreaterThan(0);
    for (const alarm of all) expect(asList(alarm.Properties.AlarmActions as unknown[])).toEqual([operatorRef()]);
  });

  it('alarms on the API 5xx rate (errors over requests)', () => {
    const [alarm] = alarmsOn('5xx', 'Count');
    expect(alarm).toBeDefined();
    const expression = (alarm?.Properties.Metrics as { Expression?: string }[]).find((m) => m.Expression)?.Expression;
    expect(expression).toMatch(/100 \* errors \/ requests/);
  });

  it('alarms on Lambda errors and throttles once each, account-wide (every function counted)', () => {
    for (const name of ['Errors', 'Throttles']) {
      const found = alarmsOn(name);
      expect(found, name).toHaveLength(1);
      expect(found[0]?.Properties, name).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: name, Threshold: 1 });
      expect(found[0]?.Properties.Dimensions, name).toBeUndefined();
    }
    // Throttles account-wide mean the region's pool: no function reserves concurrency of its own.
    for (const fn of Object.values(resourcesOf(synthesized().template, 'AWS::Lambda::Function'))) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('alarms on DynamoDB throttles and system errors of the main table', () => {
    const { stack } = synthesized();
    const tableRef = JSON.stringify({ Ref: logicalId(stack, stack.data.table) });
    const throttles = alarmsOn('ReadThrottleEvents', 'WriteThrottleEvents');
    expect(throttles).toHaveLength(1);
    expect(JSON.stringify(throttles[0]?.Properties.Metrics)).toContain(tableRef);
    expect(alarmsOn('SystemErrors')).toHaveLength(1);
  });

  it('alarms on SMS spend against the monthly budget and on the SMS delivery failure rate', () => {
    const spend = alarmsOn('SMSMonthToDateSpentUSD');
    expect(spend).toHaveLength(1);
    expect(spend[0]?.Properties).toMatchObject({ Namespace: 'AWS/SNS', Threshold: (defaultConfig.sms.monthlySpendLimitUsd * defaultConfig.alarms.smsSpendWarnPercent) / 100, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const failures = alarmsOn('NumberOfNotificationsFailed', 'NumberOfMessagesPublished');
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures[0]?.Properties.Metrics)).toContain('"PhoneNumber"');
  });

  it('alarms on the mainland providers’ delivery failure rate, from their reports, every reporting channel counted', () => {
    const providers = alarmsOn('DeliveryReports', 'DeliveryFailures');
    expect(providers).toHaveLength(1);
    const metrics = JSON.stringify(providers[0]?.Properties.Metrics);
    for (const channel of ['alibaba-sms', 'tencent-sms', 'wechat']) expect(metrics).toContain(`"${channel}"`);
    expect(metrics).toContain('Smileloop/Channels');
    expect(providers[0]?.Properties).toMatchObject({ Threshold: defaultConfig.alarms.smsFailureRatePercent, AlarmActions: [operatorRef()] });
  });
});

describe('operations: public routes', () => {
  it('gives every public route its own lower throttle on the stage', () => {
    const { stack, template } = synthesized();
    const stage = resourcesOf(template, 'AWS::ApiGatewayV2::Stage')[logicalId(stack, stack.http.stage)];
    const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    const publicKeys = routes.filter((r) => r.auth === 'public' && r.scope === 'cloud-and-local').map(routeKey);
    expect(Object.keys(settings).sort()).toEqual([...publicKeys].sort());
    const defaults = stage?.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number };
    for (const key of publicKeys) expect(settings[key]?.ThrottlingRateLimit, key).toBeLessThan(defaults.ThrottlingRateLimit);
    // The providers' callbacks: a limit of their own, above the patients' forms (a campaign's reports come in bursts).
    const callbacks = publicKeys.filter((k) => k.includes(' /channels/'));
    expect(callbacks.length).toBe(6);
    for (const key of callbacks) expect(settings[key]).toEqual({ ThrottlingRateLimit: defaultConfig.api.callbackThrottleRateLimit, ThrottlingBurstLimit: defaultConfig.api.callbackThrottleBurstLimit });
    for (const key of publicKeys.filter((k) => !callbacks.includes(k))) expect(settings[key]?.ThrottlingRateLimit, key).toBe(defaultConfig.api.publicThrottleRateLimit);
  });

  it('serves the intake and survey links from the public function only', () => {
    const publicForms = routes.filter((r) => r.path.startsWith('/public/'));
    expect(publicForms.length).toBe(4);
    for (const r of publicForms) expect(r.area, routeKey(r)).toBe('public');
    expect(routes.filter((r) => r.area === 'public' && r.auth !== 'public')).toEqual([]);
  });
});

describe('operations: stages, backup, regions', () => {
  it('deploys -c stage=prod as its own stack with stage-named pool and bus', () => {
    const { stack, template } = synthesizeApp({ context: { stage: 'prod' } });
    expect(stack.stackName).toBe('Smileloop-prod');
    expect(Object.values(resourcesOf(template, 'AWS::Cognito::UserPool'))[0]?.Properties.UserPoolName).toBe('smileloop-prod-staff');
    expect(Object.values(resourcesOf(template, 'AWS::Events::EventBus'))[0]?.Properties.Name).toBe('smileloop-prod');
    // The table's physical name is generated from the stack name (Smileloop-prod-…): never fixed here.
    expect(Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'))[0]?.Properties.TableName).toBeUndefined();
  });

  it('refuses a stage name that cannot be part of resource names', () => {
    expect(() => synthesizeApp({ context: { stage: 'Prod_1' } })).toThrow(/stage/);
  });

  it('restores from PITR in one region: no AWS Backup plan unless a copy region is set', () => {
    const { template } = synthesized();
    const [table] = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table'));
    expect(table?.Properties).toMatchObject({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true });
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(resourcesOf(template, 'AWS::Backup::BackupPlan')).toEqual({});
    expect(resourcesOf(template, 'AWS::Backup::BackupVault')).toEqual({});
  });

  it('with -c backupCopyRegion, backs the table up weekly, kept 35 days in a retained vault, copied to that region', () => {
    const { stack, template } = synthesizeApp({ context: { backupCopyRegion: 'ap-southeast-1' } });
    const [plan] = Object.values(resourcesOf(template, 'AWS::Backup::BackupPlan'));
    const rules = (plan?.Properties.BackupPlan as { BackupPlanRule: { ScheduleExpression: string; Lifecycle: { DeleteAfterDays: number }; CopyActions: { DestinationBackupVaultArn: unknown; Lifecycle: { DeleteAfterDays: number } }[] }[] }).BackupPlanRule;
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule?.ScheduleExpression).toMatch(/^cron\(0 19 \? \* SUN \*\)$/);
    expect(rule?.Lifecycle.DeleteAfterDays).toBe(35);
    expect(rule?.CopyActions).toHaveLength(1);
    expect(JSON.stringify(rule?.CopyActions[0]?.DestinationBackupVaultArn)).toContain(':backup:ap-southeast-1:');
    expect(rule?.CopyActions[0]?.Lifecycle.DeleteAfterDays).toBe(35);
    const [selection] = Object.values(resourcesOf(template, 'AWS::Backup::BackupSelection'));
    expect(JSON.stringify(selection?.Properties.BackupSelection)).toContain(logicalId(stack, stack.data.table));
    for (const vault of Object.values(resourcesOf(template, 'AWS::Backup::BackupVault'))) expect(vault.DeletionPolicy).toBe('Retain');
  });

  it('refuses the China regions at synth, saying why', () => {
    expect(() => synthesizeApp({ context: { region: 'cn-north-1' } })).toThrow(/no Cognito user pools.*no CloudFront origin access control/);
    expect(() => synthesizeApp({ context: { backupCopyRegion: 'cn-northwest-1' } })).toThrow(/China regions/);
  });
});

describe('operations: what the cost estimate assumes', () => {
  it('prices exactly the alarm metrics the stack bills (shared/domain/cost)', () => {
    // CloudWatch bills an alarm per metric it watches: a metric-math alarm per metric in it.
    const billed = alarms().reduce((sum, alarm) => sum + Math.max(1, metricNamesOf(alarm).length), 0);
    expect(referenceDeployment.alarms).toBe(billed);
  });

  it('prices exactly the recovery points the default stack keeps (none: PITR only)', () => {
    const plans = Object.values(resourcesOf(synthesized().template, 'AWS::Backup::BackupPlan'));
    expect(referenceDeployment.backupCopies).toBe(plans.length);
  });
});
