/**
 * Post-treatment care messages: planned at checkout in the same transaction, the day-0 one sent
 * right after checkout by an event-started job run (never while the front desk waits), later
 * ones at 10:00 clinic time by the schedule; once each, with consent, and recorded when off.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { careTemplates } from '../../shared/domain/messaging/care-templates.js';
import { visitCheckedOutEvent } from '../../shared/schedules.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

/** Lets a test hold SMS publishing, to show checkout does not wait for it. */
const gate = vi.hoisted(() => ({ held: undefined as Promise<void> | undefined }));
vi.mock('../../functions/adapters/notifier.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../functions/adapters/notifier.js')>();
  return {
    ...actual,
    sendSms: async (...args: Parameters<typeof actual.sendSms>) => {
      await gate.held;
      return actual.sendSms(...args);
    },
  };
});

type LedgerView = { items: { occasion: string; status: string; decisions: { kind: string; reason?: string }[] }[] };

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let procedures: Map<string, Procedure>;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  procedures = new Map((await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk })).body.items.map((p) => [p.code, p]));
});
afterAll(async () => twin?.stop());

const newPatient = async (careConsent: boolean) => {
  const phone = `1371234${String(1000 + n++).padStart(4, '0')}`;
  const name = `关怀患者${n}`;
  const body = { name, phone, clinicId: twin.demo.jinganId, ...(careConsent ? { consents: { care: { granted: true, source: 'paper-form' } } } : {}) };
  const patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body })).body;
  return { patient, e164: `+86${phone}` };
};
const checkout = async (patientId: string, codes: string[]) => {
  const lines = codes.map((code) => ({ procedureId: procedures.get(code)?.procedureId ?? '' }));
  const total = codes.reduce((sum, code) => sum + (procedures.get(code)?.priceFen ?? 0), 0);
  return twin.api<Visit>('POST', `/patients/${patientId}/visits`, {
    token: frontdesk,
    body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines, payments: [{ method: 'wechat', amountFen: total }] },
  });
};
const smsTo = async (e164: string) =>
  (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === e164 && m.kind === 'sms');
const careLedger = async (patientId: string) => (await twin.api<LedgerView>('GET', `/patients/${patientId}/messages?purpose=care`, { token: owner })).body.items;
const textOf = (topic: keyof typeof careTemplates, name: string) => `【微笑口腔】${careTemplates[topic].replace('{name}', name).replace('{clinic}', '静安店')}`;
/** What is still waiting in the due index for one patient (read as the job reads it). */
const waiting = async (patientId: string) => {
  const { careMessagesDueBy } = await import('../../functions/adapters/dynamo/care-message-repository.js');
  return (await careMessagesDueBy(twin.demo.tenantId, '2100-01-01T00:00:00.000Z', 1000)).filter((m) => m.patientId === patientId);
};

/** Days ahead at a Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (daysAhead: number, hour: number, minute = 0) => {
  const base = new Date(Date.now() + daysAhead * 86_400_000 + 8 * 3600_000);
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hour - 8, minute));
};
/** The event checkout puts, as EventBridge would deliver it at `now`. */
const runAt = async (now: Date, visit: Pick<Visit, 'patientId' | 'visitId'>, times = 1) => {
  const { handler } = await import('../../functions/jobs/care-messages.js');
  const detail = { tenantId: twin.demo.tenantId, patientId: visit.patientId, visitId: visit.visitId };
  const event = { ...twin.bus.scheduledEvent('care-messages'), source: visitCheckedOutEvent.source, 'detail-type': visitCheckedOutEvent.detailType, time: now.toISOString(), detail };
  const runs = await Promise.all(Array.from({ length: times }, () => handler(event)));
  // An event naming a chain runs for that chain only, not for every chain as the schedule does.
  for (const run of runs) expect(run).toEqual({ tenants: 1, failed: 0 });
};

