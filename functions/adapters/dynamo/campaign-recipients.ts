/**
 * A campaign's recipients as the results, the progress recount and the runner read them, put
 * together from its partition:
 *   - a batch run's frozen pages (every member's arm, variant, coupon code and freeze time; only
 *     the pages of the freeze that won the run header),
 *   - the page results each invocation wrote once per page (the treated members' outcomes:
 *     one write per 100 recipients instead of one per recipient),
 *   - recipient items (`RCPT#`): a triggered campaign's, a batch run's held-out members (the
 *     profile finds them by key) and batch recipients recorded before page results existed.
 * Only pages some invocation finished are listed (a paused or cancelled run's results compare
 * the members it reached). Several invocations may have written results for the same page
 * (at-least-once delivery, a crash and a redo): a send wins, since a message that went stays
 * gone; otherwise the latest word. A member no result names yet is still to be decided
 * (progress counts it as remaining). Each run is read by its keys: its header, the winning
 * freeze's pages, its results; nothing of other months' runs or of a losing freeze.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { queryRange } from './query-all.js';
import { campaignPageEntity, campaignPageResultEntity, campaignRecipientEntity, campaignRunEntity } from './entities/campaign.js';
import { getRun, pageKey, type CampaignRun, type FrozenMember, type Recipient } from './campaign-repository.js';

/** patientId → `outcome` or `outcome:reason`, as one invocation decided them on one page. */
export type PageOutcomes = Record<string, string>;

// A provider's refusal text can be long: a page's item stays far under DynamoDB's 400 KB.
const maxReasonLength = 100;

/** Cut by characters, not UTF-16 units: an emoji in a provider's text is not split in two. */
const capped = (reason: string): string => (reason.length <= maxReasonLength ? reason : Array.from(reason).slice(0, maxReasonLength).join(''));

export const outcomeLabel = (outcome: string, reason?: string): string => (reason === undefined ? outcome : `${outcome}:${capped(reason)}`);

const fromLabel = (label: string): { outcome: string; reason?: string } => {
  const at = label.indexOf(':');
  return at < 0 ? { outcome: label } : { outcome: label.slice(0, at), reason: label.slice(at + 1) };
};

/**
 * One write per page and invocation, also when it decided nothing itself (it marks the page as
 * reached). An invocation writes a page once, so a plain put; kept as long as the campaign.
 */
export const putPageResults = async (tenantId: string, campaignId: string, result: { runKey: string; page: number; writerId: string; outcomes: PageOutcomes; at: string }): Promise<void> => {
  const key = campaignPageResultEntity.key({ tenantId, campaignId, runKey: result.runKey, page: pageKey(result.page), writerId: result.writerId });
  await documentClient.send(new PutCommand({
    TableName: tableName,
    Item: { ...key, type: campaignPageResultEntity.type, runKey: result.runKey, page: result.page, writerId: result.writerId, writtenAt: result.at, outcomes: result.outcomes },
  }));
};

type PageResult = { page: number; writtenAt: string; outcomes: PageOutcomes };
type Outcome = { outcome: string; reason?: string };

/** The merged outcome per patient: a send wins, else the latest written. */
const mergedOutcomes = (results: readonly PageResult[]): Map<string, Outcome> => {
  const merged = new Map<string, Outcome>();
  for (const result of [...results].sort((a, b) => a.writtenAt.localeCompare(b.writtenAt))) {
    for (const [patientId, label] of Object.entries(result.outcomes)) {
      if (merged.get(patientId)?.outcome !== 'sent') merged.set(patientId, fromLabel(label));
    }
  }
  return merged;
};

type Read = { tenantId: string; campaignId: string; consistent: boolean };

/** One run's recipients from its reached pages: each member frozen with its assignment, with its merged outcome. */
const runRecipients = async ({ tenantId, campaignId, consistent }: Read, run: CampaignRun): Promise<Recipient[]> => {
  const { runKey, freezerId } = run;
  const [pages, resultItems] = await Promise.all([
    queryRange(campaignPageEntity.range({ tenantId, campaignId, runKey, freezerId }), { consistent }),
    queryRange(campaignPageResultEntity.range({ tenantId, campaignId, runKey }), { consistent }),
  ]);
  const results = resultItems.map((i): PageResult => ({ page: Number(i.page), writtenAt: String(i.writtenAt), outcomes: (i.outcomes ?? {}) as PageOutcomes }));
  const reached = new Set(results.map((r) => pageKey(r.page)));
  const outcomes = mergedOutcomes(results);
  return pages
    .filter((page) => reached.has(String(page.sk).split('#').at(-1) ?? ''))
    .flatMap((page) => (page.members ?? []) as FrozenMember[])
    .flatMap(({ arm, patientId, clinicId, householdKey, variant, couponCode, couponExpiresOn, assignedAt }): Recipient[] => {
      if (!arm) return [];
      const outcome = arm === 'treated' ? outcomes.get(patientId) : undefined;
      return [{
        patientId, clinicId, householdKey, runKey: run.runKey, arm, ...(variant ? { variant } : {}), ...(couponCode ? { couponCode } : {}), ...(couponExpiresOn ? { couponExpiresOn } : {}),
        assignedAt: assignedAt ?? run.frozenAt, ...(outcome ?? {}),
      }];
    });
};

/**
 * A recipient item and the pages' word for the same run and patient (an item written before
 * page results, while its run went on): one row, and a send either recorded wins.
 */
const withItems = (fromPages: readonly Recipient[], items: readonly Recipient[]): Recipient[] => {
  const batchKey = (r: Recipient): string => `${r.runKey}|${r.patientId}`;
  const sentOnPages = new Set(fromPages.filter((r) => r.outcome === 'sent').map(batchKey));
  const batchItems = new Set(items.filter((r) => r.triggerRef === undefined).map(batchKey));
  const merged = items.map((r): Recipient => {
    if (r.triggerRef !== undefined || r.outcome === 'sent' || !sentOnPages.has(batchKey(r))) return r;
    const { reason: _reason, ...rest } = r;
    return { ...rest, outcome: 'sent' };
  });
  return [...fromPages.filter((r) => !batchItems.has(batchKey(r))), ...merged];
};

/**
 * The campaign's recipients: every run's and every trigger's, or with `runKey` one run's (a
 * monthly campaign's results measure its latest run). `consistent`: read right after this
 * invocation's writes (the runner's recount at the finish).
 */
export const listRecipients = async (tenantId: string, campaignId: string, options: { runKey?: string; consistent?: boolean } = {}): Promise<Recipient[]> => {
  const read: Read = { tenantId, campaignId, consistent: options.consistent === true };
  const { runKey } = options;
  const [runs, recipientItems] = await Promise.all([
    runKey === undefined ? queryRange(campaignRunEntity.range({ tenantId, campaignId }), read).then((items) => items.map((i) => campaignRunEntity.fromItem<CampaignRun>(i))) : getRun(tenantId, campaignId, runKey).then((run) => (run ? [run] : [])),
    queryRange(campaignRecipientEntity.range({ tenantId, campaignId }), read),
  ]);
  const fromPages = (await Promise.all(runs.map((run) => runRecipients(read, run)))).flat();
  const items = recipientItems.map((i) => campaignRecipientEntity.fromItem<Recipient>(i)).filter((r) => runKey === undefined || r.runKey === runKey);
  return withItems(fromPages, items);
};
