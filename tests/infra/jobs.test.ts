import { describe, expect, it } from 'vitest';
import { busName, eventRules, jobs } from '../../shared/schedules.js';
import { expectOperatorPagedAboutQueue, logicalId, resourcesOf, synthesized, type CfnResource, type PolicyStatementJson } from './synth.js';

type Target = { Arn: unknown; RetryPolicy?: unknown; DeadLetterConfig?: unknown };

const rules = () => Object.entries(resourcesOf(synthesized().template, 'AWS::Events::Rule'));
const targetsOf = (rule: CfnResource) => rule.Properties.Targets as Target[];
const fnArn = (name: string) => {
  const { stack } = synthesized();
  const fn = stack.jobs.functions.get(name as (typeof jobs)[number]['name']);
  if (!fn) throw new Error(`no function for job ${name}`);
  return { 'Fn::GetAtt': [logicalId(stack, fn.fn), 'Arn'] };
};

describe('jobs', () => {
  it('schedules exactly the cron expressions of shared/schedules.ts', () => {
    const expressions = rules()
      .map(([, rule]) => rule.Properties.ScheduleExpression)
      .filter((e): e is string => typeof e === 'string');
    expect(expressions.sort()).toEqual(jobs.flatMap((j) => (j.schedule ? [j.schedule] : [])).sort());
  });

  it('points each schedule at its own job function', () => {
    for (const job of jobs.filter((j) => j.schedule !== undefined)) {
      const scheduled = rules().filter(([, rule]) => rule.Properties.ScheduleExpression === job.schedule);
      expect(scheduled.flatMap(([, rule]) => targetsOf(rule).map((t) => t.Arn)), job.name).toContainEqual(fnArn(job.name));
    }
  });

  it('creates the Smileloop bus under the shared name', () => {
    const buses = Object.values(resourcesOf(synthesized().template, 'AWS::Events::EventBus'));
    expect(buses.map((b) => b.Properties.Name)).toEqual([busName]);
  });

  it('routes each "run now" event rule, on the Smileloop bus, to its job', () => {
    const { stack } = synthesized();
    const onBus = rules().filter(([, rule]) => JSON.stringify(rule.Properties.EventBusName) === JSON.stringify({ Ref: logicalId(stack, stack.jobs.bus) }));
    expect(onBus).toHaveLength(eventRules.length);
    for (const definition of eventRules) {
      const match = onBus.find(([, rule]) => JSON.stringify(rule.Properties.EventPattern) === JSON.stringify(definition.pattern));
      expect(match, definition.id).toBeDefined();
      if (match) expect(targetsOf(match[1]).map((t) => t.Arn)).toEqual([fnArn(definition.target)]);
    }
  });

  it('retries every target and dead-letters what still fails', () => {
    const { stack } = synthesized();
    const dlqArn = { 'Fn::GetAtt': [logicalId(stack, stack.jobs.deadLetterQueue), 'Arn'] };
    for (const [id, rule] of rules()) {
      for (const target of targetsOf(rule)) {
        expect(target.RetryPolicy, id).toMatchObject({ MaximumRetryAttempts: expect.any(Number) });
        expect(target.DeadLetterConfig, id).toEqual({ Arn: dlqArn });
      }
    }
    // Only the job functions' configs: the SMS-reply subscriber has its own queue (inbound-sms.test.ts).
    const jobFunctionIds = new Set([...stack.jobs.functions.values()].map((fn) => logicalId(stack, fn.fn)));
    const invokeConfigs = Object.values(resourcesOf(synthesized().template, 'AWS::Lambda::EventInvokeConfig')).filter((c) =>
      jobFunctionIds.has(String((c.Properties.FunctionName as { Ref?: string }).Ref)),
    );
    expect(invokeConfigs).toHaveLength(jobs.length);
    for (const config of invokeConfigs) {
      expect(config.Properties.DestinationConfig).toEqual({ OnFailure: { Destination: dlqArn } });
    }
  });

  it('lets each rule invoke its function (and only EventBridge, only from that rule)', () => {
    const { stack, template } = synthesized();
    const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'events.amazonaws.com',
    );
    for (const [id, rule] of rules()) {
      for (const target of targetsOf(rule)) {
        const fnId = (target.Arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        expect(
          permissions.some(
            (p) =>
              JSON.stringify(p.Properties.SourceArn) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }) &&
              JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
          ),
          id,
        ).toBe(true);
      }
    }
    expect(stack.jobs.functions.size).toBe(jobs.length);
  });

  it('encrypts the dead-letter queue, refuses plain HTTP, and pages the operator, again while messages wait', () => {
    const { stack, template } = synthesized();
    const queueId = logicalId(stack, stack.jobs.deadLetterQueue);
    expect(resourcesOf(template, 'AWS::SQS::Queue')[queueId]?.Properties.SqsManagedSseEnabled).toBe(true);
    const statements = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))
      .filter((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a.Properties.Dimensions ?? null).includes(queueId),
    );
    expectOperatorPagedAboutQueue(stack, alarms);
  });
});
