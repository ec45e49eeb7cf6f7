/**
 * The campaign runner on DynamoDB Local: three concurrent invocations and a SIGKILL mid-page send
 * each treated patient exactly one message (with a coupon whose code is in the text), held-out
 * patients get nothing and are recorded; pause, resume and cancel act within one page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { CouponDefinition } from '../../shared/schemas/coupons.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { PatientCampaignEntry } from '../../shared/schemas/automation-holdouts.js';
import { campaignInputSchema } from '../../shared/schemas/campaigns.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { claimsInWindow, countOutcome, runAndKill } from '../support/crash-harness.js';

let twin: TestTwin;
let owner: string;
let couponDefinitionId: string;
let n = 0;
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const definition = await twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: owner, body: { name: '回馈券', value: { kind: 'amount', amountFen: 50_00 }, validity: { days: 30 } } });
  expect(definition.status).toBe(201);
  couponDefinitionId = definition.body.definitionId;
}, 120_000);
afterAll(async () => twin?.stop());

const audienceOf = async (count: number): Promise<{ members: AudienceMember[]; phones: Map<string, string> }> => {
  const members: AudienceMember[] = [];
  const phones = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const phone = `1371234${String(1000 + n++).padStart(4, '0')}`;
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '王芳', phone, clinicId: twin.demo.jinganId, consents } })).body;
    members.push({ patientId: patient.patientId, clinicId: patient.clinicId, householdKey: `hh-${phone}` });
    phones.set(patient.patientId, `+86${phone}`);
  }
  return { members, phones };
};

const scheduledCampaign = async (overrides: Partial<Campaign> = {}): Promise<Campaign> => {
  const { ulid } = await import('ulid');
  const { saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
  const input = campaignInputSchema.parse({ name: '会员日', segmentId: 'SEG1', holdoutPercent: 20, couponDefinitionId, variants: [{ key: 'A', template: '{姓名}您好，{门店}送您{优惠券}，{有效期}前有效', percent: 50 }, { key: 'B', template: '{姓名}，本月到店有礼，券码{优惠券}', percent: 50 }], schedule: { kind: 'now' } });
  const campaign: Campaign = { ...input, campaignId: ulid(), status: 'scheduled', version: 1, createdAt: new Date().toISOString(), createdBy: 'test', ...overrides };
  expect(await saveCampaign(twin.demo.tenantId, campaign)).toBe(true);
  return campaign;
};

/** One text, no holdout, no offer: the runner's mechanics alone. */
const plainCampaign = (overrides: Partial<Campaign> = {}): Promise<Campaign> =>
  scheduledCampaign({ holdoutPercent: 0, couponDefinitionId: undefined, variants: [{ key: 'A', template: '{姓名}您好，本月会员日到店有礼', percent: 100 }], ...overrides });

const partitionOf = async (campaignId: string): Promise<Record<string, unknown>[]> => {
  const { queryAll } = await import('../../functions/adapters/dynamo/query-all.js');
  return queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `T#${twin.demo.tenantId}#CAMPAIGN#${campaignId}` } });
};

const deps = (members: AudienceMember[]) => ({ audience: async () => members, exclude: async () => undefined, sleep: async () => undefined });

const outboxByPhone = async (): Promise<Map<string, string[]>> => {
  const { listOutbox } = await import('../../functions/adapters/dynamo/outbox-repository.js');
  const byPhone = new Map<string, string[]>();
  for (const m of (await listOutbox(twin.demo.tenantId, 10_000)).items) if (m.kind === 'sms') byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m.text]);
  return byPhone;
};

