import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** A saved segment of the chain: name, conditions, dynamic or frozen. */
export const segmentEntity = defineEntity({ type: 'segment', pk: tenantPartition, sk: 'SEGMENT#{segmentId}' });

/**
 * A frozen segment's patient ids, in pages of up to 8,000 ids (about 250 KB, under the 400 KB
 * item limit), so a static list of 100,000 patients is 13 items read in order.
 */
export const segmentMembersEntity = defineEntity({ type: 'segment-members', pk: 'T#{tenantId}#SEGMEMBERS#{segmentId}', sk: 'PAGE#{page}' });

/** Who exported which segment when, and how many rows: exports leave the system, so each is on record. */
export const segmentExportEntity = defineEntity({ type: 'segment-export', pk: 'T#{tenantId}#SEGEXPORTS', sk: 'AT#{at}#{exportId}' });
