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
import { membershipEntity } from '../adapters/dynamo/entities/membership.js';
import { walletAccountEntity } from '../adapters/dynamo/entities/wallet.js';
import { campaignEntity } from '../adapters/dynamo/entities/campaign.js';

/** Some attributes of one item (`#a0`… in the projection name them, so reserved words such as status work). */
const consistentGet = async (key: { pk: string; sk: string }, ...attributes: [string, ...string[]]): Promise<Record<string, unknown> | undefined> =>
  (
    await documentClient.send(
      new GetCommand({
        TableName: tableName, Key: key, ConsistentRead: true,
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
      }),
    )
  ).Item;

export const occasionHolds = async (tenantId: string, patientId: string, ref: OccasionRef, now: Date, timeZone: string): Promise<boolean> => {
  if (occasionExpired(ref, now)) return false;
  switch (ref.kind) {
    case 'standing':
      return true;
    case 'campaign': {
      const campaign = await consistentGet(campaignEntity.key({ tenantId, campaignId: ref.campaignId }), 'status');
      return campaign !== undefined && campaign.status !== 'cancelled';
    }
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
    case 'membership': {
      const card = await consistentGet(membershipEntity.key({ tenantId, patientId: ref.holderPatientId, membershipId: ref.membershipId }), 'endDate', 'status');
      return card?.endDate === ref.endDate && card.status !== 'cancelled';
    }
    case 'wallet-low': {
      const account = await consistentGet(walletAccountEntity.key({ tenantId, patientId }), 'principalFen', 'bonusFen');
      return Number(account?.principalFen ?? 0) + Number(account?.bonusFen ?? 0) < ref.thresholdFen;
    }
  }
};
