/**
 * Issue 13: the Messages page names the patient (a marketing role sees the surname only) and
 * filters one automation's messages by status and by decision day, in the chain's zone; a range
 * that ends before it starts is refused naming `to`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerListEntry } from '../../shared/schemas/messages.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
// 10:00 and 23:30 on 2026-11-23 in Shanghai: the second is 15:30 UTC, still the 23rd there
const morning = new Date(Date.UTC(2026, 10, 23, 2, 0));
const lateEvening = new Date(Date.UTC(2026, 10, 23, 15, 30));
let sent: Patient;
let skipped: Patient;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  const create = async (name: string, phone: string, consents: Record<string, unknown>) =>
    (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name, phone, clinicId: twin.demo.jinganId, consents } })).body;
  sent = await create('欧阳明华', '13800000071', { care: { granted: true, source: 'paper-form' } });
  skipped = await create('李四', '13800000072', {});
  const request = (patientId: string) => ({ ref: { kind: 'standing' as const }, tenantId: twin.demo.tenantId, patientId, purpose: 'care' as const, occasion: 'care-page-test', template: '{name}您好，术后请注意休息。' });
  expect((await sendMessage(request(sent.patientId), { now: morning })).status).toBe('sent');
  expect((await sendMessage(request(skipped.patientId), { now: lateEvening })).status).toBe('skipped');
});
afterAll(async () => twin?.stop());

const list = async (token: string, query: string) => twin.api<{ items: LedgerListEntry[] }>('GET', `/messages?purpose=care${query}`, { token });
const mine = (items: LedgerListEntry[]) => items.filter((e) => e.patientId === sent.patientId || e.patientId === skipped.patientId);

describe('GET /messages for the Messages page', () => {
  it('names each patient; by status; by decision day in Shanghai', async () => {
    const all = mine((await list(owner, '')).body.items);
    expect(all.map((e) => e.patientName).sort()).toEqual(['李四', '欧阳明华']);
    expect(mine((await list(owner, '&status=skipped')).body.items).map((e) => e.patientId)).toEqual([skipped.patientId]);
    expect(mine((await list(owner, '&from=2026-11-23&to=2026-11-23')).body.items)).toHaveLength(2);
    expect(mine((await list(owner, '&from=2026-11-24')).body.items)).toHaveLength(0);
    expect(mine((await list(owner, '&to=2026-11-22')).body.items)).toHaveLength(0);
  });

  it('marketing sees the surname only', async () => {
    const marketing = await twin.tokenFor('marketing');
    const names = mine((await list(marketing, '')).body.items).map((e) => e.patientName).sort();
    expect(names).toEqual(['李*', '欧***']);
  });

  it('a range ending before it starts, or a made-up status: 400 naming the field', async () => {
    const reversed = await list(owner, '&from=2026-11-24&to=2026-11-23');
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body)).toContain('"path":"to"');
    expect(JSON.stringify(reversed.body)).toContain('date.order');
    const status = await list(owner, '&status=lost');
    expect(status.status).toBe(400);
    expect(JSON.stringify(status.body)).toContain('"path":"status"');
  });
});
