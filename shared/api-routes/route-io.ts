/**
 * What each route of the table takes and answers, for the OpenAPI document (shared/openapi.ts).
 * Keyed by the route table's route key: the table stays the one list of routes, and a unit test
 * fails when a route has no entry here or an entry names no route. The request schemas are the
 * very ones the handlers parse with; the response schemas live in shared/schemas/api-responses.ts.
 */
import * as z from 'zod';
import {
  anyObjectSchema, chainCostResponseSchema, healthResponseSchema, itemsOf, jobQueuedResponseSchema, meResponseSchema, pageOf, patientResponseSchema, receivedResponseSchema,
} from '../schemas/api-responses.js';
import { appointmentCancelSchema, appointmentCreateSchema, appointmentListQuerySchema, appointmentRescheduleSchema } from '../schemas/appointment.js';
import { automationSettingsUpdateSchema } from '../schemas/automations.js';
import { channelSettingsUpdateSchema } from '../schemas/channels.js';
import { alibabaReportSchema, tencentReportSchema } from '../domain/channels/receipts.js';
import { alibabaRepliesSchema, tencentReplySchema } from '../domain/channels/provider-replies.js';
import { wechatSignatureQuerySchema } from '../domain/channels/wechat-signature.js';
import { clinicPriceSchema, procedureCreateSchema, procedureListQuerySchema, procedureUpdateSchema } from '../schemas/catalog.js';
import { paginationQuerySchema } from '../schemas/common.js';
import {
  complaintCreateSchema, complaintListQuerySchema, complaintUpdateSchema, intakeLinkCreateSchema, intakeLinkListQuerySchema, intakeSubmissionSchema,
  leadListQuerySchema, surveyAnswerSchema, surveyInviteSchema, surveyListQuerySchema,
} from '../schemas/engagement.js';
import { columnMappingSchema, exportQuerySchema, importReportQuerySchema, importUploadSchema } from '../schemas/imports.js';
import { jobNameSchema } from '../schemas/jobs.js';
import { kpiOverviewQuerySchema, kpiPatientBaseQuerySchema, kpiPatientsQuerySchema } from '../schemas/kpi.js';
import { medicalRecordSchema } from '../schemas/medical.js';
import { ledgerListQuerySchema, patientMessagesQuerySchema } from '../schemas/messages.js';
import { chainUpdateSchema, clinicCreateSchema, clinicUpdateSchema, loginSchema, staffActionSchema, staffInviteSchema, staffUpdateSchema, totpAssociateSchema, totpChallengeSchema, totpVerifySchema } from '../schemas/org.js';
import { familyChangeSchema, mergeSchema, patientCreateSchema, patientListQuerySchema, patientUpdateSchema } from '../schemas/patient.js';
import { smsReplySimulationSchema } from '../schemas/sms-reply.js';
import { taskAttemptSchema, taskCreateSchema, taskListQuerySchema } from '../schemas/task.js';
import { checkoutSchema, visitListQuerySchema, visitVoidSchema } from '../schemas/visit.js';
import { checkoutPreviewSchema } from '../schemas/visit.js';
import { checkoutPreviewResponseSchema } from '../schemas/api-responses.js';
import { cancelMembershipSchema, planTermsSchema, planUpdateSchema, renewMembershipSchema, sellMembershipSchema } from '../schemas/members.js';
import {
  memberListQuerySchema, memberListResponseSchema, membersOverviewQuerySchema, membersOverviewResponseSchema, reserveSettingResponseSchema, reserveSettingSchema,
} from '../schemas/member-numbers.js';
import {
  walletDebitSchema, walletQuerySchema, walletRefundSchema, walletRulesInputSchema, walletTopUpSchema, walletTransferSchema, walletVoidSchema,
} from '../schemas/wallet.js';
import { couponDefinitionInputSchema, couponIssueSchema } from '../schemas/coupons.js';
import { campaignInputSchema, campaignPreviewSchema, campaignResultsQuerySchema, campaignSettingsSchema, campaignUpdateSchema } from '../schemas/campaigns.js';
import { pointsRulesInputSchema } from '../schemas/points.js';
import { cancelPackSchema, packProductUpdateSchema, packTermsSchema, sellPackSchema } from '../schemas/packs.js';
import { pointsResponseSchema, pointsRulesResponseSchema } from '../schemas/api-responses.js';
import { segmentCreateSchema, segmentPreviewSchema, segmentUpdateSchema } from '../schemas/segments.js';
import { holdoutAutomationSchema } from '../schemas/automation-holdouts.js';
import { attendanceSchema, eventInputSchema, eventUpdateSchema } from '../schemas/events.js';
import { installmentNumberSchema, installmentPaySchema, overdueQuerySchema } from '../schemas/installments.js';
import { allergyAlertResponseSchema, visitNoteSchema } from '../schemas/medical.js';
import { claimCreateSchema, claimUpdateSchema, openClaimsQuerySchema } from '../schemas/insurance-claims.js';
import { leadAssignSchema, leadRoutingQuerySchema, leadRoutingUpdateSchema } from '../schemas/engagement.js';
import { unmatchedReplyAssignSchema } from '../schemas/sms-reply.js';
import {
  complaintResponseSchema, dismissedResponseSchema, leadResponseSchema, leadRoutingResponseSchema, replyTaskResponseSchema, surveyReportResponseSchema, unmatchedReplyResponseSchema,
} from '../schemas/engagement-responses.js';
import { performanceQuerySchema, staffingQuerySchema, targetsPathSchema, targetsQuerySchema, targetsUpdateSchema } from '../schemas/plan.js';
import {
  bomInputSchema, lossQuerySchema, movementInputSchema, movementListQuerySchema, stockAlertsQuerySchema, stockItemInputSchema, stockItemUpdateSchema,
} from '../schemas/stock.js';

