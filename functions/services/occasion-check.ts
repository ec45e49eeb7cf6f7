/**
 * Whether a message's occasion still holds at the moment of sending (invariant 6), read with
 * strongly consistent gets from what the ledger kept, so a retry hours later checks it again.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { occasionExpired, type OccasionRef } from '../../shared/domain/messaging/occasion.js';
import { localDay } from '../../shared/domain/time.js';
import { getAppointment, nextOpenAppointment } from '../adapters/dynamo/appointment-repository.js';
import { documentClient, tableName } from '../adapters/dynamo/client.js';
import { installmentEntity, installmentPartLabel } from '../adapters/dynamo/entities/installment.js';
import { patientSummaryEntity } from '../adapters/dynamo/entities/patient-summary.js';
import { recallEntity } from '../adapters/dynamo/entities/recall.js';

/** One attribute of one item (`#a` in the projection names it, so reserved words such as status work). */
const consistentGet = async (key: { pk: string; sk: string }, attribute: string): Promise<Record<string, unknown> | undefined> =>
  (await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': attribute } }))).Item;

export const occasionHolds = async (tenantId: string, patientId: string, ref: OccasionRef, now: Date, timeZone: string): Promise<boolean> => {
  if (occasionExpired(ref, now)) return false;
  switch (ref.kind) {
    case 'standing':
      return true;
    case 'appointment': {
      const current = await getAppointment(tenantId, patientId, ref.appointmentId);
      return current?.status === 'booked' && current.version === ref.version && current.startAt === ref.startAt;
    }
    case 'appointment-cancelled': {
      const current = await getAppointment(tenantId, patientId, ref.appointmentId);
      return current?.status === 'cancelled' && current.version === ref.version;
    }
    case 'recall': {
      const recall = await consistentGet(recallEntity.key({ tenantId, patientId, group: ref.group }), 'dueDate');
      return recall?.dueDate === ref.dueDate && !(await nextOpenAppointment(tenantId, patientId, now.toISOString()));
    }
    case 'dormant': {
      const summary = await consistentGet(patientSummaryEntity.key({ tenantId, patientId }), 'lastVisitAt');
      return summary?.lastVisitAt === ref.lastVisitAt && !(await nextOpenAppointment(tenantId, patientId, now.toISOString()));
    }
    case 'installment': {
      const part = await consistentGet(installmentEntity.key({ tenantId, patientId, visitId: ref.visitId, part: installmentPartLabel(ref.n) }), 'status');
      return part?.status === 'due';
    }
    case 'local-day':
      return localDay(now, timeZone) === ref.localDay;
  }
};
