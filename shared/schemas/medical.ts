import * as z from 'zod';
import { textSchema } from './common.js';

const entry = textSchema().min(1).max(100, { error: 'must be at most 100 characters' });

/** Medical history and allergies: kept only with health-data consent; dentists, managers and owners only. */
export const medicalRecordSchema = z.strictObject({
  conditions: z.array(entry).max(30).default([]),
  allergies: z.array(entry).max(30).default([]),
  medications: z.array(entry).max(30).default([]),
  history: textSchema({ multiline: true }).max(4000, { error: 'must be at most 4000 characters' }).default(''),
});
export type MedicalRecordInput = z.infer<typeof medicalRecordSchema>;
export type MedicalRecord = MedicalRecordInput & { updatedAt?: string; updatedBy?: string };

/** GET /patients/{id}/allergy-alert: only whether an allergy is on record (the desk's warning). */
export const allergyAlertResponseSchema = z.strictObject({ hasAllergyAlert: z.boolean() });
export type AllergyAlert = z.infer<typeof allergyAlertResponseSchema>;

/** PUT /patients/{id}/visits/{visitId}/notes: the visit's treatment notes (clinical roles, audited). */
export const visitNoteSchema = z.strictObject({
  text: textSchema({ multiline: true }).max(2000, { error: 'must be at most 2000 characters' }),
});
export type VisitNote = { visitId: string; text: string; updatedAt?: string; updatedBy?: string };
