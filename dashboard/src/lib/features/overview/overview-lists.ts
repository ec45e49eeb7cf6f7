/**
 * The patient list behind an overview card (issue 13: every card that says it opens its
 * patients does). The rollups keep who visited each day, so visits, revenue and the average
 * ticket open the range's visitors; new patients open the range's newcomers; the kept and
 * no-show rates open who kept or missed an appointment. Messages and NPS have no patient list.
 */
import { appointmentsListKey, newPatientsListKey, visitorsListKey } from '$shared/domain/kpi/list-keys';
import type { KpiOverview } from '../../api/types';
import type { MessageKey } from '../../i18n/zh-cn';
import type { MetricKey } from './kpi-metrics';

export type OverviewList = { list: string; title: MessageKey };

export const overviewListOf = (overview: Pick<KpiOverview, 'from' | 'to'>, metric: MetricKey): OverviewList | null => {
  switch (metric) {
    case 'visits':
    case 'revenue':
    case 'averageTicket':
      return { list: visitorsListKey(overview.from, overview.to), title: 'ov.visitors' };
    case 'newPatients':
      return { list: newPatientsListKey(overview.from, overview.to), title: 'ov.newPatientsList' };
    case 'keptRate':
      return { list: appointmentsListKey(overview.from, overview.to, 'kept'), title: 'ov.keptList' };
    case 'noShowRate':
      return { list: appointmentsListKey(overview.from, overview.to, 'no-show'), title: 'ov.noShowList' };
    default:
      return null;
  }
};
