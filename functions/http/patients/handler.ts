/** Patients: create, read, update, list and search. What a role sees is decided by presentPatient. */
import { presentPatient } from '../../../shared/domain/patient.js';
import { patientCreateSchema, patientListQuerySchema, patientUpdateSchema } from '../../../shared/schemas/patient.js';
import { changePatient, createPatient, findPatients, readPatient } from '../../services/patient-service.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

export const handler = createAreaHandler('patients', {
  'POST /patients': async (event, caller) => created(presentPatient(await createPatient(caller, jsonBody(event, patientCreateSchema)), caller.role)),

  'GET /patients/{patientId}': async (event, caller) => ok(presentPatient(await readPatient(caller, pathParam(event, 'patientId')), caller.role)),

  'PATCH /patients/{patientId}': async (event, caller) => {
    const changes = jsonBody(event, patientUpdateSchema);
    return ok(presentPatient(await changePatient(caller, pathParam(event, 'patientId'), changes), caller.role));
  },

  'GET /patients': async (event, caller) => {
    const page = await findPatients(caller, queryParams(event, patientListQuerySchema));
    return ok({ ...page, items: page.items.map((p) => presentPatient(p, caller.role)) });
  },
});
