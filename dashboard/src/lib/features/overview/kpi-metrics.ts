/** The overview's KPI cards: what each shows, which way is good, and its daily series. */
import type { KpiDailyPoint, RollupKpis } from '../../api/types';
import type { MessageKey } from '../../i18n/zh-cn';
import type { Better, ValueKind } from './kpi-format';

export type MetricKey = 'visits' | 'revenue' | 'newPatients' | 'averageTicket' | 'keptRate' | 'noShowRate' | 'messagesSent' | 'nps';

export type MetricDef = {
  key: MetricKey;
  label: MessageKey;
  kind: ValueKind;
  better: Better;
  value: (k: RollupKpis) => number | null;
  /** the sparkline; none where the rollup keeps no daily figure (NPS) */
  daily?: (d: KpiDailyPoint) => number | null;
};

const rate = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export const metrics: readonly MetricDef[] = [
  { key: 'visits', label: 'ov.visits', kind: 'count', better: 'up', value: (k) => k.visits, daily: (d) => d.visits },
  { key: 'revenue', label: 'ov.revenue', kind: 'money', better: 'up', value: (k) => k.revenueFen, daily: (d) => d.revenueFen },
  { key: 'newPatients', label: 'ov.newPatients', kind: 'count', better: 'up', value: (k) => k.newPatients, daily: (d) => d.newPatients },
  {
    key: 'averageTicket',
    label: 'ov.averageTicket',
    kind: 'money',
    better: 'up',
    value: (k) => k.averageTicketFen,
    daily: (d) => (d.visits === 0 ? null : d.revenueFen / d.visits),
  },
  { key: 'keptRate', label: 'ov.keptRate', kind: 'percent', better: 'up', value: (k) => k.appointments.keptRate, daily: (d) => rate(d.kept, d.kept + d.noShow) },
  { key: 'noShowRate', label: 'ov.noShowRate', kind: 'percent', better: 'down', value: (k) => k.appointments.noShowRate, daily: (d) => rate(d.noShow, d.kept + d.noShow) },
  { key: 'messagesSent', label: 'ov.messagesSent', kind: 'count', better: 'none', value: (k) => k.messages.sent, daily: (d) => d.messagesSent },
  { key: 'nps', label: 'ov.nps', kind: 'score', better: 'up', value: (k) => k.surveys.nps },
];

/** One bar of a breakdown (channel, category, payment method…), its number written out. */
export type BarRow = { key: string; label: string; value: number; text: string; onOpen?: () => void };
