/**
 * The demo history written into a test twin (small: 200 patients), read back through the
 * repositories: what the dashboard and the patient pages will read agrees with itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { localDay } from '../../shared/domain/time.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';
import { activePatientIds } from '../../functions/local/demo-history-members.js';
import { addDays } from '../../shared/domain/time.js';
import type { Membership } from '../../shared/schemas/members.js';

let twin: TestTwin;
let report: Awaited<ReturnType<typeof import('../../functions/local/demo-history-writer.js').seedDemoHistory>>;
const partitions = new Map<string, Record<string, unknown>[]>();
let clinicIds: string[] = [];

beforeAll(async () => {
  twin = await startTestTwin();
  const { seedDemoHistory } = await import('../../functions/local/demo-history-writer.js');
  const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { queryAll } = await import('../../functions/adapters/dynamo/query-all.js');
  const { readPatientPartition } = await import('../../functions/adapters/dynamo/visit-repository.js');
  report = await seedDemoHistory(twin.demo.tenantId, { patients: 200 });
  clinicIds = (await listClinics(twin.demo.tenantId)).map((c) => c.clinicId);
  // Every patient of every clinic (the 200 of the history and the small demo's six), whole partitions.
  for (const clinicId of clinicIds) {
    const patients = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': patientEntity.indexes.byClinic.pk.fill({ tenantId: twin.demo.tenantId, clinicId }) } });
    for (const p of patients) partitions.set(String(p.patientId), await readPatientPartition(twin.demo.tenantId, String(p.patientId)));
  }
}, 120_000);

afterAll(async () => {
  await twin?.stop();
});

const itemsOf = (prefix: string) => [...partitions.values()].flatMap((items) => items.filter((i) => String(i.sk).startsWith(prefix)));

describe('demo history', () => {
  it('adds a third clinic and the patients asked for', () => {
    expect(clinicIds).toHaveLength(3);
    expect(report.patients).toBe(200);
    expect(partitions.size).toBe(206);
    expect(report.visits).toBeGreaterThan(200);
  });

  it('keeps every summary equal to the visits written', () => {
    for (const items of partitions.values()) {
      const visits = items.filter((i) => String(i.sk).startsWith('VISIT#')) as unknown as Visit[];
      const summary = items.find((i) => i.sk === 'SUMMARY');
      if (visits.length === 0) {
        expect(summary).toBeUndefined();
        continue;
      }
      expect(summary?.visitCount).toBe(visits.length);
      expect(summary?.totalSpendFen).toBe(visits.reduce((sum, v) => sum + v.totalFen, 0));
      expect(summary?.lastVisitAt).toBe(visits.map((v) => v.visitedAt).sort().at(-1));
      expect(summary?.firstVisitAt).toBe(visits.map((v) => v.visitedAt).sort()[0]);
    }
  });

  it('has rollups whose visits and visitors are the visits of each clinic day', async () => {
    const { readRollups } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const days = await readRollups(twin.demo.tenantId, clinicIds, '2020-01-01', '2030-12-31');
    const expected = new Map<string, { visits: number; patients: Set<string>; revenue: number }>();
    for (const v of itemsOf('VISIT#') as unknown as Visit[]) {
      const key = `${v.clinicId}#${localDay(new Date(v.visitedAt), 'Asia/Shanghai')}`;
      const day = expected.get(key) ?? { visits: 0, patients: new Set<string>(), revenue: 0 };
      day.visits += 1;
      day.patients.add(v.patientId);
      day.revenue += v.totalFen;
      expected.set(key, day);
    }
    const stored = new Map(days.map((d) => [`${d.clinicId}#${d.day}`, d]));
    for (const [key, day] of expected) {
      const rollup = stored.get(key);
      expect(rollup?.counters.visits, key).toBe(day.visits);
      expect(rollup?.counters.uniquePatients, key).toBe(day.patients.size);
      expect(rollup?.counters.revenueFen ?? 0, key).toBe(day.revenue);
      expect(new Set(rollup?.visitors), key).toEqual(day.patients);
    }
    expect(days.filter((d) => (d.counters.visits ?? 0) > 0)).toHaveLength(expected.size);
    for (const d of days) for (const value of Object.values(d.counters)) expect(Number.isSafeInteger(value)).toBe(true);
  });

  it('has coupons: some redeemed in the very visit that priced them, some expired, each with its issuer', async () => {
    type StoredCoupon = { code: string; patientId: string; status: string; expiresOn: string; visitId?: string; issuedBy: { kind: string }; definitionId: string };
    const coupons = itemsOf('COUPON#') as unknown as StoredCoupon[];
    expect(coupons.length).toBe(report.coupons);
    const visits = new Map((itemsOf('VISIT#') as unknown as Visit[]).map((v) => [v.visitId, v]));
    const redeemed = coupons.filter((c) => c.status === 'redeemed');
    expect(redeemed.length).toBeGreaterThan(0);
    for (const c of redeemed) {
      const v = visits.get(c.visitId ?? '');
      expect(v?.patientId).toBe(c.patientId);
      expect(v?.coupon?.code).toBe(c.code);
      expect(v?.couponDiscountFen).toBe(v?.coupon?.amountFen);
      expect((v?.subtotalFen ?? 0) - (v?.discountFen ?? 0) - (v?.couponDiscountFen ?? 0)).toBe(v?.totalFen);
    }
    // A visit never names a coupon its patient does not hold as redeemed by it.
    const byCode = new Map(coupons.map((c) => [c.code, c]));
    for (const v of visits.values()) if (v.coupon) expect(byCode.get(v.coupon.code)?.visitId).toBe(v.visitId);
    expect(coupons.some((c) => c.status === 'issued' && c.expiresOn < localDay(new Date(), 'Asia/Shanghai'))).toBe(true);
    expect(new Set(coupons.map((c) => c.issuedBy.kind))).toEqual(new Set(['staff', 'automation']));
    const token = await twin.tokenFor('owner');
    const definitions = await twin.api<{ items: { definitionId: string }[] }>('GET', '/coupon-definitions', { token });
    for (const c of coupons) expect(definitions.body.items.map((d) => d.definitionId)).toContain(c.definitionId);
    const listed = await twin.api<{ items: StoredCoupon[] }>('GET', `/patients/${redeemed[0]?.patientId}/coupons`, { token });
    expect(listed.body.items.find((c) => c.code === redeemed[0]?.code)?.status).toBe('redeemed');
  });

  it('stores phones in E.164, no visit in the future, and money in integer fen', () => {
    const now = new Date().toISOString();
    for (const profile of itemsOf('PROFILE')) expect(String(profile.phone)).toMatch(/^\+861[3-9]\d{9}$/);
    for (const v of itemsOf('VISIT#') as unknown as Visit[]) {
      expect(v.visitedAt <= now).toBe(true);
      const amounts = [v.totalFen, v.subtotalFen, v.discountFen, ...v.lines.flatMap((l) => [l.unitPriceFen, l.amountFen, l.discountFen]), ...v.payments.map((p) => p.amountFen)];
      for (const n of amounts) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
      expect(v.payments.reduce((sum, p) => sum + p.amountFen, 0)).toBe(v.totalFen);
    }
    for (const s of itemsOf('SUMMARY')) expect(Number.isSafeInteger(s.totalSpendFen)).toBe(true);
  });

  it('books ahead only on free slots, and only on days to come', () => {
    const today = localDay(new Date(), 'Asia/Shanghai');
    const ahead = itemsOf('APPT#').filter((a) => a.status === 'booked');
    for (const a of ahead) expect(String(a.localDay) >= today).toBe(true);
    const chairs = ahead.flatMap((a) => {
      const out: string[] = [];
      for (let t = Date.parse(String(a.startAt)); t < Date.parse(String(a.endAt)); t += 15 * 60_000) out.push(`${String(a.clinicId)}|${String(a.chair)}|${t}`);
      return out;
    });
    expect(new Set(chairs).size).toBe(chairs.length);
  });

  describe('members and stored value', () => {
    type Overview = {
      totals: { activeCards: number; activePeople: number; newCards: number; renewed: number; lapsed: number };
      liability: { total: { storedValuePrincipalFen: number; storedValueBonusFen: number; unearnedFeesFen: number; reserveFen: number } };
    };
    const today = () => localDay(new Date(), 'Asia/Shanghai');
    const from = () => addDays(today(), -365);
    const cards = () => itemsOf('MEMBERSHIP#') as unknown as Membership[];
    const overview = async () => {
      const token = await twin.tokenFor('owner');
      const answer = await twin.api<Overview>('GET', `/members/overview?from=${from()}&to=${today()}`, { token });
      expect(answer.status).toBe(200);
      return answer.body;
    };

    it('covers 10–15% of the active patients with live cards, some renewed, some lapsed, some for a family', async () => {
      const active = activePatientIds(itemsOf('VISIT#') as unknown as Visit[], today());
      const { totals } = await overview();
      const share = totals.activePeople / active.size;
      expect(share).toBeGreaterThanOrEqual(0.1);
      expect(share).toBeLessThanOrEqual(0.15);
      expect(cards().some((m) => m.periods.length > 1)).toBe(true);
      expect(cards().some((m) => m.endDate <= today())).toBe(true);
      expect(cards().some((m) => m.memberPatientIds.length > 1)).toBe(true);
    });

    it('has overview counts equal to the cards on record', async () => {
      const { totals } = await overview();
      const live = cards().filter((m) => m.status === 'active' && m.endDate > today());
      const periods = cards().flatMap((m) => m.periods);
      const sold = (first: boolean) => periods.filter((p) => (p.n === 1) === first && localDay(new Date(p.soldAt), 'Asia/Shanghai') >= from()).length;
      expect(totals.activeCards).toBe(live.length);
      expect(totals.activePeople).toBe(live.reduce((s, m) => s + m.memberPatientIds.length, 0));
      expect(totals.newCards).toBe(sold(true));
      expect(totals.renewed).toBe(sold(false));
      expect(totals.lapsed).toBe(cards().filter((m) => m.endDate >= from() && m.endDate <= today()).length);
      expect(totals.activeCards).toBeGreaterThan(0);
    });

    it('keeps every wallet equal to its ledger, and the liability equal to the wallets', async () => {
      let principal = 0;
      let bonus = 0;
      const kinds = new Set<string>();
      for (const items of partitions.values()) {
        const account = items.find((i) => i.sk === 'WALLETACCOUNT');
        const ledger = items.filter((i) => String(i.sk).startsWith('WALLETLEDGER#'));
        for (const row of ledger) kinds.add(String(row.kind));
        if (!account) {
          expect(ledger).toHaveLength(0);
          continue;
        }
        expect(account.principalFen).toBe(ledger.reduce((s, r) => s + Number(r.principalFen), 0));
        expect(account.bonusFen).toBe(ledger.reduce((s, r) => s + Number(r.bonusFen), 0));
        expect(Number(account.principalFen) >= 0 && Number(account.bonusFen) >= 0).toBe(true);
        principal += Number(account.principalFen);
        bonus += Number(account.bonusFen);
      }
      expect([...kinds].sort()).toEqual(['debit', 'refund', 'top-up']);
      expect(itemsOf('WALLETLEDGER#').some((r) => r.kind === 'top-up' && Number(r.bonusFen) > 0)).toBe(true);
      const { liability } = await overview();
      expect(liability.total.storedValuePrincipalFen).toBe(principal);
      expect(liability.total.storedValueBonusFen).toBe(bonus);
      expect(liability.total.unearnedFeesFen).toBeGreaterThan(0);
    });
  });
});
