import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient, PatientPage } from '../../shared/schemas/patient.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';

let twin: TestTwin;
let owner: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const newPatient = (overrides: Record<string, unknown> = {}) => ({
  name: '周晓梅',
  gender: 'female',
  birthDate: '1988-04-05',
  phone: '+86-139-1234-5678',
  clinicId: twin.demo.jinganId,
  channel: 'dianping',
  tags: ['怕疼', '价格敏感'],
  notes: '希望周末就诊',
  consents: { care: { granted: true, source: 'paper-form' }, marketing: { granted: false, source: 'verbal' } },
  ...overrides,
});

const countPatients = async (clinicId: string) => {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${clinicId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
    total += page.body.items.length;
    cursor = page.body.cursor;
  } while (cursor);
  return total;
};

describe('patients: create, read, update', () => {
  it('creates a patient with the phone stored E.164 and consents stamped with time and source', async () => {
    const before = Date.now();
    const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+8613912345678');
    expect(res.body.patientId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(res.body.consents.care).toMatchObject({ granted: true, source: 'paper-form', channel: 'sms' });
    expect(Date.parse(res.body.consents.care?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.consents.marketing?.granted).toBe(false);
    expect(res.body.tags).toEqual(['怕疼', '价格敏感']);

    const read = await twin.api<Patient>('GET', `/patients/${res.body.patientId}`, { token: owner });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('normalizes the common local forms of a phone number', async () => {
    for (const phone of ['138 0013 8000', '+86-138-0013-8000', '0086 13800138000', '8613800138000']) {
      const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ phone }) });
      expect(res.status, phone).toBe(201);
      expect(res.body.phone).toBe('+8613800138000');
    }
  });

  it('warns of a patient of the clinic with the same phone when asked (409 phone.exists naming them), and creates anyway when confirmed', async () => {
    const zhangWei = (await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent('张伟')}`, { token: owner })).body.items[0];
    const before = await countPatients(twin.demo.jinganId);
    const warned = await twin.api<ApiErrorBody>('POST', '/patients', { token: owner, body: newPatient({ name: '张小伟', phone: '138 0013 8000', confirmDuplicatePhone: false }) });
    expect(warned.status).toBe(409);
    expect(warned.body.error.fields).toEqual([
      { path: 'phone', code: 'phone.exists', message: expect.stringContaining('张伟'), existing: { id: zhangWei?.patientId, name: '张伟' } },
    ]);
    expect(await countPatients(twin.demo.jinganId)).toBe(before);
    const fresh = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ name: '新号码', phone: '13622223333', confirmDuplicatePhone: false }) });
    expect(fresh.status).toBe(201);
    const anyway = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ name: '张小伟', phone: '138 0013 8000', confirmDuplicatePhone: true }) });
    expect(anyway.status).toBe(201);
    expect(anyway.body).not.toHaveProperty('confirmDuplicatePhone');
  });

  it('updates only the fields sent, re-indexes a changed phone and name, and logs consent changes', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ name: '孙丽', phone: '13511112222' }) })).body;
    const res = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, {
      token: owner,
      body: { name: '孙莉', phone: '135 3333 4444', consents: { marketing: { granted: true, source: 'wechat' } }, version: created.version },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '孙莉', phone: '+8613533334444', gender: 'female', notes: '希望周末就诊' });
    expect(res.body.consents.marketing).toMatchObject({ granted: true, source: 'wechat' });
    expect(res.body.consents.care?.granted).toBe(true);
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt) - 1);

    const byNewPhone = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=13533`, { token: owner });
    expect(byNewPhone.body.items.map((p) => p.patientId)).toContain(created.patientId);
    const byOldPhone = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=1351111`, { token: owner });
    expect(byOldPhone.body.items.map((p) => p.patientId)).not.toContain(created.patientId);
    const byNewName = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent('孙莉')}`, { token: owner });
    expect(byNewName.body.items.map((p) => p.patientId)).toEqual([created.patientId]);
  });

  it('keeps every superseded consent in the patient’s consent log, with who recorded it', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const first = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { consents: { marketing: { granted: true, source: 'wechat' } }, version: created.version } });
    const frontdesk = await twin.tokenFor('frontdesk');
    const last = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: frontdesk, body: { consents: { marketing: { granted: false, source: 'sms-reply' } }, version: first.body.version } });
    expect(last.body.consents.marketing).toMatchObject({ granted: false, source: 'sms-reply' });
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId: twin.demo.tenantId, patientId: created.patientId }) }));
    expect(Item?.consentLog).toEqual([
      expect.objectContaining({ purpose: 'marketing', granted: false, source: 'verbal' }),
      expect.objectContaining({ purpose: 'marketing', granted: true, source: 'wechat' }),
    ]);
    expect(last.body.consents.marketing?.recordedBy).not.toBe(created.consents.marketing?.recordedBy);
  });

  it('removes a birth date with null', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const res = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { birthDate: null, version: created.version } });
    expect(res.status).toBe(200);
    expect(res.body.birthDate).toBeUndefined();
  });
});

