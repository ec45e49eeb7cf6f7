import type { clinicsZhCN } from './clinics.zh-cn';

/** Clinic settings: opening hours, chairs, SMS signature, reply number (English). */
export const clinicsEn: Record<keyof typeof clinicsZhCN, string> = {
  'err.openingHoursOrder': 'Must be later than the opening time',
};
