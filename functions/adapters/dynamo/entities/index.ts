/**
 * Every entity of the main table, for the checks that walk them all (no two can share a key;
 * every index they name exists in shared/tables.ts with the projection their readers need).
 */
import { appointmentEntity } from './appointment.js';
import { auditEventEntity } from './audit-event.js';
import { automationSettingsEntity, channelSettingsEntity } from './automation-settings.js';
import { careMessageEntity } from './care-message.js';
import { chainEntity } from './chain.js';
import { clinicEntity } from './clinic.js';
import { complaintEntity } from './complaint.js';
import { familyEntity } from './family.js';
import { importPlanEntity, importRecordEntity, importRowsEntity } from './import-record.js';
import { inboundNumberEntity, unmatchedReplyEntity } from './inbound.js';
import { installmentEntity } from './installment.js';
import { jobCheckpointEntity, reactivationPlanEntity } from './job-checkpoint.js';
import { jobRunEntity } from './job-run.js';
import { kpiBaseEntity, kpiDayEntity, kpiListEntity } from './kpi.js';
import { intakeLinkEntity, intakePostCounterEntity, leadEntity } from './lead.js';
import { medicalEntity } from './medical.js';
import { entitlementCounterEntity, entitlementUseEntity, memberOfEntity, membershipEntity, membershipRefEntity, planCurrentEntity, planVersionEntity } from './membership.js';
import { onCardEntity } from './membership.js';
import { outboxEntity } from './outbox.js';
import { patientEntity } from './patient.js';
import { patientStatsEntity } from './patient-stats.js';
import { patientSummaryEntity } from './patient-summary.js';
import { phoneContactsEntity, phoneDailyCountEntity, phoneOccasionEntity, phoneSuppressionEntity, wechatFollowerEntity } from './phone.js';
import { procedureCodeEntity, procedureEntity } from './procedure.js';
import { recallEntity } from './recall.js';
import { providerMessageEntity, sendLedgerEntity } from './send-ledger.js';
import { chairSlotEntity, dentistSlotEntity } from './slot.js';
import { staffEntity } from './staff.js';
import { surveyEntity, surveyTotalsEntity } from './survey.js';
import { taskEntity } from './task.js';
import { checkoutKeyEntity, visitEntity } from './visit.js';
import { walletAccountEntity, walletBonusExpiryEntity, walletKeyEntity, walletLedgerEntity, walletRulesEntity } from './wallet.js';
import { memberBalanceEntity, memberMonthEntity, memberSettingsEntity, memberUsageEntity } from './member-numbers.js';
import { couponDefinitionEntity, couponEntity } from './coupon.js';
import { pointsAccountEntity, pointsLedgerEntity, pointsRulesEntity } from './points.js';
import { packBalanceEntity, packEntity, packLedgerEntity, packProductCurrentEntity, packProductVersionEntity, packQuarterEntity, packRefEntity } from './pack.js';
import { campaignEntity, campaignPageEntity, campaignPageResultEntity, campaignRecipientEntity, campaignRunEntity, campaignSettingsEntity, treatmentAimedEntity } from './campaign.js';
import { segmentFactsChunkEntity, segmentFactsDeltaEntity, segmentFactsKpiEntity } from './segment-facts.js';
import { campaignTriggerDueEntity, campaignTriggerRecipientEntity } from './campaign.js';
import { segmentEntity, segmentExportEntity, segmentMembersEntity } from './segment.js';
import { automationAssignmentEntity } from './automation-holdout.js';
import { insuranceClaimEntity } from './insurance-claim.js';
import { visitNoteEntity } from './visit-note.js';
import { leadRoutingEntity } from './lead.js';
import { eventAttendeeEntity, eventInvitationEntity, eventNoticeEntity, eventWaitEntity, memberEventEntity } from './member-event.js';
import { clinicTargetEntity } from './plan.js';
import { stockAlertEntity, stockBomEntity, stockItemEntity, stockLevelEntity, stockLossEntity, stockMovementEntity, stockRequestEntity } from './stock.js';

export const mainTableEntities = {
  appointmentEntity, auditEventEntity, automationSettingsEntity, channelSettingsEntity, careMessageEntity, chainEntity, clinicEntity,
  complaintEntity, familyEntity, importPlanEntity, importRecordEntity, importRowsEntity, inboundNumberEntity,
  unmatchedReplyEntity, installmentEntity, jobCheckpointEntity, reactivationPlanEntity, jobRunEntity, kpiBaseEntity,
  kpiDayEntity, kpiListEntity, intakeLinkEntity, leadEntity, medicalEntity, outboxEntity, patientEntity,
  patientStatsEntity, patientSummaryEntity, phoneContactsEntity, phoneDailyCountEntity, phoneOccasionEntity, phoneSuppressionEntity, procedureCodeEntity,
  procedureEntity, recallEntity, sendLedgerEntity, providerMessageEntity, wechatFollowerEntity, chairSlotEntity, dentistSlotEntity, staffEntity, surveyEntity,
  surveyTotalsEntity, taskEntity, checkoutKeyEntity, visitEntity,
  planVersionEntity, planCurrentEntity, membershipEntity, membershipRefEntity, memberOfEntity, entitlementCounterEntity, entitlementUseEntity,
  walletAccountEntity, walletLedgerEntity, walletKeyEntity,
  walletRulesEntity,
  intakePostCounterEntity,
  memberMonthEntity, memberBalanceEntity, memberSettingsEntity,
  couponDefinitionEntity, couponEntity,
  pointsAccountEntity, pointsLedgerEntity, pointsRulesEntity,
  onCardEntity,
  packProductVersionEntity, packProductCurrentEntity, packEntity, packRefEntity, packLedgerEntity, packBalanceEntity,
  memberUsageEntity,
  campaignEntity, campaignRunEntity, campaignPageEntity, campaignPageResultEntity, campaignRecipientEntity, campaignSettingsEntity, treatmentAimedEntity,
  segmentFactsChunkEntity, segmentFactsDeltaEntity, segmentFactsKpiEntity,
  segmentEntity, segmentMembersEntity, segmentExportEntity,
  walletBonusExpiryEntity,
  packQuarterEntity,
  automationAssignmentEntity,
  campaignTriggerRecipientEntity, campaignTriggerDueEntity,
  memberEventEntity, eventAttendeeEntity, eventWaitEntity, eventNoticeEntity, eventInvitationEntity,
  insuranceClaimEntity,
  visitNoteEntity,
  leadRoutingEntity,
  clinicTargetEntity,
  stockItemEntity, stockBomEntity, stockLevelEntity, stockLossEntity, stockAlertEntity, stockMovementEntity, stockRequestEntity,
} as const;
