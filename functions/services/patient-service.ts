/** Patient use cases: clinic scope, consent stamping and search strategy around the repository. */
import { ulid } from 'ulid';
import { canSeeClinic, seesContactDetails, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, staleVersion } from '../../shared/domain/errors.js';
import { phoneSearchPrefix } from '../../shared/domain/phone.js';
import { pinyinQuery } from '../../shared/domain/name-pinyin.js';
import { consentRecordFrom, consentRecordsFrom, type PatientRecord } from '../../shared/domain/patient.js';
import type { ConsentPurpose, ConsentRecord, PatientCreate, PatientUpdate, Referrer } from '../../shared/schemas/patient.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';
import {
  getPatient,
  markOptedOut,
  putNewPatient,
  queryPatients,
  queryPatientsByPinyin,
  updatePatient,
  type ConsentLogEntry,
  type PatientChanges,
  type PatientQuery,
} from '../adapters/dynamo/patient-repository.js';
import { retry, type RetryPolicy } from '../lib/retry.js';
import { withFactsRefresh } from './segment-facts-service.js';

/** The records a change supersedes: with the current ones they make the full consent history. */
const supersededConsents = (current: PatientRecord, changed: Partial<Record<ConsentPurpose, ConsentRecord>>): ConsentLogEntry[] =>
  (Object.keys(changed) as ConsentPurpose[]).flatMap((purpose) => {
    const previous = current.consents[purpose];
    return previous ? [{ purpose, ...previous }] : [];
  });

/** A referring patient must be a patient of the same chain (any clinic), and not the patient themself. */
const checkReferrer = async (tenantId: string, referrer: Referrer | null | undefined, selfId?: string): Promise<void> => {
  if (referrer?.kind !== 'patient') return;
  if (referrer.patientId === selfId) throw invalid('referrer.patientId', 'cannot be the patient themself', { code: 'referrer.self' });
  if (!(await getPatient(tenantId, referrer.patientId))) throw invalid('referrer.patientId', 'is not a patient of this chain', { code: 'patient.not_found' });
};

/**
 * A second patient with a phone the clinic knows is usually the same person typed again: the
 * person at the desk decides (open that patient, or create anyway for a family member).
 */
const checkPhoneUnused = async (caller: Caller, clinicId: string, phone: string): Promise<void> => {
  // `${phone}#` keeps +86106552998 from matching +8610655299881.
  const [owner] = (await queryPatients(caller.tenantId, { kind: 'phone', clinicId, prefix: `${phone}#` }, 1)).items;
  if (!owner) return;
  // Roles that see masked phones are not told whose phone it is: that would unmask it.
  const named = seesContactDetails(caller.role);
  const message = `is the phone of ${named ? `${owner.name} (patient ${owner.patientId})` : 'a patient'} in this clinic: open that patient, or send confirmDuplicatePhone: true to create another patient with it`;
  throw new DomainError('conflict', `phone: ${message}`, [{ path: 'phone', code: 'phone.exists', message, ...(named ? { existing: { id: owner.patientId, name: owner.name } } : {}) }]);
};

