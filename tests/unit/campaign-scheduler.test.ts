/**
 * The one-time schedule adapter: the input it creates (at() in UTC, flexible window off, deleted
 * after it fires, the runner as target with the chain's "Campaign Due" event), a retried approval
 * that finds its schedule standing, a cancel of one already gone, and nothing at all on the twin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atExpression, createScheduleInput, scheduleCampaignStart, unscheduleCampaignStart, useSchedulerSdk, type SchedulerSdk } from '../../functions/adapters/campaign-scheduler.js';
import { envNames } from '../../shared/tables.js';

const sent: { kind: string; input: unknown }[] = [];
let failWith: string | undefined;
const fail = (name: string) => Object.assign(new Error(name), { name });
const fake: SchedulerSdk = {
  SchedulerClient: class { send = async (command: unknown) => { sent.push(command as { kind: string; input: unknown }); if (failWith) throw fail(failWith); return {}; }; },
  CreateScheduleCommand: class { kind = 'create'; constructor(public input: unknown) {} },
  DeleteScheduleCommand: class { kind = 'delete'; constructor(public input: unknown) {} },
} as unknown as SchedulerSdk;

const env = { [envNames.mode]: 'cloud', [envNames.campaignScheduleGroup]: 'smileloop-dev-campaigns', [envNames.campaignSchedulerRoleArn]: 'arn:aws:iam::1:role/r', [envNames.campaignRunnerArn]: 'arn:aws:lambda:x:1:function:runner' };
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  sent.length = 0; failWith = undefined;
  for (const [k, v] of Object.entries(env)) { saved[k] = process.env[k]; process.env[k] = v; }
  useSchedulerSdk(fake);
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  useSchedulerSdk(undefined);
});

describe('campaign one-time schedule adapter', () => {
  it('writes at() in UTC to the second', () => {
    expect(atExpression('2026-12-05T18:30:00+08:00')).toBe('at(2026-12-05T10:30:00)');
  });

  it('creates a one-time schedule in the group, flexible window off, deleted after it fires, targeting the runner with the chain\'s event', async () => {
    expect(await scheduleCampaignStart({ tenantId: 'T1', campaignId: 'C1' }, '2026-12-05T10:30:00.000Z')).toBe('scheduled');
    expect(sent).toHaveLength(1);
    const input = sent[0]?.input as ReturnType<typeof createScheduleInput>;
    expect(input).toMatchObject({ Name: 'campaign-C1', GroupName: 'smileloop-dev-campaigns', ScheduleExpression: 'at(2026-12-05T10:30:00)', ScheduleExpressionTimezone: 'UTC', FlexibleTimeWindow: { Mode: 'OFF' }, ActionAfterCompletion: 'DELETE' });
    expect(input.Target).toMatchObject({ Arn: env[envNames.campaignRunnerArn], RoleArn: env[envNames.campaignSchedulerRoleArn] });
    expect(JSON.parse(input.Target.Input)).toMatchObject({ source: 'smileloop.scheduler', 'detail-type': 'Campaign Due', detail: { tenantId: 'T1', campaignId: 'C1' } });
  });

  it('lets a retried approval find its schedule standing, and a cancel find it already gone', async () => {
    failWith = 'ConflictException';
    expect(await scheduleCampaignStart({ tenantId: 'T1', campaignId: 'C1' }, '2026-12-05T10:30:00.000Z')).toBe('exists');
    failWith = 'ResourceNotFoundException';
    await expect(unscheduleCampaignStart('C1')).resolves.toBeUndefined();
    expect(sent.at(-1)).toMatchObject({ kind: 'delete', input: { Name: 'campaign-C1', GroupName: 'smileloop-dev-campaigns' } });
    failWith = 'AccessDeniedException';
    await expect(unscheduleCampaignStart('C1')).rejects.toThrow();
  });

  it('does nothing on the twin (its scheduler polls the runner)', async () => {
    process.env[envNames.mode] = 'local';
    expect(await scheduleCampaignStart({ tenantId: 'T1', campaignId: 'C1' }, '2026-12-05T10:30:00.000Z')).toBe('local');
    await unscheduleCampaignStart('C1');
    expect(sent).toEqual([]);
  });
});
