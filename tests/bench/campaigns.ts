/**
 * campaign_send_ratio_10k: the campaign runner sending 10,000 campaign messages (frozen audience,
 * household assignment, recipient claim, the whole send pipeline) against writing 10,000 ledger
 * items directly, at the same concurrency (8), side by side (side-by-side.ts: an uncounted warm-up
 * round of both, three rounds each in a fresh chain, the order alternating, the median round).
 * Goal ≤ 3. What is timed is the run from its start: the freeze (pages, assignment), the facts'
 * reads, both claims, the publish, the outcomes, the page results, checkpoints and progress and the
 * finish's recount. Not timed: the segment's evaluation and the exclusion checks (the audience is
 * handed in as the segment would give it; segment_count_* measure that read), and SNS's latency
 * (sns-stand-in.ts), which would be the same on both sides.
 * campaign_duplicates: duplicate messages after a campaign run is killed with SIGKILL mid-run
 * and then run by three concurrent invocations (after the restart's claim sweep). Goal 0.
 */
import { ulid } from 'ulid';
import { consentRecordsFrom, type PatientRecord } from '../../shared/domain/patient.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import { campaignInputSchema, type Campaign } from '../../shared/schemas/campaigns.js';
import { claimsInWindow, countOutcome, runAndKill } from '../support/crash-harness.js';
import { snsStandIn } from './sns-stand-in.js';
import { rounded, sideBySide } from './side-by-side.js';
import { rawLedgerWrites } from './raw-ledger.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

// BENCH_QUICK=1 sends 1,000 (the figure then says so in `messages`) while iterating.
const messages = process.env.BENCH_QUICK ? 1_000 : 10_000;
const concurrency = 8;

const seedChain = async (count: number, prefix: string) => {
  const { onboardChain } = await import('../../functions/services/onboarding.js');
  const { batchWriteAll } = await import('../../functions/adapters/dynamo/import-batch.js');
  const { patientItem } = await import('../../functions/adapters/dynamo/import-patient-writer.js');
  const { chain, clinic } = await onboardChain({
    chainName: '活动基准连锁', brand: '基准口腔', clinic: { name: '基准店' },
    owner: { email: `bench-${ulid().toLowerCase()}@bench.local`, displayName: '基准', password: 'bench-password-1234' },
  });
  const createdAt = new Date().toISOString();
  const consents = consentRecordsFrom({ care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } }, createdAt, 'bench');
  const members: AudienceMember[] = [];
  const phones = new Map<string, string>();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+86${prefix}${String(i).padStart(8, '0')}`;
    const record = { patientId: ulid(), clinicId: clinic.clinicId, name: `活动基准${i}`, gender: 'female', phone, channel: 'walk-in', tags: [], notes: '', consents, createdAt, updatedAt: createdAt } as PatientRecord;
    items.push(patientItem(chain.tenantId, record, 'bench'));
    members.push({ patientId: record.patientId, clinicId: clinic.clinicId, householdKey: phone });
    phones.set(record.patientId, phone);
  }
  await batchWriteAll(items, 8);
  return { tenantId: chain.tenantId, members, phones };
};

const scheduled = async (tenantId: string, holdoutPercent: number): Promise<Campaign> => {
  const { saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
  const input = campaignInputSchema.parse({ name: '基准活动', segmentId: 'BENCH', holdoutPercent, variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }], schedule: { kind: 'now' }, throttlePerMinute: 10_000 });
  const campaign: Campaign = { ...input, campaignId: ulid(), status: 'scheduled', version: 1, createdAt: new Date().toISOString(), createdBy: 'bench' };
  await saveCampaign(tenantId, campaign);
  return campaign;
};

const nextTenAm = (): Date => new Date(`${addDays(localDay(new Date(), 'Asia/Shanghai'), 1)}T10:00:00+08:00`);

export const measureCampaigns = async (emit: Emit): Promise<void> => {
  const { runCampaign } = await import('../../functions/services/campaign-runner.js');
  const quiet = { exclude: async () => undefined, sleep: async () => undefined, concurrency };

  const campaignRound = async (size: number, prefix: string): Promise<number> => {
    const chain = await seedChain(size, prefix);
    const campaign = await scheduled(chain.tenantId, 0);
    const t = performance.now();
    const tally = await runCampaign(chain.tenantId, campaign.campaignId, nextTenAm(), { ...quiet, audience: async () => chain.members, publish: snsStandIn });
    const ms = performance.now() - t;
    if (tally.sent !== size) throw new Error(`campaign bench: ${JSON.stringify(tally)}`);
    return ms;
  };
  const rounds = process.env.BENCH_QUICK ? 1 : 3;
  const measured = await sideBySide({ rounds, subject: (round) => campaignRound(messages, `137${round + 2}`), baseline: () => rawLedgerWrites({ count: messages, purpose: 'marketing-campaign', occasionOf: (i) => `campaign.BENCH.once.${i}`, concurrency }) });
  emit('campaign_send_ratio_10k', measured.median.ratio, 'ratio', {
    campaign_ms: Math.round(measured.median.subjectMs), raw_ledger_writes_ms: Math.round(measured.median.baselineMs), rounds: measured.rounds.map((r) => rounded(r.ratio)),
    warm_up_round_ratio: rounded(measured.warmUpRatio), order: 'alternating', messages, concurrency, goal: 3,
  });

  // Three concurrent invocations after a SIGKILL mid-run.
  const small = await seedChain(300, '1379');
  const crashed = await scheduled(small.tenantId, 10);
  const now = nextTenAm();
  const { killed } = await runAndKill('campaign', small.tenantId, now, { messages: 40 }, { payload: { campaignId: crashed.campaignId, members: small.members } });
  const inWindow = await claimsInWindow(small.tenantId);
  const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
  await sweepClaims(small.tenantId, { now: new Date(now.getTime() + 60_000), deadBefore: new Date(now.getTime() + 1000) });
  await Promise.all([1, 2, 3].map(() => runCampaign(small.tenantId, crashed.campaignId, now, { ...quiet, audience: async () => small.members })));
  const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
  const treated = new Map(small.phones);
  const heldOut = new Set((await listRecipients(small.tenantId, crashed.campaignId)).filter((r) => r.arm === 'holdout').map((r) => r.patientId));
  for (const id of heldOut) treated.delete(id);
  const count = await countOutcome(small.tenantId, treated, inWindow);
  emit('campaign_duplicates', count.duplicate, 'messages', { killed, audience: small.members.length, held_out: heldOut.size, lost: count.lost, unknown: count.unknown, invocations_after_crash: 3, goal: 0 });
};
