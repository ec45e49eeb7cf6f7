/**
 * One run of a campaign (issue 12 item 3). Freezes the audience at start (pages written under
 * this invocation's id; the first complete freeze wins the run header, so concurrent invocations
 * all work through the same list), assigns arm and variant per household, records held-out
 * patients without sending, and sends the others through the send pipeline as marketing. Pages
 * are checkpointed; the campaign's status is read before every page, so pause and cancel stop
 * within one page and resume continues at the page after the last finished one. Exactly once:
 * each member's arm, variant and coupon code are fixed on the frozen page, and the message goes
 * through the send ledger's claim, so concurrent or redone pages send nobody twice. What a page
 * decided is one results item per page and invocation (campaign-recipients.ts), written while
 * the next page sends.
 */
import { ulid } from 'ulid';
import { DomainError } from '../../shared/domain/errors.js';
import { campaignRunKey } from '../../shared/domain/campaigns/due.js';
import { chainTimeZone } from '../../shared/domain/time.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import type { Campaign, CampaignProgress } from '../../shared/schemas/campaigns.js';
import { readCheckpoint, writeCheckpoint } from '../adapters/dynamo/checkpoint-repository.js';
import { getSegmentRecord } from '../adapters/dynamo/segment-repository.js';
import { claimRun, deletePages, getCampaign, getCampaignSettings, getPage, getRun, improveFinishedProgress, moveCampaignStatus, putPage, putRecipients, saveProgress, type CampaignRun, type FrozenMember, type Recipient } from '../adapters/dynamo/campaign-repository.js';
import { listRecipients, outcomeLabel, putPageResults, type PageOutcomes } from '../adapters/dynamo/campaign-recipients.js';
import { ledgerWordsOf } from '../adapters/dynamo/send-ledger-repository.js';
import { batchOccasion } from '../../shared/domain/campaigns/triggers.js';
import { allSettled, mapLimit } from '../lib/concurrency.js';
import { noteTreatmentAim } from './treatment-aimed.js';
import { progressOf, tallyProgress } from '../../shared/domain/campaigns/progress.js';
import { campaignAudienceSource, recordExclusions, type AudienceSource, type ExclusionCheck } from './campaign-audience.js';
import { campaignSender, outcomeOfLedger, type CampaignSender, type FrozenResult, type PageContext, type SendDeps } from './campaign-send.js';
import type { Publisher } from './send-pipeline.js';
import { audienceVersionOf } from '../../shared/schemas/segments.js';

export const campaignPageSize = 100;

/**
 * The throttle is a rate, not just a gap between pages: a page holds at most ten seconds of
 * messages at the campaign's rate (100 at the default 600 a minute, one at 6 or fewer), and pages
 * start no sooner than the rate allows. A slow campaign is then never a burst of a hundred, a
 * page's facts are at most seconds old when it sends, and its checkpoint follows every page.
 */
export const pageSizeFor = (campaign: Pick<Campaign, 'throttlePerMinute'>, fixed?: number): number => fixed ?? Math.max(1, Math.min(campaignPageSize, Math.ceil(campaign.throttlePerMinute / 6)));

export type RunDeps = {
  audience?: AudienceSource;
  exclude?: ExclusionCheck;
  publish?: Publisher;
  /** waits between pages to keep to the throttle; a test hands in a no-op */
  sleep?: (ms: number) => Promise<void>;
  /** per-member concurrency inside a page */
  concurrency?: number;
  /** a test's hook (a crash, a pause): called after each page's sends, before its records and checkpoint */
  afterPage?: (page: number) => Promise<void>;
  /** members per checkpointed page (tests use small pages to see pause and cancel act) */
  pageSize?: number;
  /** epoch ms after which no new page starts (a Lambda's time left); the next tick continues */
  until?: number;
  /** the time checkpoints and the finish are stamped with (the demo's past campaigns set it) */
  clock?: () => Date;
};


