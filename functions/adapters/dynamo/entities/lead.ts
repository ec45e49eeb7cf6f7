import { defineEntity } from './define-entity.js';

/** An intake questionnaire link, found by the hash of its secret; listed per clinic newest first. */
export const intakeLinkEntity = defineEntity({
  type: 'intake-link',
  pk: 'T#{tenantId}#INTAKE#{linkHash}',
  sk: 'LINK',
  indexes: { byClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#INTAKELINKS', sk: '{createdAt}#{linkId}', needs: 'ALL' } },
});

/** A lead from the intake form: per clinic newest first (gsi1) and by status (gsi2; conversion moves it). */
export const leadEntity = defineEntity({
  type: 'lead',
  pk: 'T#{tenantId}#LEAD#{leadId}',
  sk: 'LEAD',
  indexes: {
    byClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#LEADS', sk: '{createdAt}#{leadId}', needs: 'ALL' },
    byStatus: { index: 'gsi2', pk: 'T#{tenantId}#C#{clinicId}#LEADS#{status}', sk: '{createdAt}#{leadId}', needs: 'ALL' },
  },
});

/**
 * Posts to one intake link on one UTC day, counted before each lead is written: a flood on a
 * public link is refused (429) once the cap is reached, so it can neither fill the table nor
 * keep the staff busy. Expires (TTL) a couple of days after its day.
 */
export const intakePostCounterEntity = defineEntity({ type: 'intake-post-counter', pk: 'T#{tenantId}#INTAKE#{linkHash}', sk: 'POSTS#{day}' });

/** A clinic's lead routing: its senior consultants (资深咨询师), versioned (invariant 11). */
export const leadRoutingEntity = defineEntity({ type: 'lead-routing', pk: 'T#{tenantId}#C#{clinicId}#LEADROUTING', sk: 'ROUTING' });
