/**
 * Replies from numbers no patient of the chain has, sorted out by the front desk: a reply someone
 * recognises (a new phone, a relative's) becomes that patient's front-desk task with their words,
 * exactly as a matched reply would have; anything else (a wrong number, spam) is dismissed. Either
 * way it leaves the list, once.
 */
import { createHash } from 'node:crypto';
import type { Caller } from '../../shared/domain/access.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { replyDueAt } from '../../shared/domain/tasks.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import type { UnmatchedReplyAssign } from '../../shared/schemas/sms-reply.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { assignUnmatchedReply, dismissUnmatchedReply, findUnmatchedReply } from '../adapters/dynamo/unmatched-reply-repository.js';
import { readPatientField } from './patient-service.js';

/** The occasion a matched reply's task has (sms-reply-service.ts): one task per inbound message, whichever way it came. */
const replyOccasion = (inboundMessageId: string): string =>
  /^[A-Za-z0-9._-]{1,100}$/.test(inboundMessageId) ? `sms.${inboundMessageId}` : `sms.${createHash('sha256').update(inboundMessageId).digest('hex').slice(0, 40)}`;

const alreadySorted = (): DomainError =>
  new DomainError('conflict', 'replyId: someone else sorted this reply out a moment ago', [{ path: 'replyId', message: 'was already assigned or dismissed', code: 'already_done' }]);

const readReply = async (caller: Caller, replyId: string) => {
  const reply = await findUnmatchedReply(caller.tenantId, replyId);
  if (!reply) throw notFound('reply');
  return reply;
};

/** The reply becomes a front-desk task of a patient the caller can see, in the patient's clinic. */
export const assignReplyToPatient = async (caller: Caller, replyId: string, input: UnmatchedReplyAssign): Promise<FollowUpTask> => {
  const reply = await readReply(caller, replyId);
  const patient = await readPatientField(caller, input.patientId);
  const clinic = await getClinic(caller.tenantId, patient.clinicId);
  const timeZone = clinic?.timeZone ?? defaultTimeZone;
  const at = new Date().toISOString();
  const occasion = replyOccasion(reply.inboundMessageId);
  const task: FollowUpTask = {
    taskId: occasion,
    patientId: patient.patientId,
    patientName: patient.name,
    clinicId: patient.clinicId,
    kind: 'reply',
    topic: 'sms-reply',
    occasion,
    // As a matched reply's task: in working hours from now (when whose it is became known), not overdue at night.
    dueAt: replyDueAt(at, timeZone),
    assignee: { kind: 'role', role: 'frontdesk' },
    status: 'open',
    attempts: [],
    replyText: reply.text,
    createdAt: at,
    updatedAt: at,
  };
  if (!(await assignUnmatchedReply(caller.tenantId, reply, task, timeZone))) throw alreadySorted();
  return task;
};

export const dismissReply = async (caller: Caller, replyId: string): Promise<{ dismissed: true }> => {
  const reply = await readReply(caller, replyId);
  if (!(await dismissUnmatchedReply(caller.tenantId, reply))) throw alreadySorted();
  return { dismissed: true };
};
