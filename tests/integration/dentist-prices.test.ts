/**
 * Dentists see prices only if the owner allows it (issue 13): enforced in the API's answers. Off by
 * default: no `…Fen` field in a dentist's catalog, visits or timeline; the owner turns it on (a
 * chain setting only the owner may change) and the same reads carry prices again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chain } from '../../shared/schemas/org.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { cleaning } from '../support/route-samples/visits.js';

let twin: TestTwin;
let owner: string;
let patient: Patient;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '价格测试', phone: '13566660001', clinicId: twin.demo.jinganId } })).body;
  const { procedureId, priceFen } = await cleaning({ twin, demoPatient: patient, ownerToken: owner });
  const visit = await twin.api('POST', `/patients/${patient.patientId}/visits`, {
    token: owner, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId }], payments: [{ method: 'cash', amountFen: priceFen }] },
  });
  expect(visit.status).toBe(201);
});
afterAll(async () => twin?.stop());

const hasMoney = (body: unknown): boolean => /Fen"/.test(JSON.stringify(body));
const dentistReads = async () => {
  const dentist = await twin.tokenFor('dentist');
  return Promise.all(
    [`/procedures?clinicId=${twin.demo.jinganId}`, `/patients/${patient.patientId}/visits`, `/patients/${patient.patientId}/timeline`].map(async (path) => {
      const res = await twin.api('GET', path, { token: dentist });
      expect(res.status, path).toBe(200);
      return res.body;
    }),
  );
};
const setPrices = async (token: string, on: boolean) => {
  const chain = (await twin.api<Chain>('GET', '/chain', { token: owner })).body;
  return twin.api<Chain>('PATCH', '/chain', { token, body: { dentistsSeePrices: on, version: chain.version } });
};

describe('prices for dentists', () => {
  it('are absent by default, while the owner and the desk still see them', async () => {
    for (const body of await dentistReads()) expect(hasMoney(body)).toBe(false);
    const desk = await twin.api('GET', `/patients/${patient.patientId}/visits`, { token: await twin.tokenFor('frontdesk') });
    expect(hasMoney(desk.body)).toBe(true);
  });

  it('only the owner turns them on; then a dentist reads them; off again hides them', async () => {
    expect((await setPrices(await twin.tokenFor('manager'), true)).status).toBe(403);
    const bad = await twin.api<{ error: { fields?: { path: string }[] } }>('PATCH', '/chain', { token: owner, body: { dentistsSeePrices: 'yes', version: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('dentistsSeePrices');
    const on = await setPrices(owner, true);
    expect(on.status).toBe(200);
    expect(on.body.dentistsSeePrices).toBe(true);
    for (const body of await dentistReads()) expect(hasMoney(body)).toBe(true);
    expect((await setPrices(owner, false)).status).toBe(200);
    for (const body of await dentistReads()) expect(hasMoney(body)).toBe(false);
  });
});
