/**
 * Clinics as the owner sets them up: name, address, zone, SMS signature, opening hours, chairs
 * and a reply number of the clinic's own. A reply number routes inbound SMS to the chain through
 * the same registry as the chain's number (one chain per number), so changing it follows the
 * chain's order: claim the new number, record it, then free the old one unless the chain or
 * another of its clinics still answers on it.
 */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { newClinic } from '../../shared/domain/onboarding.js';
import type { Clinic, ClinicCreate, ClinicUpdate } from '../../shared/schemas/org.js';
import { registerInboundNumber } from '../adapters/dynamo/inbound-number-repository.js';
import { createClinic, getClinic, updateClinic } from '../adapters/dynamo/org-repository.js';
import { releaseIfUnused } from './reply-number-release.js';

/** Another chain's clinic, or one outside the caller's scope, is simply not found. */
export const visibleClinic = async (caller: Caller, clinicId: string): Promise<Clinic> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw notFound('clinic');
  return clinic;
};

export const addClinic = async (caller: Caller, input: ClinicCreate): Promise<Clinic> => {
  const clinic = newClinic(ulid(), input, new Date().toISOString());
  if (clinic.replyNumber) await registerInboundNumber(caller.tenantId, clinic.replyNumber);
  try {
    await createClinic(caller.tenantId, clinic);
  } catch (error) {
    if (clinic.replyNumber) await releaseIfUnused(caller.tenantId, clinic.replyNumber);
    throw error;
  }
  return clinic;
};

export const changeClinic = async (caller: Caller, clinicId: string, { version, ...changes }: ClinicUpdate): Promise<Clinic> => {
  const current = await visibleClinic(caller, clinicId);
  const { replyNumber } = changes;
  const moves = replyNumber !== undefined && replyNumber !== current.replyNumber;
  if (moves && replyNumber !== null) await registerInboundNumber(caller.tenantId, replyNumber);
  const updated = await updateClinic(caller.tenantId, clinicId, changes, version).catch(async (error: unknown) => {
    // Someone changed the clinic in between (409) or it went: the number claimed here is not kept.
    if (moves && replyNumber !== null && error instanceof DomainError) await releaseIfUnused(caller.tenantId, replyNumber);
    throw error;
  });
  if (moves && current.replyNumber) await releaseIfUnused(caller.tenantId, current.replyNumber);
  return updated;
};