const createPatientCommit = async (caller: Caller, input: PatientCreate): Promise<PatientRecord> => {
  const clinic = canSeeClinic(caller, input.clinicId) ? await getClinic(caller.tenantId, input.clinicId) : undefined;
  if (!clinic) throw invalid('clinicId', 'is not one of your clinics', { code: 'clinic.not_yours' });
  await checkReferrer(caller.tenantId, input.referrer);
  if (input.confirmDuplicatePhone === false) await checkPhoneUnused(caller, input.clinicId, input.phone);
  const now = new Date().toISOString();
  const consents = consentRecordsFrom(input.consents, now, caller.userId);
  const record: PatientRecord = {
    patientId: ulid(),
    clinicId: input.clinicId,
    name: input.name,
    gender: input.gender,
    ...(input.birthDate ? { birthDate: input.birthDate } : {}),
    phone: input.phone,
    channel: input.channel,
    tags: [...new Set(input.tags)],
    notes: input.notes,
    consents,
    ...(input.referrer ? { referrer: input.referrer } : {}),
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  await putNewPatient(caller.tenantId, record, auditEvent(caller, record.patientId, 'patient.create'));
  return record;
};

/** For ids sent in a body: an unknown or unseeable patient is a 400 on that field; other errors pass. */
export const readPatientField = (caller: Caller, patientId: string, field = 'patientId'): Promise<PatientRecord> =>
  readPatient(caller, patientId).catch((error: unknown) => {
    if (error instanceof DomainError && error.kind === 'not-found') throw invalid(field, 'is not a patient you can see', { code: 'patient.not_visible' });
    throw error;
  });

/** A patient of another chain, or of a clinic outside the caller's scope, is not found (404). */
export const readPatient = async (caller: Caller, patientId: string): Promise<PatientRecord> => {
  const record = await getPatient(caller.tenantId, patientId);
  if (!record || !canSeeClinic(caller, record.clinicId)) throw notFound('patient');
  if (record.mergedInto) throw new DomainError('not-found', `patient was merged into ${record.mergedInto}`, [{ path: 'patientId', message: `was merged into ${record.mergedInto}`, code: 'patient.merged' }]);
  return record;
};

const changePatientCommit = async (caller: Caller, patientId: string, input: PatientUpdate): Promise<PatientRecord> => {
  const current = await readPatient(caller, patientId);
  if (input.version !== (current.version ?? 0)) throw staleVersion('the patient');
  await checkReferrer(caller.tenantId, input.referrer, patientId);
  const { consents: consentInputs, birthDate, referrer, version: _version, ...fields } = input;
  const now = new Date().toISOString();
  const consents = consentRecordsFrom(consentInputs ?? {}, now, caller.userId);
  for (const [purpose, record] of Object.entries(consents) as [ConsentPurpose, ConsentRecord][]) {
    const onRecord = current.consents[purpose];
    if (onRecord && record.at < onRecord.at) {
      throw invalid(`consents.${purpose}.at`, `is earlier than the consent on record (${onRecord.at}); the newer decision stands`, { code: 'consent.stale', params: { at: onRecord.at } });
    }
  }
  const changes: PatientChanges = {
    ...fields,
    ...(fields.tags ? { tags: [...new Set(fields.tags)] } : {}),
    ...(birthDate !== undefined ? { birthDate } : {}),
    ...(referrer !== undefined ? { referrer } : {}),
    updatedAt: now,
  };
  const audit = auditEvent(caller, patientId, 'patient.update', { fields: Object.keys(input).filter((k) => k !== 'version').sort() });
  return updatePatient(caller.tenantId, current, changes, consents, supersededConsents(current, consents), audit);
};

export type PatientSearch = { clinicId?: string; q?: string; limit: number; cursor?: string };

const queryFor = (clinicId: string, q: string | undefined): PatientQuery => {
  if (q === undefined) return { kind: 'recent', clinicId };
  const phonePrefix = phoneSearchPrefix(q);
  return phonePrefix ? { kind: 'phone', clinicId, prefix: phonePrefix } : { kind: 'name', clinicId, prefix: q };
};

/** Roles that see masked phones may not search by phone: a few prefix searches would unmask a number. */
const checkSearchAllowed = (caller: Caller, q: string | undefined): void => {
  if (q !== undefined && phoneSearchPrefix(q) !== null && !seesContactDetails(caller.role)) {
    throw new DomainError('forbidden', 'q: your role searches patients by name, not by phone', [{ path: 'q', message: 'search by name; phone search needs a role that sees phone numbers', code: 'search.not_allowed' }]);
  }
};

/**
 * One clinic: a paged query on its index. A search without a clinic runs one query per clinic
 * the caller can see (a chain has a handful) and returns the first `limit` matches, unpaged.
 */
export const findPatients = async (caller: Caller, search: PatientSearch): Promise<{ items: PatientRecord[]; cursor?: string; truncated?: boolean }> => {
  checkSearchAllowed(caller, search.q);
  if (search.clinicId !== undefined) {
    // Owners see every clinic of their chain; a clinic id of another chain is still not found.
    if (!canSeeClinic(caller, search.clinicId) || !(await getClinic(caller.tenantId, search.clinicId))) throw notFound('clinic');
    return searchClinic(caller.tenantId, search.clinicId, search);
  }
  const clinics = (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId));
  if (search.q === undefined && clinics.length !== 1) {
    throw new DomainError('invalid', 'clinicId: choose a clinic, or search by name or phone', [{ path: 'clinicId', message: 'is required when listing without a search', code: 'clinic.required' }]);
  }
  if (search.cursor !== undefined && clinics.length !== 1) throw invalid('cursor', 'needs the clinicId it was returned with', { code: 'cursor.invalid' });
  if (clinics.length === 1 && clinics[0]) return searchClinic(caller.tenantId, clinics[0].clinicId, search);
  const pages = await Promise.all(clinics.map((c) => searchClinic(caller.tenantId, c.clinicId, { ...search, cursor: undefined })));
  return mergedPage(pages, search.limit);
};

