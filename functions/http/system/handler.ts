/** Health, "who am I" (the dashboard's first call after sign-in) and the API's OpenAPI document. */
import { canSeeClinic } from '../../../shared/domain/access.js';
import { notFound } from '../../../shared/domain/errors.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../../../shared/openapi.js';
import type { Me } from '../../../shared/schemas/org.js';
import { getChain, getStaff, listClinics } from '../../adapters/dynamo/org-repository.js';
import { markStaffActive } from '../../adapters/dynamo/staff-repository.js';
import { DomainError } from '../../../shared/domain/errors.js';
import { createAreaHandler, ok } from '../lib/router.js';

/** Built on first request and kept: it depends only on the code deployed. */
let openApiDocument: OpenApiDocument | undefined;

export const handler = createAreaHandler('system', {
  'GET /health': async () => ok({ status: 'ok', service: 'smileloop', time: new Date().toISOString() }),

  'GET /openapi.json': async () => ok((openApiDocument ??= buildOpenApiDocument())),

  'GET /me': async (_event, caller) => {
    const [chain, clinics, staff] = await Promise.all([
      getChain(caller.tenantId),
      listClinics(caller.tenantId),
      getStaff(caller.tenantId, caller.email),
    ]);
    if (!chain) throw notFound('chain');
    // A disabled person's token may outlive the switch by up to its validity: the dashboard's first call says no.
    if (staff?.status === 'disabled') throw new DomainError('forbidden', 'this account is disabled');
    // The first sign-in: the staff screen shows them as active from now on.
    if (staff?.status === 'invited') await markStaffActive(caller.tenantId, caller.email, new Date().toISOString());
    return ok({
      userId: caller.userId,
      email: caller.email,
      displayName: staff?.displayName ?? caller.email,
      role: caller.role,
      tenantId: caller.tenantId,
      clinicScope: caller.clinicScope,
      chain: { name: chain.name, brand: chain.brand },
      clinics: clinics.filter((c) => canSeeClinic(caller, c.clinicId)),
    } satisfies Me);
  },
});
