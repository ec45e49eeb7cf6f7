/**
 * Where `#/` takes each role: the front desk and dentists start their day on today's schedule,
 * those who read the chain's numbers on the overview, everyone else on the patients list.
 */
import type { Role } from '../api/types';
import { canReadAppointments, canReadKpi } from './permissions';

const scheduleFirst: readonly Role[] = ['frontdesk', 'dentist'];

export const landingPath = (role: Role): string => {
  if (scheduleFirst.includes(role) && canReadAppointments(role)) return '/appointments';
  return canReadKpi(role) ? '/overview' : '/patients';
};
