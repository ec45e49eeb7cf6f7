/**
 * Satisfaction surveys: an invitation item per link (keyed by its secret's hash). Answering writes the answer, the
 * clinic's running totals (all time and the local month) and, for an unhappy answer, a new
 * complaint with the patient's +1, all in one transaction whose first condition is "not yet
 * answered": an answer counts exactly once.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { deltaForSurvey } from '../../../shared/domain/kpi/rollup.js';
import { defaultTimeZone } from '../../../shared/domain/time.js';
import { rollupUpdates } from './kpi-repository.js';
import { DomainError, notFound } from '../../../shared/domain/errors.js';
import { emptyTotals, totalsOfAnswer, type SurveyTotals } from '../../../shared/domain/nps.js';
import type { Complaint, SurveyAnswer, SurveyResult } from '../../../shared/schemas/engagement.js';
import { documentClient, tableName } from './client.js';
import { openComplaintWrites } from './engagement-complaint-repository.js';
import { pick, queryIndexPage, transactWrite, TransactionConditionFailed } from './engagement-dynamo.js';
import { surveyEntity, surveyTotalsEntity } from './entities/survey.js';

export type SurveyRecord = {
  surveyId: string;
  clinicId: string;
  patientId: string;
  visitId?: string;
  visitDate: string;
  createdAt: string;
  createdBy: string;
  score?: number;
  nps?: number;
  comment?: string;
  complaintId?: string;
  answeredAt?: string;
};

const surveyFields = [
  'surveyId', 'clinicId', 'patientId', 'visitId', 'visitDate', 'createdAt', 'createdBy', 'score', 'nps', 'comment', 'complaintId', 'answeredAt',
] as const;
const resultFields = ['surveyId', 'clinicId', 'patientId', 'visitId', 'visitDate', 'score', 'nps', 'comment', 'complaintId', 'answeredAt'] as const;
const totalsFields = ['answerCount', 'scoreSum', 'promoters', 'passives', 'detractors'] as const;

export const putNewSurvey = async (tenantId: string, linkHash: string, survey: SurveyRecord): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...surveyEntity.key({ tenantId, linkHash }), type: 'survey', tenantId, ...survey },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getSurvey = async (tenantId: string, linkHash: string): Promise<SurveyRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: surveyEntity.key({ tenantId, linkHash }), ConsistentRead: true }));
  return Item ? pick<SurveyRecord>(Item, surveyFields) : undefined;
};

const addTotalsUpdate = (tenantId: string, clinicId: string, period: string, totals: SurveyTotals) => ({
  Update: {
    TableName: tableName,
    Key: surveyTotalsEntity.key({ tenantId, clinicId, period }),
    UpdateExpression: `SET #type = :type ADD ${totalsFields.map((f) => `${f} :${f}`).join(', ')}`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': 'survey-totals', ...Object.fromEntries(totalsFields.map((f) => [`:${f}`, totals[f]])) },
  },
});

export const alreadyAnswered = () =>
  new DomainError('conflict', 'This survey has already been answered. Thank you!', [{ path: 'token', message: 'already answered', code: 'already_done' }]);

export const answerSurvey = async (
  tenantId: string,
  linkHash: string,
  survey: SurveyRecord,
  answer: SurveyAnswer & { answeredAt: string; localMonth: string },
  complaint: Complaint | undefined,
  /** the clinic's zone: the KPI day the answer counts on */
  timeZone = defaultTimeZone,
): Promise<void> => {
  const listed = surveyEntity.indexes.answeredByClinic.set({
    pk: surveyEntity.indexes.answeredByClinic.pk.fill({ tenantId, clinicId: survey.clinicId }),
    // Month first: a month's answers are one begins_with, still in answer order.
    sk: surveyEntity.indexes.answeredByClinic.sk.fill({ localMonth: answer.localMonth, answeredAt: answer.answeredAt, surveyId: survey.surveyId }),
  });
  const sets = ['score = :score', 'nps = :nps', 'answeredAt = :answeredAt', ...listed.clauses];
  const values: Record<string, unknown> = {
    ':score': answer.score,
    ':nps': answer.nps,
    ':answeredAt': answer.answeredAt,
    ...listed.values,
  };
  if (answer.comment) {
    sets.push('#comment = :comment');
    values[':comment'] = answer.comment;
  }
  if (complaint) {
    sets.push('complaintId = :complaintId');
    values[':complaintId'] = complaint.complaintId;
  }
  const totals = totalsOfAnswer(answer);
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: surveyEntity.key({ tenantId, linkHash }),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answeredAt)',
          ...(answer.comment ? { ExpressionAttributeNames: { '#comment': 'comment' } } : {}),
          ExpressionAttributeValues: values,
        },
      },
      addTotalsUpdate(tenantId, survey.clinicId, 'ALL', totals),
      addTotalsUpdate(tenantId, survey.clinicId, answer.localMonth, totals),
      ...(complaint ? openComplaintWrites(tenantId, complaint) : []),
      // Last, without conditions: the failure positions above keep their meaning.
      ...rollupUpdates(tenantId, deltaForSurvey({ surveyId: survey.surveyId, clinicId: survey.clinicId, answeredAt: answer.answeredAt, score: answer.score, nps: answer.nps }, timeZone)),
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      if (error.failed[0]) throw alreadyAnswered();
      // Only the patient can be missing now; the invitation is then void.
      throw notFound('survey');
    }
    throw error;
  }
};

export const querySurveyResults = async (
  tenantId: string,
  clinicId: string,
  month: string | undefined,
  limit: number,
  cursor?: string,
): Promise<{ items: (SurveyResult & { fromEvent?: string })[]; cursor?: string }> => {
  const page = await queryIndexPage(tenantId, surveyEntity.indexes.answeredByClinic, { tenantId, clinicId }, { limit, cursor, skPrefix: month ? surveyEntity.indexes.answeredByClinic.sk.prefix({ localMonth: month }) : undefined });
  // A member event's feedback survey says which event (who came to it may be withheld, treatment-aim.ts).
  const eventOf = (item: Record<string, unknown>) => (typeof item.createdBy === 'string' && item.createdBy.startsWith('event:') ? { fromEvent: item.createdBy.slice('event:'.length) } : {});
  return { items: page.items.map((item) => ({ ...pick<SurveyResult>(item, resultFields), ...eventOf(item) })), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

export const getSurveyTotals = async (tenantId: string, clinicId: string, period: string): Promise<SurveyTotals> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: surveyTotalsEntity.key({ tenantId, clinicId, period }) }));
  return Item ? { ...emptyTotals(), ...pick<Partial<SurveyTotals>>(Item, totalsFields) } : emptyTotals();
};
