/**
 * Engagement: complaints, satisfaction surveys, intake questionnaires and leads. The public
 * routes (no login) find their tenant through the link token, take small strict bodies and
 * answer without any patient data.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError } from '../../../shared/domain/errors.js';
import { presentLead } from '../../../shared/domain/intake.js';
import { presentPatient } from '../../../shared/domain/patient.js';
import {
  complaintCreateSchema, complaintListQuerySchema, complaintUpdateSchema, intakeLinkCreateSchema, intakeLinkListQuerySchema,
  intakeSubmissionSchema, leadListQuerySchema, surveyAnswerSchema, surveyInviteSchema, surveyListQuerySchema, type LeadAlreadyConvertedBody,
} from '../../../shared/schemas/engagement.js';
import { changeComplaint, findComplaints, openComplaint } from '../../services/engagement-complaints.js';
import { convertLead, createIntakeLink, findIntakeLinks, findLeads, readPublicIntakeForm, submitIntake } from '../../services/engagement-leads.js';
import { answerPublicSurvey, inviteToSurvey, readPublicSurvey, surveyReport } from '../../services/engagement-surveys.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok, type HttpEvent } from '../lib/router.js';

/** Public forms are a few hundred bytes; anything near this is not a person filling a form. */
const maxPublicBodyBytes = 8 * 1024;

const publicBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> => {
  if (event.body && Buffer.byteLength(event.body, 'utf8') > maxPublicBodyBytes) {
    throw new DomainError('too-large', `The form is larger than ${maxPublicBodyBytes / 1024} KB`, [{ path: '(body)', message: 'is too large', code: 'body.too_large' }]);
  }
  return jsonBody(event, schema);
};

/** The invitation's fields are optional, so an empty POST is a valid request. */
const optionalBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  jsonBody(event.body ? event : { ...event, body: '{}', isBase64Encoded: false }, schema);

export const handler = createAreaHandler('engagement', {
  'GET /complaints': async (event, caller) => ok(await findComplaints(caller, queryParams(event, complaintListQuerySchema))),
  'POST /complaints': async (event, caller) => created(await openComplaint(caller, jsonBody(event, complaintCreateSchema))),
  'PATCH /complaints/{complaintId}': async (event, caller) => {
    const changes = jsonBody(event, complaintUpdateSchema);
    return ok(await changeComplaint(caller, pathParam(event, 'complaintId'), changes));
  },

  'POST /patients/{patientId}/surveys': async (event, caller) => {
    const input = optionalBody(event, surveyInviteSchema);
    return created(await inviteToSurvey(caller, pathParam(event, 'patientId'), input));
  },
  'GET /surveys': async (event, caller) => ok(await surveyReport(caller, queryParams(event, surveyListQuerySchema))),
  'GET /public/surveys/{token}': async (event: HttpEvent) => ok(await readPublicSurvey(pathParam(event, 'token'))),
  // 200 with a bare acknowledgement: the public side never gets ids or data back.
  'POST /public/surveys/{token}': async (event: HttpEvent) => {
    const answer = publicBody(event, surveyAnswerSchema);
    await answerPublicSurvey(pathParam(event, 'token'), answer);
    return ok({ received: true });
  },

  'POST /intake-links': async (event, caller) => created(await createIntakeLink(caller, jsonBody(event, intakeLinkCreateSchema))),
  'GET /intake-links': async (event, caller) => ok(await findIntakeLinks(caller, queryParams(event, intakeLinkListQuerySchema))),
  'GET /public/intake/{token}': async (event: HttpEvent) => ok(await readPublicIntakeForm(pathParam(event, 'token'))),
  'POST /public/intake/{token}': async (event: HttpEvent) => {
    const submission = publicBody(event, intakeSubmissionSchema);
    await submitIntake(pathParam(event, 'token'), submission);
    return ok({ received: true });
  },

  'GET /leads': async (event, caller) => {
    const page = await findLeads(caller, queryParams(event, leadListQuerySchema));
    return ok({ ...page, items: page.items.map((lead) => presentLead(lead, caller.role)) });
  },
  'POST /leads/{leadId}/convert': async (event, caller) => {
    const result = await convertLead(caller, pathParam(event, 'leadId'));
    if (result.kind === 'already-converted') {
      const body: LeadAlreadyConvertedBody = {
        error: { code: 'conflict', message: `This lead was already converted into patient ${result.patientId}`, fields: [{ path: 'leadId', message: 'already converted', code: 'already_done' }] },
        patientId: result.patientId,
      };
      return { status: 409, body };
    }
    return created({ lead: presentLead(result.lead, caller.role), patient: presentPatient(result.patient, caller.role) });
  },
});
