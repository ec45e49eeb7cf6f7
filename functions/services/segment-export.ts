/**
 * A segment's members as CSV, for owners and managers only (the route's permission), each export
 * on record (who, when, which segment, how many rows). Columns hold contact details and nothing
 * medical; a cell that a spreadsheet would run as a formula is quoted as text.
 */
import { phoneForSheet } from '../../shared/domain/phone.js';
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { recordSegmentExport } from '../adapters/dynamo/segment-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { resolveSegmentAudience } from './segment-audience.js';
import { segmentFor } from './segment-service.js';

const cell = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const exportSegment = async (caller: Caller, segmentId: string, now: Date): Promise<{ fileName: string; contentType: 'text/csv'; csv: string; rows: number }> => {
  const segment = await segmentFor(caller, segmentId);
  const members = await resolveSegmentAudience(caller.tenantId, segment.segmentId, now);
  const patients = await mapLimit(members.filter((m) => canSeeClinic(caller, m.clinicId)), { limit: 16 }, (m) => getPatient(caller.tenantId, m.patientId));
  const lines = ['patientId,clinicId,name,phone,tags'];
  for (const p of patients) if (p) lines.push([p.patientId, p.clinicId, p.name, phoneForSheet(p.phone), p.tags.join(' ')].map(cell).join(','));
  const rows = lines.length - 1;
  await recordSegmentExport(caller.tenantId, { exportId: ulid(), segmentId, at: now.toISOString(), actorId: caller.userId, role: caller.role, rows });
  return { fileName: `segment-${segmentId}.csv`, contentType: 'text/csv', csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows };
};
