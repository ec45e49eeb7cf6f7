/**
 * Complaint workflow rules. Pure. A complaint is "open" (and suppresses marketing to its
 * patient) in every status but resolved; resolved is final.
 */
import { DomainError } from './errors.js';

export const complaintStatuses = ['open', 'in-progress', 'resolved'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

/** The two list filters staff use: still needs work, or done. */
export const complaintStatusFilters = ['open', 'resolved'] as const;
export type ComplaintStatusFilter = (typeof complaintStatusFilters)[number];

export const isOpenComplaint = (status: ComplaintStatus): boolean => status !== 'resolved';

export const complaintBucket = (status: ComplaintStatus): ComplaintStatusFilter => (isOpenComplaint(status) ? 'open' : 'resolved');

const forward: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  open: ['open', 'in-progress', 'resolved'],
  'in-progress': ['in-progress', 'resolved'],
  resolved: [],
};

/**
 * Checks a status change; staying in the same open status is allowed (e.g. only assigning an
 * owner). Throws a conflict naming the field when the complaint's current state forbids it.
 */
export const checkComplaintTransition = (from: ComplaintStatus, to: ComplaintStatus): void => {
  if (from === 'resolved') {
    throw new DomainError('conflict', 'status: this complaint is already resolved', [{ path: 'status', message: 'the complaint is already resolved', code: 'already_done' }]);
  }
  if (!forward[from].includes(to)) {
    throw new DomainError('conflict', `status: a complaint that is ${from} cannot go back to ${to}`, [{ path: 'status', message: `cannot go from ${from} to ${to}`, code: 'status.transition' }]);
  }
};

/** The change to the patient's open-complaint count a transition makes: −1 when it closes. */
export const openComplaintDelta = (from: ComplaintStatus, to: ComplaintStatus): 0 | -1 =>
  isOpenComplaint(from) && !isOpenComplaint(to) ? -1 : 0;
