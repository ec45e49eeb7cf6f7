/** Membership plans (owner) and memberships: sell, renew, read, cancel with a refund by the contract's rule. */
import { cancelMembershipSchema, planTermsSchema, planUpdateSchema, renewMembershipSchema, sellMembershipSchema } from '../../../shared/schemas/members.js';
import { cancelMembership, createPlan, membershipView, patientMemberships, plansFor, renewMembership, sellMembership, updatePlan } from '../../services/member-service.js';
import { memberListQuerySchema, membersOverviewQuerySchema, reserveSettingSchema } from '../../../shared/schemas/member-numbers.js';
import { memberList, membersOverview, setReservePercent } from '../../services/members-overview.js';
import { jsonBody, pathParam, queryParams, rejectBody } from '../lib/request.js';
import { packHandlers } from './pack-handlers.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

export const handler = createAreaHandler('members', {
  'GET /plans': async (_event, caller) => ok({ items: await plansFor(caller) }),

  'POST /plans': async (event, caller) => created(await createPlan(caller, jsonBody(event, planTermsSchema))),

  'PUT /plans/{planId}': async (event, caller) => ok(await updatePlan(caller, pathParam(event, 'planId'), jsonBody(event, planUpdateSchema))),

  'GET /patients/{patientId}/memberships': async (_event, caller) => ok({ items: await patientMemberships(caller, pathParam(_event, 'patientId')) }),

  'POST /patients/{patientId}/memberships': async (event, caller) => {
    const result = await sellMembership(caller, pathParam(event, 'patientId'), jsonBody(event, sellMembershipSchema));
    // A replayed idempotency key answers 200 with the membership sold the first time.
    return result.replayed ? ok(result.membership) : created(result.membership);
  },

  'GET /memberships/{membershipId}': async (event, caller) => {
    rejectBody(event);
    return ok(await membershipView(caller, pathParam(event, 'membershipId')));
  },

  'POST /memberships/{membershipId}/renewals': async (event, caller) => created(await renewMembership(caller, pathParam(event, 'membershipId'), jsonBody(event, renewMembershipSchema))),

  'POST /memberships/{membershipId}/cancellations': async (event, caller) => {
    const result = await cancelMembership(caller, pathParam(event, 'membershipId'), jsonBody(event, cancelMembershipSchema));
    return result.preview ? ok(result) : created(result);
  },

  'GET /members/overview': async (event, caller) => ok(await membersOverview(caller, queryParams(event, membersOverviewQuerySchema))),

  'GET /members/renewals-due': async (event, caller) => ok(await memberList(caller, 'due', queryParams(event, memberListQuerySchema))),

  'GET /members/lapsed': async (event, caller) => ok(await memberList(caller, 'lapsed', queryParams(event, memberListQuerySchema))),

  'PUT /members/reserve-setting': async (event, caller) => ok(await setReservePercent(caller, jsonBody(event, reserveSettingSchema))),

  ...packHandlers,
});
