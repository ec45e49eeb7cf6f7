/** Audit events in a partition of their own per patient, so the profile's reads never carry them. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Caller } from '../../../shared/domain/access.js';
import type { AuditAction, AuditEvent } from '../../../shared/schemas/audit.js';
import { documentClient, tableName } from './client.js';
import { newestFirstPage } from './query-all.js';
import { auditEventEntity } from './entities/audit-event.js';

export const auditEvent = (caller: Pick<Caller, 'userId' | 'role'>, patientId: string, action: AuditAction, extra: { fields?: string[]; refId?: string } = {}): AuditEvent => ({
  auditId: ulid(),
  patientId,
  at: new Date().toISOString(),
  actorId: caller.userId,
  actorRole: caller.role,
  action,
  ...(extra.fields?.length ? { fields: extra.fields } : {}),
  ...(extra.refId ? { refId: extra.refId } : {}),
});

/** The item, for writing inside the transaction of the change it records. */
export const auditItem = (tenantId: string, event: AuditEvent) => ({
  ...auditEventEntity.key({ tenantId, patientId: event.patientId, at: event.at, auditId: event.auditId }),
  type: 'audit',
  ...event,
});

/** A read is recorded before the data is handed out: no audit, no read. */
export const recordAudit = async (tenantId: string, event: AuditEvent): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: auditItem(tenantId, event) }));
};

export const listAudit = async (tenantId: string, patientId: string, limit: number, cursor?: string): Promise<{ items: AuditEvent[]; cursor?: string }> => {
  const page = await newestFirstPage(auditEventEntity.pk.fill({ tenantId, patientId }), limit, cursor);
  return { ...page, items: page.items.map((item) => auditEventEntity.fromItem<AuditEvent>(item)) };
};
