import { defineEntity } from './define-entity.js';

/**
 * A 15-minute slot claimed by one appointment (no double booking). A dentist's slots are the
 * chain's (one person cannot work in two clinics at once), a chair's are its clinic's.
 */
export const dentistSlotEntity = defineEntity({ type: 'slot', pk: 'T#{tenantId}#SLOT#D:{dentistId}', sk: '{slotStart}' });
export const chairSlotEntity = defineEntity({ type: 'slot', pk: 'T#{tenantId}#C#{clinicId}#SLOT#CH:{chair}', sk: '{slotStart}' });
