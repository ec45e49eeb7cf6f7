/** Building a chain and its first owner: shared by the onboarding command and the demo seed. */
import { defaultTimeZone } from './time.js';
import { defaultOpeningHours, type OpeningHours } from './clinic-hours.js';
import type { Chain, Clinic } from '../schemas/org.js';

export const newChain = (tenantId: string, name: string, brand: string, now: string): Chain => ({ tenantId, name, brand, createdAt: now });

export const newClinic = (
  clinicId: string,
  input: { name: string; address?: string; phone?: string; timeZone?: string; smsSignature: string; openingHours?: OpeningHours; chairs?: string[]; replyNumber?: string },
  now: string,
): Clinic => ({
  clinicId,
  name: input.name,
  address: input.address ?? '',
  ...(input.phone ? { phone: input.phone } : {}),
  timeZone: input.timeZone ?? defaultTimeZone,
  smsSignature: input.smsSignature,
  openingHours: input.openingHours ?? defaultOpeningHours(),
  chairs: input.chairs ?? [],
  ...(input.replyNumber ? { replyNumber: input.replyNumber } : {}),
  createdAt: now,
  updatedAt: now,
  version: 0,
});