describe('patients: no lost updates (invariant 11)', () => {
  it('20 concurrent PATCHes from the same read: exactly one wins, 19 are 409 on version, and the stored patient is the winner', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    expect(created.version).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => twin.api<Patient & ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { notes: `第${i}次修改`, tags: [`t${i}`], version: created.version } })),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const lost of losers) {
      expect(lost.body.error.code).toBe('conflict');
      expect(lost.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    }
    const stored = (await twin.api<Patient>('GET', `/patients/${created.patientId}`, { token: owner })).body;
    expect(stored).toEqual(winners[0]?.body);
    expect(stored.version).toBe(1);
  });

  it('a change from an old read is a 409 and changes nothing; from the current version it applies', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const first = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '第一位', version: created.version } });
    expect(first.status).toBe(200);
    const stale = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '第二位', version: created.version } });
    expect(stale.status).toBe(409);
    expect((await twin.api<Patient>('GET', `/patients/${created.patientId}`, { token: owner })).body.name).toBe('第一位');
    const fresh = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '第二位', version: first.body.version } });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ name: '第二位', version: 2 });
    const missing = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '第三位' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields?.map((f) => f.path)).toEqual(['version']);
  });

  it('a patient stored before versions reads as version 0 and takes a change at 0', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: patientEntity.key({ tenantId: twin.demo.tenantId, patientId: created.patientId }), UpdateExpression: 'REMOVE version' }));
    const read = (await twin.api<Patient>('GET', `/patients/${created.patientId}`, { token: owner })).body;
    expect(read.version).toBe(0);
    const changed = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { notes: '旧档案', version: 0 } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(1);
  });
});

