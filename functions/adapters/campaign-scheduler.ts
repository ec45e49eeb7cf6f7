/**
 * One-time start of a campaign "at" a time. In the cloud: an EventBridge Scheduler one-time
 * schedule (`at(...)`, UTC, flexible window off, deleted by the service after it fires) in the
 * stack's campaign group, invoking the campaign runner Lambda with a "Campaign Due" event for the
 * chain; cancelling deletes it (a schedule already gone is fine). On the twin this does nothing:
 * the local scheduler's 5-minute tick of the runner starts it, as it also does in the cloud should
 * a schedule be lost (the safety net, shared/schedules.ts).
 *
 * The Scheduler client is created at first use, so the twin (which never schedules) never builds
 * one; in Lambda the runtime's AWS SDK v3 provides the package (bundling keeps @aws-sdk/* external).
 */
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { campaignDueEvent, campaignSchedules, type CampaignDueDetail } from '../../shared/schedules.js';
import { envNames } from '../../shared/tables.js';
import { requireEnv, runtimeMode } from './config.js';

export type CreateScheduleInput = {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: 'UTC';
  FlexibleTimeWindow: { Mode: 'OFF' };
  ActionAfterCompletion: 'DELETE';
  State: 'ENABLED';
  Target: { Arn: string; RoleArn: string; Input: string; RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number } };
};
type DeleteScheduleInput = { Name: string; GroupName: string };

/** The part of `@aws-sdk/client-scheduler` used here. */
export type SchedulerSdk = {
  SchedulerClient: new (config: Record<string, never>) => { send: (command: unknown) => Promise<unknown> };
  CreateScheduleCommand: new (input: CreateScheduleInput) => unknown;
  DeleteScheduleCommand: new (input: DeleteScheduleInput) => unknown;
};

/** The SDK behind the seam: its client takes only the two commands this adapter builds. */
const realSdk: SchedulerSdk = {
  SchedulerClient: class {
    readonly #client = new SchedulerClient({});
    send(command: unknown): Promise<unknown> {
      if (command instanceof CreateScheduleCommand) return this.#client.send(command);
      if (command instanceof DeleteScheduleCommand) return this.#client.send(command);
      return Promise.reject(new Error('campaign-scheduler: only create and delete schedule commands are sent'));
    }
  },
  CreateScheduleCommand,
  DeleteScheduleCommand,
};
let sdk: Promise<SchedulerSdk> | undefined;
/** Tests hand in a fake SDK. */
export const useSchedulerSdk = (fake: SchedulerSdk | undefined): void => { sdk = fake ? Promise.resolve(fake) : undefined; client = undefined; };
let client: Promise<{ sdk: SchedulerSdk; send: (command: unknown) => Promise<unknown> }> | undefined;

/** One client per warm Lambda, created at first use (only the API function that approves uses it). */
const scheduler = () => {
  client ??= (sdk ??= Promise.resolve(realSdk)).then((loaded) => {
    const created = new loaded.SchedulerClient({});
    return { sdk: loaded, send: (command: unknown) => created.send(command) };
  });
  return client;
};

export const scheduleNameOf = (campaignId: string): string => `${campaignSchedules.namePrefix}${campaignId}`;

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, to the second. */
export const atExpression = (at: string): string => `at(${new Date(at).toISOString().slice(0, 19)})`;

export const createScheduleInput = (detail: CampaignDueDetail, at: string, env: { group: string; roleArn: string; runnerArn: string }): CreateScheduleInput => ({
  Name: scheduleNameOf(detail.campaignId),
  GroupName: env.group,
  ScheduleExpression: atExpression(at),
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  State: 'ENABLED',
  // The runner is a job Lambda: it gets the EventBridge-shaped event its handler reads (the chain from detail.tenantId).
  Target: { Arn: env.runnerArn, RoleArn: env.roleArn, Input: JSON.stringify({ version: '0', id: detail.campaignId, source: campaignDueEvent.source, 'detail-type': campaignDueEvent.detailType, time: at, detail }), RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } },
});

const cloudEnv = () => ({ group: requireEnv(envNames.campaignScheduleGroup), roleArn: requireEnv(envNames.campaignSchedulerRoleArn), runnerArn: requireEnv(envNames.campaignRunnerArn) });
const named = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;

/** Creates the campaign's one-time start; one that exists already (a retried approval) stands. */
export const scheduleCampaignStart = async (detail: CampaignDueDetail, at: string): Promise<'scheduled' | 'local' | 'exists'> => {
  if (runtimeMode() === 'local') return 'local';
  const { sdk: loaded, send } = await scheduler();
  try {
    await send(new loaded.CreateScheduleCommand(createScheduleInput(detail, at, cloudEnv())));
    return 'scheduled';
  } catch (error) {
    if (named(error, 'ConflictException')) return 'exists';
    throw error;
  }
};

/** Deletes the campaign's one-time start; one already fired (and deleted) or never made is fine. */
export const unscheduleCampaignStart = async (campaignId: string): Promise<void> => {
  if (runtimeMode() === 'local') return;
  const { sdk: loaded, send } = await scheduler();
  try {
    await send(new loaded.DeleteScheduleCommand({ Name: scheduleNameOf(campaignId), GroupName: cloudEnv().group }));
  } catch (error) {
    if (!named(error, 'ResourceNotFoundException')) throw error;
  }
};
