import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * A visit's treatment notes (issue 13): medical data, so beside the visit in the patient's
 * partition but its own item, written only with health-data consent and erased with it.
 */
export const visitNoteEntity = defineEntity({ type: 'visit-note', pk: patientPartition, sk: 'VISITNOTE#{visitId}' });
