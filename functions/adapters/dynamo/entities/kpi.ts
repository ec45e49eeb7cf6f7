import { defineEntity } from './define-entity.js';

/** KPI rollup of one clinic's local day: integer counters (shared/domain/kpi) and who visited. */
export const kpiDayEntity = defineEntity({ type: 'kpi-day', pk: 'T#{tenantId}#KPI#{clinicId}', sk: 'DAY#{day}' });

/** The nightly patient-base snapshot of one scope (chain or clinic) and day. */
export const kpiBaseEntity = defineEntity({ type: 'kpi-base', pk: 'T#{tenantId}#KPIBASE', sk: '{scope}#{asOfDay}' });

/** The patients behind one number of a snapshot, in chunks (`chunk` zero-padded to 5 digits). */
export const kpiListEntity = defineEntity({ type: 'kpi-list', pk: 'T#{tenantId}#KPILIST#{asOfDay}#{list}', sk: '{chunk}' });

export const kpiListChunkLabel = (n: number): string => String(n).padStart(5, '0');

/**
 * A batch of ledger changes whose message counts were added (message-counts-writer.ts): put in the
 * same transaction as the counts, only if absent, so a batch the stream delivers again adds
 * nothing twice. Gone by TTL after two days.
 */
export const messageCountBatchEntity = defineEntity({ type: 'message-count-batch', pk: 'T#{tenantId}#MSGCOUNTBATCH', sk: '{batch}' });
