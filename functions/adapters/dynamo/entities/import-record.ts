import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** An import's record: status, counts, progress; its rows and plans live in their own partition. */
export const importRecordEntity = defineEntity({ type: 'import', pk: tenantPartition, sk: 'IMPORT#{importId}' });

/** The partition of one import's data, so reading a chunk never touches the chain's items. */
const importDataPartition = 'T#{tenantId}#IMPORT#{importId}' as const;

/** One chunk of parsed rows (`chunk` zero-padded to 5 digits so chunks sort in order). */
export const importRowsEntity = defineEntity({ type: 'import-rows', pk: importDataPartition, sk: 'ROWS#{chunk}' });

/** One chunk of a dry run's plan, per plan id. */
export const importPlanEntity = defineEntity({ type: 'import-plan', pk: importDataPartition, sk: 'PLAN#{planId}#{chunk}' });

export const importChunkLabel = (chunk: number): string => String(chunk).padStart(5, '0');
