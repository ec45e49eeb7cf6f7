/**
 * The low-stock alert (seed: 库存不足3天用量预警): which levels have less than three days of use
 * left at the last 30 days' rate, and the staff-alert text naming them per clinic. No patient data.
 */
import { levelView, type StockItemTerms } from './stock-reports.js';
import type { StockLevelState } from './stock-ledger.js';

export type LowStockLine = { clinicId: string; clinicName: string; itemId: string; name: string; unit: string; quantity: number; daysLeft: number };

/** Low levels of active items, soonest to run out first; `todayOf` gives each clinic's local day. */
export const lowStockLines = (
  levels: readonly StockLevelState[],
  items: ReadonlyMap<string, StockItemTerms>,
  clinics: ReadonlyMap<string, { name: string; today: string }>,
): LowStockLine[] =>
  levels
    .flatMap((level): LowStockLine[] => {
      const item = items.get(level.itemId);
      const clinic = clinics.get(level.clinicId);
      if (!item?.active || !clinic) return [];
      const view = levelView(item, level, clinic.today);
      if (!view.low || view.daysLeft === null) return [];
      return [{ clinicId: level.clinicId, clinicName: clinic.name, itemId: item.itemId, name: item.name, unit: item.unit, quantity: view.quantity, daysLeft: view.daysLeft }];
    })
    .sort((a, b) => a.daysLeft - b.daysLeft || a.clinicName.localeCompare(b.clinicName, 'zh-CN'));

export const lowStockAlertText = (day: string, lines: readonly LowStockLine[]): { subject: string; text: string } => {
  const byClinic = new Map<string, LowStockLine[]>();
  for (const line of lines) byClinic.set(line.clinicName, [...(byClinic.get(line.clinicName) ?? []), line]);
  const body = [...byClinic.entries()].map(([clinic, list]) => `${clinic}：\n${list.map((l) => `- ${l.name} 剩 ${l.quantity} ${l.unit}，约 ${l.daysLeft} 天用量`).join('\n')}`);
  return {
    subject: `耗材库存预警 ${day}：${lines.length} 项不足 3 天用量`,
    text: `${body.join('\n\n')}\n\n请在「耗材」页查看采购清单。 Low stock: ${lines.length} item(s) under 3 days of use; see the Consumables page's purchase list.`,
  };
};