const freeze = async (tenantId: string, campaign: Campaign, runKey: string, now: Date, deps: RunDeps & { assign: CampaignSender['assign'] }): Promise<CampaignRun> => {
  const existing = await getRun(tenantId, campaign.campaignId, runKey);
  if (existing) return existing;
  await noteTreatmentAim(tenantId, { kind: 'campaign', id: campaign.campaignId, segmentId: campaign.segmentId, aimedByTreatment: campaign.aimedByTreatment });
  const everyone = await (deps.audience ?? campaignAudienceSource())(tenantId, campaign.segmentId, now);
  const exclude = deps.exclude ?? recordExclusions;
  const reasons = await mapLimit(everyone, { limit: 8 }, (m) => exclude(tenantId, m, campaign.exclusions, now));
  // Arm, variant and coupon code are fixed here, with the page: every invocation sends the same.
  const kept: FrozenMember[] = everyone.filter((_, i) => reasons[i] === undefined).map(({ patientId, clinicId, householdKey }) => {
    const member = { patientId, clinicId, householdKey };
    return { ...member, ...deps.assign(member) };
  });
  const freezerId = ulid();
  const size = pageSizeFor(campaign, deps.pageSize);
  const pages = Math.ceil(kept.length / size);
  const at = now.toISOString();
  const pageNumbers = Array.from({ length: pages }, (_, i) => i);
  await mapLimit(pageNumbers, { limit: 4 }, (i) => putPage(tenantId, campaign.campaignId, runKey, freezerId, i, kept.slice(i * size, (i + 1) * size), at));
  const run = await claimRun(tenantId, campaign.campaignId, { runKey, freezerId, pages, audience: kept.length, frozenAt: at });
  // A freeze that lost the header leaves nothing behind (the pages are the run's record).
  if (run.freezerId !== freezerId) await deletePages(tenantId, campaign.campaignId, runKey, freezerId, pages);
  return run;
};


export type RunResult = Record<string, number>;

type LoadedPage = { members: FrozenMember[]; context: PageContext };

/**
 * Pages one ahead: the next page's members and facts are read while this page sends, so a page
 * never waits for its reads (its facts are then one page's sending time old). Not when the
 * throttle holds pages apart for longer than `maxFactsAgeMs`: consent, opt-outs and the contact
 * budget are then read right before the page sends (invariant 6: decided at the moment of sending).
 */
const maxFactsAgeMs = 10_000;
const throttleWaitMs = (campaign: Pick<Campaign, 'throttlePerMinute'>, pageSize: number): number => (pageSize / campaign.throttlePerMinute) * 60_000;

const pageLoader = (load: (page: number) => Promise<LoadedPage>, { pages, ahead }: { pages: number; ahead: boolean }): ((page: number) => Promise<LoadedPage>) => {
  const loading = new Map<number, Promise<LoadedPage>>();
  const start = (page: number): void => {
    if (page >= pages || loading.has(page)) return;
    const loaded = load(page);
    loaded.catch(() => undefined);
    loading.set(page, loaded);
  };
  return (page) => {
    start(page);
    if (ahead) start(page + 1);
    const loaded = loading.get(page) as Promise<LoadedPage>;
    loading.delete(page);
    return loaded;
  };
};

type PageWrite = { tenantId: string; campaignId: string; runKey: string; page: number; writerId: string; concurrency: number; at: () => string };

/**
 * What a page leaves for results and progress: the treated members' outcomes this invocation
 * decided, in one page-results item; the held-out members' recipient items (the profile reads
 * them by key). A send another invocation has in flight is that invocation's to record.
 */
const recordPage = async (to: PageWrite, rows: readonly FrozenResult[]): Promise<void> => {
  const outcomes: PageOutcomes = {};
  for (const { row, write } of rows) if (write === 'put' && row.arm === 'treated' && row.outcome) outcomes[row.patientId] = outcomeLabel(row.outcome, row.reason);
  await putPageResults(to.tenantId, to.campaignId, { runKey: to.runKey, page: to.page, writerId: to.writerId, outcomes, at: to.at() });
  // After the page's results: a held-out item is listed even when its page is not (legacy runs),
  // so it must never stand without its page's treated members (a paused run never redoes it).
  await putRecipients(to.tenantId, to.campaignId, rows.filter((r) => r.row.arm === 'holdout').map((r) => r.row));
};

type SentPage = { tally: Record<string, number>; rows: FrozenResult[]; context: PageContext; failure?: { error: unknown } };

/** One page's sends, its facts read together a moment before; what it decided is recorded after (`recordPage`). */
const sendPage = async (to: PageWrite, sender: CampaignSender, { members, context }: LoadedPage): Promise<SentPage> => {
  const tally: Record<string, number> = {};
  const rows: FrozenResult[] = [];
  // The rows decided are recorded even when a member failed (the page is then redone).
  const sending = mapLimit(members, { limit: to.concurrency, onError: 'continue' }, async (member) => {
    let label: string;
    if (member.arm) {
      const result = await sender.sendFrozen({ ...member, arm: member.arm }, context);
      rows.push(result);
      label = result.label;
    } else label = await sender.send(member, context);
    tally[label] = (tally[label] ?? 0) + 1;
  });
  const failure = await sending.then(() => undefined, (error: unknown) => ({ error }));
  return { tally, rows, context, ...(failure ? { failure } : {}) };
};