/**
 * A zone where it is mid-afternoon right now, so "right after checkout" falls inside the care
 * sending window whenever the suite runs (at night in Shanghai it would rightly be deferred).
 */
const afternoonZone = (): string => {
  const offset = ((14 - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
};
const setClinicZone = async (timeZone: string) => {
  const version = (await twin.api<{ version: number }>('GET', `/clinics/${twin.demo.jinganId}`, { token: owner })).body.version;
  const res = await twin.api('PATCH', `/clinics/${twin.demo.jinganId}`, { token: owner, body: { timeZone, version } });
  expect(res.status).toBe(200);
};
const setCare = async (enabled: boolean) => {
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  const saved = await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, care: { enabled } } } });
  expect(saved.status).toBe(200);
};

describe('care pathway messages later on (Shanghai)', () => {
  it('day 2 at 10:00 clinic time, once, even when the run is delivered three times at once; day 7 a week on', async () => {
    const { patient, e164 } = await newPatient(true);
    const visit = (await checkout(patient.patientId, ['wisdom-tooth'])).body;
    await twin.bus.idle();
    expect((await waiting(patient.patientId)).map((m) => m.offsetDays)).toEqual([2, 7]);
    const later = async () => (await smsTo(e164)).filter((m) => m.text !== textOf('post-extraction-care', patient.name));

    await runAt(shanghai(2, 9, 45), visit);
    expect(await later()).toHaveLength(0);
    await runAt(shanghai(2, 10, 0), visit, 3);
    await runAt(shanghai(2, 10, 15), visit);
    expect((await later()).map((m) => [m.text, m.purpose])).toEqual([[textOf('post-op-48h', patient.name), 'care']]);
    expect((await careLedger(patient.patientId)).find((e) => e.occasion === `care.${visit.visitId}.wisdom-tooth.2`)?.status).toBe('sent');
    expect((await waiting(patient.patientId)).map((m) => m.offsetDays)).toEqual([7]);

    await runAt(shanghai(7, 10, 0), visit, 2);
    expect((await later()).map((m) => m.text)).toEqual([textOf('suture-removal', patient.name), textOf('post-op-48h', patient.name)]);
    expect(await waiting(patient.patientId)).toEqual([]);
  });

  it('moves with the patient when a duplicate record is merged', async () => {
    const keep = await newPatient(true);
    const duplicate = await newPatient(true);
    const visit = (await checkout(duplicate.patient.patientId, ['root-canal'])).body;
    await twin.bus.idle();
    expect((await waiting(duplicate.patient.patientId)).map((m) => m.occasion)).toEqual([`care.${visit.visitId}.root-canal.1`]);
    const merged = await twin.api('POST', `/patients/${keep.patient.patientId}/merge`, { token: owner, body: { sourcePatientId: duplicate.patient.patientId } });
    expect(merged.status).toBe(200);
    expect(await waiting(duplicate.patient.patientId)).toEqual([]);
    expect((await waiting(keep.patient.patientId)).map((m) => m.occasion)).toEqual([`care.${visit.visitId}.root-canal.1`]);
    await runAt(shanghai(7, 10, 0), visit);
    expect((await smsTo(keep.e164)).map((m) => m.text)).toEqual([textOf('crown-reminder', keep.patient.name)]);
    expect(await smsTo(duplicate.e164)).toHaveLength(0);
  });
});

