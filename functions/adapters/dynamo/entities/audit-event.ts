import { defineEntity } from './define-entity.js';

/** Who read or changed a patient's record, newest first in the patient's audit partition. */
export const auditEventEntity = defineEntity({ type: 'audit', pk: 'T#{tenantId}#P#{patientId}#AUDIT', sk: '{at}#{auditId}' });
