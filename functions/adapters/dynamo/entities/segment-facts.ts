import { defineEntity } from './define-entity.js';

/**
 * A packed, compressed chunk of one clinic's patient facts (segment-facts-repository.ts has
 * the design). `chunk` is zero-padded to 4 digits so chunks read in order.
 */
export const segmentFactsChunkEntity = defineEntity({ type: 'segment-facts-chunk', pk: 'T#{tenantId}#FACTS#{clinicId}', sk: 'CHUNK#{chunk}' });

/** One patient's facts changed since the last compaction (the whole new facts, or gone). */
export const segmentFactsDeltaEntity = defineEntity({ type: 'segment-facts-delta', pk: 'T#{tenantId}#FACTSDELTA', sk: 'P#{patientId}' });

/** The nightly base's lane of the same chunk (visit instants, recall dues): segments never read it. */
export const segmentFactsKpiEntity = defineEntity({ type: 'segment-facts-kpi', pk: 'T#{tenantId}#FACTS#{clinicId}', sk: 'KPI#{chunk}' });
