import { defineEntity } from './define-entity.js';

/**
 * A survey invitation, found by the hash of its link's secret (a token names its tenant, and
 * its secret is looked up only under that tenant's keys). Once answered it is listed per clinic
 * by local month, then answer time (gsi1): a month's answers are one `begins_with`.
 */
export const surveyEntity = defineEntity({
  type: 'survey',
  pk: 'T#{tenantId}#SURVEY#{linkHash}',
  sk: 'SURVEY',
  indexes: { answeredByClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#SURVEYS', sk: '{localMonth}#{answeredAt}#{surveyId}', needs: 'ALL' } },
});

/** Running answer totals per clinic: `period` is `ALL` or a local month YYYY-MM. */
export const surveyTotalsEntity = defineEntity({ type: 'survey-totals', pk: 'T#{tenantId}#C#{clinicId}#SURVEYTOTALS', sk: '{period}' });
