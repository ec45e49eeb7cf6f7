/**
 * The create/edit form's state. This module pulls in zod and the shared schemas, so only the
 * lazily loaded form imports it: the first page load stays small.
 */
import {
  consentPurposes,
  patientCreateSchema,
  patientUpdateSchema,
  type AcquisitionChannel,
  type ConsentPurpose,
  type Gender,
  type consentSources,
} from '$shared/schemas/patient';
import type * as z from 'zod';
import { ApiError } from '../../api/api-error';
import { apiFieldIssues, fieldIssueOfZod } from '../../forms/field-errors.svelte';
import type { FieldIssue } from '../../i18n/field-messages';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { Patient, PatientCreateInput, PatientPatch } from '../../api/types';

export type ConsentSource = (typeof consentSources)[number];
export type ConsentChoice = 'unset' | 'granted' | 'refused';
export type ConsentDraft = { choice: ConsentChoice; source: ConsentSource; proof: string };

export type PatientDraft = {
  clinicId: string;
  name: string;
  gender: Gender;
  birthDate: string;
  phone: string;
  channel: AcquisitionChannel;
  tags: string[];
  notes: string;
  consents: Record<ConsentPurpose, ConsentDraft>;
};

/** schema path (`phone`, `consents.marketing.source`, `tags.2`) → message */
export type FieldErrors = Record<string, FieldIssue>;

export type FormTarget = { mode: 'create'; clinicId: string } | { mode: 'edit'; patient: Patient };

const blankConsent = (): ConsentDraft => ({ choice: 'unset', source: 'paper-form', proof: '' });

export const emptyDraft = (clinicId: string): PatientDraft => ({
  clinicId,
  name: '',
  gender: 'unknown',
  birthDate: '',
  phone: '',
  channel: 'walk-in',
  tags: [],
  notes: '',
  consents: { care: blankConsent(), marketing: blankConsent(), healthData: blankConsent() },
});

export const draftFromPatient = (patient: Patient): PatientDraft => {
  const consents = emptyDraft(patient.clinicId).consents;
  for (const purpose of consentPurposes) {
    const record = patient.consents[purpose];
    if (record) consents[purpose] = { choice: record.granted ? 'granted' : 'refused', source: record.source, proof: record.proof ?? '' };
  }
  return {
    clinicId: patient.clinicId,
    name: patient.name,
    gender: patient.gender,
    birthDate: patient.birthDate ?? '',
    phone: patient.phone,
    channel: patient.channel,
    tags: [...patient.tags],
    notes: patient.notes ?? '',
    consents,
  };
};

const consentInput = (draft: ConsentDraft) => ({
  granted: draft.choice === 'granted',
  source: draft.source,
  ...(draft.proof.trim() !== '' ? { proof: draft.proof.trim() } : {}),
});

export const toCreateInput = (draft: PatientDraft): PatientCreateInput => {
  const consents: NonNullable<PatientCreateInput['consents']> = {};
  for (const purpose of consentPurposes) {
    const consent = draft.consents[purpose];
    if (consent.choice !== 'unset') consents[purpose] = consentInput(consent);
  }
  return {
    clinicId: draft.clinicId,
    name: draft.name,
    gender: draft.gender,
    ...(draft.birthDate !== '' ? { birthDate: draft.birthDate } : {}),
    phone: draft.phone,
    channel: draft.channel,
    tags: draft.tags,
    notes: draft.notes,
    consents,
  };
};

const sameConsent = (a: ConsentDraft, b: ConsentDraft): boolean =>
  a.choice === b.choice && a.source === b.source && a.proof.trim() === b.proof.trim();

/** What the user changed; the version it was read at is added when it is sent. */
export type PatientChanges = Omit<PatientPatch, 'version'>;

/** Only what the user changed: PATCH must not rewrite fields someone else edited meanwhile. */
export const toPatch = (original: PatientDraft, draft: PatientDraft): PatientChanges => {
  const patch: PatientChanges = {};
  if (draft.name !== original.name) patch.name = draft.name;
  if (draft.gender !== original.gender) patch.gender = draft.gender;
  if (draft.birthDate !== original.birthDate) patch.birthDate = draft.birthDate === '' ? null : draft.birthDate;
  if (draft.phone.trim() !== original.phone.trim()) patch.phone = draft.phone;
  if (draft.channel !== original.channel) patch.channel = draft.channel;
  if (draft.tags.join('\u0000') !== original.tags.join('\u0000')) patch.tags = draft.tags;
  if (draft.notes !== original.notes) patch.notes = draft.notes;
  const consents: NonNullable<PatientPatch['consents']> = {};
  for (const purpose of consentPurposes) {
    const next = draft.consents[purpose];
    if (next.choice !== 'unset' && !sameConsent(next, original.consents[purpose])) consents[purpose] = consentInput(next);
  }
  if (Object.keys(consents).length > 0) patch.consents = consents;
  return patch;
};

