/**
 * What the builder offers for each condition field of the shared schema: which editor it takes
 * and, for the fixed lists, the values. Labels come from i18n (`segments.field.<field>`), so
 * this file holds no words. Money fields are edited in 元 and sent in fen (invariant 3).
 */
import type { ConditionField } from '$shared/domain/segments/conditions';
import { acquisitionChannels, genders, lifecycleStages } from '$shared/schemas/patient';
import { procedureCategories } from '$shared/schemas/catalog';
import { activityStatuses } from '$shared/domain/kpi/activity';
import { rfmCells } from '$shared/domain/kpi/rfm-cells';
import { membershipFactStatuses } from '$shared/domain/segments/facts';

import type { Editor } from './condition-draft';

/** The yes/no conditions, each with its own words for yes and no. */
export type FlagField = 'referrer' | 'upcomingAppointment' | 'marketingConsent' | 'openComplaint';

const months = Array.from({ length: 12 }, (_, i) => String(i + 1));

/** In the order the builder's field menu lists them: who, history, value, care, membership, contact. */
export const conditionCatalog: Record<ConditionField, Editor> = {
  clinic: { kind: 'loaded', source: 'clinics' },
  age: { kind: 'range', unit: 'years' },
  gender: { kind: 'list', values: genders },
  channel: { kind: 'list', values: acquisitionChannels },
  referrer: { kind: 'flag' },
  tags: { kind: 'tags' },
  firstVisit: { kind: 'dayRange' },
  lastVisit: { kind: 'dayRange' },
  daysSinceLastVisit: { kind: 'range', unit: 'days' },
  visitCount: { kind: 'range', unit: 'visits' },
  totalSpend: { kind: 'range', unit: 'yuan' },
  rfmScore: { kind: 'rfmScore' },
  rfmGroup: { kind: 'list', values: rfmCells },
  lifecycle: { kind: 'list', values: lifecycleStages },
  activity: { kind: 'list', values: activityStatuses },
  category: { kind: 'list', values: procedureCategories, had: true },
  procedure: { kind: 'loaded', source: 'procedures', had: true },
  recallDueWithin: { kind: 'days' },
  upcomingAppointment: { kind: 'flag' },
  birthdayMonth: { kind: 'list', values: months },
  membership: { kind: 'list', values: [...membershipFactStatuses, 'none'] },
  membershipPlan: { kind: 'loaded', source: 'plans' },
  membershipDaysToExpiry: { kind: 'range', unit: 'days', allowNegative: true },
  storedValue: { kind: 'range', unit: 'yuan' },
  marketingConsent: { kind: 'flag' },
  openComplaint: { kind: 'flag' },
};

export const catalogFields = Object.keys(conditionCatalog) as ConditionField[];
