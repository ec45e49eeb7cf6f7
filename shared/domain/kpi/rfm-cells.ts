/**
 * Named RFM cells. R is the recency score; FM = (F + M) / 2 rounded half up, the usual way to
 * fold frequency and spend into one axis of a 5 × 5 grid. Rules are checked top to bottom and
 * the first match wins; together they cover every (R, FM) pair, so each scored patient has
 * exactly one cell.
 *
 * | cell         | 中文     | rule                                      | what to do                     |
 * |--------------|----------|-------------------------------------------|--------------------------------|
 * | new          | 新客     | first visit ever within the last 6 months | make sure they come back       |
 * | champions    | 高价值   | R ≥ 4 and FM ≥ 4                          | membership, referrals          |
 * | loyal        | 忠诚     | R = 3 and FM ≥ 4                          | keep on the recall schedule    |
 * | potential    | 潜力     | R ≥ 4 and FM ≤ 3                          | treatment plans, membership    |
 * | attention    | 需关注   | R = 3 and FM ≤ 3                          | recall before they slip        |
 * | at-risk      | 流失风险 | R ≤ 2 and FM ≥ 4                          | personal call from the dentist |
 * | hibernating  | 沉睡     | R = 2 and FM ≤ 3, or R = 1 and FM = 3     | reactivation campaign          |
 * | lost         | 已流失   | R = 1 and FM ≤ 2                          | low-cost reactivation only     |
 *
 * "New" comes first and uses the first visit, not a score: a newcomer's frequency is low by
 * definition, and the 6 months are the window in which "return within 6 months" is decided.
 */
export type RfmCell = 'new' | 'champions' | 'loyal' | 'potential' | 'attention' | 'at-risk' | 'hibernating' | 'lost';
export const rfmCells: readonly RfmCell[] = ['champions', 'loyal', 'potential', 'new', 'attention', 'at-risk', 'hibernating', 'lost'];

export const rfmCellLabels: Record<RfmCell, { zh: string; en: string }> = {
  new: { zh: '新客', en: 'New' },
  champions: { zh: '高价值', en: 'Champions' },
  loyal: { zh: '忠诚', en: 'Loyal' },
  potential: { zh: '潜力', en: 'Potential' },
  attention: { zh: '需关注', en: 'Needs attention' },
  'at-risk': { zh: '流失风险', en: 'At risk' },
  hibernating: { zh: '沉睡', en: 'Hibernating' },
  lost: { zh: '已流失', en: 'Lost' },
};

export const foldFm = (f: number, m: number): number => (f + m + 1) >> 1;

export const rfmCellOf = (score: { r: number; fm: number; isNew: boolean }): RfmCell => {
  const { r, fm } = score;
  if (score.isNew) return 'new';
  if (r >= 4) return fm >= 4 ? 'champions' : 'potential';
  if (r === 3) return fm >= 4 ? 'loyal' : 'attention';
  if (fm >= 4) return 'at-risk';
  if (r === 2 || fm === 3) return 'hibernating';
  return 'lost';
};