describe('campaign runner', () => {
  it('three concurrent invocations: one message per treated patient, none to the held out, coupons issued, progress counted', async () => {
    const { members, phones } = await audienceOf(30);
    const campaign = await scheduledCampaign();
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const now = at(addDays(today(), 300), 10);
    await Promise.all([1, 2, 3].map(() => runCampaign(twin.demo.tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 7 })));
    const { getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const recipients = await listRecipients(twin.demo.tenantId, campaign.campaignId);
    expect(recipients).toHaveLength(30);
    const byPhone = await outboxByPhone();
    const { listCoupons } = await import('../../functions/adapters/dynamo/coupon-repository.js');
    for (const r of recipients) {
      const texts = byPhone.get(phones.get(r.patientId) ?? '') ?? [];
      if (r.arm === 'holdout') { expect(texts).toEqual([]); continue; }
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(r.couponCode);
      expect(texts[0]).toMatch(/^【.+】.*退订回T$/);
      const coupons = await listCoupons(twin.demo.tenantId, r.patientId);
      expect(coupons.map((c) => [c.code, c.issuedBy])).toEqual([[r.couponCode, { kind: 'campaign', id: campaign.campaignId }]]);
    }
    const heldOut = recipients.filter((r) => r.arm === 'holdout').length;
    const stored = await getCampaign(twin.demo.tenantId, campaign.campaignId);
    expect(stored?.status).toBe('completed');
    expect(stored?.progress).toMatchObject({ audience: 30, heldOut, sent: 30 - heldOut, failed: 0, remaining: 0 });
    // A fourth, late delivery of the event changes nothing.
    expect(await runCampaign(twin.demo.tenantId, campaign.campaignId, now, deps(members))).toEqual({ notRunnable: 1 });

    // What is stored: one freeze's pages (the losers' are gone), results per page and invocation,
    // a recipient item only for each held-out member.
    const partition = await partitionOf(campaign.campaignId);
    const types = partition.map((i) => String(i.type));
    expect(types.filter((t) => t === 'campaign-page')).toHaveLength(Math.ceil(30 / 7));
    expect(types.filter((t) => t === 'campaign-recipient')).toHaveLength(heldOut);
    // every page was reached: each has at least one invocation's results item
    const resultPages = new Set(partition.filter((i) => i.type === 'campaign-page-result').map((i) => Number(i.page)));
    expect([...resultPages].filter((p) => p < Math.ceil(30 / 7)).sort()).toEqual([0, 1, 2, 3, 4]);

    // The profile's campaign section: a treated patient's entry (from their ledger) names the
    // variant and the outcome; a held-out patient's says held out.
    const treated = recipients.find((r) => r.arm === 'treated');
    const held = recipients.find((r) => r.arm === 'holdout');
    const marketing = await twin.tokenFor('marketing');
    const section = async (patientId: string) => (await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${patientId}/campaigns`, { token: marketing })).body.items.filter((e) => e.kind === 'campaign' && e.campaignId === campaign.campaignId);
    expect(await section(treated?.patientId ?? '')).toEqual([expect.objectContaining({ kind: 'campaign', name: '会员日', arm: 'treated', variant: treated?.variant, outcome: 'sent' })]);
    if (held) expect(await section(held.patientId)).toEqual([expect.objectContaining({ kind: 'campaign', arm: 'holdout' })]);
  });

  it("a page frozen before pages were the run's record loses its expiry when a run reads it; a long reason is cut between characters", async () => {
    const { ulid } = await import('ulid');
    const { getPage, pageKey } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { outcomeLabel } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { campaignPageEntity } = await import('../../functions/adapters/dynamo/entities/campaign.js');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const campaignId = ulid();
    const key = campaignPageEntity.key({ tenantId: twin.demo.tenantId, campaignId, runKey: 'once', freezerId: 'OLD', page: pageKey(0) });
    const members = [{ patientId: 'P1', clinicId: twin.demo.jinganId, householdKey: 'hh-P1', arm: 'treated' }];
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...key, type: campaignPageEntity.type, members, expiresAt: Math.floor(Date.now() / 1000) + 400 * 86_400 } }));
    expect(await getPage(twin.demo.tenantId, campaignId, 'once', 'OLD', 0)).toEqual(members);
    expect((await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item?.expiresAt).toBeUndefined();
    expect(outcomeLabel('failed', `${'x'.repeat(99)}😀😀`)).toBe(`failed:${'x'.repeat(99)}😀`);
  });

  it('page results from several invocations: a send wins over a later word; a member no result names is remaining', async () => {
    const { ulid } = await import('ulid');
    const { claimRun, putPage } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { listRecipients, putPageResults } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { progressOf } = await import('../../shared/domain/campaigns/progress.js');
    const tenantId = twin.demo.tenantId;
    const campaignId = ulid();
    const assignedAt = '2026-03-01T02:00:00.000Z';
    const member = (patientId: string, arm: 'holdout' | 'treated') => ({ patientId, clinicId: twin.demo.jinganId, householdKey: `hh-${patientId}`, arm, ...(arm === 'treated' ? { variant: 'A' } : {}), assignedAt });
    const members = [member('P1', 'treated'), member('P2', 'treated'), member('P3', 'treated'), member('P4', 'holdout')];
    // A freeze that lost the run header: its page is never read.
    await putPage(tenantId, campaignId, 'once', 'LOSER', 0, [member('P9', 'treated')], assignedAt);
    await putPage(tenantId, campaignId, 'once', 'WINNER', 0, members, assignedAt);
    await claimRun(tenantId, campaignId, { runKey: 'once', freezerId: 'WINNER', pages: 1, audience: 4, frozenAt: assignedAt });
    await putPageResults(tenantId, campaignId, { runKey: 'once', page: 0, writerId: 'W1', outcomes: { P1: 'sent', P2: 'failed:SNS throttled' }, at: '2026-03-01T02:01:00.000Z' });
    await putPageResults(tenantId, campaignId, { runKey: 'once', page: 0, writerId: 'W2', outcomes: { P1: 'skipped:budget', P2: 'sent' }, at: '2026-03-01T02:02:00.000Z' });
    const recipients = await listRecipients(tenantId, campaignId);
    const byId = new Map(recipients.map((r) => [r.patientId, r]));
    expect([...byId.keys()].sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(byId.get('P1')).toMatchObject({ arm: 'treated', variant: 'A', outcome: 'sent', runKey: 'once', assignedAt });
    expect(byId.get('P2')).toMatchObject({ outcome: 'sent' });
    expect(byId.get('P2')?.reason).toBeUndefined();
    expect(byId.get('P3')?.outcome).toBeUndefined();
    expect(byId.get('P4')).toMatchObject({ arm: 'holdout' });
    expect(progressOf(recipients, 4)).toEqual({ audience: 4, heldOut: 1, sent: 2, skipped: {}, failed: 0, remaining: 1 });
    // A later word wins among words that are not a send, reason and all.
    await putPageResults(tenantId, campaignId, { runKey: 'once', page: 0, writerId: 'W9', outcomes: { P3: 'failed:SNS throttled' }, at: '2026-03-01T02:03:00.000Z' });
    await putPageResults(tenantId, campaignId, { runKey: 'once', page: 0, writerId: 'W0', outcomes: { P3: 'skipped:marketing-consent' }, at: '2026-03-01T02:04:00.000Z' });
    expect((await listRecipients(tenantId, campaignId)).find((r) => r.patientId === 'P3')).toMatchObject({ outcome: 'skipped', reason: 'marketing-consent' });

    // A page no invocation reached yet (a paused run) is not listed; another month's run is its own.
    await putPage(tenantId, campaignId, 'once', 'WINNER', 1, [member('P5', 'treated'), member('P6', 'holdout')], assignedAt);
    await putPage(tenantId, campaignId, '2026-04', 'APRIL', 0, [member('P1', 'treated')], assignedAt);
    await claimRun(tenantId, campaignId, { runKey: '2026-04', freezerId: 'APRIL', pages: 1, audience: 1, frozenAt: assignedAt });
    await putPageResults(tenantId, campaignId, { runKey: '2026-04', page: 0, writerId: 'W5', outcomes: { P1: 'skipped:budget' }, at: '2026-04-01T02:00:00.000Z' });
    expect((await listRecipients(tenantId, campaignId, { runKey: 'once' })).map((r) => r.patientId).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(await listRecipients(tenantId, campaignId, { runKey: '2026-04' })).toEqual([expect.objectContaining({ patientId: 'P1', runKey: '2026-04', outcome: 'skipped', reason: 'budget' })]);
    expect(await listRecipients(tenantId, campaignId)).toHaveLength(5);
    // A recipient item written before page results (its run going on across the change): one row,
    // and the pages' send wins over its older word.
    const { putRecipients } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    await putRecipients(tenantId, campaignId, [{ ...member('P2', 'treated'), runKey: 'once', outcome: 'failed', reason: 'SNS throttled' }]);
    const p2 = (await listRecipients(tenantId, campaignId, { runKey: 'once' })).filter((r) => r.patientId === 'P2');
    expect(p2).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    expect(p2[0]?.reason).toBeUndefined();
  });

  it('a later finish of the same run keeps the fuller recount; an earlier, smaller one landing late does not overwrite it', async () => {
    const campaign = await scheduledCampaign({ status: 'completed', runKey: 'once' } as Partial<Campaign>);
    const { improveFinishedProgress, moveCampaignStatus, getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const tenantId = twin.demo.tenantId;
    const counted = (sent: number, remaining: number) => ({ audience: 24, heldOut: 0, sent, skipped: {}, failed: 0, remaining });
    // The first finisher stored its count with the status while another invocation's page was still being recorded.
    await moveCampaignStatus(tenantId, campaign.campaignId, ['completed'], 'completed', { progress: counted(8, 16) });
    expect(await improveFinishedProgress(tenantId, campaign.campaignId, 'once', counted(24, 0))).toBe(true);
    expect(await improveFinishedProgress(tenantId, campaign.campaignId, 'once', counted(8, 16))).toBe(false);
    expect(await improveFinishedProgress(tenantId, campaign.campaignId, 'other-run', counted(24, 0))).toBe(false);
    expect((await getCampaign(tenantId, campaign.campaignId))?.progress).toEqual(counted(24, 0));
  });

  it('a SIGKILL mid-run, then the sweep and a rerun: nothing lost, nothing twice', async () => {
    const { members, phones } = await audienceOf(24);
    const campaign = await scheduledCampaign({ holdoutPercent: 0, couponDefinitionId: undefined, variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }] });
    const tenantId = twin.demo.tenantId;
    const now = at(addDays(today(), 301), 10);
    const { killed } = await runAndKill('campaign', tenantId, now, 5, { payload: { campaignId: campaign.campaignId, members } });
    expect(killed).toBe(true);
    const inWindow = await claimsInWindow(tenantId);
    const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
    await sweepClaims(tenantId, { now: new Date(now.getTime() + 60_000), deadBefore: new Date(now.getTime() + 1000) });
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    await Promise.all([1, 2, 3].map(() => runCampaign(tenantId, campaign.campaignId, now, deps(members))));
    const count = await countOutcome(tenantId, phones, inWindow);
    expect(count).toMatchObject({ lost: 0, duplicate: 0 });
    // The finish counts everyone: the claims the crash left in the channel window (maybe sent,
    // never resent) under their reason, not as remaining.
    const { getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const progress = (await getCampaign(tenantId, campaign.campaignId))?.progress;
    expect(progress).toMatchObject({ audience: 24, remaining: 0, failed: 0 });
    expect((progress?.sent ?? 0) + (progress?.skipped['channel-window'] ?? 0)).toBe(24);
    expect(progress?.skipped['channel-window'] ?? 0).toBe(count.unknown);
  });

  it('started again from its first page (a checkpoint lost or expired), a finished run sends nobody twice, takes no second contact place and keeps its recipients', async () => {
    const { members, phones } = await audienceOf(15);
    const campaign = await scheduledCampaign();
    const tenantId = twin.demo.tenantId;
    const now = at(addDays(today(), 302), 10);
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { getCampaign, moveCampaignStatus } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { writeCheckpoint } = await import('../../functions/adapters/dynamo/checkpoint-repository.js');
    const { readPhoneContacts } = await import('../../functions/adapters/dynamo/phone-contacts-repository.js');
    await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 4 });
    const before = { outbox: await outboxByPhone(), recipients: await listRecipients(tenantId, campaign.campaignId), progress: (await getCampaign(tenantId, campaign.campaignId))?.progress };
    // Every later page is now a "first visit" for the rerun: it reads no ledger and finds every occasion decided only by its claims.
    await writeCheckpoint(tenantId, 'campaign', `${campaign.campaignId}.once`, { startKey: { page: 0 }, done: false, pages: 0, tally: {} }, now.toISOString());
    expect(await moveCampaignStatus(tenantId, campaign.campaignId, ['completed'], 'sending')).toBe(true);
    await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 4 });
    expect(await outboxByPhone()).toEqual(before.outbox);
    const byPatient = (rows: typeof before.recipients) => [...rows].sort((a, b) => a.patientId.localeCompare(b.patientId)).map((r) => [r.patientId, r.arm, r.outcome, r.couponCode]);
    expect(byPatient(await listRecipients(tenantId, campaign.campaignId))).toEqual(byPatient(before.recipients));
    for (const r of before.recipients.filter((row) => row.arm === 'treated')) {
      const contacts = (await readPhoneContacts(tenantId, phones.get(r.patientId) ?? '')).contacts;
      expect(contacts.filter((c) => c.occasion.startsWith(`campaign.${campaign.campaignId}.`))).toHaveLength(1);
    }
    const after = await getCampaign(tenantId, campaign.campaignId);
    expect(after?.status).toBe('completed');
    expect(after?.progress).toEqual(before.progress);
    // An invocation a page behind, reporting its own count after the finish, changes nothing.
    const { saveProgress } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    await saveProgress(tenantId, campaign.campaignId, { audience: 15, heldOut: 0, sent: 4, skipped: {}, failed: 0, remaining: 11 });
    expect((await getCampaign(tenantId, campaign.campaignId))?.progress).toEqual(before.progress);
  });

  it("a monthly campaign's results: the latest month by default, an earlier month on request, each with its own members and window", async () => {
    const november = await audienceOf(4);
    const december = await audienceOf(6);
    const campaign = await plainCampaign({ schedule: { kind: 'monthly', dayOfMonth: 1, hour: 10 } });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const firstDay = addDays(today(), 420);
    const secondDay = addDays(firstDay, 31);
    await runCampaign(tenantId, campaign.campaignId, at(firstDay, 10), deps(november.members));
    expect((await getCampaign(tenantId, campaign.campaignId))?.status).toBe('scheduled');
    await runCampaign(tenantId, campaign.campaignId, at(secondDay, 10), deps(december.members));
    const marketing = await twin.tokenFor('marketing');
    type View = { runKey: string; runs: Array<{ runKey: string; audience: number; frozenAt: string }>; treated: { n: number; delivered: number }; window: { from: string } };
    const results = (query = '') => twin.api<View>('GET', `/campaigns/${campaign.campaignId}/results${query}`, { token: marketing });
    const latest = await results();
    expect(latest.status).toBe(200);
    expect(latest.body.runKey).toBe(secondDay.slice(0, 7));
    expect(latest.body.runs.map((r) => [r.runKey, r.audience])).toEqual([[secondDay.slice(0, 7), 6], [firstDay.slice(0, 7), 4]]);
    expect(latest.body.treated).toMatchObject({ n: 6, delivered: 6 });
    const earlier = await results(`?run=${firstDay.slice(0, 7)}`);
    expect(earlier.body).toMatchObject({ runKey: firstDay.slice(0, 7), treated: { n: 4, delivered: 4 } });
    expect(earlier.body.window.from).toBe(latest.body.runs[1]?.frozenAt);
    expect(earlier.body.window.from < latest.body.window.from).toBe(true);
    // A month it never ran in, or no month at all.
    expect((await results('?run=2020-01')).status).toBe(404);
    const bad = await twin.api<{ error: { fields: Array<{ path: string; code: string }> } }>('GET', `/campaigns/${campaign.campaignId}/results?run=december`, { token: marketing });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ path: 'run', code: 'format.invalid' })]);
  });

  it('a message whose publish failed goes out on retry after the run: its coupon exists, and the results count it delivered', async () => {
    const { members, phones } = await audienceOf(3);
    const campaign = await scheduledCampaign({ holdoutPercent: 0 });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { listCoupons } = await import('../../functions/adapters/dynamo/coupon-repository.js');
    const now = at(addDays(today(), 302), 10);
    const channelDown = async (): Promise<never> => {
      throw Object.assign(new Error('the channel is down'), { name: 'ServiceUnavailable' });
    };
    await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), publish: channelDown });
    const recipients = await listRecipients(tenantId, campaign.campaignId);
    expect(recipients.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
    // The text that will be retried carries the code: the coupon exists before it goes.
    for (const r of recipients) expect((await listCoupons(tenantId, r.patientId)).map((c) => c.code)).toEqual([r.couponCode]);
    const marketing = await twin.tokenFor('marketing');
    const delivered = async () => (await twin.api<{ treated: { n: number; delivered: number } }>('GET', `/campaigns/${campaign.campaignId}/results`, { token: marketing })).body.treated;
    expect(await delivered()).toEqual(expect.objectContaining({ n: 3, delivered: 0 }));

    const { handler: retries } = await import('../../functions/jobs/message-retries.js');
    await retries({ ...twin.bus.scheduledEvent('message-retries'), time: new Date(now.getTime() + 10 * 60_000).toISOString() });
    const byPhone = await outboxByPhone();
    for (const r of recipients) {
      const texts = byPhone.get(phones.get(r.patientId) ?? '') ?? [];
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(r.couponCode);
    }
    expect(await delivered()).toEqual(expect.objectContaining({ n: 3, delivered: 3 }));
  });

  it('cancelled after a page whose publish failed: the retry due later sends nothing, the campaign stays cancelled', async () => {
    const { members, phones } = await audienceOf(4);
    const campaign = await plainCampaign();
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { moveCampaignStatus } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const now = at(addDays(today(), 303), 10);
    const channelDown = async (): Promise<never> => {
      throw Object.assign(new Error('the channel is down'), { name: 'ServiceUnavailable' });
    };
    const cancel = async (page: number) => { if (page === 0) await moveCampaignStatus(tenantId, campaign.campaignId, ['sending'], 'cancelled'); };
    expect(await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 2, afterPage: cancel, publish: channelDown })).toMatchObject({ stopped: 1 });
    const { handler: retries } = await import('../../functions/jobs/message-retries.js');
    await retries({ ...twin.bus.scheduledEvent('message-retries'), time: new Date(now.getTime() + 10 * 60_000).toISOString() });
    const byPhone = await outboxByPhone();
    for (const m of members) expect(byPhone.get(phones.get(m.patientId) ?? '') ?? []).toEqual([]);
    const { ledgerWordOf } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const { batchOccasion } = await import('../../shared/domain/campaigns/triggers.js');
    const words = await Promise.all(members.slice(0, 2).map((m) => ledgerWordOf({ tenantId, patientId: m.patientId, purpose: 'marketing-campaign', occasion: batchOccasion(campaign.campaignId, 'once') })));
    expect(words.map((w) => w?.status)).toEqual(['skipped', 'skipped']);
  });

  it('an invocation overtaken by the finisher (its send still in flight when another finished) leaves the stored count complete', async () => {
    const { members } = await audienceOf(10);
    const campaign = await plainCampaign();
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { progressOf } = await import('../../shared/domain/campaigns/progress.js');
    const { getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { snsStandIn } = await import('../bench/sns-stand-in.js');
    const now = at(addDays(today(), 304), 10);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered = (): void => undefined;
    const inFirst = new Promise<void>((resolve) => { entered = resolve; });
    let first = true;
    // B sends one member at a time; its first publish hangs until A has finished the run.
    const slowPublish: typeof snsStandIn = async (tenant, sms) => {
      if (first) { first = false; entered(); await gate; }
      return snsStandIn(tenant, sms);
    };
    const b = runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 5, concurrency: 1, publish: slowPublish });
    await inFirst;
    await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 5, publish: snsStandIn });
    // A counted B's claim as interrupted (maybe sent), not as remaining.
    expect((await getCampaign(tenantId, campaign.campaignId))?.progress).toMatchObject({ remaining: 0, sent: 9, skipped: { 'channel-window': 1 } });
    release();
    await b;
    const stored = (await getCampaign(tenantId, campaign.campaignId))?.progress;
    expect(stored).toEqual(progressOf(await listRecipients(tenantId, campaign.campaignId, { consistent: true }), 10));
    expect(stored).toMatchObject({ sent: 10, remaining: 0 });
  });

  it('a slow throttle never sleeps past the invocation: it stops with a checkpoint, and the next one waits out the rest', async () => {
    const { members } = await audienceOf(6);
    const campaign = await plainCampaign({ throttlePerMinute: 3 });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const now = at(addDays(today(), 305), 10);
    const waits: number[] = [];
    const sleep = async (ms: number) => { waits.push(ms); };
    // 3 a minute and pages of 3: a minute between pages, with 30 seconds of the invocation left.
    const first = await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 3, sleep, until: Date.now() + 30_000 });
    expect(first).toMatchObject({ continued: 1, sent: 3 });
    expect(waits).toEqual([]);
    // The next tick, at once: it waits out the throttle (about a minute) before the second page.
    const second = await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 3, sleep, until: Date.now() + 13 * 60_000 });
    expect(second).toMatchObject({ sent: 6 });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(50_000);
    expect(waits[0]).toBeLessThanOrEqual(60_000);
  });

  it('the throttle is a rate: at 12 a minute pages hold two messages, ten seconds apart, never a burst of the whole audience', async () => {
    const { members } = await audienceOf(5);
    const campaign = await plainCampaign({ throttlePerMinute: 12 });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { getRun } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const waits: number[] = [];
    const result = await runCampaign(tenantId, campaign.campaignId, at(addDays(today(), 307), 10), { audience: async () => members, exclude: async () => undefined, sleep: async (ms) => { waits.push(ms); } });
    expect(result).toMatchObject({ sent: 5, pages: 3 });
    expect((await getRun(tenantId, campaign.campaignId, 'once'))?.pages).toBe(3);
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThan(8_000);
    for (const ms of waits) expect(ms).toBeLessThanOrEqual(10_000);
  });

  it("behind a slow throttle a page's consent is read after the wait: a patient who opts out meanwhile is not sent to", async () => {
    const { members } = await audienceOf(4);
    const campaign = await plainCampaign({ throttlePerMinute: 2 });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const last = members[3]?.patientId ?? '';
    // During the throttle's wait after the first page, the second page's last patient withdraws marketing consent.
    const sleep = async () => {
      const { version } = (await twin.api<Patient>('GET', `/patients/${last}`, { token: owner })).body;
      const res = await twin.api('PATCH', `/patients/${last}`, { token: owner, body: { version, consents: { marketing: { granted: false, source: 'verbal' } } } });
      expect(res.status).toBe(200);
    };
    await runCampaign(tenantId, campaign.campaignId, at(addDays(today(), 306), 10), { ...deps(members), pageSize: 2, sleep });
    const byId = new Map((await listRecipients(tenantId, campaign.campaignId)).map((r) => [r.patientId, r]));
    expect(byId.get(last)).toMatchObject({ outcome: 'skipped' });
    expect([...byId.values()].filter((r) => r.outcome === 'sent')).toHaveLength(3);
  });

  it('a monthly campaign another tick already ran this month is not started again (its start, and the results window, stay)', async () => {
    const { members } = await audienceOf(2);
    const campaign = await plainCampaign({ schedule: { kind: 'monthly', dayOfMonth: 1, hour: 10 } });
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const day = addDays(today(), 500);
    await runCampaign(tenantId, campaign.campaignId, at(day, 10), deps(members));
    const after = await getCampaign(tenantId, campaign.campaignId);
    expect(after?.status).toBe('scheduled');
    expect(await runCampaign(tenantId, campaign.campaignId, at(day, 14), deps(members))).toEqual({ notRunnable: 1 });
    expect((await getCampaign(tenantId, campaign.campaignId))?.startedAt).toBe(after?.startedAt);
  });

  it('pause stops within one page, resume continues where it stopped, cancel stops further sends', async () => {
    const { members } = await audienceOf(15);
    const campaign = await plainCampaign();
    const tenantId = twin.demo.tenantId;
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const { moveCampaignStatus, getCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const now = at(addDays(today(), 302), 10);
    const pause = async (page: number) => { if (page === 0) await moveCampaignStatus(tenantId, campaign.campaignId, ['sending'], 'paused'); };
    expect(await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 5, afterPage: pause })).toMatchObject({ stopped: 1, sent: 5 });
    expect((await getCampaign(tenantId, campaign.campaignId))?.progress).toMatchObject({ sent: 5, remaining: 10 });
    expect(await runCampaign(tenantId, campaign.campaignId, now, deps(members))).toEqual({ notRunnable: 1 });
    expect(await moveCampaignStatus(tenantId, campaign.campaignId, ['paused'], 'sending')).toBe(true);
    const cancel = async (page: number) => { if (page === 1) await moveCampaignStatus(tenantId, campaign.campaignId, ['sending'], 'cancelled'); };
    expect(await runCampaign(tenantId, campaign.campaignId, now, { ...deps(members), pageSize: 5, afterPage: cancel })).toMatchObject({ stopped: 1, sent: 10 });
    expect((await listRecipients(tenantId, campaign.campaignId)).filter((r) => r.outcome === 'sent')).toHaveLength(10);
    expect((await getCampaign(tenantId, campaign.campaignId))?.status).toBe('cancelled');
  });
});
