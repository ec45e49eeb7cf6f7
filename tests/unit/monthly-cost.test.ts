import { describe, expect, it } from 'vitest';
import { estimateChainCost, measuredUnitProfile, monthlyCostItems, referenceChain, referenceDeployment, runsPerDay, smsSpendUsd, totalUsd } from '../../shared/domain/cost/monthly-cost.js';

describe('monthly cost model', () => {
  it('counts the runs a day of the schedules we use', () => {
    expect(runsPerDay('cron(0,15,30,45 * * * ? *)')).toBe(96);
    expect(runsPerDay('cron(10 * * * ? *)')).toBe(24);
    expect(runsPerDay('cron(30 18 * * ? *)')).toBe(1);
  });

  it('itemises every service, each a non-negative amount, summing to the total', () => {
    const items = monthlyCostItems(referenceChain, measuredUnitProfile, referenceDeployment);
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['dynamodb.writes', 'dynamodb.reads', 'lambda.compute', 'api-gateway.http', 'cognito.lite', 'cloudwatch.alarms']));
    for (const item of items) expect(item.usd).toBeGreaterThanOrEqual(0);
    expect(totalUsd(items)).toBeCloseTo(items.reduce((s, i) => s + i.usd, 0), 10);
  });

  it('splits the platform alarms across the chains of a deployment', () => {
    const alarmsAt = (chains: number) => monthlyCostItems(referenceChain, measuredUnitProfile, { ...referenceDeployment, chains }).find((i) => i.name === 'cloudwatch.alarms')?.usd ?? 0;
    expect(alarmsAt(1)).toBeCloseTo(referenceDeployment.alarms * 0.1, 6);
    expect(alarmsAt(50)).toBeCloseTo(alarmsAt(1) / 50, 6);
  });

  it('prices Lite below Plus for the same staff', () => {
    const cognito = (tier: 'lite' | 'plus') => monthlyCostItems(referenceChain, measuredUnitProfile, { ...referenceDeployment, cognitoTier: tier }).find((i) => i.name.startsWith('cognito'))?.usd ?? 0;
    expect(cognito('lite')).toBeLessThan(cognito('plus'));
  });

  it('prices SMS per message sent', () => {
    expect(smsSpendUsd(0)).toBe(0);
    expect(smsSpendUsd(100)).toBeCloseTo(100 * smsSpendUsd(1), 10);
  });
});

describe('a chain\'s estimate this month', () => {
  const month = { clinics: 3, patients: 10_000, staff: 20, visits: 500, newPatients: 150, messagesSent: 2_500, dayOfMonth: 15, daysInMonth: 30 };

  it('projects the month so far to its end at the same pace', () => {
    const estimate = estimateChainCost(month);
    expect(estimate.projected.visits).toBe(1_000);
    expect(estimate.projected.messages).toBe(5_000);
    expect(estimate.totalUsd).toBeCloseTo(estimate.items.reduce((s, i) => s + i.usd, 0), 1);
  });

  it('prices the SMS sent so far, not the projection', () => {
    expect(estimateChainCost(month).smsSpendUsd).toBeCloseTo(smsSpendUsd(2_500), 2);
  });

  it('does not divide by a day that has not begun', () => {
    expect(Number.isFinite(estimateChainCost({ ...month, dayOfMonth: 0 }).totalUsd)).toBe(true);
  });
});
