/**
 * Satisfaction surveys: staff create an invitation (a public link) after a visit; the patient
 * answers once, without logging in; reports show the answers and NPS per clinic.
 */
import { ulid } from 'ulid';
import { seesContactDetails, type Caller } from '../../shared/domain/access.js';
import { invalid, notFound } from '../../shared/domain/errors.js';
import { answerOpensComplaint, summarize, summarizeAnswers, type SurveySummary } from '../../shared/domain/nps.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Complaint, PublicSurvey, SurveyAnswer, SurveyInvitation, SurveyInvite, SurveyListQuery, SurveyResult } from '../../shared/schemas/engagement.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { findPatientVisit } from '../adapters/dynamo/visit-repository.js';
import { alreadyAnswered, answerSurvey, getSurvey, getSurveyTotals, putNewSurvey, querySurveyResults, type SurveyRecord } from '../adapters/dynamo/engagement-survey-repository.js';
import { clinicForList } from './engagement-clinics.js';
import { newPublicLink, publicLinkFrom } from './engagement-public-links.js';
import { readPatient } from './patient-service.js';
import { announceTrigger } from './trigger-events.js';
import { surveyAnsweredEvent } from '../../shared/schedules.js';

import { publicSurveyPath } from '../../shared/domain/public-link.js';
import { audiencesHiddenFrom } from './treatment-aimed.js';

/** The visit a survey asks about must be one of this patient's (so never another chain's), and not void. */
const assertPatientsVisit = async (tenantId: string, patientId: string, visitId: string): Promise<void> => {
  const visit = await findPatientVisit(tenantId, patientId, visitId);
  if (!visit) throw invalid('visitId', 'is not a visit of this patient', { code: 'id.invalid' });
  if (visit.voidedAt) throw invalid('visitId', 'is a voided visit', { code: 'visit.already_void' });
};

export const inviteToSurvey = async (caller: Caller, patientId: string, input: SurveyInvite): Promise<SurveyInvitation> => {
  const patient = await readPatient(caller, patientId);
  const clinic = await getClinic(caller.tenantId, patient.clinicId);
  const now = new Date();
  const today = localDay(now, clinic?.timeZone ?? defaultTimeZone);
  if (input.visitDate !== undefined && input.visitDate > today) throw invalid('visitDate', 'cannot be in the future', { code: 'date.future' });
  if (input.visitId !== undefined) await assertPatientsVisit(caller.tenantId, patient.patientId, input.visitId);
  const { linkHash, token } = newPublicLink(caller.tenantId);
  const survey: SurveyRecord = {
    surveyId: ulid(),
    clinicId: patient.clinicId,
    patientId: patient.patientId,
    ...(input.visitId ? { visitId: input.visitId } : {}),
    visitDate: input.visitDate ?? today,
    createdAt: now.toISOString(),
    createdBy: caller.userId,
  };
  await putNewSurvey(caller.tenantId, linkHash, survey);
  const { createdBy: _createdBy, ...shown } = survey;
  return { ...shown, token, path: publicSurveyPath(token) };
};

const surveyFromToken = async (token: string) => {
  const { tenantId, linkHash } = publicLinkFrom(token, 'survey');
  const survey = await getSurvey(tenantId, linkHash);
  if (!survey) throw notFound('survey');
  return { tenantId, linkHash, survey };
};

/** The public page: the clinic's name and the visit date, never the patient's name or phone. */
export const readPublicSurvey = async (token: string): Promise<PublicSurvey> => {
  const { tenantId, survey } = await surveyFromToken(token);
  const clinic = await getClinic(tenantId, survey.clinicId);
  return { clinicName: clinic?.name ?? '', visitDate: survey.visitDate, answered: survey.answeredAt !== undefined };
};

/**
 * Saves the answer once. An unhappy answer (see answerOpensComplaint) opens a complaint in the
 * same transaction, which also stops marketing to the patient until it is resolved.
 */
export const answerPublicSurvey = async (token: string, answer: SurveyAnswer): Promise<{ complaintOpened: boolean }> => {
  const { tenantId, linkHash, survey } = await surveyFromToken(token);
  if (survey.answeredAt !== undefined) throw alreadyAnswered();
  const clinic = await getClinic(tenantId, survey.clinicId);
  const now = new Date();
  const answeredAt = now.toISOString();
  const localMonth = localDay(now, clinic?.timeZone ?? defaultTimeZone).slice(0, 7);
  const comment = answer.comment === '' ? undefined : answer.comment;
  const complaint: Complaint | undefined = answerOpensComplaint({ ...answer, comment })
    ? {
        complaintId: ulid(),
        clinicId: survey.clinicId,
        patientId: survey.patientId,
        category: 'other',
        severity: answer.score <= 1 ? 'high' : 'medium',
        description: comment ?? `满意度调查低分：评分 ${answer.score}/5，推荐意愿 ${answer.nps}/10`,
        status: 'open',
        source: 'survey',
        surveyId: survey.surveyId,
        createdAt: answeredAt,
        createdBy: 'survey',
        updatedAt: answeredAt,
      }
    : undefined;
  await answerSurvey(tenantId, linkHash, survey, { score: answer.score, nps: answer.nps, ...(comment ? { comment } : {}), answeredAt, localMonth }, complaint, clinic?.timeZone ?? defaultTimeZone);
  // Triggered campaigns read the 0–10 推荐意愿 as the score (a review invitation asks for 9–10).
  await announceTrigger(surveyAnsweredEvent, { tenantId, patientId: survey.patientId, surveyId: survey.surveyId, score: answer.nps, at: answeredAt });
  return { complaintOpened: complaint !== undefined };
};

export type SurveyReport = { items: SurveyResult[]; cursor?: string; summary: SurveySummary; totals: SurveySummary & { period: string } };

/**
 * A clinic's answers, newest first, with a summary of the page and the clinic's running totals
 * (all time, or the month asked for). Comments are free text that may describe treatment, so
 * roles that may not see notes (marketing) get the numbers without them.
 */
export const surveyReport = async (caller: Caller, query: SurveyListQuery): Promise<SurveyReport> => {
  const clinic = await clinicForList(caller, query.clinicId);
  const period = query.month ?? 'ALL';
  const [page, totals, hidden] = await Promise.all([
    querySurveyResults(caller.tenantId, clinic.clinicId, query.month, query.limit, query.cursor),
    getSurveyTotals(caller.tenantId, clinic.clinicId, period),
    audiencesHiddenFrom(caller),
  ]);
  // Who answered an event's survey came to the event: withheld as its sign-ups are, counted still.
  const answers = page.items.filter((r) => r.fromEvent === undefined || !hidden.has(r.fromEvent)).map(({ fromEvent: _event, ...r }) => r);
  const items = seesContactDetails(caller.role) ? answers : answers.map(({ comment: _comment, ...rest }) => rest);
  return {
    items,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    summary: summarizeAnswers(page.items.map((r) => ({ score: r.score, nps: r.nps }))),
    totals: { period, ...summarize(totals) },
  };
};