type SearchPage = { items: PatientRecord[]; cursor?: string; truncated?: boolean };

/** Pages searched apart (clinics, or name and pinyin), unpaged: say when there were more, so the user narrows the search. */
const mergedPage = (pages: SearchPage[], limit: number): SearchPage => {
  const unique = new Map(pages.flatMap((p) => p.items).map((p) => [p.patientId, p]));
  const matches = [...unique.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const truncated = matches.length > limit || pages.some((p) => p.cursor !== undefined || p.truncated === true);
  return { items: matches.slice(0, limit), ...(truncated ? { truncated } : {}) };
};

/**
 * One clinic. Letters may be a Latin name or the pinyin of a Chinese one ("zw", "zhangwei" find
 * 张伟): the first page asks both indexes and merges them; a cursor continues the name index.
 */
const searchClinic = async (tenantId: string, clinicId: string, search: PatientSearch): Promise<SearchPage> => {
  const pinyin = search.q === undefined ? null : pinyinQuery(search.q);
  if (pinyin === null || search.cursor !== undefined) return queryPatients(tenantId, queryFor(clinicId, search.q), search.limit, search.cursor);
  const [byName, byPinyin] = await Promise.all([queryPatients(tenantId, queryFor(clinicId, search.q), search.limit), queryPatientsByPinyin(tenantId, clinicId, pinyin, search.limit)]);
  if (byPinyin.items.length === 0) return byName;
  return mergedPage([byName, byPinyin], search.limit);
};

/** Three tries at the consent write; a short jittered wait spreads racing writers apart. */
const conflictRetry: RetryPolicy = { attempts: 3, baseMs: 20, capMs: 200 };

/** What an SMS opt-out withdraws: every messaging purpose. Health data is not a messaging consent. */
const messagingPurposes: readonly ConsentPurpose[] = ['care', 'marketing'];

/**
 * A patient's SMS opt-out (T/TD/退订): the suppression flag first, at once, so no send that
 * starts after this returns goes out; then the withdrawal in the consent ledger, with the inbound
 * message as proof, through the same conditional consent write as a change at the desk. A
 * repeated delivery finds both already recorded and writes nothing.
 */
const recordSmsOptOutCommit = async (tenantId: string, patientId: string, at: string, proof: string): Promise<void> => {
  await markOptedOut(tenantId, patientId, at);
  // A concurrent consent change makes the write conflict; read again and retry a few times.
  await retry(
    async () => {
      const current = await getPatient(tenantId, patientId);
      if (!current) return;
      const open = messagingPurposes.filter((purpose) => current.consents[purpose]?.granted !== false);
      if (!open.length) return;
      const withdrawn = Object.fromEntries(open.map((purpose) => [purpose, consentRecordFrom({ granted: false, source: 'sms-reply', proof }, at, 'sms-reply')]));
      const audit = { auditId: ulid(), patientId, at, actorId: 'sms-reply', actorRole: 'patient', action: 'patient.update' as const, fields: ['consents', 'optedOut'], refId: proof };
      await updatePatient(tenantId, current, { updatedAt: new Date().toISOString() }, withdrawn, supersededConsents(current, withdrawn), audit);
    },
    {
      ...conflictRetry,
      retryIf: (error) => error instanceof DomainError && error.kind === 'conflict',
      exhausted: () => new DomainError('conflict', 'consents: the opt-out could not be recorded in the consent ledger; it will be retried'),
    },
  );
};

/** createPatient, then the facts of the patients it changed (segment-facts-service.ts). */
export const createPatient = /* @__PURE__ */ withFactsRefresh(createPatientCommit, (a, r) => ({ tenantId: a[0].tenantId, patientIds: [r.patientId] }));
/** changePatient, then the facts of the patients it changed (segment-facts-service.ts). */
export const changePatient = /* @__PURE__ */ withFactsRefresh(changePatientCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
/** recordSmsOptOut, then the facts of the patients it changed (segment-facts-service.ts). */
export const recordSmsOptOut = /* @__PURE__ */ withFactsRefresh(recordSmsOptOutCommit, (a) => ({ tenantId: a[0], patientIds: [a[1]] }));
