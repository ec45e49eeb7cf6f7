import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * An appointment. Indexed by its clinic's local day (the day's schedule), and while booked or
 * checked in (sparse) by start across the chain (what reminder jobs read) and per patient
 * ("has a future appointment" reads one item).
 */
export const appointmentEntity = defineEntity({
  type: 'appointment',
  pk: patientPartition,
  sk: 'APPT#{appointmentId}',
  indexes: {
    byClinicDay: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#APPTDAY#{localDay}', sk: '{startAt}#{appointmentId}', needs: 'ALL' },
    openByStart: { index: 'gsi2', pk: 'T#{tenantId}#APPTSTART', sk: '{startAt}#{patientId}#{appointmentId}', needs: 'ALL' },
    openOfPatient: { index: 'gsi3', pk: 'T#{tenantId}#P#{patientId}#BOOKED', sk: '{startAt}#{appointmentId}', needs: 'ALL' },
  },
});
