import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/**
 * The patient's profile. Indexed per clinic: newest first (list and nightly facts read the whole
 * profile), by phone prefix and by folded-name prefix (search), and by birthday (gsi4, sparse:
 * only profiles with a birth date; one partition per month-day, the sort key starting with the
 * clinic so each clinic reads its own local day), and by the pinyin of a Chinese name (gsi5,
 * sparse, keys only: initials then the full reading, so "zw" and "zhangw" both find 张伟 and the
 * few matching profiles are read after). The consent history stays on the item but
 * never leaves the repository.
 */
export const patientEntity = defineEntity({
  type: 'patient',
  pk: patientPartition,
  sk: 'PROFILE',
  indexes: {
    byClinic: { index: 'gsi1', pk: 'T#{tenantId}#C#{clinicId}#PATIENTS', sk: '{createdAt}#{patientId}', needs: 'ALL' },
    byPhone: { index: 'gsi2', pk: 'T#{tenantId}#C#{clinicId}#PHONE', sk: '{phone}#{patientId}', needs: 'ALL' },
    byName: { index: 'gsi3', pk: 'T#{tenantId}#C#{clinicId}#NAME', sk: '{foldedName*}#{patientId}', needs: 'ALL' },
    byBirthday: { index: 'gsi4', pk: 'T#{tenantId}#BDAY#{monthDay}', sk: '{clinicId}#{patientId}', needs: 'KEYS_ONLY' },
    byPinyin: { index: 'gsi5', pk: 'T#{tenantId}#C#{clinicId}#PINYIN', sk: '{initials}#{reading}#{patientId}', needs: 'KEYS_ONLY' },
  },
  // The consent history is read only by the consent log route; the import id only by imports.
  internal: ['consentLog', 'importId'],
});
