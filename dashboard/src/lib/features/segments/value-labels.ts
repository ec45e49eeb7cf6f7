/**
 * Words for a condition's values: the app's own labels for genders, channels, stages and
 * categories; the shared bilingual labels for activity and RFM groups; month names from Intl.
 */
import type { ConditionField } from '$shared/domain/segments/conditions';
import { activityLabels, type ActivityStatus } from '$shared/domain/kpi/activity';
import { rfmCellLabels, type RfmCell } from '$shared/domain/kpi/rfm-cells';
import type { I18n } from '../../i18n/i18n.svelte';

export type Option = { value: string; label: string };
/** The values that come from the chain: its clinics, its procedures, its membership plans. */
export type LoadedOptions = Record<'clinics' | 'procedures' | 'plans', Option[]>;

export const valueLabel = (field: ConditionField, value: string, i18n: I18n): string => {
  const zh = i18n.locale === 'zh-CN';
  switch (field) {
    case 'gender': return i18n.t(`gender.${value}` as `gender.female`);
    case 'channel': return i18n.t(`channel.${value}` as `channel.wechat`);
    case 'lifecycle': return i18n.t(`lifecycle.${value}` as `lifecycle.lead`);
    case 'category': return i18n.t(`category.${value}` as `category.basic`);
    case 'activity': { const l = activityLabels[value as ActivityStatus]; return zh ? l.zh : l.en; }
    case 'rfmGroup': { const l = rfmCellLabels[value as RfmCell]; return zh ? l.zh : l.en; }
    case 'membership': return i18n.t(`segments.membership.${value}` as `segments.membership.none`);
    case 'birthdayMonth': return new Intl.DateTimeFormat(i18n.locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, Number(value) - 1, 1)));
    default: return value;
  }
};
