/** Follow-up tasks (回访): what is due per clinic and person, and the outcome of each call. */
import { taskAttemptSchema, taskCreateSchema, taskListQuerySchema } from '../../../shared/schemas/task.js';
import { addTask, clinicTasks, recordAttempt } from '../../services/task-service.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';
import { unmatchedReplyOperations } from './unmatched-replies.js';

export const handler = createAreaHandler('tasks', {
  'GET /tasks': async (event, caller) => {
    const { clinicId, assignee, dueBefore, limit } = queryParams(event, taskListQuerySchema);
    return ok({ items: await clinicTasks(caller, clinicId, assignee === 'me', limit, dueBefore) });
  },

  'POST /tasks': async (event, caller) => created(await addTask(caller, jsonBody(event, taskCreateSchema))),

  'POST /patients/{patientId}/tasks/{taskId}/attempts': async (event, caller) => {
    const attempt = jsonBody(event, taskAttemptSchema);
    return ok(await recordAttempt(caller, pathParam(event, 'patientId'), pathParam(event, 'taskId'), attempt));
  },

  ...unmatchedReplyOperations,
});