describe('patients: list and search', () => {
  it('pages through a clinic newest first without repeats', async () => {
    const clinic = twin.demo.tianheId;
    const before = await countPatients(clinic);
    for (let i = 0; i < 7; i++) {
      expect((await twin.api('POST', '/patients', { token: owner, body: newPatient({ clinicId: clinic, name: `分页${i}`, phone: `1360000000${i}` }) })).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${clinic}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((p) => p.patientId));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(before + 7);
    const createdAts = (await twin.api<PatientPage>('GET', `/patients?clinicId=${clinic}&limit=100`, { token: owner })).body.items.map((p) => p.createdAt);
    expect([...createdAts].sort().reverse()).toEqual(createdAts);
  });

  it('finds patients by phone prefix in any common form, and by name prefix', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ name: '欧阳娜娜', phone: '15012345678' }) })).body;
    for (const q of ['150', '150 1234', '+86150123', '15012345678']) {
      const res = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent(q)}`, { token: owner });
      expect(res.status).toBe(200);
      expect(res.body.items.map((p) => p.patientId), q).toContain(created.patientId);
      expect(res.body.items.every((p) => p.phone.startsWith('+86150'))).toBe(true);
    }
    const byName = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent('欧阳')}`, { token: owner });
    expect(byName.body.items.map((p) => p.name)).toEqual(['欧阳娜娜']);
  });

  it('finds a Chinese name by its pinyin: initials, the start of the full reading, and in any case or spacing', async () => {
    const clinic = twin.demo.tianheId;
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ clinicId: clinic, name: '曾晓彤', phone: '13700001111' }) })).body;
    const ids = async (q: string) => (await twin.api<PatientPage>('GET', `/patients?clinicId=${clinic}&q=${encodeURIComponent(q)}`, { token: owner })).body.items.map((p) => p.patientId);
    for (const q of ['zxt', 'zx', 'zeng', 'zengxiao', 'ZengXiaoTong', 'zeng xiao']) expect(await ids(q), q).toContain(created.patientId);
    // 曾 read as a surname is zeng, not ceng; a reading that does not fit finds nothing.
    for (const q of ['ceng', 'zxm', 'xiaotong']) expect(await ids(q), q).not.toContain(created.patientId);
    // Across every clinic the owner sees, as the desk searches without choosing one.
    expect((await twin.api<PatientPage>('GET', '/patients?q=zxt', { token: owner })).body.items.map((p) => p.patientId)).toContain(created.patientId);

    const renamed = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '吕思远', version: created.version } });
    expect(renamed.status).toBe(200);
    expect(await ids('zxt')).not.toContain(created.patientId);
    expect(await ids('lvsi')).toContain(created.patientId);
    const latin = await twin.api<Patient>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: 'Lucy Lv', version: renamed.body.version } });
    expect(latin.status).toBe(200);
    // A Latin name leaves the pinyin index and is found by its letters through the name index.
    expect(await ids('lsy')).not.toContain(created.patientId);
    expect(await ids('lucy')).toContain(created.patientId);
  });

  it('keeps another chain’s patients out of a pinyin search, both ways', async () => {
    const other = await twin.otherChain();
    const theirs = (await twin.api<Patient>('POST', '/patients', { token: other.ownerToken, body: newPatient({ clinicId: other.clinicId, name: '张伟', phone: '13711112222' }) })).body;
    const ours = (await twin.api<PatientPage>('GET', '/patients?q=zw', { token: owner })).body.items;
    expect(ours.some((p) => p.name === '张伟')).toBe(true);
    expect(ours.map((p) => p.patientId)).not.toContain(theirs.patientId);
    const seenByThem = (await twin.api<PatientPage>('GET', '/patients?q=zw', { token: other.ownerToken })).body.items;
    expect(seenByThem.map((p) => p.patientId)).toEqual([theirs.patientId]);
  });

  it('searches across all the caller’s clinics when no clinic is given', async () => {
    const inTianhe = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ clinicId: twin.demo.tianheId, name: '跨店患者', phone: '18611112222' }) })).body;
    const res = await twin.api<PatientPage>('GET', `/patients?q=186111`, { token: owner });
    expect(res.body.items.map((p) => p.patientId)).toContain(inTianhe.patientId);
  });

  it('rejects a cursor taken from another clinic’s list', async () => {
    const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&limit=1`, { token: owner });
    expect(page.body.cursor).toBeDefined();
    const res = await twin.api<ApiErrorBody>('GET', `/patients?clinicId=${twin.demo.tianheId}&limit=1&cursor=${page.body.cursor}`, { token: owner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('cursor');
  });

  it('asks for a clinic when a chain-wide list has no search', async () => {
    const res = await twin.api<ApiErrorBody>('GET', '/patients', { token: owner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('clinicId');
  });
});

describe('patients: review findings stay fixed', () => {
  it('marketing may search by name but not by phone (prefix searches would unmask numbers)', async () => {
    const marketing = await twin.tokenFor('marketing');
    const res = await twin.api<ApiErrorBody>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=138`, { token: marketing });
    expect(res.status).toBe(403);
    expect(res.body.error.fields?.[0]?.path).toBe('q');
    expect((await twin.api('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${encodeURIComponent('张')}`, { token: marketing })).status).toBe(200);
  });

  it('a cursor holds no phone, and one reused with another search is a 400, not a 500', async () => {
    await twin.api('POST', '/patients', { token: owner, body: newPatient({ phone: '13812340001' }) });
    await twin.api('POST', '/patients', { token: owner, body: newPatient({ phone: '13812340002' }) });
    const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=1381234&limit=1`, { token: owner });
    expect(page.body.cursor).toBeDefined();
    expect(Buffer.from(page.body.cursor ?? '', 'base64url').toString('utf8')).not.toMatch(/\+?86?1381234/);
    const next = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=1381234&limit=1&cursor=${page.body.cursor}`, { token: owner });
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.patientId).not.toBe(page.body.items[0]?.patientId);
    const otherSearch = await twin.api<ApiErrorBody>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=139&limit=1&cursor=${page.body.cursor}`, { token: owner });
    expect(otherSearch.status).toBe(400);
    expect(otherSearch.body.error.fields?.[0]?.path).toBe('cursor');
    const garbage = await twin.api<ApiErrorBody>('GET', `/patients?clinicId=${twin.demo.jinganId}&cursor=${Buffer.from('{"pk":1}').toString('base64url')}`, { token: owner });
    expect(garbage.status).toBe(400);
  });

  it('a malformed or over-long id in the path is a 400 naming it', async () => {
    for (const id of ['%E0%A4%A', 'x'.repeat(3000), 'a%2Fb']) {
      const res = await twin.api<ApiErrorBody>('GET', `/patients/${id}`, { token: owner });
      expect(res.status, id.slice(0, 20)).toBe(400);
      expect(res.body.error.fields?.[0]?.path).toBe('patientId');
    }
  });

  it('a consent dated in the future, or older than the one on record, is refused', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const future = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { consents: { care: { granted: false, source: 'verbal', at: '2099-01-01T00:00:00Z' } }, version: created.version } });
    expect(future.status).toBe(400);
    expect(future.body.error.fields?.[0]?.path).toBe('consents.care.at');
    const older = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { consents: { care: { granted: false, source: 'verbal', at: '1999-01-01T00:00:00Z' } }, version: created.version } });
    expect(older.status).toBe(400);
    expect(older.body.error.fields?.[0]?.path).toBe('consents.care.at');
  });

  it('concurrent consent changes never lose history: every accepted change supersedes exactly one record', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => twin.api('PATCH', `/patients/${created.patientId}`, { token: owner, body: { consents: { marketing: { granted: i % 2 === 0, source: 'verbal' } }, version: created.version } })),
    );
    const accepted = results.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId: twin.demo.tenantId, patientId: created.patientId }) }));
    expect((Item?.consentLog as unknown[] | undefined)?.length).toBe(accepted);
  });

  it('a referrer must be a patient of this chain, and a patient can be marked deceased', async () => {
    const referrer = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ name: '介绍人' }) })).body;
    const referred = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ referrer: { kind: 'patient', patientId: referrer.patientId }, channel: 'referral' }) });
    expect(referred.status).toBe(201);
    expect(referred.body.referrer).toEqual({ kind: 'patient', patientId: referrer.patientId });
    const partner = await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient({ referrer: { kind: 'partner', code: 'HOTEL-88' }, channel: 'partner' }) });
    expect(partner.body.referrer).toEqual({ kind: 'partner', code: 'HOTEL-88' });
    const unknown = await twin.api<ApiErrorBody>('POST', '/patients', { token: owner, body: newPatient({ referrer: { kind: 'patient', patientId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' } }) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields?.[0]?.path).toBe('referrer.patientId');
    const self = await twin.api<ApiErrorBody>('PATCH', `/patients/${referrer.patientId}`, { token: owner, body: { referrer: { kind: 'patient', patientId: referrer.patientId }, version: referrer.version } });
    expect(self.status).toBe(400);
    const deceased = await twin.api<Patient>('PATCH', `/patients/${referrer.patientId}`, { token: owner, body: { deceased: true, version: referrer.version } });
    expect(deceased.body.doNotContact).toEqual({ deceased: true, optedOut: false, openComplaint: false });
  });
});

describe('patients: bad input gets a 400 naming the field, and nothing is written', () => {
  const cases: [string, Record<string, unknown> | string, string][] = [
    ['malformed JSON', '{"name": "张', '(body)'],
    ['an array body', '[]', '(body)'],
    ['a missing name', { name: undefined }, 'name'],
    ['a name of numbers', { name: 12345 }, 'name'],
    ['an over-long name', { name: '张'.repeat(65) }, 'name'],
    ['a name with a text-direction override', { name: '张\u202e伟' }, 'name'],
    ['over-long notes', { notes: 'x'.repeat(2001) }, 'notes'],
    ['an unknown field', { bloodType: 'A' }, 'bloodType'],
    ['a tenant in the body', { tenantId: 'someone-else' }, 'tenantId'],
    ['a short phone', { phone: '12345' }, 'phone'],
    ['a phone with letters', { phone: '138-abcd-8000' }, 'phone'],
    ['an invalid mobile', { phone: '12800138000' }, 'phone'],
    ['a future birth date', { birthDate: '2999-01-01' }, 'birthDate'],
    ['a malformed birth date', { birthDate: '1990/13/45' }, 'birthDate'],
    ['an unknown gender', { gender: 'x' }, 'gender'],
    ['an unknown channel', { channel: 'tv' }, 'channel'],
    ['a consent without a source', { consents: { care: { granted: true } } }, 'consents.care.source'],
    ['an unknown consent purpose', { consents: { fax: { granted: true, source: 'verbal' } } }, 'consents.fax'],
    ['too many tags', { tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, 'tags'],
    ['a clinic of another chain', { clinicId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }, 'clinicId'],
  ];

  it.each(cases)('%s', async (_label, input, field) => {
    const before = await countPatients(twin.demo.jinganId);
    const options = typeof input === 'string' ? { token: owner, rawBody: input } : { token: owner, body: newPatient(input) };
    const res = await twin.api<ApiErrorBody>('POST', '/patients', options);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
    expect(res.body.error.fields?.every((f) => f.message.length > 3)).toBe(true);
    expect(await countPatients(twin.demo.jinganId)).toBe(before);
  });

  it('a bad PATCH changes nothing', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const res = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: { name: '新名字', phone: 'nope', version: created.version } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toEqual(['phone']);
    expect((await twin.api<Patient>('GET', `/patients/${created.patientId}`, { token: owner })).body).toEqual(created);
  });

  it('an empty PATCH is refused', async () => {
    const created = (await twin.api<Patient>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const res = await twin.api<ApiErrorBody>('PATCH', `/patients/${created.patientId}`, { token: owner, body: {} });
    expect(res.status).toBe(400);
  });

  it('limit out of range names the field', async () => {
    const res = await twin.api<ApiErrorBody>('GET', `/patients?clinicId=${twin.demo.jinganId}&limit=1000`, { token: owner });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('limit');
  });
});
