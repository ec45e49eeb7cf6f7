import type { catalogZhCN } from './catalog.zh-cn';

/** The procedure catalog: prices, clinic prices, care pathways and recall rules (English). */
export const catalogEn: Record<keyof typeof catalogZhCN, string> = {
  'err.recallMonths': 'Must be whole months: an interval of 1–60, milestones of 1–120',
};
