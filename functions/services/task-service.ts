/** Follow-up calls: the clinic's list, manual tasks, and recording what a call achieved. */
import { ulid } from 'ulid';
import { canSeeClinic, seesContactDetails, type Caller } from '../../shared/domain/access.js';
import { maskPhone } from '../../shared/domain/phone.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { applyAttempt, isAssignedTo } from '../../shared/domain/tasks.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import type { FollowUpTask, TaskListItem, TaskOutcome } from '../../shared/schemas/task.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { createTask, getTask, listPendingTasks, saveTaskAfterAttempt } from '../adapters/dynamo/task-repository.js';
import { readPatient, readPatientField } from './patient-service.js';

/** A clinic's pending calls are a working list: a few hundred at most in practice. */
const maxPendingRead = 2000;

export const clinicTasks = async (caller: Caller, clinicId: string, mine: boolean, limit: number, dueBefore?: string, now = new Date()): Promise<TaskListItem[]> => {
  if (!canSeeClinic(caller, clinicId) || !(await getClinic(caller.tenantId, clinicId))) throw notFound('clinic');
  // Stored times are UTC ISO: a cut-off sent with an offset is compared as the same instant.
  const cutoff = dueBefore ? new Date(dueBefore).toISOString() : undefined;
  // "Mine" is filtered before the limit, so my list is never cut short by others' tasks.
  const tasks = await listPendingTasks(caller.tenantId, clinicId, mine ? maxPendingRead : limit, cutoff);
  const shown = tasks.filter((t) => !mine || isAssignedTo(t, caller.userId, caller.role)).slice(0, limit);
  const phones = await phonesOf(caller.tenantId, shown.map((t) => t.patientId));
  return shown.map((t) => {
    const phone = phones.get(t.patientId);
    return { ...t, overdue: t.dueAt < now.toISOString(), ...(phone ? { patientPhone: seesContactDetails(caller.role) ? phone : maskPhone(phone) } : {}) };
  });
};

/** The numbers to call, read together for the list (the task keeps only the name it was made with). */
const phonesOf = async (tenantId: string, patientIds: readonly string[]): Promise<Map<string, string>> => {
  const keys = [...new Set(patientIds)].map((patientId) => patientEntity.key({ tenantId, patientId }));
  if (keys.length === 0) return new Map();
  const found = await batchGetAll(keys, { projection: ['patientId', 'phone'] });
  return new Map([...found.values()].filter((i) => typeof i.phone === 'string' && i.phone !== '').map((i) => [String(i.patientId), String(i.phone)]));
};

export const addTask = async (
  caller: Caller,
  input: { patientId: string; topic: string; dueAt: string; assignee: FollowUpTask['assignee']; occasion?: string },
  now = new Date(),
): Promise<FollowUpTask> => {
  const patient = await readPatientField(caller, input.patientId);
  const occasion = input.occasion ?? `manual.${ulid()}`;
  const task: FollowUpTask = {
    taskId: occasion,
    patientId: patient.patientId,
    patientName: patient.name,
    clinicId: patient.clinicId,
    kind: 'manual',
    topic: input.topic,
    occasion,
    dueAt: new Date(input.dueAt).toISOString(),
    assignee: input.assignee,
    status: 'open',
    attempts: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await createTask(caller.tenantId, task, await zoneOf(caller.tenantId, task.clinicId));
  return task;
};

/** The clinic's zone: the KPI day a task counts on. */
const zoneOf = async (tenantId: string, clinicId: string): Promise<string> => (await getClinic(tenantId, clinicId))?.timeZone ?? defaultTimeZone;

export const recordAttempt = async (
  caller: Caller,
  patientId: string,
  taskId: string,
  attempt: { outcome: TaskOutcome; notes: string; retryAt?: string },
  now = new Date(),
): Promise<FollowUpTask> => {
  await readPatient(caller, patientId);
  const before = await getTask(caller.tenantId, patientId, taskId);
  if (!before || !canSeeClinic(caller, before.clinicId)) throw notFound('task');
  if (before.status === 'done') throw new DomainError('conflict', 'The task is already done', [{ path: 'status', message: 'is done', code: 'already_done' }]);
  const result = applyAttempt(before, { at: now.toISOString(), by: caller.userId, outcome: attempt.outcome, notes: attempt.notes }, attempt.retryAt);
  const after: FollowUpTask = { ...before, ...result, updatedAt: now.toISOString() };
  if (!(await saveTaskAfterAttempt(caller.tenantId, before, after, await zoneOf(caller.tenantId, before.clinicId)))) {
    throw new DomainError('conflict', 'Someone recorded a call on this task meanwhile; reload it');
  }
  return after;
};
