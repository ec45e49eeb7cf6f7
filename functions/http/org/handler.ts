/** The chain, its clinics and its staff. */
import { canSeeClinic, type Caller } from '../../../shared/domain/access.js';
import { notFound } from '../../../shared/domain/errors.js';
import { chainUpdateSchema, clinicCreateSchema, clinicUpdateSchema, staffActionSchema, staffInviteSchema, staffUpdateSchema, type BookableStaff } from '../../../shared/schemas/org.js';
import { getChain, getClinic, listClinics, listStaff } from '../../adapters/dynamo/org-repository.js';
import { automationSettingsUpdateSchema } from '../../../shared/schemas/automations.js';
import { getAutomationSettings } from '../../adapters/dynamo/automation-settings-repository.js';
import { saveAutomations } from '../../services/automation-settings-service.js';
import { runtimeMode } from '../../adapters/config.js';
import { channelSettingsUpdateSchema } from '../../../shared/schemas/channels.js';
import { getChannelSettings } from '../../adapters/dynamo/channel-settings-repository.js';
import { presentChannelSettings, saveChannelSettingsOf } from '../../services/channel-settings-service.js';
import { changeChain } from '../../services/chain-service.js';
import { addClinic, changeClinic } from '../../services/clinic-service.js';
import { chainCostThisMonth } from '../../services/chain-cost.js';
import { inviteStaff } from '../../services/staff-service.js';
import { changeStaff, disableStaff, enableStaff, resendStaffInvitation } from '../../services/staff-admin-service.js';
import { jsonBody, pathParam, rejectBody } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

/** Another chain's clinic, or one outside the caller's scope, is simply not found. */
const visibleClinic = async (caller: Caller, clinicId: string) => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw notFound('clinic');
  return clinic;
};

export const handler = createAreaHandler('org', {
  'GET /chain': async (_event, caller) => {
    const chain = await getChain(caller.tenantId);
    if (!chain) throw notFound('chain');
    return ok(chain);
  },

  'PATCH /chain': async (event, caller) => ok(await changeChain(caller.tenantId, jsonBody(event, chainUpdateSchema))),

  'GET /chain/cost': async (_event, caller) => ok(await chainCostThisMonth(caller.tenantId, new Date())),

  'GET /automations': async (_event, caller) => ok(await getAutomationSettings(caller.tenantId)),

  'PUT /automations': async (event, caller) => {
    const { version, settings } = jsonBody(event, automationSettingsUpdateSchema);
    return ok(await saveAutomations(caller.tenantId, { version, settings }, caller.userId));
  },

  'GET /channel-settings': async (_event, caller) => ok(presentChannelSettings(caller.tenantId, await getChannelSettings(caller.tenantId))),

  'PUT /channel-settings': async (event, caller) => ok(presentChannelSettings(caller.tenantId, await saveChannelSettingsOf(caller.tenantId, jsonBody(event, channelSettingsUpdateSchema), caller.userId, new Date()))),

  'GET /clinics': async (_event, caller) => ok({ items: (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId)) }),

  'POST /clinics': async (event, caller) => created(await addClinic(caller, jsonBody(event, clinicCreateSchema))),

  'GET /clinics/{clinicId}': async (event, caller) => ok(await visibleClinic(caller, pathParam(event, 'clinicId'))),

  'PATCH /clinics/{clinicId}': async (event, caller) => ok(await changeClinic(caller, pathParam(event, 'clinicId'), jsonBody(event, clinicUpdateSchema))),

  /** Who can be booked at a clinic: what the front desk needs without reading the staff list. */
  'GET /clinics/{clinicId}/dentists': async (event, caller) => {
    const clinic = await visibleClinic(caller, pathParam(event, 'clinicId'));
    const staff = await listStaff(caller.tenantId);
    const items = staff
      .filter((s) => s.userId && (s.role === 'dentist' || s.role === 'owner' || s.role === 'manager') && (s.role === 'owner' || s.clinicIds.includes(clinic.clinicId)))
      .map((s): BookableStaff => ({ userId: s.userId, displayName: s.displayName, role: s.role }));
    return ok({ items });
  },

  'GET /staff': async (_event, caller) => {
    const staff = await listStaff(caller.tenantId);
    const visible = caller.clinicScope === 'all' ? staff : staff.filter((s) => s.clinicIds.some((c) => canSeeClinic(caller, c)));
    return ok({ items: visible });
  },

  'POST /staff': async (event, caller) => {
    const invited = await inviteStaff(caller, caller.tenantId, jsonBody(event, staffInviteSchema));
    // The temporary password exists only in local mode, where no email can be sent.
    return created(runtimeMode() === 'local' ? invited : { ...invited, temporaryPassword: undefined });
  },

  'PATCH /staff/{userId}': async (event, caller) => ok(await changeStaff(caller, pathParam(event, 'userId'), jsonBody(event, staffUpdateSchema))),

  'POST /staff/{userId}/disable': async (event, caller) => ok(await disableStaff(caller, pathParam(event, 'userId'), jsonBody(event, staffActionSchema).version)),

  'POST /staff/{userId}/enable': async (event, caller) => ok(await enableStaff(caller, pathParam(event, 'userId'), jsonBody(event, staffActionSchema).version)),

  'POST /staff/{userId}/invitation': async (event, caller) => {
    rejectBody(event);
    const sent = await resendStaffInvitation(caller, pathParam(event, 'userId'));
    // As at invitation: a temporary password only in local mode, where no email can be sent.
    return ok(runtimeMode() === 'local' ? sent : { ...sent, temporaryPassword: undefined });
  },
});
