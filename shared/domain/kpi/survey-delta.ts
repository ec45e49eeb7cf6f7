/**
 * Survey answers on the clinic day they were answered. The integer totals are the ones
 * shared/domain/nps.ts defines, so the rollup and the survey page agree on what a promoter is.
 */
import { totalsOfAnswer } from '../nps.js';
import type { SurveyResult } from '../../schemas/engagement.js';
import { counterNames as n, type Counters } from './counters.js';
import { clinicDay, type DayCounters } from './day-counters.js';

export type KpiSurvey = Pick<SurveyResult, 'surveyId' | 'clinicId' | 'answeredAt' | 'score' | 'nps'>;

export const surveyCounters = (survey: Pick<KpiSurvey, 'score' | 'nps'>): Counters => {
  const t = totalsOfAnswer(survey);
  return {
    [n.surveys.responses]: t.answerCount,
    [n.surveys.scoreSum]: t.scoreSum,
    [n.surveys.promoters]: t.promoters,
    [n.surveys.passives]: t.passives,
    [n.surveys.detractors]: t.detractors,
  };
};

/** A survey answered (answers are final: there is no correction path). */
export const deltaForSurvey = (survey: KpiSurvey, timeZone: string): DayCounters[] => {
  const counters = Object.fromEntries(Object.entries(surveyCounters(survey)).filter(([, v]) => v !== 0));
  return [{ ...clinicDay(survey.clinicId, survey.answeredAt, timeZone), counters }];
};
