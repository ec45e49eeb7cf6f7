/** Sorting out replies from unknown numbers: to a patient's front-desk task, or dismissed. */
import { unmatchedReplyAssignSchema } from '../../../shared/schemas/sms-reply.js';
import { assignReplyToPatient, dismissReply } from '../../services/unmatched-reply-service.js';
import { jsonBody, pathParam, rejectBody } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

export const unmatchedReplyOperations: AreaOperations = {
  'POST /sms-replies/unmatched/{replyId}/assign': async (event, caller) =>
    created(await assignReplyToPatient(caller, pathParam(event, 'replyId'), jsonBody(event, unmatchedReplyAssignSchema))),
  'POST /sms-replies/unmatched/{replyId}/dismiss': async (event, caller) => {
    rejectBody(event);
    return ok(await dismissReply(caller, pathParam(event, 'replyId')));
  },
};
