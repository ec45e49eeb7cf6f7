/**
 * A campaign's recipients as the results, the progress recount and the runner read them, put
 * together from its partition:
 *   - a batch run's frozen pages (every member's arm, variant, coupon code and freeze time; only
 *     the pages of the freeze that won the run header),
 *   - the page results each invocation wrote once per page (the treated members' outcomes:
 *     one write per 100 recipients instead of one per recipient),
 *   - recipient items (`RCPT#`): a triggered campaign's, a batch run's held-out members (the
 *     profile finds them by key) and batch recipients recorded before page results existed.
 * Several invocations may have written results for the same page (at-least-once delivery, a
 * crash and a redo): a send wins, since a message that went stays gone; otherwise the latest
 * word. A member no result names yet is still to be sent (progress counts it as remaining).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { campaignPageEntity, campaignPageResultEntity, campaignRecipientEntity, campaignRunEntity, campaignTriggerRecipientEntity } from './entities/campaign.js';
import type { CampaignRun, FrozenMember, Recipient } from './campaign-repository.js';

const retentionSeconds = 400 * 24 * 3600;

/** patientId → `outcome` or `outcome:reason`, as one invocation decided them on one page. */
export type PageOutcomes = Record<string, string>;

export const outcomeLabel = (outcome: string, reason?: string): string => (reason === undefined ? outcome : `${outcome}:${reason}`);

const fromLabel = (label: string): { outcome: string; reason?: string } => {
  const at = label.indexOf(':');
  return at < 0 ? { outcome: label } : { outcome: label.slice(0, at), reason: label.slice(at + 1) };
};

/** One write per page and invocation; an invocation writes a page once, so a plain put. */
export const putPageResults = async (tenantId: string, campaignId: string, result: { runKey: string; page: number; writerId: string; outcomes: PageOutcomes; at: string }): Promise<void> => {
  if (Object.keys(result.outcomes).length === 0) return;
  const key = campaignPageResultEntity.key({ tenantId, campaignId, runKey: result.runKey, page: String(result.page).padStart(5, '0'), writerId: result.writerId });
  await documentClient.send(new PutCommand({
    TableName: tableName,
    Item: { ...key, type: campaignPageResultEntity.type, runKey: result.runKey, page: result.page, writerId: result.writerId, writtenAt: result.at, outcomes: result.outcomes, expiresAt: Math.floor(Date.parse(result.at) / 1000) + retentionSeconds },
  }));
};

const stripKeys = (item: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _expiresAt, ...rest } = item;
  return rest;
};

type PageResult = { runKey: string; writtenAt: string; outcomes: PageOutcomes };

/** The merged outcome per `runKey|patientId`: a send wins, else the latest written. */
const mergedOutcomes = (results: readonly PageResult[]): Map<string, { outcome: string; reason?: string }> => {
  const merged = new Map<string, { outcome: string; reason?: string }>();
  for (const result of [...results].sort((a, b) => a.writtenAt.localeCompare(b.writtenAt))) {
    for (const [patientId, label] of Object.entries(result.outcomes)) {
      const key = `${result.runKey}|${patientId}`;
      if (merged.get(key)?.outcome !== 'sent') merged.set(key, fromLabel(label));
    }
  }
  return merged;
};

/** The pages' members (those frozen with their assignment) with their merged outcomes. */
const pageRecipients = (runs: readonly CampaignRun[], pages: readonly Record<string, unknown>[], results: readonly PageResult[]): Recipient[] => {
  const winners = new Set(runs.map((r) => `PAGE#${r.runKey}#${r.freezerId}#`));
  const outcomes = mergedOutcomes(results);
  const recipients: Recipient[] = [];
  for (const page of pages) {
    const sk = String(page.sk);
    const prefix = [...winners].find((w) => sk.startsWith(w));
    if (!prefix) continue;
    const runKey = prefix.split('#')[1] ?? '';
    for (const { arm, patientId, clinicId, householdKey, variant, couponCode, couponExpiresOn, assignedAt } of (page.members ?? []) as FrozenMember[]) {
      if (!arm) continue;
      const outcome = arm === 'treated' ? outcomes.get(`${runKey}|${patientId}`) : undefined;
      recipients.push({
        patientId, clinicId, householdKey, runKey, arm, ...(variant ? { variant } : {}), ...(couponCode ? { couponCode } : {}), ...(couponExpiresOn ? { couponExpiresOn } : {}),
        assignedAt: assignedAt ?? '', ...(outcome ?? {}),
      });
    }
  }
  return recipients;
};

/** Every recipient of the campaign, each run's and each trigger's, from one query of its partition. */
export const listRecipients = async (tenantId: string, campaignId: string): Promise<Recipient[]> => {
  const { pk } = campaignRunEntity.range({ tenantId, campaignId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
  const ofType = (type: string) => items.filter((i) => i.type === type);
  const runs = ofType(campaignRunEntity.type).map((i) => stripKeys(i) as CampaignRun);
  const results = ofType(campaignPageResultEntity.type).map((i) => ({ runKey: String(i.runKey), writtenAt: String(i.writtenAt), outcomes: (i.outcomes ?? {}) as PageOutcomes }));
  const fromPages = pageRecipients(runs, ofType(campaignPageEntity.type), results);
  // A recipient item says more than the page (a held-out member's is the same; an older batch
  // recipient's carries its outcome), so it replaces the page's word for its run and patient.
  const rows = [...ofType(campaignRecipientEntity.type), ...ofType(campaignTriggerRecipientEntity.type)].map((i) => stripKeys(i) as Recipient);
  const recorded = new Set(rows.filter((r) => r.triggerRef === undefined).map((r) => `${r.runKey}|${r.patientId}`));
  return [...fromPages.filter((r) => !recorded.has(`${r.runKey}|${r.patientId}`)), ...rows];
};
