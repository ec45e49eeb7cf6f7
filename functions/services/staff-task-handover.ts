/**
 * A disabled person's open follow-up tasks go to their clinic's managers (the manager's "mine"
 * list shows tasks assigned to the manager role), so no patient's call is left with nobody. Each
 * task moves with its per-staff KPI counts, and only if nobody recorded an attempt meanwhile; a
 * task that changed is read again and moved once more.
 */
import type { StaffMember } from '../../shared/schemas/org.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { getTask, listPendingTasks, saveTaskAfterAttempt } from '../adapters/dynamo/task-repository.js';

const isTheirs = (task: FollowUpTask, userId: string): boolean => task.assignee.kind === 'person' && task.assignee.userId === userId;

const moveToManagers = async (tenantId: string, task: FollowUpTask, timeZone: string, userId: string): Promise<boolean> => {
  let current: FollowUpTask | undefined = task;
  for (let attempt = 0; attempt < 2 && current && isTheirs(current, userId); attempt++) {
    const moved: FollowUpTask = { ...current, assignee: { kind: 'role', role: 'manager' }, updatedAt: new Date().toISOString() };
    if (await saveTaskAfterAttempt(tenantId, current, moved, timeZone)) return true;
    current = await getTask(tenantId, current.patientId, current.taskId);
  }
  return false;
};

/** Returns how many tasks moved. Owners' tasks are looked for in every clinic. */
export const handOverOpenTasks = async (tenantId: string, person: StaffMember): Promise<number> => {
  const clinics = (await listClinics(tenantId)).filter((c) => person.role === 'owner' || person.clinicIds.includes(c.clinicId));
  let moved = 0;
  for (const clinic of clinics) {
    const theirs = (await listPendingTasks(tenantId, clinic.clinicId, 5_000)).filter((t) => isTheirs(t, person.userId));
    for (const task of theirs) if (await moveToManagers(tenantId, task, clinic.timeZone, person.userId)) moved++;
  }
  return moved;
};
