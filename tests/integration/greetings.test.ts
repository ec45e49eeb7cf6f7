/**
 * Birthday and holiday greetings: on the clinic's local day, once per occasion, only with
 * marketing consent, found through the birthday index, and a holiday run over the whole chain
 * that fails part-way resumes without repeating or skipping anyone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AutomationSettings, StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

/** A Shanghai wall-clock moment (UTC+8, no daylight saving). */
const shanghai = (day: string, hour: number, minute = 40) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3600_000 + minute * 60_000);

const settingsWith = async (change: (s: AutomationSettings) => AutomationSettings) => {
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  const saved = await twin.api<StoredAutomationSettings>('PUT', '/automations', { token: owner, body: { version: current.version, settings: change(current.settings) } });
  expect(saved.status).toBe(200);
};

const consent = { granted: true, source: 'paper-form' };
const patient = async (options: { birthDate?: string; marketing?: boolean; phone?: string; clinicId?: string }) => {
  const phone = options.phone ?? `1371111${String(1000 + n++).padStart(4, '0')}`;
  const created = await twin.api<Patient>('POST', '/patients', {
    token: owner,
    body: {
      name: `祝福${n}`, phone, clinicId: options.clinicId ?? twin.demo.jinganId,
      ...(options.birthDate ? { birthDate: options.birthDate } : {}),
      consents: { care: consent, ...(options.marketing === false ? {} : { marketing: consent }) },
    },
  });
  expect(created.status).toBe(201);
  return { ...created.body, e164: `+86${phone}` };
};