/** After a page's sends: its sent outcomes first (until written their claims look in flight), then its results. */
const recordSentPage = async (to: PageWrite, { rows, context }: SentPage): Promise<void> => {
  await context.sentOutcomes.flush();
  await recordPage(to, rows);
};

type PageLoop = {
  tenantId: string; campaign: Campaign; runKey: string; run: CampaignRun; sender: CampaignSender; deps: RunDeps;
  checkpointKey: string;
  /** the run's tally so far (the checkpoint's), added to as pages are sent */
  tally: Record<string, number>;
  firstPage: number;
  /** epoch ms before which the first page may not start (the throttle, from the checkpoint) */
  notBeforeFirst?: number;
};

/**
 * Waits until `notBefore`; says false instead when that is past `until` (the invocation's time
 * left): the next tick starts the page then, so a slow throttle never outlives the Lambda.
 */
const waitForThrottle = async (notBefore: number | undefined, { sleep, until }: { sleep: (ms: number) => Promise<void>; until?: number }): Promise<boolean> => {
  const wait = (notBefore ?? 0) - Date.now();
  if (wait <= 0) return true;
  if (until !== undefined && Date.now() + wait > until) return false;
  await sleep(wait);
  return true;
};

/**
 * Sends the run's pages from `firstPage` on. A page's records and checkpoint are written while
 * the next page sends (the machine never waits idle on them); checkpoints still go in page
 * order, each after its page's records. Says why it stopped early, or nothing when all are sent.
 */
const sendPages = async ({ tenantId, campaign, runKey, run, sender, deps, checkpointKey, tally, firstPage, notBeforeFirst }: PageLoop): Promise<RunResult | undefined> => {
  const { campaignId } = campaign;
  const clock = () => (deps.clock?.() ?? new Date()).toISOString();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pace = { sleep, ...(deps.until !== undefined ? { until: deps.until } : {}) };
  // The ledger read is a shortcut, not a guard: every ledger and contacts write is conditional, so
  // an occasion decided already fails its claim and is read then. It is read for the page this
  // invocation resumes at (a stopped run may have sent part of it) and skipped after it, where a
  // run that stopped never went; a run going beside this one (the schedule has no lock) or a
  // checkpoint that expired only costs those failed claims and reads.
  const loadPage = pageLoader(async (p) => {
    const members = await getPage(tenantId, campaignId, runKey, run.freezerId, p);
    return { members, context: await sender.preparePage(members, { firstVisit: p > firstPage }) };
  }, { pages: run.pages, ahead: throttleWaitMs(campaign, pageSizeFor(campaign, deps.pageSize)) <= maxFactsAgeMs });
  // This invocation's page results are its own item per page, beside any other invocation's.
  const writerId = ulid();
  let behind: Promise<void> = Promise.resolve();
  let failed: { error: unknown } | undefined;
  // However the loop ends, nothing is still being written when this invocation returns (a frozen
  // container must not write a stale checkpoint later): a stop waits for the writes (and throws
  // if one failed); a failure waits for them quietly and throws its own error.
  const settled = async (result?: RunResult): Promise<RunResult | undefined> => {
    await behind;
    return result;
  };
  try {
    if (!(await waitForThrottle(notBeforeFirst, pace))) return { ...tally, continued: 1 };
    for (let page = firstPage; page < run.pages; page += 1) {
      if (failed) throw failed.error;
      // Read before every page: pause and cancel take effect within one page.
      const current = await getCampaign(tenantId, campaignId);
      if (current?.status !== 'sending') return await settled({ ...tally, stopped: 1 });
      if (deps.until !== undefined && Date.now() > deps.until) return await settled({ ...tally, continued: 1 });
      const started = Date.now();
      const loaded = await loadPage(page);
      const to = { tenantId, campaignId, runKey, page, writerId, concurrency: deps.concurrency ?? 8, at: clock };
      const sent = await sendPage(to, sender, loaded);
      for (const [label, n] of Object.entries(sent.tally)) tally[label] = (tally[label] ?? 0) + n;
      await deps.afterPage?.(page);
      const previous = behind;
      // The throttle: a page of n messages takes at least n / perMinute minutes, also across
      // invocations (the next page's earliest start rides in the checkpoint).
      const notBefore = started + throttleWaitMs(campaign, loaded.members.length);
      const checkpoint = { startKey: page + 1 < run.pages ? { page: page + 1, notBefore } : undefined, done: page + 1 >= run.pages, pages: page + 1, tally: { ...tally } };
      behind = (async () => {
        // Its own records even when the page before failed: nothing sent is left looking in flight.
        // Both are waited for, whichever fails: nothing is left writing when this one throws.
        await allSettled([recordSentPage(to, sent), previous]);
        if (sent.failure) throw sent.failure.error;
        // The progress shown while it runs is this invocation's count (the finish recounts from
        // the recipients), so it is written beside the checkpoint rather than after it.
        await allSettled([
          writeCheckpoint(tenantId, 'campaign', checkpointKey, checkpoint, clock()),
          saveProgress(tenantId, campaignId, tallyProgress(checkpoint.tally, run.audience, Math.min(run.audience, checkpoint.pages * Math.ceil(run.audience / run.pages)))),
        ]);
      })();
      behind.catch((error: unknown) => { failed ??= { error }; });
      // A page that failed is redone by the next invocation: stop here, once its records are written.
      if (sent.failure) await settled();
      if (page + 1 < run.pages) {
        const waited = await waitForThrottle(notBefore, pace);
        if (!waited) return await settled({ ...tally, continued: 1 });
      }
    }
  } catch (error) {
    await behind.catch(() => undefined);
    throw error;
  }
  return settled();
};

