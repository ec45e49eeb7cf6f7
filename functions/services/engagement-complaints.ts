/** Complaint use cases: clinic scope, the status workflow and the owner check. */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { checkComplaintTransition, openComplaintDelta } from '../../shared/domain/complaint.js';
import { invalid, notFound } from '../../shared/domain/errors.js';
import type { Complaint, ComplaintCreate, ComplaintListQuery, ComplaintUpdate, Page } from '../../shared/schemas/engagement.js';
import { getComplaint, putNewComplaint, queryComplaints, updateComplaint, type ComplaintChanges } from '../adapters/dynamo/engagement-complaint-repository.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { clinicForList, clinicFromBody } from './engagement-clinics.js';
import { withFactsRefresh } from './segment-facts-service.js';

/**
 * A complaint is taken at any clinic of the chain the caller works in, about any patient of
 * the chain (patients visit several clinics). Opening it blocks marketing to the patient.
 */
const openComplaintCommit = async (caller: Caller, input: ComplaintCreate): Promise<Complaint> => {
  await clinicFromBody(caller, input.clinicId);
  if (!(await getPatient(caller.tenantId, input.patientId))) throw invalid('patientId', 'is not a patient of this chain', { code: 'patient.not_found' });
  const now = new Date().toISOString();
  const complaint: Complaint = {
    complaintId: ulid(),
    clinicId: input.clinicId,
    patientId: input.patientId,
    category: input.category,
    severity: input.severity,
    description: input.description,
    status: 'open',
    source: 'staff',
    createdAt: now,
    createdBy: caller.userId,
    updatedAt: now,
  };
  await putNewComplaint(caller.tenantId, complaint);
  return complaint;
};

/** Another chain's complaint, or one of a clinic outside the caller's, is not found (404). */
const readComplaint = async (caller: Caller, complaintId: string): Promise<Complaint> => {
  const complaint = await getComplaint(caller.tenantId, complaintId);
  if (!complaint || !canSeeClinic(caller, complaint.clinicId)) throw notFound('complaint');
  return complaint;
};

/** The owner must be staff of this chain who works in the complaint's clinic. */
const checkOwner = async (caller: Caller, clinicId: string, owner: string): Promise<void> => {
  const staff = (await listStaff(caller.tenantId)).find((s) => s.userId === owner);
  if (!staff || staff.status === 'disabled' || (staff.role !== 'owner' && !staff.clinicIds.includes(clinicId))) {
    throw invalid('owner', 'is not a staff member of this clinic', { code: 'staff.not_found' });
  }
};

const changeComplaintCommit = async (caller: Caller, complaintId: string, input: ComplaintUpdate): Promise<Complaint> => {
  const current = await readComplaint(caller, complaintId);
  const status = input.status ?? current.status;
  checkComplaintTransition(current.status, status);
  if (typeof input.owner === 'string') await checkOwner(caller, current.clinicId, input.owner);
  const now = new Date().toISOString();
  const closes = openComplaintDelta(current.status, status) === -1;
  const changes: ComplaintChanges = {
    status,
    updatedAt: now,
    ...(input.owner !== undefined ? { owner: input.owner } : {}),
    ...(closes ? { resolution: input.resolution, resolvedAt: now, resolvedBy: caller.userId } : {}),
  };
  return updateComplaint(caller.tenantId, current, changes, closes);
};

export const findComplaints = async (caller: Caller, query: ComplaintListQuery): Promise<Page<Complaint>> => {
  const clinic = await clinicForList(caller, query.clinicId);
  return queryComplaints(caller.tenantId, clinic.clinicId, query.status, query.limit, query.cursor);
};

/** openComplaint, then the facts of the patients it changed (segment-facts-service.ts). */
export const openComplaint = /* @__PURE__ */ withFactsRefresh(openComplaintCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.patientId] }));
/** changeComplaint, then the facts of the patients it changed (segment-facts-service.ts). */
export const changeComplaint = /* @__PURE__ */ withFactsRefresh(changeComplaintCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.patientId] }));
