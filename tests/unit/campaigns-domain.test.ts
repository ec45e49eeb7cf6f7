import { describe, expect, it } from 'vitest';
import { assignArm, bucketOf } from '../../shared/domain/campaigns/assignment.js';
import { incrementalRevenue, newcombeInterval, requiredAudience, wilsonInterval } from '../../shared/domain/campaigns/statistics.js';
import { checkCampaignTemplate, renderCampaignText, smsParts, toPipelineTemplate } from '../../shared/domain/campaigns/sms-text.js';
import { nextStatus } from '../../shared/domain/campaigns/lifecycle.js';
import { draftProblems, launchProblems } from '../../shared/domain/campaigns/validation.js';
import { campaignInputSchema } from '../../shared/schemas/campaigns.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `hh-${i.toString(36)}-${(i * 7919) % 10007}`);

describe('variant and holdout assignment', () => {
  it('is uniform over 10,000 households (chi-squared, 20 buckets)', () => {
    const cells = new Array<number>(20).fill(0);
    for (const id of ids) cells[Math.floor(bucketOf('01CAMPAIGN', id) / 500)]! += 1;
    const expected = ids.length / 20;
    const chi2 = cells.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9th percentile is 43.82
    expect(chi2).toBeLessThan(43.82);
  });

  it('splits holdout and variants in the stated shares, stably', () => {
    const input = { campaignId: '01CAMP', holdoutPercent: 10, variants: [{ key: 'A', percent: 50 }, { key: 'B', percent: 50 }] };
    const counts: Record<string, number> = {};
    for (const id of ids) {
      const arm = assignArm({ ...input, householdKey: id });
      const label = arm.arm === 'holdout' ? 'holdout' : arm.variant;
      counts[label] = (counts[label] ?? 0) + 1;
      expect(assignArm({ ...input, householdKey: id })).toEqual(arm);
    }
    const expected = { holdout: 1000, A: 4500, B: 4500 };
    const chi2 = Object.entries(expected).reduce((s, [k, e]) => s + ((counts[k] ?? 0) - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(13.82); // 2 df, 99.9th percentile
  });

  it('is independent between campaigns', () => {
    const held = (campaignId: string) => new Set(ids.filter((id) => assignArm({ campaignId, householdKey: id, holdoutPercent: 10, variants: [{ key: 'A', percent: 100 }] }).arm === 'holdout'));
    const a = held('one');
    const both = [...held('two')].filter((id) => a.has(id)).length;
    expect(both).toBeGreaterThan(50);
    expect(both).toBeLessThan(160);
  });
});

describe('Newcombe hybrid score interval (Newcombe 1998, Table II, method 10)', () => {
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
    [10, 10, 0, 10, 0.6075, 1.0],
  ];
  it.each(cases)('%i/%i − %i/%i → [%f, %f]', (x1, n1, x2, n2, low, high) => {
    const interval = newcombeInterval(x1, n1, x2, n2);
    expect(interval.low).toBeCloseTo(low, 3);
    expect(interval.high).toBeCloseTo(high, 3);
  });
  it('Wilson for 0/10 matches the published 0–0.2775', () => {
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
  });
});

describe('power and bootstrap', () => {
  it('needs the textbook sample size for 5% → 7% at an even split', () => {
    // Fleiss: p1 = .07, p2 = .05, α = .05 two-sided, power .8 → about 2,210 per group
    const need = requiredAudience({ baseRate: 0.05, lift: 0.02, holdoutPercent: 50 });
    expect(need.holdout).toBeGreaterThan(2150);
    expect(need.holdout).toBeLessThan(2250);
    expect(requiredAudience({ baseRate: 0.05, lift: 0.02, holdoutPercent: 10 }).total).toBeGreaterThan(need.total);
    expect(requiredAudience({ baseRate: 0.05, lift: 0.02, holdoutPercent: 0 }).total).toBe(Infinity);
  });
  it('gives a seeded, reproducible interval around the estimate', () => {
    const treated = Array.from({ length: 900 }, (_, i) => (i % 10 === 0 ? 50_000 : 0));
    const holdout = Array.from({ length: 100 }, (_, i) => (i % 20 === 0 ? 50_000 : 0));
    const one = incrementalRevenue(treated, holdout, { seed: 7 });
    expect(one).toEqual(incrementalRevenue(treated, holdout, { seed: 7 }));
    expect(one.estimate).toBe(Math.round((5000 - 2500) * 900));
    expect(one.low).toBeLessThan(one.estimate);
    expect(one.high).toBeGreaterThan(one.estimate);
    expect(Number.isInteger(one.low)).toBe(true);
  });
});

describe('SMS text', () => {
  it('counts GSM-7 and UCS-2 parts', () => {
    expect(smsParts('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', parts: 1 });
    expect(smsParts('a'.repeat(161))).toMatchObject({ parts: 2, perPart: 153 });
    expect(smsParts('a'.repeat(306)).parts).toBe(2);
    expect(smsParts('a'.repeat(307)).parts).toBe(3);
    expect(smsParts('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', characters: 160, parts: 1 });
    expect(smsParts('牙'.repeat(70))).toMatchObject({ encoding: 'UCS-2', parts: 1 });
    expect(smsParts('牙'.repeat(71))).toMatchObject({ parts: 2, perPart: 67 });
    expect(smsParts('牙'.repeat(134)).parts).toBe(2);
    expect(smsParts('牙'.repeat(135)).parts).toBe(3);
  });
  it('renders variables, signature and 退订回T', () => {
    const rendered = renderCampaignText('{姓名}您好，{门店}送您{优惠券}，{有效期}前有效，预约{预约电话}', { 姓名: '王芳', 门店: '静安店', 优惠券: 'ABC123', 有效期: '2026-12-31', 预约电话: '021-5555' }, '微笑口腔');
    expect(rendered).toMatchObject({ ok: true, text: '【微笑口腔】王芳您好，静安店送您ABC123，2026-12-31前有效，预约021-5555 退订回T' });
    expect(toPipelineTemplate('{姓名}，{优惠券}', { 优惠券: 'X1' })).toBe('{name}，X1');
  });
  it('refuses medical words, unknown variables and a hand-written signature', () => {
    const check = checkCampaignTemplate('【别家】{名字}来做种植牙和洁牙，Implant 优惠');
    expect(check.medicalWords).toEqual(expect.arrayContaining(['种植', '洁牙']));
    expect(check.medicalWords.some((w) => w.toLowerCase() === 'implant')).toBe(true);
    expect(check.unknownVariables).toEqual(['名字']);
    expect(check.hasSignature).toBe(true);
    expect(checkCampaignTemplate('{姓名}您好，本月会员日到店有礼').medicalWords).toEqual([]);
    // as a reader reads it: traditional characters, invisible or spaced-out characters, full-width or plural Latin, everyday words
    const found = (template: string) => checkCampaignTemplate(template).medicalWords;
    expect(found('種植牙優惠，牙齒矯正')).toEqual(['种植', '矫正']);
    expect(found('种\u200b植牙')).toEqual(['种植']);
    expect(found('种 植 牙')).toEqual(['种植']);
    expect(found('洗牙 / 牙套 / 烤瓷牙 / 隐适美')).toEqual(['洗牙', '牙套', '烤瓷', '隐适美']);
    expect(found('ｉｍｐｌａｎｔ')).toEqual(['implant']);
    expect(found('Implants')).toEqual(['implants']);
    expect(found('【微笑口腔】春季回店季，到店领取小礼品，会员日享 8 折')).toEqual([]);
  });
});

describe('lifecycle and launch checks', () => {
  const ctx = { approvalRequired: true, started: false, recurring: false };
  it('walks draft → awaiting approval → scheduled → sending → completed', () => {
    expect(nextStatus('draft', 'submit', ctx)).toEqual({ ok: true, status: 'awaiting-approval' });
    expect(nextStatus('draft', 'submit', { ...ctx, approvalRequired: false })).toEqual({ ok: true, status: 'scheduled' });
    expect(nextStatus('awaiting-approval', 'approve', ctx)).toEqual({ ok: true, status: 'scheduled' });
    expect(nextStatus('scheduled', 'start', ctx)).toEqual({ ok: true, status: 'sending' });
    expect(nextStatus('sending', 'pause', ctx)).toEqual({ ok: true, status: 'paused' });
    expect(nextStatus('paused', 'resume', { ...ctx, started: true })).toEqual({ ok: true, status: 'sending' });
    expect(nextStatus('sending', 'finish', ctx)).toEqual({ ok: true, status: 'completed' });
    expect(nextStatus('sending', 'finish', { ...ctx, recurring: true })).toEqual({ ok: true, status: 'scheduled' });
    expect(nextStatus('completed', 'cancel', ctx).ok).toBe(false);
    expect(nextStatus('draft', 'approve', ctx).ok).toBe(false);
  });
  it('names every launch problem with a stable code', () => {
    const input = campaignInputSchema.parse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: '来做根管治疗', percent: 90 }], schedule: { kind: 'at', at: '2026-01-01T00:00:00Z' }, window: { startHour: 7, endHour: 21 } });
    const codes = launchProblems({ input, marketingWindow: { startHour: 8, endHour: 20 }, audienceSize: 0, approvalRequired: true, approved: false, now: new Date('2026-06-01T00:00:00Z') }).map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['campaign.medical_words', 'campaign.split_sum', 'campaign.window_outside', 'campaign.audience_empty', 'campaign.not_approved', 'campaign.schedule_past']));
  });
  it('a minimum score belongs to a survey trigger only', () => {
    const trigger = (event: string) => campaignInputSchema.parse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: '您好', percent: 100 }], schedule: { kind: 'trigger', event, delayDays: 1, minScore: 9 } });
    expect(draftProblems(trigger('visit-checked-out'))).toEqual([expect.objectContaining({ path: 'schedule.minScore', code: 'campaign.trigger_score' })]);
    expect(draftProblems(trigger('survey-answered'))).toEqual([]);
  });
  it('refuses a time more than a year ahead (a typo such as 9999-12-31)', () => {
    const input = campaignInputSchema.parse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: '您好', percent: 100 }], schedule: { kind: 'at', at: '9999-12-31T02:00:00Z' } });
    const problems = launchProblems({ input, marketingWindow: { startHour: 8, endHour: 20 }, audienceSize: 10, approvalRequired: false, approved: false, now: new Date('2026-06-01T00:00:00Z') });
    expect(problems).toEqual([expect.objectContaining({ path: 'schedule.at', code: 'date.too_far', params: { days: 366 } })]);
  });
});

