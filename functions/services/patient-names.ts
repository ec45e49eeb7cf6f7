/**
 * Patients' names for lists that hold only ids (the Messages page, the referrer table), read
 * together; a role that sees no contact details (marketing) gets the surname only, as it gets
 * masked numbers.
 */
import { seesContactDetails, type Role } from '../../shared/domain/access.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';

/** 王小明 → 王**: enough to tell rows apart, not enough to identify someone. */
export const surnameOnly = (name: string): string => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? chars.join('') : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
};

export const patientNames = async (tenantId: string, patientIds: readonly string[], role: Role): Promise<Map<string, string>> => {
  const keys = [...new Set(patientIds)].map((patientId) => patientEntity.key({ tenantId, patientId }));
  if (keys.length === 0) return new Map();
  const found = await batchGetAll(keys, { projection: ['patientId', 'name'] });
  const full = seesContactDetails(role);
  return new Map([...found.values()].filter((i) => typeof i.name === 'string').map((i) => [String(i.patientId), full ? String(i.name) : surnameOnly(String(i.name))]));
};
