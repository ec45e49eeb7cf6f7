/**
 * Engagement: complaints, satisfaction surveys, intake questionnaires and leads, for staff. The
 * public pages patients open (intake form, survey) are served by functions/http/public; segments,
 * campaigns and member events by functions/http/marketing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { presentLead } from '../../../shared/domain/intake.js';
import { presentPatient } from '../../../shared/domain/patient.js';
import {
  complaintCreateSchema, complaintListQuerySchema, complaintUpdateSchema, intakeLinkCreateSchema, intakeLinkListQuerySchema,
  leadAssignSchema, leadListQuerySchema, leadRoutingQuerySchema, leadRoutingUpdateSchema, surveyInviteSchema, surveyListQuerySchema, type LeadAlreadyConvertedBody,
} from '../../../shared/schemas/engagement.js';
import { changeComplaint, findComplaints, openComplaint } from '../../services/engagement-complaints.js';
import { convertLead, createIntakeLink, findIntakeLinks } from '../../services/engagement-leads.js';
import { nameComplaints, nameSurveyResults } from '../../services/engagement-names.js';
import { assignLeadTo, listLeads, readLeadRouting, saveLeadRouting } from '../../services/lead-assignment.js';
import { inviteToSurvey, surveyReport } from '../../services/engagement-surveys.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

/** The invitation's fields are optional, so an empty POST is a valid request. */
const optionalBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  jsonBody(event.body ? event : { ...event, body: '{}', isBase64Encoded: false }, schema);

export const handler = createAreaHandler('engagement', {
  'GET /complaints': async (event, caller) => {
    const page = await findComplaints(caller, queryParams(event, complaintListQuerySchema));
    return ok({ ...page, items: await nameComplaints(caller.tenantId, page.items) });
  },
  'POST /complaints': async (event, caller) => created(await openComplaint(caller, jsonBody(event, complaintCreateSchema))),
  'PATCH /complaints/{complaintId}': async (event, caller) => {
    const changes = jsonBody(event, complaintUpdateSchema);
    return ok(await changeComplaint(caller, pathParam(event, 'complaintId'), changes));
  },

  'POST /patients/{patientId}/surveys': async (event, caller) => {
    const input = optionalBody(event, surveyInviteSchema);
    return created(await inviteToSurvey(caller, pathParam(event, 'patientId'), input));
  },
  'GET /surveys': async (event, caller) => {
    const report = await surveyReport(caller, queryParams(event, surveyListQuerySchema));
    return ok({ ...report, items: await nameSurveyResults(caller.tenantId, report.items) });
  },

  'POST /intake-links': async (event, caller) => created(await createIntakeLink(caller, jsonBody(event, intakeLinkCreateSchema))),
  'GET /intake-links': async (event, caller) => ok(await findIntakeLinks(caller, queryParams(event, intakeLinkListQuerySchema))),

  'GET /leads': async (event, caller) => ok(await listLeads(caller, queryParams(event, leadListQuerySchema))),
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

  'PUT /leads/{leadId}/assignee': async (event, caller) => {
    const input = jsonBody(event, leadAssignSchema);
    return ok(await assignLeadTo(caller, pathParam(event, 'leadId'), input));
  },
  'GET /lead-routing': async (event, caller) => ok(await readLeadRouting(caller, queryParams(event, leadRoutingQuerySchema))),
  'PUT /lead-routing': async (event, caller) => ok(await saveLeadRouting(caller, jsonBody(event, leadRoutingUpdateSchema))),
});
