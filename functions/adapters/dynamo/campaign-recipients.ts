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
import { queryAll } from './query-all.js';
import { campaignPageResultEntity, campaignRecipientEntity, campaignRunEntity } from './entities/campaign.js';
import type { CampaignRun, FrozenMember, Recipient } from './campaign-repository.js';

/** patientId → `outcome` or `outcome:reason`, as one invocation decided them on one page. */
export type PageOutcomes = Record<string, string>;

// A provider's refusal text can be long: a page's item stays far under DynamoDB's 400 KB.
const maxReasonLength = 100;

export const outcomeLabel = (outcome: string, reason?: string): string => (reason === undefined ? outcome : `${outcome}:${reason.slice(0, maxReasonLength)}`);

const fromLabel = (label: string): { outcome: string; reason?: string } => {
  const at = label.indexOf(':');
  return at < 0 ? { outcome: label } : { outcome: label.slice(0, at), reason: label.slice(at + 1) };
};

const pageKey = (page: number): string => String(page).padStart(5, '0');

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

const stripKeys = (item: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _expiresAt, ...rest } = item;
  return rest;
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

const query = (pk: string, prefix: string) => queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': prefix } });

/** One run's recipients from its reached pages: each member frozen with its assignment, with its merged outcome. */
const runRecipients = async (pk: string, run: CampaignRun): Promise<Recipient[]> => {
  const [pages, resultItems] = await Promise.all([query(pk, `PAGE#${run.runKey}#${run.freezerId}#`), query(pk, `RESULT#${run.runKey}#`)]);
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
  const sentOnPages = new Set(fromPages.filter((r) => r.outcome === 'sent').map((r) => `${r.runKey}|${r.patientId}`));
  const batchItems = new Set(items.filter((r) => r.triggerRef === undefined).map((r) => `${r.runKey}|${r.patientId}`));
  return [
    ...fromPages.filter((r) => !batchItems.has(`${r.runKey}|${r.patientId}`)),
    ...items.map((r): Recipient => (r.triggerRef === undefined && r.outcome !== 'sent' && sentOnPages.has(`${r.runKey}|${r.patientId}`) ? (({ reason: _reason, ...rest }) => ({ ...rest, outcome: 'sent' }))(r) : r)),
  ];
};

/**
 * The campaign's recipients: every run's and every trigger's, or with `runKey` one run's (a
 * monthly campaign's results measure its latest run).
 */
export const listRecipients = async (tenantId: string, campaignId: string, options: { runKey?: string } = {}): Promise<Recipient[]> => {
  const { pk } = campaignRunEntity.range({ tenantId, campaignId });
  const [runItems, recipientItems] = await Promise.all([query(pk, options.runKey === undefined ? 'RUN#' : `RUN#${options.runKey}`), query(pk, campaignRecipientEntity.range({ tenantId, campaignId }).skPrefix)]);
  const runs = runItems.map((i) => stripKeys(i) as CampaignRun).filter((r) => options.runKey === undefined || r.runKey === options.runKey);
  const fromPages = (await Promise.all(runs.map((run) => runRecipients(pk, run)))).flat();
  const items = recipientItems.map((i) => stripKeys(i) as Recipient).filter((r) => options.runKey === undefined || r.runKey === options.runKey);
  return withItems(fromPages, items);
};
