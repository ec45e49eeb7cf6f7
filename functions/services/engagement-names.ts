/**
 * Names beside the ids the engagement lists carry, so a screen shows who a complaint or an answer
 * is about without one request per row: one batched read of the patients' names (only the name is
 * read), and the staff list for owners' names.
 */
import type { Complaint, ListedComplaint, ListedSurveyResult, SurveyResult } from '../../shared/schemas/engagement.js';
import { batchGetAll, keyString } from '../adapters/dynamo/import-batch.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';

const patientNames = async (tenantId: string, patientIds: readonly string[]): Promise<Map<string, string>> => {
  const keys = [...new Set(patientIds)].map((patientId) => ({ patientId, key: patientEntity.key({ tenantId, patientId }) }));
  if (keys.length === 0) return new Map();
  const found = await batchGetAll(keys.map((k) => k.key), { projection: ['name'] });
  const names = new Map<string, string>();
  for (const { patientId, key } of keys) {
    const name = found.get(keyString(key))?.name;
    if (typeof name === 'string') names.set(patientId, name);
  }
  return names;
};

export const nameComplaints = async (tenantId: string, complaints: readonly Complaint[]): Promise<ListedComplaint[]> => {
  if (complaints.length === 0) return [];
  const [patients, staff] = await Promise.all([patientNames(tenantId, complaints.map((c) => c.patientId)), listStaff(tenantId)]);
  const staffNames = new Map(staff.map((s) => [s.userId, s.displayName]));
  return complaints.map((c) => {
    const patientName = patients.get(c.patientId);
    const ownerName = c.owner ? staffNames.get(c.owner) : undefined;
    return { ...c, ...(patientName ? { patientName } : {}), ...(ownerName ? { ownerName } : {}) };
  });
};

export const nameSurveyResults = async (tenantId: string, results: readonly SurveyResult[]): Promise<ListedSurveyResult[]> => {
  const names = await patientNames(tenantId, results.map((r) => r.patientId));
  return results.map((r) => {
    const patientName = names.get(r.patientId);
    return patientName ? { ...r, patientName } : r;
  });
};
