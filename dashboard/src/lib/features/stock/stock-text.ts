/** How quantities, changes, days and rates read on the Consumables page (both languages). */
import type { StockUnit } from '$shared/domain/stock/stock-quantity';
import type { MessageParams } from '../../i18n/i18n.svelte';
import type { MessageKey } from '../../i18n/zh-cn';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** 12, 0.5, 1.25: at most three decimals (the API's precision), no trailing zeros. */
export const quantityNumber = (quantity: number): string => String(Math.round(quantity * 1000) / 1000);

export const unitLabel = (unit: StockUnit, t: Translate): string => t(`stock.unit.${unit}`);

/** "12 盒", "0.5 ml". */
export const quantityText = (quantity: number, unit: StockUnit, t: Translate): string => `${quantityNumber(quantity)} ${unitLabel(unit, t)}`;

/** A movement's change with its sign: "+40", "−3" (a real minus, read as such by screen readers). */
export const deltaText = (delta: number): string => (delta > 0 ? `+${quantityNumber(delta)}` : delta < 0 ? `−${quantityNumber(-delta)}` : '0');

/** "2.5 天" or "近 30 天未使用" when nothing was used (no rate to run out at). */
export const daysLeftText = (daysLeft: number | null, t: Translate): string => (daysLeft === null ? t('stock.noUsage') : t('stock.days', { n: daysLeft }));

/** 0.0734 → "7.3%". */
export const percentText = (rate: number): string => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** The clinic's current month from its today ("2026-12-05" → "2026-12"). */
export const monthOf = (day: string): string => day.slice(0, 7);
