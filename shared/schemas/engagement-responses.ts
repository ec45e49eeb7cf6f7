/**
 * What the engagement screens' routes answer, for the OpenAPI document: leads with their tier and
 * consultant, a clinic's lead routing, complaints and survey answers with names, replies from
 * unknown numbers and what sorting one out made. Loose objects: a new field never makes them lie.
 */
import * as z from 'zod';
import { roles } from '../domain/access.js';
import { complaintStatuses } from '../domain/complaint.js';
import { budgetRanges, complaintCategories, complaintSeverities, intakePriorities, leadStatuses, leadTiers } from './engagement.js';

const person = z.object({ userId: z.string(), displayName: z.string() });

export const leadResponseSchema = z
  .looseObject({
    leadId: z.string(),
    clinicId: z.string(),
    name: z.string(),
    /** E.164, or masked (138****8000) for marketing */
    phone: z.string(),
    budget: z.enum(budgetRanges),
    priority: z.enum(intakePriorities),
    status: z.enum(leadStatuses),
    tier: z.enum(leadTiers),
    assignee: z.string().optional(),
    assigneeName: z.string().optional(),
    suggestedAssignee: person.optional(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ description: 'A lead as the caller\'s role may see it: high-value (预算2万以上 + 关注隐私/技术) or standard, its consultant, and whom the routing suggests while nobody has it.' });

export const leadRoutingResponseSchema = z
  .looseObject({
    clinicId: z.string(),
    seniorConsultants: z.array(z.string()),
    consultants: z.array(z.looseObject({ userId: z.string(), displayName: z.string(), role: z.enum(roles), senior: z.boolean() })),
    version: z.number().int(),
  })
  .meta({ description: 'Who takes a clinic\'s leads, and which of them are its senior consultants (资深咨询师).' });

export const complaintResponseSchema = z.looseObject({
  complaintId: z.string(),
  clinicId: z.string(),
  patientId: z.string(),
  patientName: z.string().optional(),
  category: z.enum(complaintCategories),
  severity: z.enum(complaintSeverities),
  status: z.enum(complaintStatuses),
  owner: z.string().optional(),
  ownerName: z.string().optional(),
  createdAt: z.string(),
});

const summary = z.looseObject({ answerCount: z.number().int(), averageScore: z.number().nullable(), nps: z.number().int().nullable() });

export const surveyReportResponseSchema = z
  .looseObject({
    items: z.array(z.looseObject({ surveyId: z.string(), patientId: z.string(), patientName: z.string().optional(), score: z.number().int(), nps: z.number().int(), answeredAt: z.string() })),
    cursor: z.string().optional(),
    summary,
    totals: summary.extend({ period: z.string() }),
  })
  .meta({ description: 'A clinic\'s answers, newest first, with the page\'s summary and the clinic\'s NPS for the month asked (or all time). No comments for marketing.' });

export const unmatchedReplyResponseSchema = z.looseObject({ replyId: z.string(), inboundMessageId: z.string(), from: z.string(), text: z.string(), receivedAt: z.string() });

export const replyTaskResponseSchema = z
  .looseObject({ taskId: z.string(), patientId: z.string(), clinicId: z.string(), kind: z.literal('reply'), status: z.literal('open') })
  .meta({ description: 'The patient\'s front-desk task the reply became.' });

export const dismissedResponseSchema = z.object({ dismissed: z.literal(true) });