type Recount = { tenantId: string; campaignId: string; runKey: string; run: CampaignRun; at: string };

/**
 * The run's count from its recipients (read strongly consistent, after this invocation's own page
 * results). A treated member no page result names was claimed by an invocation that was overtaken
 * (it records its page after the others finished) or crashed: the ledger's word stands for it,
 * recorded as this count's own results item (a send recorded later still wins), so a finished
 * run leaves nobody "remaining" for good.
 */
const recount = async ({ tenantId, campaignId, runKey, run, at }: Recount): Promise<CampaignProgress> => {
  const recipients = await listRecipients(tenantId, campaignId, { runKey, consistent: true });
  const undecided = recipients.filter((r) => r.arm === 'treated' && r.outcome === undefined);
  if (undecided.length === 0) return progressOf(recipients, run.audience);
  const occasion = batchOccasion(campaignId, runKey);
  const found = await ledgerWordsOf(undecided.map((r) => ({ tenantId, patientId: r.patientId, purpose: 'marketing-campaign' as const, occasion })));
  const words = new Map(undecided.map((r, i) => [r.patientId, found[i]]));
  const outcomes: PageOutcomes = {};
  const decided = recipients.map((r) => {
    const word = r.arm === 'treated' && r.outcome === undefined ? words.get(r.patientId) : undefined;
    if (!word) return r;
    const { outcome, reason } = outcomeOfLedger(word);
    outcomes[r.patientId] = outcomeLabel(outcome, reason);
    return { ...r, outcome, ...(reason ? { reason } : {}) };
  });
  // Its page number is past the run's last: it names members of any page, and marks no page reached.
  if (Object.keys(outcomes).length > 0) await putPageResults(tenantId, campaignId, { runKey, page: run.pages, writerId: `count-${ulid()}`, outcomes, at });
  return progressOf(decided, run.audience);
};

/**
 * An invocation that stops because the status moved recounts too: when another invocation
 * finished the run meanwhile, this one's pages may have landed after that finish counted
 * (`improveFinishedProgress` keeps the fuller count); when it was paused or cancelled, the count
 * replaces whichever invocation's own tally was written last.
 */
const recountAfterStop = async (tenantId: string, campaignId: string, runKey: string, count: () => Promise<CampaignProgress>): Promise<void> => {
  const current = await getCampaign(tenantId, campaignId);
  if (current?.runKey !== runKey) return;
  if (current.status === 'completed' || current.status === 'scheduled') await improveFinishedProgress(tenantId, campaignId, runKey, await count());
  else if (current.status === 'paused' || current.status === 'cancelled') await saveProgress(tenantId, campaignId, await count());
};

/**
 * Approval covers the audience as the approver saw it: a segment changed since (other conditions,
 * a freeze; not a new name) sends the campaign back for approval before a run starts, while the chain still
 * requires approval. A run already going has its audience frozen.
 */
