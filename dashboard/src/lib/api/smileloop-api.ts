import type { HttpClient } from './http-client';
import type { Me, OutboxMessage, Page, Patient, PatientCreateInput, PatientPatch } from './types';

export type PatientQuery = { clinicId?: string; q?: string; limit?: number; cursor?: string };

/** One method per API route the dashboard uses; paths match shared/routes.ts. */
export class SmileloopApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  me(): Promise<Me> {
    return this.#http.request('GET', '/me');
  }

  listPatients(query: PatientQuery): Promise<Page<Patient>> {
    return this.#http.request('GET', '/patients', { query: { limit: 25, ...query } });
  }

  getPatient(patientId: string): Promise<Patient> {
    return this.#http.request('GET', `/patients/${encodeURIComponent(patientId)}`);
  }

  createPatient(input: PatientCreateInput): Promise<Patient> {
    return this.#http.request('POST', '/patients', { body: input });
  }

  updatePatient(patientId: string, patch: PatientPatch): Promise<Patient> {
    return this.#http.request('PATCH', `/patients/${encodeURIComponent(patientId)}`, { body: patch });
  }

  listOutbox(query: { limit?: number; cursor?: string }): Promise<Page<OutboxMessage>> {
    return this.#http.request('GET', '/outbox', { query: { limit: 50, ...query } });
  }
}