const runAt = async (now: Date, times = 1) => {
  const { handler } = await import('../../functions/jobs/greetings.js');
  const event = { ...twin.bus.scheduledEvent('greetings'), time: now.toISOString() };
  await Promise.all(Array.from({ length: times }, () => handler(event)));
};
const outbox = async () => {
  const all: OutboxMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = (await twin.api<{ items: OutboxMessage[]; cursor?: string }>('GET', `/outbox?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: owner })).body;
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
};
const smsTo = async (e164: string, purpose?: string) => (await outbox()).filter((m) => m.to === e164 && (!purpose || m.purpose === purpose));
const ledger = async (patientId: string) =>
  (await twin.api<{ items: { purpose: string; occasion: string; status: string; decisions: { reason?: string }[] }[] }>('GET', `/patients/${patientId}/messages`, { token: owner })).body.items;

const birthdayOn = (s: AutomationSettings, enabled = true): AutomationSettings => ({
  ...s,
  birthday: { ...s.birthday, enabled, offer: '赠洁牙券一张' },
  // 07:00 lets a run at 07:40 Shanghai fall on a day that is still yesterday in UTC.
  marketing: { ...s.marketing, windowStartHour: 7 },
});

describe('birthday greetings', () => {
  it('on the birthday by Shanghai time, not the day before: one message, even when the run is delivered three times at once', async () => {
    await settingsWith((s) => birthdayOn(s));
    const p = await patient({ birthDate: '1990-06-15' });
    await runAt(shanghai('2027-06-14', 19));
    expect(await smsTo(p.e164)).toHaveLength(0);
    // 07:40 on the 15th in Shanghai is still the 14th in UTC.
    const early = shanghai('2027-06-15', 7);
    expect(early.toISOString().slice(0, 10)).toBe('2027-06-14');
    await runAt(early, 3);
    await runAt(shanghai('2027-06-15', 15));
    const sent = await smsTo(p.e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.purpose).toBe('birthday');
    expect(sent[0]?.text).toBe(`【微笑口腔】${p.name}，静安店祝您生日快乐！赠洁牙券一张 退订回T`);
    expect((await ledger(p.patientId)).map((e) => [e.purpose, e.occasion, e.status])).toEqual([['birthday', 'birthday.2027', 'sent']]);
  });

  it('Feb 29 birthdays are greeted on Feb 28 in years without a Feb 29, and on Feb 29 in leap years', async () => {
    await settingsWith((s) => birthdayOn(s));
    const p = await patient({ birthDate: '2000-02-29' });
    await runAt(shanghai('2027-02-27', 10));
    expect(await smsTo(p.e164)).toHaveLength(0);
    await runAt(shanghai('2027-02-28', 10));
    expect(await smsTo(p.e164)).toHaveLength(1);
    await runAt(shanghai('2028-02-28', 10));
    expect(await smsTo(p.e164)).toHaveLength(1);
    await runAt(shanghai('2028-02-29', 10));
    expect(await smsTo(p.e164)).toHaveLength(2);
  });

  it('a patient without marketing consent is skipped, and the ledger says why', async () => {
    await settingsWith((s) => birthdayOn(s));
    const p = await patient({ birthDate: '1985-06-16', marketing: false });
    await runAt(shanghai('2027-06-16', 10));
    expect(await smsTo(p.e164)).toHaveLength(0);
    const entries = await ledger(p.patientId);
    expect(entries.map((e) => [e.purpose, e.status, e.decisions.at(-1)?.reason])).toEqual([['birthday', 'skipped', 'no-consent']]);
  });

  it('birthdays switched off in the settings: nothing is sent or recorded', async () => {
    await settingsWith((s) => birthdayOn(s, false));
    const p = await patient({ birthDate: '1985-06-17' });
    await runAt(shanghai('2027-06-17', 10));
    expect(await smsTo(p.e164)).toHaveLength(0);
    expect(await ledger(p.patientId)).toEqual([]);
  });

  it('a changed or removed birth date moves the patient in the birthday index or takes them out of it', async () => {
    await settingsWith((s) => birthdayOn(s));
    const moved = await patient({ birthDate: '1980-06-18' });
    const removed = await patient({ birthDate: '1980-06-18' });
    expect((await twin.api('PATCH', `/patients/${moved.patientId}`, { token: owner, body: { birthDate: '1980-06-19', version: moved.version } })).status).toBe(200);
    expect((await twin.api('PATCH', `/patients/${removed.patientId}`, { token: owner, body: { birthDate: null, version: removed.version } })).status).toBe(200);
    await runAt(shanghai('2027-06-18', 10));
    expect(await smsTo(moved.e164)).toHaveLength(0);
    expect(await smsTo(removed.e164)).toHaveLength(0);
    await runAt(shanghai('2028-06-19', 10));
    expect(await smsTo(moved.e164)).toHaveLength(1);
  });

  it('a record merged into another leaves the birthday index: the person is greeted once', async () => {
    await settingsWith((s) => birthdayOn(s));
    const keep = await patient({ birthDate: '1983-06-20' });
    const duplicate = await patient({ birthDate: '1983-06-20' });
    const merged = await twin.api('POST', `/patients/${keep.patientId}/merge`, { token: await twin.tokenFor('manager'), body: { sourcePatientId: duplicate.patientId } });
    expect(merged.status).toBe(200);
    const { greetingsWork } = await import('../../functions/jobs/greetings.js');
    // Read from the index: only the record that stayed (the merged one would be a stale skip at best).
    expect(await greetingsWork()(twin.demo.tenantId, shanghai('2027-06-20', 10))).toMatchObject({ birthdayCandidates: 1, 'birthday.sent': 1 });
    expect(await smsTo(keep.e164)).toHaveLength(1);
    expect(await smsTo(duplicate.e164)).toHaveLength(0);
    expect(await ledger(keep.patientId)).toHaveLength(1);
  });

  it('reads the day’s birthdays from the birthday index only: no other patient is touched', async () => {
    await settingsWith((s) => birthdayOn(s));
    const born = [await patient({ birthDate: '1991-08-03' }), await patient({ birthDate: '1972-08-03', clinicId: twin.demo.tianheId })];
    await patient({ birthDate: '1991-08-04' });
    const { documentClient } = await import('../../functions/adapters/dynamo/client.js');
    const { greetingsWork } = await import('../../functions/jobs/greetings.js');
    const spy = vi.spyOn(documentClient, 'send');
    try {
      const tally = await greetingsWork()(twin.demo.tenantId, shanghai('2027-08-03', 10));
      expect(tally).toMatchObject({ birthdayCandidates: 2, 'birthday.sent': 2 });
      const inputs = spy.mock.calls.map(([command]) => (command as { input: Record<string, unknown> }).input);
      expect(new Set(inputs.map((i) => i.IndexName).filter(Boolean))).toEqual(new Set(['gsi4']));
      const touched = new Set(inputs.flatMap((i) => [...JSON.stringify(i).matchAll(/#P#(\w+)/g)].map((m) => m[1])));
      expect(touched).toEqual(new Set(born.map((p) => p.patientId)));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('holiday greetings', () => {
  it('every consenting patient gets exactly one, though the run fails part-way twice; a shared phone gets one', async () => {
    const day = '2027-10-08';
    await settingsWith((s) => ({
      ...s,
      birthday: { ...s.birthday, enabled: false },
      holidays: { enabled: true, offer: '洁牙八折', days: [{ date: day, name: '测试节', template: '{name}您好，{clinic}祝您节日快乐！{coupon}' }] },
    }));
    const consenting = await Promise.all(Array.from({ length: 7 }, (_, i) => patient({ clinicId: i % 2 ? twin.demo.tianheId : twin.demo.jinganId })));
    const declined = await patient({ marketing: false });
    const sharedPhone = '13722220000';
    const family = [await patient({ phone: sharedPhone }), await patient({ phone: sharedPhone })];

    const { greetingsWork } = await import('../../functions/jobs/greetings.js');
    const { sendMessage } = await import('../../functions/services/send-pipeline.js');
    /** The pipeline, but the `failAt`-th call crashes: after publishing, or before. */
    const flaky = (failAt: number, afterPublish: boolean): typeof sendMessage => {
      let calls = 0;
      return async (...args) => {
        calls += 1;
        if (calls !== failAt) return sendMessage(...args);
        if (afterPublish) await sendMessage(...args);
        throw new Error('injected crash');
      };
    };
    const at = shanghai(day, 9);
    await expect(greetingsWork({ send: flaky(3, true), pageSize: 2 })(twin.demo.tenantId, at)).rejects.toThrow('injected crash');
    await expect(greetingsWork({ send: flaky(2, false), pageSize: 2 })(twin.demo.tenantId, at)).rejects.toThrow('injected crash');
    const finished = await greetingsWork({ pageSize: 2 })(twin.demo.tenantId, at);
    expect(finished['holiday.resumed']).toBeGreaterThanOrEqual(1);
    // Later runs that day find both clinics' runs done and read nobody.
    expect(await greetingsWork({ pageSize: 2 })(twin.demo.tenantId, shanghai(day, 10))).toMatchObject({ holidayRunsAlreadyDone: 2 });
    await runAt(shanghai(day, 11));

    for (const p of consenting) {
      const sent = await smsTo(p.e164, 'holiday');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toBe(`【微笑口腔】${p.name}您好，${p.clinicId === twin.demo.jinganId ? '静安店' : '天河店'}祝您节日快乐！洁牙八折 退订回T`);
    }
    expect(await smsTo(declined.e164, 'holiday')).toHaveLength(0);
    expect(await smsTo(`+86${sharedPhone}`, 'holiday')).toHaveLength(1);
    const familyOutcomes = await Promise.all(family.map(async (p) => (await ledger(p.patientId)).find((e) => e.purpose === 'holiday')));
    expect(familyOutcomes.map((e) => e?.status).sort()).toEqual(['sent', 'skipped']);
    expect(familyOutcomes.find((e) => e?.status === 'skipped')?.decisions.at(-1)?.reason).toBe('shared-phone');
    // Nobody at all, demo patients included, got two greetings for the day.
    const perPhone = new Map<string, number>();
    for (const m of (await outbox()).filter((m) => m.purpose === 'holiday')) perPhone.set(m.to, (perPhone.get(m.to) ?? 0) + 1);
    expect([...perPhone.values()].every((c) => c === 1)).toBe(true);
  });
});
