/**
 * Campaigns "at" a time in the cloud (issue 12 item 2): the stack's EventBridge Scheduler group
 * for one-time campaign starts, the role the Scheduler invokes the campaign runner with, and the
 * campaigns API's right to create and delete those schedules. Least privilege both ways: the
 * Scheduler's role may invoke the runner function and nothing else, and only on behalf of this
 * account's schedules in this group; the API may create or delete only schedules named
 * `campaign-*` in this group, and pass the role only to the Scheduler. The runner's 5-minute rule
 * (jobs.ts) stays the safety net for a schedule that was never created.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { campaignSchedules } from '../../shared/schedules.js';
import { envNames } from '../../shared/tables.js';
import type { SmileloopConfig } from '../config.js';
import type { ServiceFunction } from './service-function.js';

export type CampaignSchedulingProps = {
  config: SmileloopConfig;
  /** the campaign-runner job function: the schedules' only target */
  runner: ServiceFunction;
  /** the API function that approves and cancels campaigns */
  api: ServiceFunction;
};

export class CampaignScheduling extends Construct {
  readonly groupName: string;
  readonly group: CfnScheduleGroup;
  readonly role: Role;
  readonly apiPolicy: Policy;

  constructor(scope: Construct, id: string, { config, runner, api }: CampaignSchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.groupName = campaignSchedules.groupOf(config.stage);
    this.group = new CfnScheduleGroup(this, 'Group', { name: this.groupName });
    const schedulesArn = `arn:${stack.partition}:scheduler:${stack.region}:${stack.account}:schedule/${this.groupName}/${campaignSchedules.namePrefix}*`;

    this.role = new Role(this, 'InvokeRunnerRole', {
      description: 'EventBridge Scheduler: invoke the campaign runner for one-time campaign starts',
      // Confused-deputy guard: only this account's schedules in the campaign group assume it.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': schedulesArn },
      }),
    });
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [runner.fn.functionArn] }));

    this.apiPolicy = new Policy(this, 'ApiSchedules', {
      roles: [api.role],
      statements: [
        new PolicyStatement({ actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [schedulesArn] }),
        new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.role.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
      ],
    });
    Validations.of(this.apiPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.groupName}/${campaignSchedules.namePrefix}*]`,
      reason: 'One schedule per campaign is created at approval, named campaign-<campaignId>: the names are not known at deploy time, so the grant is the campaign prefix inside this stack\'s own group.',
    });

    api.fn.addEnvironment(envNames.campaignScheduleGroup, this.groupName);
    api.fn.addEnvironment(envNames.campaignSchedulerRoleArn, this.role.roleArn);
    api.fn.addEnvironment(envNames.campaignRunnerArn, runner.fn.functionArn);
  }
}