describe('a campaign text as the patient gets it', () => {
  it('counts its parts with the values, the signature and 退订回T; refuses stray braces and broken characters', async () => {
    const { templateProblems } = await import('../../shared/domain/campaigns/validation.js');
    const codes = (template: string) => templateProblems([{ key: 'A', template, percent: 100 }]).map((p) => p.code);
    // 260 characters fit 4 parts as written, not once the name, signature and 退订回T are in
    expect(codes(`${'好'.repeat(260)}{姓名}`)).toEqual(['campaign.too_long']);
    expect(codes(`${'好'.repeat(200)}{姓名}`)).toEqual([]);
    expect(codes('{{姓名}}您好')).toEqual(['template.variables']);
    expect(codes('您好}')).toEqual(['template.variables']);
    const broken = campaignInputSchema.safeParse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: 'hi \ud800 there', percent: 100 }], schedule: { kind: 'now' } });
    expect(broken.success).toBe(false);
  });
});

describe('when a campaign is due', () => {
  it('starts now, at its time, or on its monthly day, only inside its hours in the clinic zone', async () => {
    const { campaignDue } = await import('../../shared/domain/campaigns/due.js');
    const base = { ...campaignInputSchema.parse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: '您好', percent: 100 }], schedule: { kind: 'now' } }), campaignId: 'c', status: 'scheduled' as const, version: 1, createdAt: '', createdBy: '' };
    const tz = 'Asia/Shanghai';
    const at10 = new Date('2026-03-05T10:00:00+08:00');
    expect(campaignDue(base, at10, tz)).toBe(true);
    expect(campaignDue(base, new Date('2026-03-05T21:00:00+08:00'), tz)).toBe(false);
    expect(campaignDue({ ...base, schedule: { kind: 'at', at: '2026-03-05T11:00:00+08:00' } }, at10, tz)).toBe(false);
    expect(campaignDue({ ...base, schedule: { kind: 'monthly', dayOfMonth: 1, hour: 10 } }, at10, tz)).toBe(true);
    expect(campaignDue({ ...base, schedule: { kind: 'monthly', dayOfMonth: 1, hour: 10 }, runKey: '2026-03' }, at10, tz)).toBe(false);
    expect(campaignDue({ ...base, status: 'draft' }, at10, tz)).toBe(false);
  });

  it("a monthly run is the chain's month: on the 1st at 07:00 in Shanghai (still the 30th in UTC) it is the new month's, and due", async () => {
    const { campaignDue, campaignRunKey } = await import('../../shared/domain/campaigns/due.js');
    const monthly = { ...campaignInputSchema.parse({ name: 'x', segmentId: 's', variants: [{ key: 'A', template: '您好', percent: 100 }], schedule: { kind: 'monthly', dayOfMonth: 1, hour: 7 }, window: { startHour: 7, endHour: 20 } }), campaignId: 'c', status: 'scheduled' as const, version: 1, createdAt: '', createdBy: '' };
    const firstAtSeven = new Date('2026-12-01T07:00:00+08:00');
    expect(firstAtSeven.toISOString().slice(0, 7)).toBe('2026-11');
    expect(campaignRunKey(monthly, firstAtSeven, 'Asia/Shanghai')).toBe('2026-12');
    // November's run (on the 1st of November) does not keep December's from starting.
    expect(campaignDue({ ...monthly, runKey: '2026-11' }, firstAtSeven, 'Asia/Shanghai')).toBe(true);
    expect(campaignDue({ ...monthly, runKey: '2026-12' }, firstAtSeven, 'Asia/Shanghai')).toBe(false);
    expect(campaignRunKey({ schedule: { kind: 'now' } }, firstAtSeven, 'Asia/Shanghai')).toBe('once');
  });
});
