import type { CarePathwayStep, Procedure, RecallRule } from '../../api/catalog-api';
import type { Locale } from '../../i18n/i18n.svelte';
import type { MessageKey } from '../../i18n/zh-cn';
import type { MessageParams } from '../../i18n/i18n.svelte';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** "每 6 个月" / "第 12、24、36 个月" / "无": the rule in one phrase. */
export const recallSummary = (rule: RecallRule | null, t: Translate): string => {
  if (!rule) return t('cat.recallNone');
  if (rule.kind === 'interval') return t('cat.recallEvery', { n: rule.months });
  return t('cat.recallAt', { list: rule.months.join(', ') });
};

/** One step: "第 1 天 · 电话回访". */
export const stepSummary = (step: CarePathwayStep, t: Translate): string =>
  `${step.offsetDays === 0 ? t('cat.dayZero') : t('cat.dayN', { n: step.offsetDays })} · ${t(step.action === 'call' ? 'cat.actionCall' : 'cat.actionMessage')}`;

export const procedureTitle = (p: Pick<Procedure, 'nameZh' | 'nameEn'>, locale: Locale): string => (locale === 'en' ? p.nameEn : p.nameZh);

/** The price a clinic charges: its own, or the chain's. */
export const clinicPriceOf = (p: Pick<Procedure, 'priceFen' | 'clinicPrices'>, clinicId: string): { fen: number; own: boolean } => {
  const own = p.clinicPrices[clinicId];
  return own === undefined ? { fen: p.priceFen, own: false } : { fen: own, own: true };
};
