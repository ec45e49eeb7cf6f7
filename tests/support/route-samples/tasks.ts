import type { FollowUpTask } from '../../../shared/schemas/task.js';
import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
const dueTomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

const newTask = async (ctx: SampleContext): Promise<FollowUpTask> => {
  const res = await ctx.twin.api<FollowUpTask>('POST', '/tasks', {
    token: ctx.ownerToken,
    body: { patientId: ctx.demoPatient.patientId, topic: 'sample-call', dueAt: dueTomorrow(), assignee: { kind: 'role', role: 'frontdesk' }, occasion: `sample.${Date.now()}.${n++}` },
  });
  if (res.status !== 201) throw new Error(`sample task failed: ${res.status}`);
  return res.body;
};

export const taskSamples: RouteSamples = {
  'GET /tasks': (ctx) => ({ path: `/tasks?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /tasks': (ctx) => ({
    path: '/tasks',
    body: { patientId: ctx.demoPatient.patientId, topic: 'sample-call', dueAt: dueTomorrow(), assignee: { kind: 'role', role: 'frontdesk' } },
  }),
  'POST /patients/{patientId}/tasks/{taskId}/attempts': async (ctx) => {
    const task = await newTask(ctx);
    return { path: `/patients/${task.patientId}/tasks/${task.taskId}/attempts`, body: { outcome: 'no-answer' } };
  },
};
