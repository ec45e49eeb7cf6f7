import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainCost } from '../../shared/domain/cost/chain-cost.js';
import { smsSpendUsd } from '../../shared/domain/cost/monthly-cost.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;

beforeAll(async () => {
  twin = await startTestTwin();
});
afterAll(async () => twin?.stop());

describe('GET /chain/cost', () => {
  it('gives the owner this month\'s estimate, itemised, with the SMS spend of the messages sent', async () => {
    const res = await twin.api<ChainCost>('GET', '/chain/cost', { token: await twin.tokenFor('owner') });
    expect(res.status).toBe(200);
    const cost = res.body;
    expect(cost.month).toBe(cost.asOfDay.slice(0, 7));
    expect(cost.items.map((i) => i.name)).toEqual(expect.arrayContaining(['dynamodb.writes', 'dynamodb.storage', 'cognito.lite', 'cloudwatch.alarms']));
    expect(cost.totalUsd).toBeCloseTo(cost.items.reduce((s, i) => s + i.usd, 0), 1);
    expect(cost.smsSpendUsd).toBeCloseTo(smsSpendUsd(cost.messagesSent), 2);
    // The staff the chain has: Cognito is priced per active staff member.
    const staff = await twin.api<{ items: unknown[] }>('GET', '/staff', { token: await twin.tokenFor('owner') });
    expect(cost.projected.staff).toBe(staff.body.items.length);
  });

  it('is the owner\'s alone', async () => {
    expect((await twin.api('GET', '/chain/cost', { token: await twin.tokenFor('manager') })).status).toBe(403);
  });
});