const errorsFromIssues = (issues: ReadonlyArray<{ path: string; issue: FieldIssue }>): FieldErrors => {
  const errors: FieldErrors = {};
  for (const { path, issue } of issues) errors[path] ??= issue;
  return errors;
};

const errorsFromZod = (issues: readonly z.core.$ZodIssue[]): FieldErrors =>
  errorsFromIssues(issues.map((issue) => ({ path: issue.path.map(String).join('.'), issue: fieldIssueOfZod(issue) })));

export class PatientFormState {
  readonly target: FormTarget;
  readonly #api: SmileloopApi;
  readonly #original: PatientDraft;

  draft = $state<PatientDraft>(emptyDraft(''));
  errors = $state<FieldErrors>({});
  saving = $state(false);
  failure = $state<unknown>(null);
  nothingToSave = $state(false);
  /** the clinic's patient who already has the phone (409 `phone.exists`): open them, or create anyway */
  duplicate = $state<{ id: string; name?: string; issue: FieldIssue } | null>(null);
  #confirmedDuplicate = false;

  constructor(target: FormTarget, api: SmileloopApi) {
    this.target = target;
    this.#api = api;
    this.#original = target.mode === 'create' ? emptyDraft(target.clinicId) : draftFromPatient(target.patient);
    this.draft = structuredClone(this.#original);
  }

  /** The message for one field; `tags` also collects `tags.3`. */
  error(path: string): FieldIssue | undefined {
    if (this.errors[path]) return this.errors[path];
    const nested = Object.keys(this.errors).find((key) => key.startsWith(`${path}.`));
    return nested ? this.errors[nested] : undefined;
  }

  /** The user is fixing a field: its old message no longer applies. */
  clearError(path: string): void {
    if (path === 'phone' || path === 'clinicId') {
      this.duplicate = null;
      this.#confirmedDuplicate = false;
    }
    const stale = Object.keys(this.errors).filter((key) => key === path || key.startsWith(`${path}.`));
    if (stale.length === 0) return;
    const next = { ...this.errors };
    for (const key of stale) delete next[key];
    this.errors = next;
  }

  /** Errors for paths no field shows (clinicId, the whole body). */
  unplaced(shown: readonly string[]): Array<[string, FieldIssue]> {
    return Object.entries(this.errors).filter(([path]) => !shown.some((s) => path === s || path.startsWith(`${s}.`)));
  }

  /** Validates with the shared schema, then saves; resolves to the saved patient or null. */
  async submit(): Promise<Patient | null> {
    this.failure = null;
    this.nothingToSave = false;
    const draft = $state.snapshot(this.draft);
    if (this.target.mode === 'create') {
      const input = { ...toCreateInput(draft), confirmDuplicatePhone: this.#confirmedDuplicate };
      const parsed = patientCreateSchema.safeParse(input);
      this.errors = parsed.success ? {} : errorsFromZod(parsed.error.issues);
      if (!parsed.success) return null;
      this.duplicate = null;
      return this.#save(() => this.#api.createPatient(input));
    }
    const patch = toPatch(this.#original, draft);
    if (Object.keys(patch).length === 0) {
      this.errors = {};
      this.nothingToSave = true;
      return null;
    }
    // The version this form was opened at: a save over someone else's change is a 409, shown as such.
    const versioned: PatientPatch = { ...patch, version: this.target.patient.version ?? 0 };
    const parsed = patientUpdateSchema.safeParse(versioned);
    this.errors = parsed.success ? {} : errorsFromZod(parsed.error.issues);
    if (!parsed.success) return null;
    const patientId = this.target.patient.patientId;
    return this.#save(() => this.#api.updatePatient(patientId, versioned));
  }

  /** The person confirmed that the patient sharing the phone is someone else (a family member). */
  async createAnyway(): Promise<Patient | null> {
    this.#confirmedDuplicate = true;
    return this.submit();
  }

  async #save(call: () => Promise<Patient>): Promise<Patient | null> {
    this.saving = true;
    try {
      return await call();
    } catch (error) {
      const samePhone = error instanceof ApiError && error.status === 409 ? error.fields.find((f) => f.code === 'phone.exists') : undefined;
      if (samePhone) {
        this.duplicate = { id: samePhone.existing?.id ?? '', ...(samePhone.existing?.name ? { name: samePhone.existing.name } : {}), issue: samePhone };
      } else if (error instanceof ApiError && error.status === 400 && error.fields.length > 0) {
        this.errors = errorsFromIssues(apiFieldIssues(error));
      } else {
        this.failure = error;
      }
      return null;
    } finally {
      this.saving = false;
    }
  }
}
