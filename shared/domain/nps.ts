/**
 * Satisfaction survey arithmetic. Pure: the answer path and the reports both use it, so a
 * page summary and the stored running totals can never disagree on what a promoter is.
 */

/** Net Promoter Score buckets on the 0–10 "would you recommend us" scale. */
export type NpsBucket = 'promoter' | 'passive' | 'detractor';

export const npsBucket = (nps: number): NpsBucket => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor');

/** Integer running totals: what the per-clinic aggregate item stores (ADD-able, never a float). */
export type SurveyTotals = { answerCount: number; scoreSum: number; promoters: number; passives: number; detractors: number };

export const emptyTotals = (): SurveyTotals => ({ answerCount: 0, scoreSum: 0, promoters: 0, passives: 0, detractors: 0 });

/** What one answer adds to the totals. */
export const totalsOfAnswer = (answer: { score: number; nps: number }): SurveyTotals => {
  const bucket = npsBucket(answer.nps);
  return {
    answerCount: 1,
    scoreSum: answer.score,
    promoters: bucket === 'promoter' ? 1 : 0,
    passives: bucket === 'passive' ? 1 : 0,
    detractors: bucket === 'detractor' ? 1 : 0,
  };
};

export const addTotals = (a: SurveyTotals, b: SurveyTotals): SurveyTotals => ({
  answerCount: a.answerCount + b.answerCount,
  scoreSum: a.scoreSum + b.scoreSum,
  promoters: a.promoters + b.promoters,
  passives: a.passives + b.passives,
  detractors: a.detractors + b.detractors,
});

export type SurveySummary = {
  answerCount: number;
  /** mean of the 1–5 scores, two decimals; null when nothing was answered */
  averageScore: number | null;
  /** −100…100, whole number; null when nothing was answered */
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
};

export const summarize = (totals: SurveyTotals): SurveySummary => {
  const n = totals.answerCount;
  return {
    answerCount: n,
    averageScore: n === 0 ? null : Math.round((totals.scoreSum * 100) / n) / 100,
    // Math.round(-0.5) is -0; `+ 0` keeps the JSON a plain 0.
    nps: n === 0 ? null : Math.round((100 * (totals.promoters - totals.detractors)) / n) + 0,
    promoters: totals.promoters,
    passives: totals.passives,
    detractors: totals.detractors,
  };
};

export const summarizeAnswers = (answers: readonly { score: number; nps: number }[]): SurveySummary =>
  summarize(answers.map(totalsOfAnswer).reduce(addTotals, emptyTotals()));

/**
 * An unhappy answer opens a complaint by itself: a low score (1–2 of 5), or a detractor (0–6)
 * who took the time to write why. The clinic sees it in its complaint queue, and the open
 * complaint stops marketing to that patient until someone has dealt with it (invariant 6).
 */
export const answerOpensComplaint = (answer: { score: number; nps: number; comment?: string | undefined }): boolean =>
  answer.score <= 2 || (npsBucket(answer.nps) === 'detractor' && (answer.comment ?? '').trim() !== '');
