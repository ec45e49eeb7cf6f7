/** Creates a chain, its first clinic, the default procedure catalog and membership plan, and its first owner: the onboarding command and the demo seed. */
import { ulid } from 'ulid';
import { newChain, newClinic } from '../../shared/domain/onboarding.js';
import type { Chain, Clinic } from '../../shared/schemas/org.js';
import { catalogFromDefaults } from '../../shared/domain/catalog.js';
import { defaultCatalog, defaultPlans } from '../../shared/domain/catalog-defaults.js';
import { seedCatalog } from '../adapters/dynamo/catalog-repository.js';
import { seedPlans } from '../adapters/dynamo/membership-repository.js';
import { activateChain, createChain, createClinic } from '../adapters/dynamo/org-repository.js';
import { registerInboundNumber } from '../adapters/dynamo/inbound-number-repository.js';
import { subscribeChainToAlerts, type AlertEndpoint } from '../adapters/alert-subscriptions.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { inviteStaff, type InvitedStaff } from './staff-service.js';

export type OnboardingRequest = {
  chainName: string;
  brand: string;
  clinic: { name: string; address?: string; timeZone?: string; smsSignature?: string };
  owner: { email: string; displayName: string; password?: string };
  /** where patients' SMS replies arrive, already normalized (replyNumberSchema) */
  replyNumber?: string;
  /** Who hears the chain's staff alerts and daily summary (the onboard command passes the owner's
   * email unless told otherwise); absent: nobody is subscribed (the demo seed, tests). */
  alerts?: { email?: string; phone?: string };
};

export type Onboarded = { chain: Chain; clinic: Clinic; owner: InvitedStaff; alertSubscriptions: OutboxMessage[] };

const alertEndpoints = (request: OnboardingRequest): AlertEndpoint[] => [
  ...(request.alerts?.email ? [{ protocol: 'email' as const, endpoint: request.alerts.email }] : []),
  ...(request.alerts?.phone ? [{ protocol: 'sms' as const, endpoint: request.alerts.phone }] : []),
];

export const onboardChain = async (request: OnboardingRequest): Promise<Onboarded> => {
  const now = new Date().toISOString();
  const base = newChain(ulid(), request.chainName, request.brand, now);
  const chain: Chain = request.replyNumber ? { ...base, replyNumber: request.replyNumber } : base;
  // Claimed first: a number another chain holds stops onboarding before anything is written.
  if (chain.replyNumber) await registerInboundNumber(chain.tenantId, chain.replyNumber);
  await createChain(chain);
  const clinic = newClinic(ulid(), { ...request.clinic, smsSignature: request.clinic.smsSignature ?? request.brand }, now);
  await createClinic(chain.tenantId, clinic);
  await seedCatalog(chain.tenantId, catalogFromDefaults(defaultCatalog, ulid, now));
  await seedPlans(chain.tenantId, defaultPlans.map((terms) => ({ ...terms, planId: ulid(), version: 1, updatedAt: now, updatedBy: 'system' })));
  const owner = await inviteStaff(
    'system',
    chain.tenantId,
    { email: request.owner.email, displayName: request.owner.displayName, role: 'owner', clinicIds: [] },
    request.owner.password,
  );
  // Only a chain with an owner is registered: a failure above leaves nothing any job works on.
  await activateChain(chain.tenantId);
  const alertSubscriptions = await subscribeChainToAlerts(chain.tenantId, alertEndpoints(request));
  return { chain, clinic, owner, alertSubscriptions };
};
