import type { z } from 'zod';
import type { Role } from '$shared/domain/access';
import type { Clinic } from '$shared/schemas/org';
import type { Patient, PatientPage, PatientCreateInput, patientUpdateSchema } from '$shared/schemas/patient';

export type { Clinic, Patient, PatientPage, PatientCreateInput, Role };

/** What PATCH /patients/{id} accepts, before the server normalizes it. */
export type PatientPatch = z.input<typeof patientUpdateSchema>;

export type Me = {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  tenantId: string;
  clinicScope: 'all' | string[];
  chain: { name: string; brand: string };
  clinics: Clinic[];
};

export type OutboxKind = 'sms' | 'staff-alert' | 'email';

export type OutboxMessage = {
  messageId: string;
  createdAt: string;
  kind: OutboxKind;
  to: string;
  purpose: string;
  text: string;
  status: string;
};

export type Page<T> = { items: T[]; cursor?: string };
