/** Nightly: how many patients each clinic has, by acquisition channel, for the clinic's local day. */
import { localDay } from '../../shared/domain/time.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { countPatientsByChannel, putPatientCounts } from '../adapters/dynamo/stats-repository.js';
import { createJobHandler } from './lib/job-runner.js';

export const handler = createJobHandler('patient-counts', async (tenantId, now) => {
  const clinics = await listClinics(tenantId);
  let patients = 0;
  for (const clinic of clinics) {
    const byChannel = await countPatientsByChannel(tenantId, clinic.clinicId);
    const total = Object.values(byChannel).reduce((a, b) => a + b, 0);
    patients += total;
    await putPatientCounts(tenantId, { clinicId: clinic.clinicId, localDay: localDay(now, clinic.timeZone), total, byChannel, computedAt: new Date().toISOString() });
  }
  return { clinics: clinics.length, patients };
});