/** A success answer: its status and body (none for a file download, described by `file`). */
export type RouteAnswer = { status: number; body: z.ZodType; description?: string };

export type RouteIo = {
  query?: z.ZodType;
  body?: z.ZodType;
  /** false when an empty body is also accepted (the survey invitation's fields are all optional) */
  bodyRequired?: boolean;
  /** path parameters narrower than the router's generic id rule */
  pathParams?: Record<string, z.ZodType>;
  answers: RouteAnswer[];
  /** the answer is an .xlsx file, not JSON */
  file?: boolean;
  /** statuses other than the documented error shape's usual ones that the route answers on purpose */
  extraErrors?: number[];
};

const ok = (body: z.ZodType = anyObjectSchema): RouteAnswer[] => [{ status: 200, body }];
const created = (body: z.ZodType = anyObjectSchema): RouteAnswer[] => [{ status: 201, body }];
const accepted = (body: z.ZodType = anyObjectSchema): RouteAnswer[] => [{ status: 202, body }];

export const routeIo: Record<string, RouteIo> = {
  'GET /health': { answers: ok(healthResponseSchema) },
  'GET /openapi.json': { answers: [{ status: 200, body: anyObjectSchema, description: 'This document.' }] },
  'POST /auth/login': { body: loginSchema, answers: ok(), extraErrors: [401] },
  'POST /auth/login/totp': { body: totpChallengeSchema, answers: ok(), extraErrors: [401] },
  'POST /auth/totp/associate': { body: totpAssociateSchema, answers: ok(), extraErrors: [401] },
  'POST /auth/totp/verify': { body: totpVerifySchema, answers: ok(), extraErrors: [401] },
  'GET /me': { answers: ok(meResponseSchema) },

  'GET /chain': { answers: ok() },
  'PATCH /chain': { body: chainUpdateSchema, answers: ok() },
  'GET /chain/cost': { answers: ok(chainCostResponseSchema) },
  'GET /automations': { answers: ok() },
  'PUT /automations': { body: automationSettingsUpdateSchema, answers: ok() },
  'GET /channel-settings': { answers: ok() },
  'PUT /channel-settings': { body: channelSettingsUpdateSchema, answers: ok() },
  'POST /dev/channel-preset': { answers: ok() },
  'GET /clinics': { answers: ok(itemsOf()) },
  'POST /clinics': { body: clinicCreateSchema, answers: created() },
  'GET /clinics/{clinicId}': { answers: ok() },
  'PATCH /clinics/{clinicId}': { body: clinicUpdateSchema, answers: ok() },
  'GET /clinics/{clinicId}/dentists': { answers: ok(itemsOf()) },
  'GET /staff': { answers: ok(itemsOf()) },
  'POST /staff': { body: staffInviteSchema, answers: created() },
  'PATCH /staff/{userId}': { body: staffUpdateSchema, answers: ok() },
  'POST /staff/{userId}/disable': { body: staffActionSchema, answers: ok() },
  'POST /staff/{userId}/enable': { body: staffActionSchema, answers: ok() },
  'POST /staff/{userId}/invitation': { answers: ok() },

  'GET /patients': { query: patientListQuerySchema, answers: ok(pageOf(patientResponseSchema)) },
  'POST /patients': { body: patientCreateSchema, answers: created(patientResponseSchema) },
  'GET /patients/{patientId}': { answers: ok(patientResponseSchema) },
  'PATCH /patients/{patientId}': { body: patientUpdateSchema, answers: ok(patientResponseSchema) },
  'POST /patients/{patientId}/wechat-qr': { answers: ok(z.strictObject({ content: z.string(), imageUrl: z.string(), expiresAt: z.string(), linked: z.boolean() })), extraErrors: [409] },
  'GET /patients/{patientId}/medical': { answers: ok() },
  'PUT /patients/{patientId}/medical': { body: medicalRecordSchema, answers: ok() },
  'GET /patients/{patientId}/audit': { query: paginationQuerySchema, answers: ok(pageOf()) },
  'POST /patients/{patientId}/merge': { body: mergeSchema, answers: ok(patientResponseSchema) },
  'PUT /patients/{patientId}/family': { body: familyChangeSchema, answers: ok() },
  'GET /patients/{patientId}/family': { answers: ok() },

  'GET /outbox': { query: paginationQuerySchema, answers: ok(pageOf()) },
  'GET /jobs': { answers: ok(itemsOf()) },
  'POST /jobs/{jobName}/run': { pathParams: { jobName: jobNameSchema }, answers: accepted(jobQueuedResponseSchema) },

  'GET /procedures': { query: procedureListQuerySchema, answers: ok(itemsOf()) },
  'POST /procedures': { body: procedureCreateSchema, answers: created() },
  'PATCH /procedures/{procedureId}': { body: procedureUpdateSchema, answers: ok() },
  'PUT /procedures/{procedureId}/prices/{clinicId}': { body: clinicPriceSchema, answers: ok() },

  'GET /complaints': { query: complaintListQuerySchema, answers: ok(pageOf(complaintResponseSchema)) },
  'POST /complaints': { body: complaintCreateSchema, answers: created() },
  'PATCH /complaints/{complaintId}': { body: complaintUpdateSchema, answers: ok() },
  'POST /patients/{patientId}/surveys': { body: surveyInviteSchema, bodyRequired: false, answers: created() },
  'GET /surveys': { query: surveyListQuerySchema, answers: ok(surveyReportResponseSchema) },
  'POST /channels/alibaba-sms/receipts/{tenantId}/{token}': { body: alibabaReportSchema, answers: ok(), extraErrors: [401] },
  'POST /channels/tencent-sms/receipts/{tenantId}/{token}': { body: tencentReportSchema, answers: ok(), extraErrors: [401] },
  'POST /channels/alibaba-sms/replies/{tenantId}/{token}': { body: alibabaRepliesSchema, answers: ok(), extraErrors: [401] },
  'POST /channels/tencent-sms/replies/{tenantId}/{token}': { body: tencentReplySchema, answers: ok(), extraErrors: [401] },
  // Plain text both ways: the echo of `echostr`, then "success" for each XML event.
  'GET /channels/wechat/events/{tenantId}/{token}': { query: wechatSignatureQuerySchema, answers: [{ status: 200, body: z.string(), description: 'the echostr, as text' }], extraErrors: [401] },
  'POST /channels/wechat/events/{tenantId}/{token}': { query: wechatSignatureQuerySchema, answers: [{ status: 200, body: z.string(), description: '"success", as text' }], extraErrors: [401] },
  'GET /public/surveys/{token}': { answers: ok() },
  'POST /public/surveys/{token}': { body: surveyAnswerSchema, answers: ok(receivedResponseSchema) },
  'POST /intake-links': { body: intakeLinkCreateSchema, answers: created() },
  'GET /intake-links': { query: intakeLinkListQuerySchema, answers: ok(pageOf()) },
  'GET /public/intake/{token}': { answers: ok() },
  'POST /public/intake/{token}': { body: intakeSubmissionSchema, answers: ok(receivedResponseSchema) },
  'GET /leads': { query: leadListQuerySchema, answers: ok(pageOf(leadResponseSchema)) },
  // 409 carries the documented error plus the patient the first conversion created.
  'POST /leads/{leadId}/convert': { answers: created(), extraErrors: [409] },

  'GET /appointments': { query: appointmentListQuerySchema, answers: ok(pageOf()) },
  'POST /appointments': { body: appointmentCreateSchema, answers: created() },
  'GET /patients/{patientId}/appointments': { answers: ok(itemsOf()) },
  'POST /patients/{patientId}/appointments/{appointmentId}/reschedule': { body: appointmentRescheduleSchema, answers: ok() },
  'POST /patients/{patientId}/appointments/{appointmentId}/cancel': { body: appointmentCancelSchema, answers: ok() },
  'POST /patients/{patientId}/appointments/{appointmentId}/check-in': { answers: ok() },
  'POST /patients/{patientId}/appointments/{appointmentId}/no-show': { answers: ok() },

  // A replayed idempotency key answers 200 with the visit recorded the first time.
  'POST /patients/{patientId}/visits': { body: checkoutSchema, answers: [...created(), { status: 200, body: anyObjectSchema, description: 'A replay of an earlier checkout.' }] },
  'GET /patients/{patientId}/visits': { query: visitListQuerySchema, answers: ok(itemsOf()) },
  'GET /patients/{patientId}/timeline': { answers: ok() },
  'POST /patients/{patientId}/visits/{visitId}/void': { body: visitVoidSchema, answers: ok() },
  'POST /patients/{patientId}/visits/preview': { body: checkoutPreviewSchema, answers: ok(checkoutPreviewResponseSchema) },

  'POST /imports': { body: importUploadSchema, answers: created() },
  'GET /imports': { answers: ok(itemsOf()) },
  'GET /imports/{importId}': { answers: ok() },
  'PUT /imports/{importId}/mapping': { body: columnMappingSchema, answers: ok() },
  'POST /imports/{importId}/dry-run': { answers: ok() },
  'GET /imports/{importId}/dry-run': { query: importReportQuerySchema, answers: ok() },
  'POST /imports/{importId}/run': { answers: accepted() },
  'GET /exports/patients': { query: exportQuerySchema.pick({ clinicId: true }), answers: ok(), file: true },
  'GET /exports/visits': { query: exportQuerySchema, answers: ok(), file: true },

  'GET /tasks': { query: taskListQuerySchema, answers: ok(pageOf()) },
  'POST /tasks': { body: taskCreateSchema, answers: created() },
  'POST /patients/{patientId}/tasks/{taskId}/attempts': { body: taskAttemptSchema, answers: ok() },

  'GET /messages': { query: ledgerListQuerySchema, answers: ok(pageOf()) },
  'GET /patients/{patientId}/messages': { query: patientMessagesQuerySchema, answers: ok(itemsOf()) },
  'GET /sms-replies/unmatched': { query: paginationQuerySchema, answers: ok(pageOf(unmatchedReplyResponseSchema)) },
  'POST /dev/sms-replies': { body: smsReplySimulationSchema, answers: ok() },

  'GET /kpi/overview': { query: kpiOverviewQuerySchema, answers: ok() },
  'GET /kpi/patient-base': { query: kpiPatientBaseQuerySchema, answers: ok() },
  'GET /kpi/patients': { query: kpiPatientsQuerySchema, answers: ok(pageOf()) },

  'GET /plans': { answers: ok(itemsOf(anyObjectSchema)) },
  'POST /plans': { body: planTermsSchema, answers: created() },
  'PUT /plans/{planId}': { body: planUpdateSchema, answers: ok() },
  'GET /patients/{patientId}/memberships': { answers: ok(itemsOf(anyObjectSchema)) },
  // A replayed idempotency key answers 200 with the membership sold the first time.
  'POST /patients/{patientId}/memberships': { body: sellMembershipSchema, answers: [...created(), ...ok()] },
  'GET /memberships/{membershipId}': { answers: ok() },
  'POST /memberships/{membershipId}/renewals': { body: renewMembershipSchema, answers: created() },
  // preview: true answers 200 with the amount and writes nothing.
  'POST /memberships/{membershipId}/cancellations': { body: cancelMembershipSchema, answers: [...created(), ...ok()] },
  'GET /members/overview': { query: membersOverviewQuerySchema, answers: ok(membersOverviewResponseSchema) },
  'GET /members/renewals-due': { query: memberListQuerySchema, answers: ok(memberListResponseSchema) },
  'GET /members/lapsed': { query: memberListQuerySchema, answers: ok(memberListResponseSchema) },
  'PUT /members/reserve-setting': { body: reserveSettingSchema, answers: ok(reserveSettingResponseSchema) },

  'GET /patients/{patientId}/wallet': { query: walletQuerySchema, answers: ok() },
  // Each change answers 201, or 200 when its idempotency key replays the first answer.
  'POST /patients/{patientId}/wallet/top-ups': { body: walletTopUpSchema, answers: [...created(), ...ok()] },
  'POST /patients/{patientId}/wallet/debits': { body: walletDebitSchema, answers: [...created(), ...ok()] },
  'POST /patients/{patientId}/wallet/debits/{entryId}/void': { body: walletVoidSchema, answers: [...created(), ...ok()] },
  'POST /patients/{patientId}/wallet/refunds': { body: walletRefundSchema, answers: [...created(), ...ok()] },
  'POST /patients/{patientId}/wallet/transfers': { body: walletTransferSchema, answers: [...created(), ...ok()] },
  'GET /wallet/bonus-rules': { answers: ok() },
  'PUT /wallet/bonus-rules': { body: walletRulesInputSchema, answers: ok() },
  'GET /coupon-definitions': { answers: ok() },
  'POST /coupon-definitions': { body: couponDefinitionInputSchema, answers: created() },
  'GET /patients/{patientId}/coupons': { answers: ok() },
  'POST /patients/{patientId}/coupons': { body: couponIssueSchema, answers: created() },
  'GET /patients/{patientId}/coupons/{code}': { answers: ok() },
  'POST /coupon-definitions/{definitionId}/deactivation': { answers: ok() },
  'GET /patients/{patientId}/points': { answers: ok(pointsResponseSchema) },
  'GET /points/rules': { answers: ok(pointsRulesResponseSchema) },
  'PUT /points/rules': { body: pointsRulesInputSchema, answers: ok(pointsRulesResponseSchema) },
  'GET /pack-products': { answers: ok(itemsOf(anyObjectSchema)) },
  'POST /pack-products': { body: packTermsSchema, answers: created() },
  'PUT /pack-products/{productId}': { body: packProductUpdateSchema, answers: ok() },
  'GET /patients/{patientId}/packs': { answers: ok(itemsOf(anyObjectSchema)) },
  // A replayed idempotency key answers 200 with the pack sold the first time.
  'POST /patients/{patientId}/packs': { body: sellPackSchema, answers: [...created(), ...ok()] },
  // preview: true answers 200 with the amount and writes nothing.
  'POST /packs/{packId}/cancellations': { body: cancelPackSchema, answers: [...created(), ...ok()] },
  'GET /campaigns': { answers: ok() },
  'POST /campaigns': { body: campaignInputSchema, answers: created() },
  'POST /campaigns/preview': { body: campaignPreviewSchema, answers: ok() },
  'GET /campaign-settings': { answers: ok() },
  'PUT /campaign-settings': { body: campaignSettingsSchema, answers: ok() },
  'GET /campaigns/{campaignId}': { answers: ok() },
  'PUT /campaigns/{campaignId}': { body: campaignUpdateSchema, answers: ok() },
  'POST /campaigns/{campaignId}/submit': { answers: ok() },
  'POST /campaigns/{campaignId}/approve': { answers: ok() },
  'POST /campaigns/{campaignId}/reject': { answers: ok() },
  'POST /campaigns/{campaignId}/pause': { answers: ok() },
  'POST /campaigns/{campaignId}/resume': { answers: ok() },
  'POST /campaigns/{campaignId}/cancel': { answers: ok() },
  'GET /campaigns/{campaignId}/results': { query: campaignResultsQuerySchema, answers: ok() },
  'GET /segments': { answers: ok() },
  'POST /segments': { body: segmentCreateSchema, answers: created() },
  'POST /segments/preview': { body: segmentPreviewSchema, answers: ok() },
  'GET /segments/{segmentId}': { answers: ok() },
  'PATCH /segments/{segmentId}': { body: segmentUpdateSchema, answers: ok() },
  'DELETE /segments/{segmentId}': { answers: ok() },
  'POST /segments/{segmentId}/freeze': { answers: ok() },
  'GET /segments/{segmentId}/export': { answers: ok() },
  'GET /automations/{automation}/results': { pathParams: { automation: holdoutAutomationSchema }, answers: ok() },
  'GET /patients/{patientId}/campaigns': { answers: ok() },
  'GET /campaign-templates': { answers: ok() },
  'GET /events': { answers: ok() },
  'POST /events': { body: eventInputSchema, answers: created() },
  'GET /events/{eventId}': { answers: ok() },
  'PATCH /events/{eventId}': { body: eventUpdateSchema, answers: ok() },
  'POST /events/{eventId}/attendance': { body: attendanceSchema, answers: ok() },
  'POST /patients/{patientId}/visits/{visitId}/installments/{n}/pay': { pathParams: { n: installmentNumberSchema }, body: installmentPaySchema, answers: ok() },
  'GET /installments/overdue': { query: overdueQuerySchema, answers: ok(itemsOf()) },
  'GET /patients/{patientId}/allergy-alert': { answers: ok(allergyAlertResponseSchema) },
  'POST /patients/{patientId}/insurance-claims': { body: claimCreateSchema, answers: created() },
  'GET /patients/{patientId}/insurance-claims': { answers: ok(itemsOf()) },
  'PATCH /patients/{patientId}/insurance-claims/{claimId}': { body: claimUpdateSchema, answers: ok() },
  'GET /insurance-claims/open': { query: openClaimsQuerySchema, answers: ok(itemsOf()) },
  'GET /stock/items': { answers: ok(itemsOf()) },
  'POST /stock/items': { body: stockItemInputSchema, answers: created() },
  'PATCH /stock/items/{itemId}': { body: stockItemUpdateSchema, answers: ok() },
  'GET /stock/boms': { answers: ok(itemsOf()) },
  'PUT /stock/boms/{procedureId}': { body: bomInputSchema, answers: ok() },
  'GET /stock/clinics/{clinicId}': { answers: ok() },
  'POST /stock/clinics/{clinicId}/movements': { body: movementInputSchema, answers: [...created(), ...ok()] },
  'GET /stock/clinics/{clinicId}/movements': { query: movementListQuerySchema, answers: ok(pageOf()) },
  'GET /stock/clinics/{clinicId}/loss': { query: lossQuerySchema, answers: ok() },
  'GET /stock/clinics/{clinicId}/purchase-list': { answers: ok() },
  'GET /stock/alerts': { query: stockAlertsQuerySchema, answers: ok() },
  'GET /patients/{patientId}/visits/{visitId}/notes': { answers: ok() },
  'PUT /patients/{patientId}/visits/{visitId}/notes': { body: visitNoteSchema, answers: ok() },
  'PUT /leads/{leadId}/assignee': { body: leadAssignSchema, answers: ok(leadResponseSchema) },
  'GET /lead-routing': { query: leadRoutingQuerySchema, answers: ok(leadRoutingResponseSchema) },
  'PUT /lead-routing': { body: leadRoutingUpdateSchema, answers: ok(leadRoutingResponseSchema) },
  'POST /sms-replies/unmatched/{replyId}/assign': { body: unmatchedReplyAssignSchema, answers: created(replyTaskResponseSchema) },
  'POST /sms-replies/unmatched/{replyId}/dismiss': { answers: ok(dismissedResponseSchema) },
  'GET /targets': { query: targetsQuerySchema, answers: ok() },
  'PUT /targets/{clinicId}/{month}': { pathParams: targetsPathSchema, body: targetsUpdateSchema, answers: ok() },
  'GET /performance': { query: performanceQuerySchema, answers: ok() },
  'GET /staffing': { query: staffingQuerySchema, answers: ok() },
};
