/**
 * The patient list behind an overview card. The rollups keep who visited each day, so visits,
 * revenue and the average ticket open the range's visitors (distinct patients, `visitors:…`).
 * The rollups keep no patient sets for new patients, appointments, messages or surveys: those
 * cards show their numbers without a list (an API gap, reported).
 */
import { visitorsListKey } from '$shared/domain/kpi/list-keys';
import type { KpiOverview } from '../../api/types';
import type { MetricKey } from './kpi-metrics';

const visitorMetrics: ReadonlySet<MetricKey> = new Set(['visits', 'revenue', 'averageTicket']);

export const overviewListOf = (overview: KpiOverview, metric: MetricKey): string | null =>
  visitorMetrics.has(metric) ? visitorsListKey(overview.from, overview.to) : null;