const segmentChangedSinceApproval = async (tenantId: string, campaign: Campaign): Promise<boolean> => {
  if (campaign.approvedSegmentVersion === undefined) return false;
  const [segment, settings] = await Promise.all([getSegmentRecord(tenantId, campaign.segmentId), getCampaignSettings(tenantId)]);
  return settings.approvalRequired && segment !== undefined && segment.deletedAt === undefined && audienceVersionOf(segment) !== campaign.approvedSegmentVersion;
};

/** Starts (scheduled → sending) or continues the campaign's current run; stops on pause or cancel. */
export const runCampaign = async (tenantId: string, campaignId: string, now: Date, deps: RunDeps = {}): Promise<RunResult> => {
  let campaign = await getCampaign(tenantId, campaignId);
  if (!campaign || (campaign.status !== 'scheduled' && campaign.status !== 'sending')) return { notRunnable: 1 };
  const runKeyNow = async (c: Campaign): Promise<string> => campaignRunKey(c, now, chainTimeZone(await listClinics(tenantId)));
  if (campaign.status === 'scheduled') {
    const runKey = await runKeyNow(campaign);
    // A monthly campaign another tick already ran this month is not started again (that would
    // move its start, and with it the results' window).
    if (campaign.runKey === runKey) return { notRunnable: 1 };
    if (await segmentChangedSinceApproval(tenantId, campaign)) {
      await moveCampaignStatus(tenantId, campaignId, ['scheduled'], 'awaiting-approval', { stoppedReason: 'segment-changed' }, { version: campaign.version });
      return { returnedForApproval: 1 };
    }
    // Concurrent starts: one moves the status; the others find it sending with the same run.
    await moveCampaignStatus(tenantId, campaignId, ['scheduled'], 'sending', { runKey, startedAt: now.toISOString() }, { runKeyNot: runKey });
    campaign = await getCampaign(tenantId, campaignId);
    if (!campaign || campaign.status !== 'sending') return { notRunnable: 1 };
  }
  const runKey = campaign.runKey ?? (await runKeyNow(campaign));
  const sender = await campaignSender(tenantId, campaign, runKey, now, { publish: deps.publish } satisfies SendDeps);
  const run = await freeze(tenantId, campaign, runKey, now, { ...deps, assign: sender.assign }).catch(async (error: unknown) => {
    // Its segment was deleted after approval: stop the campaign, saying why, rather than fail every tick.
    if (!(error instanceof DomainError && error.kind === 'not-found')) throw error;
    await moveCampaignStatus(tenantId, campaignId, ['sending'], 'cancelled', { finishedAt: now.toISOString(), stoppedReason: 'segment-deleted' });
    return undefined;
  });
  if (!run) return { cancelled: 1 };
  const checkpointKey = `${campaignId}.${runKey}`;
  const saved = await readCheckpoint(tenantId, 'campaign', checkpointKey);
  const tally: Record<string, number> = { ...(saved?.tally ?? {}) };
  const count = () => recount({ tenantId, campaignId, runKey, run, at: (deps.clock?.() ?? new Date()).toISOString() });
  if (!saved?.done) {
    const notBeforeFirst = typeof saved?.startKey?.notBefore === 'number' ? saved.startKey.notBefore : undefined;
    const stopped = await sendPages({ tenantId, campaign, runKey, run, sender, deps, checkpointKey, tally, firstPage: Number(saved?.startKey?.page ?? 0), ...(notBeforeFirst !== undefined ? { notBeforeFirst } : {}) });
    if (stopped) {
      if (stopped.stopped) await recountAfterStop(tenantId, campaignId, runKey, count);
      return stopped;
    }
  }
  // The finish recounts from the recipients themselves (concurrent invocations each tallied only
  // their own sends; read strongly consistent, right after this invocation's own page results)
  // and stores the count with the status, in one conditional write. An invocation
  // that finishes after another stored it (their pages overlapped) recounts over the results both
  // recorded and keeps the fuller count.
  const progress = await count();
  const finished = await moveCampaignStatus(tenantId, campaignId, ['sending'], campaign.schedule.kind === 'monthly' ? 'scheduled' : 'completed', { finishedAt: (deps.clock?.() ?? new Date()).toISOString(), progress });
  if (!finished) await improveFinishedProgress(tenantId, campaignId, runKey, progress);
  return { ...tally, audience: run.audience, pages: run.pages };
};
