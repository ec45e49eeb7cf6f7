/**
 * The table's change stream → the KPI message counts (sent / skipped / failed per automation and
 * clinic day). Counting here instead of in the send path keeps a message at its four writes
 * (send-pipeline.ts) and loses no count when a job dies between its send and its count: the
 * stream holds every ledger change for 24 hours and delivers a failed batch again, and the
 * batch's marker, written in the same transaction, makes a batch delivered twice count once
 * (message-counts-writer.ts).
 * The event source passes ledger items only (infra/constructs/message-counts.ts); anything else
 * is ignored here too. Logs carry counts and ids, never an image's contents.
 */
import type { AttributeValue, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ledgerTenantOf, messageCountsOf, type LedgerChange, type UncountableChange } from '../../shared/domain/kpi/message-changes.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { addMessageCounts } from '../adapters/dynamo/message-counts-writer.js';
import { logger } from '../adapters/logger.js';

export type MessageCountsReport = { records: number; tenants: number; updates: number; uncountable: number };

const image = (value: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined =>
  value ? unmarshall(value as Record<string, SdkAttributeValue>) : undefined;

const changesOf = (event: DynamoDBStreamEvent): LedgerChange[] =>
  event.Records.flatMap((record): LedgerChange[] => {
    const kind = record.eventName;
    if (!kind) return [];
    const before = image(record.dynamodb?.OldImage);
    const after = image(record.dynamodb?.NewImage);
    return [{ kind, ...(before ? { before } : {}), ...(after ? { after } : {}) }];
  });

/** Each chain's clinics' zones, read once per batch (a KPI day is the clinic's local day). */
const zonesOf = async (tenantIds: readonly string[]): Promise<(tenantId: string, clinicId: string) => string> => {
  const zones = new Map<string, string>();
  await Promise.all(tenantIds.map(async (tenantId) => {
    for (const clinic of await listClinics(tenantId)) zones.set(`${tenantId}#${clinic.clinicId}`, clinic.timeZone);
  }));
  return (tenantId, clinicId) => zones.get(`${tenantId}#${clinicId}`) ?? defaultTimeZone;
};

const tenantsIn = (changes: readonly LedgerChange[]): string[] =>
  [...new Set(changes.flatMap((c) => ledgerTenantOf(c.after ?? c.before) ?? []))];

export const handler = async (event: DynamoDBStreamEvent): Promise<MessageCountsReport> => {
  const changes = changesOf(event);
  const zoneOf = await zonesOf(tenantsIn(changes));
  const uncountable: UncountableChange[] = [];
  const perTenant = messageCountsOf(changes, zoneOf, uncountable);
  // Ids only: the images hold patients' messages.
  for (const { index, reason } of uncountable) logger.error('message count skipped', { eventID: event.Records[index]?.eventID, reason });
  const recordIds = event.Records.map((r) => r.eventID ?? r.dynamodb?.SequenceNumber ?? '');
  let updates = 0;
  for (const [tenantId, deltas] of perTenant) {
    updates += await addMessageCounts(tenantId, deltas, recordIds);
  }
  const report = { records: event.Records.length, tenants: perTenant.size, updates, uncountable: uncountable.length };
  logger.info('message counts', report);
  return report;
};
