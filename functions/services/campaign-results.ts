/**
 * Reads what each recipient did inside the campaign's attribution window (from the start of the
 * run for `attributionDays`): appointments booked, visits and their revenue, the campaign's
 * coupon redeemed, an opt-out; and hands them to the pure results (shared/domain/campaigns).
 * Marketing gets counts and money totals only: no names, phones, procedures or notes.
 */
import type { Caller } from '../../shared/domain/access.js';
import { campaignResults, type CampaignResults, type RecipientOutcome } from '../../shared/domain/campaigns/results.js';
import { notFound } from '../../shared/domain/errors.js';
import { listPatientAppointments } from '../adapters/dynamo/appointment-repository.js';
import { getCampaign, listRuns, type Recipient } from '../adapters/dynamo/campaign-repository.js';
import { listRecipients } from '../adapters/dynamo/campaign-recipients.js';
import { ledgerWordsOf } from '../adapters/dynamo/send-ledger-repository.js';
import { recipientOccasion } from '../../shared/domain/campaigns/triggers.js';
import { listCoupons } from '../adapters/dynamo/coupon-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { phoneSuppressedAt } from '../adapters/dynamo/phone-suppression-repository.js';
import { listVisits } from '../adapters/dynamo/visit-repository.js';
import { mapLimit } from '../lib/concurrency.js';

type Window = { from: string; until: string };
const inside = (at: string | undefined, w: Window): boolean => at !== undefined && at >= w.from && at < w.until;

const outcomeOf = async (tenantId: string, campaignId: string, r: Recipient, w: Window): Promise<RecipientOutcome> => {
  const [appointments, visits, coupons, patient] = await Promise.all([listPatientAppointments(tenantId, r.patientId), listVisits(tenantId, r.patientId), listCoupons(tenantId, r.patientId), getPatient(tenantId, r.patientId)]);
  const counted = visits.filter((v) => !v.voidedAt && inside(v.visitedAt, w));
  const optedOutAt = patient?.phone ? await phoneSuppressedAt(tenantId, patient.phone) : undefined;
  return {
    arm: r.arm,
    ...(r.variant ? { variant: r.variant } : {}),
    delivered: r.outcome === 'sent',
    optedOut: inside(optedOutAt, w),
    booked: appointments.some((a) => inside(a.createdAt, w)),
    visited: counted.length > 0,
    revenueFen: counted.reduce((s, v) => s + v.totalFen, 0),
    redeemed: coupons.some((c) => c.issuedBy?.kind === 'campaign' && c.issuedBy.id === campaignId && c.status === 'redeemed' && inside(c.redeemedAt, w)),
  };
};

/**
 * A message deferred by quiet hours, or whose publish failed, is sent again by message-retries.ts
 * after its page was recorded: the ledger's word then counts it delivered. One batch read for all
 * of them, whatever their occasions (a triggered campaign has one per triggering record).
 */
const withLaterSends = async (tenantId: string, campaignId: string, recipients: Recipient[]): Promise<Recipient[]> => {
  const retried = recipients.filter((r) => r.arm === 'treated' && (r.outcome === 'deferred' || r.outcome === 'failed'));
  if (retried.length === 0) return recipients;
  const words = await ledgerWordsOf(retried.map((r) => ({ tenantId, patientId: r.patientId, purpose: 'marketing-campaign' as const, occasion: recipientOccasion(campaignId, r) })));
  const sentLater = new Set(retried.filter((_, i) => words[i]?.status === 'sent'));
  return recipients.map((r) => (sentLater.has(r) ? { ...r, outcome: 'sent' } : r));
};

/** A run the results can be read for: a monthly campaign has one per month. */
export type CampaignRunSummary = { runKey: string; frozenAt: string; audience: number };
/** `runKey`: the run measured (a batch campaign's); `runs`: all of them, newest first. */
export type CampaignResultsView = CampaignResults & { campaignId: string; window: Window | null; windowClosed: boolean; runKey?: string; runs: CampaignRunSummary[] };

const dayMs = 86_400_000;

/**
 * A triggered campaign has no run start: each recipient (one per triggering record) is measured
 * from its own trigger time for `attributionDays`, held-out ones alike. The window shown spans
 * them all; it is closed once the last recipient's window has.
 */
const triggeredResults = async (tenantId: string, campaignId: string, attributionDays: number, now: Date): Promise<CampaignResultsView> => {
  const recipients = await withLaterSends(tenantId, campaignId, await listRecipients(tenantId, campaignId));
  const windowOf = (r: Recipient): Window => ({ from: r.assignedAt, until: new Date(Date.parse(r.assignedAt) + attributionDays * dayMs).toISOString() });
  const rows = await mapLimit(recipients, { limit: 8 }, (r) => outcomeOf(tenantId, campaignId, r, windowOf(r)));
  const windows = recipients.map(windowOf);
  const window = windows.length ? { from: windows.map((w) => w.from).sort()[0] ?? '', until: windows.map((w) => w.until).sort().at(-1) ?? '' } : null;
  const windowClosed = window !== null && now.toISOString() >= window.until;
  return { campaignId, window, windowClosed, runs: [], ...campaignResults(rows, { windowClosed }) };
};

export type ResultsQuery = { run?: string; now?: Date };

/**
 * A batch campaign's results for one run: the latest (the one `startedAt` opened) unless `run`
 * names another. An earlier month's run is measured from its freeze, for the same attribution days.
 */
export const resultsOf = async (caller: Caller, campaignId: string, { run, now = new Date() }: ResultsQuery = {}): Promise<CampaignResultsView> => {
  const campaign = await getCampaign(caller.tenantId, campaignId);
  if (!campaign) throw notFound('campaign');
  if (campaign.schedule.kind === 'trigger') return triggeredResults(caller.tenantId, campaignId, campaign.attributionDays, now);
  const runs = campaign.startedAt ? await listRuns(caller.tenantId, campaignId) : [];
  const chosen = run === undefined ? undefined : runs.find((r) => r.runKey === run);
  if (run !== undefined && !chosen) throw notFound('run');
  const runKey = run ?? campaign.runKey;
  const from = chosen && run !== campaign.runKey ? chosen.frozenAt : campaign.startedAt;
  const summaries = runs.map(({ runKey: key, frozenAt, audience }) => ({ runKey: key, frozenAt, audience }));
  if (!from) return { campaignId, window: null, windowClosed: false, runs: summaries, ...campaignResults([], { windowClosed: false }) };
  const until = new Date(Date.parse(from) + campaign.attributionDays * dayMs).toISOString();
  const recipients = await withLaterSends(caller.tenantId, campaignId, await listRecipients(caller.tenantId, campaignId, runKey ? { runKey } : {}));
  const rows = await mapLimit(recipients, { limit: 8 }, (r) => outcomeOf(caller.tenantId, campaignId, r, { from, until }));
  const windowClosed = now.toISOString() >= until;
  return { campaignId, window: { from, until }, windowClosed, ...(runKey ? { runKey } : {}), runs: summaries, ...campaignResults(rows, { windowClosed }) };
};
