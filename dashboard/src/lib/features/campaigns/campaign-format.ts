/** How the campaign screens word a schedule and a progress summary (pure, with the translator). */
import type { Campaign } from '../../api/campaigns-api';
import type { MessageKey } from '../../i18n/zh-cn';
import type { MessageParams } from '../../i18n/i18n.svelte';

type Translate = (key: MessageKey, params?: MessageParams) => string;
type DateTime = (iso: string, timeZone?: string) => string;

export const scheduleText = (c: Campaign, t: Translate, dateTime: DateTime, timeZone: string): string => {
  const window = `${String(c.window.startHour).padStart(2, '0')}:00–${String(c.window.endHour).padStart(2, '0')}:00`;
  if (c.schedule.kind === 'at') return t('campaigns.scheduleAt', { at: dateTime(c.schedule.at, timeZone), window });
  if (c.schedule.kind === 'monthly') return t('campaigns.scheduleMonthly', { day: c.schedule.dayOfMonth, hour: String(c.schedule.hour).padStart(2, '0'), window });
  if (c.schedule.kind === 'trigger') return t('campaigns.scheduleTrigger', { event: t(`campaigns.trigger.${c.schedule.event}`), days: c.schedule.delayDays, window });
  return t('campaigns.scheduleNow', { window });
};

export const progressText = (c: Campaign, t: Translate): string => {
  const p = c.progress;
  if (!p) return t('campaigns.notStarted');
  return t('campaigns.progressSummary', { sent: p.sent, audience: p.audience, heldOut: p.heldOut, remaining: p.remaining });
};

/** Proportion → signed percentage points with one decimal ("+3.2", "−1.0"). */
export const points = (p: number): string => {
  const v = Math.round(p * 1000) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
};
