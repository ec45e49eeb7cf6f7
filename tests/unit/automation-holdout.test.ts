/**
 * Holdouts on automations reuse the campaigns' assignment: the same hash per household, stable,
 * uniform, independent between automations; results compare each patient's first occasion and
 * wait for the attribution window like a campaign's.
 */
import { describe, expect, it } from 'vitest';
import { assignArm } from '../../shared/domain/campaigns/assignment.js';
import { automationArm, automationResults, firstPerPatient, holdoutAutomations, type AssignmentRow } from '../../shared/domain/campaigns/automation-holdout.js';
import type { RecipientOutcome } from '../../shared/domain/campaigns/results.js';
import { automationSettingsSchema } from '../../shared/schemas/automations.js';

const households = Array.from({ length: 10_000 }, (_, i) => `hh-${i.toString(36)}`);

describe('automation holdout assignment', () => {
  it('is the campaigns’ assignment seeded by the automation’s name', () => {
    for (const householdKey of households.slice(0, 200)) {
      expect(automationArm({ automation: 'recall', householdKey, holdoutPercent: 10 })).toBe(assignArm({ campaignId: 'automation:recall', householdKey, holdoutPercent: 10, variants: [{ key: 'A', percent: 100 }] }).arm);
    }
  });

  it('is stable, holds out about the share asked, and differs between automations', () => {
    const arms = (automation: (typeof holdoutAutomations)[number]) => households.map((householdKey) => automationArm({ automation, householdKey, holdoutPercent: 10 }));
    const recall = arms('recall');
    expect(arms('recall')).toEqual(recall);
    const held = recall.filter((a) => a === 'holdout').length;
    // 10% of 10,000: three standard deviations is ±90.
    expect(Math.abs(held - 1000)).toBeLessThan(90);
    const birthday = arms('birthday');
    const both = recall.filter((a, i) => a === 'holdout' && birthday[i] === 'holdout').length;
    expect(both).toBeLessThan(160);
    expect(households.every((householdKey) => automationArm({ automation: 'renewal', householdKey, holdoutPercent: 0 }) === 'treated')).toBe(true);
  });

  it('a larger share keeps everyone held out before held out (monotone in the percentage)', () => {
    for (const householdKey of households.slice(0, 2000)) {
      if (automationArm({ automation: 'reactivation', householdKey, holdoutPercent: 10 }) === 'holdout') expect(automationArm({ automation: 'reactivation', householdKey, holdoutPercent: 20 })).toBe('holdout');
    }
  });
});

describe('automation settings', () => {
  it('holdouts default to off and are at most 50%', () => {
    const settings = automationSettingsSchema.parse({});
    expect([settings.recall.holdoutPercent, settings.reactivation.holdoutPercent, settings.birthday.holdoutPercent, settings.renewal.holdoutPercent]).toEqual([0, 0, 0, 0]);
    const bad = automationSettingsSchema.safeParse({ recall: { holdoutPercent: 51 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['recall', 'holdoutPercent']);
  });
});

describe('automation results', () => {
  const outcome = (arm: 'holdout' | 'treated', visited: boolean): RecipientOutcome => ({ arm, delivered: arm === 'treated', optedOut: false, booked: visited, visited, revenueFen: visited ? 10_000 : 0, redeemed: false });

  it('keeps each patient’s first occasion', () => {
    const rows: AssignmentRow[] = [
      { patientId: 'a', arm: 'treated', assignedAt: '2026-03-01T02:00:00.000Z' },
      { patientId: 'a', arm: 'treated', assignedAt: '2026-02-01T02:00:00.000Z' },
      { patientId: 'b', arm: 'holdout', assignedAt: '2026-03-05T02:00:00.000Z' },
    ];
    expect(firstPerPatient(rows).map((r) => [r.patientId, r.assignedAt])).toEqual([['a', '2026-02-01T02:00:00.000Z'], ['b', '2026-03-05T02:00:00.000Z']]);
  });

  it('compares only closed windows, and says the window is open while none has closed', () => {
    const rows: AssignmentRow[] = [
      { patientId: 'a', arm: 'treated', assignedAt: '2026-01-01T02:00:00.000Z' },
      { patientId: 'b', arm: 'holdout', assignedAt: '2026-01-02T02:00:00.000Z' },
      { patientId: 'c', arm: 'treated', assignedAt: '2026-03-01T02:00:00.000Z' },
    ];
    const outcomes = [outcome('treated', true), outcome('holdout', true), outcome('treated', false)];
    const early = automationResults({ automation: 'recall', rows, outcomes, now: new Date('2026-01-10T00:00:00Z') });
    expect(early).toMatchObject({ windowClosed: false, measured: 0, pending: 3, verdict: 'window-open' });
    expect(early.words).toMatch(/^Not yet conclusive/);
    const later = automationResults({ automation: 'recall', rows, outcomes, now: new Date('2026-03-10T00:00:00Z') });
    expect(later).toMatchObject({ windowClosed: true, measured: 2, pending: 1 });
    expect(later.treated.n).toBe(1);
    expect(later.holdout).toMatchObject({ n: 1, visited: 1, revenueFen: 10_000 });
    expect(later.lift?.difference).toBe(0);
  });
});
