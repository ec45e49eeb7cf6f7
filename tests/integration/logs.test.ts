/** Logs never hold patient names, phones, notes or medical data (DESIGN invariant 9). */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
const captured: string[] = [];

beforeAll(async () => {
  process.env.LOG_LEVEL = 'DEBUG';
  const capture = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  twin = await startTestTwin();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await twin?.stop();
});

describe('logs', () => {
  it('hold request ids and status codes but no patient data, whatever the request does', async () => {
    const owner = await twin.tokenFor('owner');
    const marker = { name: '隐私测试患者', phone: '13987654321', notes: '青霉素过敏史', tag: '牙周炎' };
    const created = await twin.api<Patient>('POST', '/patients', {
      token: owner,
      body: { name: marker.name, phone: marker.phone, clinicId: twin.demo.jinganId, notes: marker.notes, tags: [marker.tag] },
    });
    expect(created.status).toBe(201);
    await twin.api('GET', `/patients/${created.body.patientId}`, { token: owner });
    await twin.api('PATCH', `/patients/${created.body.patientId}`, { token: owner, body: { notes: `${marker.notes}，已复查`, version: created.body.version } });
    await twin.api('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent(marker.name)}`, { token: owner });
    await twin.api('GET', `/patients?q=139876`, { token: owner });
    await twin.api('POST', '/patients', { token: owner, body: { name: marker.name, phone: `${marker.phone}99`, clinicId: twin.demo.jinganId, notes: marker.notes } });
    await twin.api('POST', '/patients', { token: owner, rawBody: `{"name":"${marker.name}","notes":"${marker.notes}"` });

    const logs = captured.join('');
    expect(logs).toContain('"message":"request"');
    expect(logs).toMatch(/"requestId":"[0-9a-f-]{36}"/);
    for (const secret of [marker.name, marker.phone, '+8613987654321', marker.notes, marker.tag, '139876']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
