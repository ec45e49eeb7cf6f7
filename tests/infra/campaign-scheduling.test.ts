/**
 * Campaigns "at" a time: the Scheduler's role may invoke only the campaign runner, and only for
 * this account's schedules in the stack's campaign group; the API may create and delete only
 * `campaign-*` schedules in that group and pass that role only to the Scheduler.
 */
import { describe, expect, it } from 'vitest';
import { campaignSchedules } from '../../shared/schedules.js';
import { envNames } from '../../shared/tables.js';
import { allowedActions, asList, logicalId, resourcesOf, roleStatements, synthesized } from './synth.js';

const schedulesArn = (group: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${group}/${campaignSchedules.namePrefix}*`]],
});

describe('campaign one-time schedules', () => {
  it('creates one schedule group named for the stage', () => {
    const { stack, template } = synthesized();
    const groups = Object.values(resourcesOf(template, 'AWS::Scheduler::ScheduleGroup'));
    expect(groups.map((g) => g.Properties.Name)).toEqual([stack.campaignScheduling.groupName]);
    expect(stack.campaignScheduling.groupName).toMatch(/^smileloop-.+-campaigns$/);
  });

  it('lets the Scheduler role invoke the campaign runner and nothing else, assumed only by this account\'s campaign schedules', () => {
    const { stack, template } = synthesized();
    const roleId = logicalId(stack, stack.campaignScheduling.role);
    const statements = roleStatements(template, roleId);
    const runner = stack.jobs.functions.get('campaign-runner');
    if (!runner) throw new Error('no runner');
    expect(allowedActions(statements)).toEqual(['lambda:InvokeFunction']);
    expect(statements.flatMap((s) => asList(s.Resource))).toEqual([{ 'Fn::GetAtt': [logicalId(stack, runner.fn), 'Arn'] }]);
    const trust = resourcesOf(template, 'AWS::IAM::Role')[roleId]?.Properties.AssumeRolePolicyDocument as { Statement: { Principal: unknown; Condition: Record<string, Record<string, unknown>> }[] };
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]?.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust.Statement[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': schedulesArn(stack.campaignScheduling.groupName) },
    });
  });

  it('lets only the campaigns API create and delete campaign-* schedules in the group, and pass the role only to the Scheduler', () => {
    const { stack, template } = synthesized();
    const group = stack.campaignScheduling.groupName;
    const roleArn = { 'Fn::GetAtt': [logicalId(stack, stack.campaignScheduling.role), 'Arn'] };
    for (const [area, fn] of [...stack.http.functions, ...stack.jobs.functions]) {
      const statements = roleStatements(template, logicalId(stack, fn.role));
      const scheduler = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('scheduler:')));
      const passRole = statements.filter((s) => asList(s.Action).includes('iam:PassRole'));
      if (area !== 'marketing') {
        expect([...scheduler, ...passRole], area).toEqual([]);
        continue;
      }
      expect(scheduler.map((s) => [asList(s.Action).sort(), s.Resource])).toEqual([[['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], schedulesArn(group)]]);
      expect(passRole.map((s) => [s.Resource, s.Condition])).toEqual([[roleArn, { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }]]);
      const env = (resourcesOf(template, 'AWS::Lambda::Function')[logicalId(stack, fn.fn)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env[envNames.campaignScheduleGroup]).toBe(group);
      expect(env[envNames.campaignSchedulerRoleArn]).toEqual(roleArn);
    }
  });
});
