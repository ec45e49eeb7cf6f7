/**
 * The profile's clinical side and installments (issue 13): the medical record, the desk's
 * allergy alert, paying installment parts and the overdue list. One method per route.
 */
import type { AllergyAlert, MedicalRecord, MedicalRecordInput, VisitNote } from '$shared/schemas/medical';
import type { InstallmentPayInput, OverdueInstallment } from '$shared/schemas/installments';
import type { Chain } from '$shared/schemas/org';
import type { ClaimCreate, ClaimUpdate, InsuranceClaim } from '$shared/schemas/insurance-claims';
import type { Patient, familyRelations } from '$shared/schemas/patient';
import type { HttpClient } from './http-client';
import type { Items } from './types';

export type { AllergyAlert, InsuranceClaim, MedicalRecord, MedicalRecordInput, OverdueInstallment };
export type FamilyRelation = (typeof familyRelations)[number];
/** GET /patients/{id}/family: the patient's family and its members (names only where the caller may see them). */
export type FamilyView = { familyId: string; members: { patientId?: string; relation: string; name?: string; clinicId?: string }[] } | null;

const seg = encodeURIComponent;

export class ProfileApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** medical:read (dentist, manager, owner); the API audits every read */
  medical(patientId: string): Promise<MedicalRecord> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/medical`);
  }

  /** medical:write; refused without the patient's health-data consent */
  saveMedical(patientId: string, input: MedicalRecordInput): Promise<MedicalRecord> {
    return this.#http.request('PUT', `/patients/${seg(patientId)}/medical`, { body: input });
  }

  /** medical:alert (desk, dentist, manager, owner): whether an allergy is on record, nothing more */
  allergyAlert(patientId: string): Promise<AllergyAlert> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/allergy-alert`);
  }

  /** installments:write: part `n` (from 0) of a visit's installment plan paid now */
  payInstallment(patientId: string, visitId: string, n: number, input: InstallmentPayInput): Promise<unknown> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/visits/${seg(visitId)}/installments/${n}/pay`, { body: input });
  }

  /** installments:read: unpaid parts past their due day, per clinic the caller sees */
  overdue(clinicId?: string): Promise<Items<OverdueInstallment>> {
    return this.#http.request('GET', '/installments/overdue', { query: clinicId ? { clinicId } : {} });
  }

  /** chain:write (owner): whether dentists see prices; the API hides every amount from them while off */
  setDentistsSeePrices(on: boolean, version: number): Promise<Chain> {
    return this.#http.request('PATCH', '/chain', { body: { dentistsSeePrices: on, version } });
  }

  /** patients:read: the patient's family, or null */
  family(patientId: string): Promise<{ family: FamilyView }> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/family`);
  }

  /** families:write: join a family (its id), start one ('new'), or leave (null) */
  setFamily(patientId: string, change: { familyId: string | null; relation: FamilyRelation }): Promise<{ family: FamilyView }> {
    return this.#http.request('PUT', `/patients/${seg(patientId)}/family`, { body: change });
  }

  /** patients:merge (owner, manager): the duplicate's history moves to the target; the duplicate is retired */
  merge(targetId: string, sourcePatientId: string): Promise<Patient> {
    return this.#http.request('POST', `/patients/${seg(targetId)}/merge`, { body: { sourcePatientId } });
  }

  /** claims:read: the patient's insurance claims, newest first */
  claims(patientId: string): Promise<Items<InsuranceClaim>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/insurance-claims`);
  }

  /** claims:write: a claim after treatment, submitted */
  createClaim(patientId: string, input: Partial<ClaimCreate> & { insurer: string; amountFen: number }): Promise<InsuranceClaim> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/insurance-claims`, { body: input });
  }

  /** claims:write: paid or rejected, at the version read */
  closeClaim(patientId: string, claimId: string, input: ClaimUpdate): Promise<InsuranceClaim> {
    return this.#http.request('PATCH', `/patients/${seg(patientId)}/insurance-claims/${seg(claimId)}`, { body: input });
  }

  /** claims:read: submitted claims in the caller's clinics, oldest first */
  openClaims(): Promise<Items<InsuranceClaim>> {
    return this.#http.request('GET', '/insurance-claims/open');
  }

  /** medical:read: a visit's treatment notes (audited) */
  visitNote(patientId: string, visitId: string): Promise<VisitNote> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/visits/${seg(visitId)}/notes`);
  }

  /** medical:write: refused without health-data consent */
  saveVisitNote(patientId: string, visitId: string, text: string): Promise<VisitNote> {
    return this.#http.request('PUT', `/patients/${seg(patientId)}/visits/${seg(visitId)}/notes`, { body: { text } });
  }
}