describe('care messages right after checkout', () => {
  beforeAll(async () => setClinicZone(afternoonZone()));
  afterAll(async () => setClinicZone('Asia/Shanghai'));

  it('a wisdom-tooth visit gets one care SMS at once; a visit without message steps none', async () => {
    const { patient, e164 } = await newPatient(true);
    const cleaningOnly = await newPatient(true);
    const res = await checkout(patient.patientId, ['wisdom-tooth']);
    expect(res.status).toBe(201);
    expect((await checkout(cleaningOnly.patient.patientId, ['cleaning', 'crown-zirconia'])).status).toBe(201);
    await twin.bus.idle();
    const sent = await smsTo(e164);
    expect(sent.map((m) => [m.text, m.purpose])).toEqual([[textOf('post-extraction-care', patient.name), 'care']]);
    expect(await smsTo(cleaningOnly.e164)).toHaveLength(0);
    expect(await waiting(cleaningOnly.patient.patientId)).toEqual([]);
    expect((await careLedger(patient.patientId)).map((e) => [e.occasion, e.status])).toEqual([[`care.${res.body.visitId}.wisdom-tooth.0`, 'sent']]);
    // The schedule's next run finds nothing more to send now.
    await runAt(new Date(), res.body);
    expect(await smsTo(e164)).toHaveLength(1);
  });

  it('a bus that refuses the event does not fail the checkout; the schedule sends a little later', async () => {
    const { registerLocalBus } = await import('../../functions/adapters/event-bus.js');
    const { patient, e164 } = await newPatient(true);
    registerLocalBus(undefined);
    try {
      expect((await checkout(patient.patientId, ['extraction'])).status).toBe(201);
    } finally {
      registerLocalBus(twin.bus);
    }
    await twin.bus.idle();
    expect(await smsTo(e164)).toHaveLength(0);
    const { handler } = await import('../../functions/jobs/care-messages.js');
    await handler({ ...twin.bus.scheduledEvent('care-messages'), time: new Date(Date.now() + 60_000).toISOString() });
    expect((await smsTo(e164)).map((m) => m.text)).toEqual([textOf('post-extraction-care', patient.name)]);
  });

  it('without care consent: recorded as skipped (no-consent), no SMS', async () => {
    const { patient, e164 } = await newPatient(false);
    const visit = (await checkout(patient.patientId, ['extraction'])).body;
    await twin.bus.idle();
    expect(await smsTo(e164)).toHaveLength(0);
    const [entry] = await careLedger(patient.patientId);
    expect(entry).toMatchObject({ occasion: `care.${visit.visitId}.extraction.0`, status: 'skipped' });
    expect(entry?.decisions.at(-1)).toMatchObject({ kind: 'skip', reason: 'no-consent' });
    expect(await waiting(patient.patientId)).toEqual([]);
  });

  it('checkout answers before the SMS is published: sending is the job’s, not the front desk’s', async () => {
    let release = () => {};
    gate.held = new Promise<void>((resolve) => (release = resolve));
    try {
      const { patient, e164 } = await newPatient(true);
      const res = await checkout(patient.patientId, ['implant']);
      expect(res.status).toBe(201);
      // The job has claimed the send and waits on the held publish; checkout has already answered.
      await vi.waitFor(async () => expect((await careLedger(patient.patientId))[0]?.status).toBe('claimed'), { timeout: 5000, interval: 50 });
      expect(await smsTo(e164)).toHaveLength(0);
      release();
      await twin.bus.idle();
      expect((await smsTo(e164)).map((m) => m.text)).toEqual([textOf('post-implant-care', patient.name)]);
    } finally {
      release();
      gate.held = undefined;
    }
  });

  it('care switched off by the owner: recorded as skipped (automation-off), no SMS', async () => {
    await setCare(false);
    try {
      const { patient, e164 } = await newPatient(true);
      const visit = (await checkout(patient.patientId, ['wisdom-tooth'])).body;
      await twin.bus.idle();
      expect(await smsTo(e164)).toHaveLength(0);
      const [entry] = await careLedger(patient.patientId);
      expect(entry).toMatchObject({ occasion: `care.${visit.visitId}.wisdom-tooth.0`, status: 'skipped' });
      expect(entry?.decisions.at(-1)).toMatchObject({ kind: 'skip', reason: 'automation-off' });
      // Only what was due left the index; the later steps wait (the owner may switch care back on).
      expect((await waiting(patient.patientId)).map((m) => m.offsetDays)).toEqual([2, 7]);
    } finally {
      await setCare(true);
    }
  });
});
