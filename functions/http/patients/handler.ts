/** Patients: create, read, update, list and search. What a role sees is decided by presentPatient. */
import { wechatQrFor } from '../../services/wechat-qr.js';
import { presentPatient } from '../../../shared/domain/patient.js';
import { familyChangeSchema, mergeSchema, patientCreateSchema, patientListQuerySchema, patientUpdateSchema } from '../../../shared/schemas/patient.js';
import { familyOf, setFamily } from '../../services/family-service.js';
import { mergePatients } from '../../services/merge-service.js';
import { changePatient, createPatient, findPatients, readPatient } from '../../services/patient-service.js';
import { findPatientsByFacts } from '../../services/patient-facts-search.js';
import { paginationQuerySchema } from '../../../shared/schemas/common.js';
import { medicalRecordSchema, visitNoteSchema } from '../../../shared/schemas/medical.js';
import { listAudit } from '../../adapters/dynamo/audit-repository.js';
import { readAllergyAlert, readMedicalRecord, readVisitNote, writeMedicalRecord, writeVisitNote } from '../../services/medical-service.js';
import { jsonBody, pathParam, queryParams, rejectBody } from '../lib/request.js';
import { createAreaHandler, created, ok } from '../lib/router.js';

export const handler = createAreaHandler('patients', {
  'POST /patients': async (event, caller) => created(presentPatient(await createPatient(caller, jsonBody(event, patientCreateSchema)), caller.role)),

  'GET /patients/{patientId}': async (event, caller) => ok(presentPatient(await readPatient(caller, pathParam(event, 'patientId')), caller.role)),

  'PATCH /patients/{patientId}': async (event, caller) => {
    const changes = jsonBody(event, patientUpdateSchema);
    return ok(presentPatient(await changePatient(caller, pathParam(event, 'patientId'), changes), caller.role));
  },

  'POST /patients/{patientId}/wechat-qr': async (event, caller) => {
    rejectBody(event);
    return ok(await wechatQrFor(caller, pathParam(event, 'patientId')));
  },

  'GET /patients/{patientId}/medical': async (event, caller) => ok(await readMedicalRecord(caller, pathParam(event, 'patientId'))),

  'PUT /patients/{patientId}/medical': async (event, caller) => {
    const input = jsonBody(event, medicalRecordSchema);
    return ok(await writeMedicalRecord(caller, pathParam(event, 'patientId'), input));
  },

  'GET /patients/{patientId}/allergy-alert': async (event, caller) => ok(await readAllergyAlert(caller, pathParam(event, 'patientId'))),

  'GET /patients/{patientId}/visits/{visitId}/notes': async (event, caller) => ok(await readVisitNote(caller, pathParam(event, 'patientId'), pathParam(event, 'visitId'))),

  'PUT /patients/{patientId}/visits/{visitId}/notes': async (event, caller) => {
    const { text } = jsonBody(event, visitNoteSchema);
    return ok(await writeVisitNote(caller, pathParam(event, 'patientId'), pathParam(event, 'visitId'), text));
  },

  'GET /patients/{patientId}/audit': async (event, caller) => {
    const { limit, cursor } = queryParams(event, paginationQuerySchema);
    const patient = await readPatient(caller, pathParam(event, 'patientId'));
    return ok(await listAudit(caller.tenantId, patient.patientId, limit, cursor));
  },

  'POST /patients/{patientId}/merge': async (event, caller) => {
    const { sourcePatientId } = jsonBody(event, mergeSchema);
    const target = await mergePatients(caller, pathParam(event, 'patientId'), sourcePatientId);
    return ok(presentPatient(target, caller.role));
  },

  'GET /patients/{patientId}/family': async (event, caller) => ok({ family: await familyOf(caller, pathParam(event, 'patientId')) }),

  'PUT /patients/{patientId}/family': async (event, caller) => {
    const change = jsonBody(event, familyChangeSchema);
    return ok({ family: await setFamily(caller, pathParam(event, 'patientId'), change) });
  },

  'GET /patients': async (event, caller) => {
    const search = queryParams(event, patientListQuerySchema);
    // by tag or segment: from the facts store (marketing's search; never by phone)
    const page = search.tag !== undefined || search.segmentId !== undefined ? await findPatientsByFacts(caller, search, new Date()) : await findPatients(caller, search);
    return ok({ ...page, items: page.items.map((p) => presentPatient(p, caller.role)) });
  },
});
