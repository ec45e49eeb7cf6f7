/** The owner's catalog (procedures, clinic prices, care pathways, recall rules) and clinics. Paths match shared/api-routes/catalog.ts and the org routes. */
import type { HttpClient } from './http-client';
import type { Items } from '$shared/schemas/common';
import type { Procedure, RecallRule, CarePathwayStep, ProcedureCategory } from '$shared/schemas/catalog';
import type { Clinic } from '$shared/schemas/org';
import type { OpeningHours } from '$shared/domain/clinic-hours';

export type { Procedure, RecallRule, CarePathwayStep, ProcedureCategory } from '$shared/schemas/catalog';
export type { Clinic } from '$shared/schemas/org';

const seg = encodeURIComponent;

export type ProcedureFields = {
  nameZh: string;
  nameEn: string;
  category: ProcedureCategory;
  valueTier: Procedure['valueTier'];
  priceFen: number;
  carePathway: CarePathwayStep[];
  recall: RecallRule | null;
  active: boolean;
};
export type ProcedureInput = ProcedureFields & { code: string };

export type ClinicFields = {
  name: string;
  address: string;
  timeZone: string;
  smsSignature: string;
  openingHours: OpeningHours;
  chairs: string[];
  replyNumber: string | null;
};

export class CatalogApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Every procedure, the inactive too (the editor shows them to switch back on). */
  listAll(): Promise<Items<Procedure>> {
    return this.#http.request('GET', '/procedures', { query: { includeInactive: 'true' } });
  }

  create(input: ProcedureInput): Promise<Procedure> {
    return this.#http.request('POST', '/procedures', { body: input });
  }

  /** Only the fields that changed, held to the version read (a 409 when someone saved first). */
  update(procedureId: string, version: number, changes: Partial<ProcedureFields>): Promise<Procedure> {
    return this.#http.request('PATCH', `/procedures/${seg(procedureId)}`, { body: { ...changes, version } });
  }

  /** null removes the clinic's own price, so the chain price applies again. */
  setClinicPrice(procedureId: string, clinicId: string, priceFen: number | null, version: number): Promise<Procedure> {
    return this.#http.request('PUT', `/procedures/${seg(procedureId)}/prices/${seg(clinicId)}`, { body: { priceFen, version } });
  }

  listClinics(): Promise<Items<Clinic>> {
    return this.#http.request('GET', '/clinics');
  }

  /** What POST /clinics takes (clinicCreateSchema's output: hours default when omitted). */
  createClinic(input: Omit<ClinicFields, 'replyNumber' | 'openingHours'> & { openingHours?: OpeningHours; replyNumber?: string }): Promise<Clinic> {
    return this.#http.request('POST', '/clinics', { body: input });
  }

  updateClinic(clinicId: string, version: number, changes: Partial<ClinicFields>): Promise<Clinic> {
    return this.#http.request('PATCH', `/clinics/${seg(clinicId)}`, { body: { ...changes, version } });
  }
}
