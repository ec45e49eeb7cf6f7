/**
 * Daily low-stock alert: every clinic's levels with less than three days of use left at the last
 * 30 days' rate, to the chain's staff-alerts topic, and kept for the Consumables page. It reads the
 * chain's items and levels (two queries; each level carries its running stock and usage, so no
 * movement is read) and claims the day first, so a redelivered event alerts once.
 */
import { lowStockAlertText, lowStockLines } from '../../shared/domain/stock/stock-alert.js';
import { chainTimeZone, localDay } from '../../shared/domain/time.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { claimAlert, listLevels, listStockItems, releaseAlert } from '../adapters/dynamo/stock-repository.js';
import { alertStaff } from '../adapters/notifier.js';
import { createJobHandler } from './lib/job-runner.js';

export const runStockAlerts = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const [clinics, items, levels] = await Promise.all([listClinics(tenantId), listStockItems(tenantId), listLevels(tenantId)]);
  if (levels.length === 0) return { items: 0, lowStock: 0 };
  const clinicDays = new Map(clinics.map((c) => [c.clinicId, { name: c.name, today: localDay(now, c.timeZone) }]));
  const lines = lowStockLines(levels, new Map(items.map((i) => [i.itemId, i])), clinicDays);
  const day = localDay(now, chainTimeZone(clinics));
  if (!(await claimAlert(tenantId, { day, sentAt: now.toISOString(), items: lines }))) return { items: levels.length, lowStock: lines.length, alreadyDone: 1 };
  if (lines.length === 0) return { items: levels.length, lowStock: 0 };
  try {
    await alertStaff(tenantId, { ...lowStockAlertText(day, lines), purpose: 'low-stock' });
  } catch (error) {
    // Not sent: give the day back so the retried event sends it.
    await releaseAlert(tenantId, day);
    throw error;
  }
  return { items: levels.length, lowStock: lines.length, sent: 1 };
};

export const handler = createJobHandler('stock-alerts', runStockAlerts);
