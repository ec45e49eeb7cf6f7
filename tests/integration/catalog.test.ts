import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
type Listed = Procedure & { clinicPriceFen?: number };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const list = async (query = '') => (await twin.api<{ items: Listed[] }>('GET', `/procedures${query}`, { token: owner })).body.items;

describe('procedure catalog', () => {
  it('a new chain starts with the default catalog: recall rules and care pathways from the seeds', async () => {
    const items = await list();
    const byCode = new Map(items.map((p) => [p.code, p]));
    expect(byCode.get('cleaning')).toMatchObject({ nameZh: '超声波洁牙', priceFen: 15_000, recall: { kind: 'interval', months: 6 } });
    expect(byCode.get('perio-therapy')?.recall).toMatchObject({ months: 3 });
    expect(byCode.get('implant')?.recall).toEqual({ kind: 'milestones', group: 'implant-maintenance', months: [12, 24, 36] });
    expect(byCode.get('ortho-aligners')?.recall).toMatchObject({ months: 1 });
    expect(byCode.get('wisdom-tooth')?.carePathway.map((s) => s.offsetDays)).toEqual([0, 1, 2, 7]);
    expect(items.every((p) => Number.isInteger(p.priceFen))).toBe(true);
    const other = await twin.otherChain();
    const otherItems = (await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: other.ownerToken })).body.items;
    const ours = new Set(items.map((p) => p.procedureId));
    expect(otherItems.length).toBeGreaterThan(0);
    expect(otherItems.filter((p) => ours.has(p.procedureId))).toEqual([]);
  });

  it('a clinic price overrides the chain price for that clinic only, and null restores it', async () => {
    const cleaning = (await list()).find((p) => p.code === 'cleaning');
    if (!cleaning) throw new Error('no cleaning');
    const set = await twin.api<Procedure>('PUT', `/procedures/${cleaning.procedureId}/prices/${twin.demo.tianheId}`, { token: await twin.tokenFor('owner'), body: { priceFen: 12_800, version: cleaning.version } });
    expect(set.status).toBe(200);
    expect((await list(`?clinicId=${twin.demo.tianheId}`)).find((p) => p.code === 'cleaning')?.clinicPriceFen).toBe(12_800);
    expect((await list(`?clinicId=${twin.demo.jinganId}`)).find((p) => p.code === 'cleaning')?.clinicPriceFen).toBe(15_000);
    await twin.api('PUT', `/procedures/${cleaning.procedureId}/prices/${twin.demo.tianheId}`, { token: owner, body: { priceFen: null, version: set.body.version } });
    expect((await list(`?clinicId=${twin.demo.tianheId}`)).find((p) => p.code === 'cleaning')?.clinicPriceFen).toBe(15_000);
  });

  it('a manager may set prices for their own clinic only', async () => {
    const manager = await twin.tokenFor('manager');
    const cleaning = (await list()).find((p) => p.code === 'cleaning');
    expect((await twin.api('PUT', `/procedures/${cleaning?.procedureId}/prices/${twin.demo.jinganId}`, { token: manager, body: { priceFen: 16_000, version: cleaning?.version } })).status).toBe(200);
    expect((await twin.api('PUT', `/procedures/${cleaning?.procedureId}/prices/${twin.demo.tianheId}`, { token: manager, body: { priceFen: 1, version: (cleaning?.version ?? 0) + 1 } })).status).toBe(404);
  });

  it('owners add and edit procedures; codes are unique per chain', async () => {
    const body = { code: 'night-guard', nameZh: '夜磨牙垫', nameEn: 'Night guard', category: 'restorative', valueTier: 'standard', priceFen: 88_000 };
    const created = await twin.api<Procedure>('POST', '/procedures', { token: owner, body });
    expect(created.status).toBe(201);
    expect((await twin.api('POST', '/procedures', { token: owner, body })).status).toBe(409);
    const edited = await twin.api<Procedure>('PATCH', `/procedures/${created.body.procedureId}`, { token: owner, body: { active: false, version: created.body.version } });
    expect(edited.body.active).toBe(false);
    expect((await list()).map((p) => p.code)).not.toContain('night-guard');
    expect((await list('?includeInactive=true')).map((p) => p.code)).toContain('night-guard');
  });

  it('a price change from an old read is a 409 on version and changes nothing (invariant 11)', async () => {
    const cleaning = (await list()).find((p) => p.code === 'cleaning');
    if (!cleaning) throw new Error('no cleaning in the catalog');
    const path = `/procedures/${cleaning.procedureId}`;
    const both = await Promise.all([16_800, 17_800].map((priceFen) => twin.api<Procedure & ApiErrorBody>('PATCH', path, { token: owner, body: { priceFen, version: cleaning.version } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = both.find((r) => r.status === 409);
    expect(lost?.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    const winner = both.find((r) => r.status === 200)?.body;
    const stored = (await list()).find((p) => p.code === 'cleaning');
    expect(stored).toMatchObject({ priceFen: winner?.priceFen, version: (cleaning.version ?? 0) + 1 });
    expect((await twin.api('PATCH', `/procedures/01HZZZZZZZZZZZZZZZZZZZZZZZ`, { token: owner, body: { priceFen: 1, version: 0 } })).status).toBe(404);
  });

  it.each([
    ['a fractional price', { priceFen: 100.5 }, 'priceFen'],
    ['a negative price', { priceFen: -1 }, 'priceFen'],
    ['a price in yuan as text', { priceFen: '150' }, 'priceFen'],
    ['an unknown category', { category: 'magic' }, 'category'],
    ['a bad care step', { carePathway: [{ offsetDays: -1, action: 'call', topic: 'x-y' }] }, 'carePathway.0.offsetDays'],
  ])('refuses %s with a 400 naming the field', async (_label, change, field) => {
    const body = { code: `bad-${Math.random().toString(36).slice(2, 8)}`, nameZh: '坏', nameEn: 'Bad', category: 'basic', valueTier: 'basic', priceFen: 100, ...change };
    const res = await twin.api<ApiErrorBody>('POST', '/procedures', { token: owner, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
  });
});
