/**
 * members_overview_rcu_{1y,3y}: read units of the owner's Members page — GET /members/overview
 * (this year so far, all clinics), the first page of /members/renewals-due and of
 * /members/lapsed — for a chain of 3 clinics with 2,000 live members, its cards sold over 1 and
 * over 3 years (renewed or lapsed since) and stored-value accounts. The page reads a window of
 * month counters set by the longest term, never the history, so both should cost the same; the
 * nightly figures (members vs non-members, entitlement use) are one item the job rewrites.
 * Cards, counters and wallets are built by the same pure rules and item builders as the live
 * sale, renewal and top-up (planSale, planRenewal, saleDeltas, renewalDeltas, walletDeltas).
 */
import { ulid } from 'ulid';
import type { Twin } from '../../functions/local/twin.js';
import { planRenewal, planSale } from '../../shared/domain/members/membership.js';
import { renewalDeltas, saleDeltas, walletDeltas, type BalanceDelta, type MonthDelta } from '../../shared/domain/members/numbers.js';
import { planTopUp } from '../../shared/domain/wallet/operations.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Membership, Plan } from '../../shared/schemas/members.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { WalletEntry } from '../../shared/schemas/wallet.js';
import type { Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const benchMembers = 2_000;

/** Cards of one chain: sold on random days over `years`, renewed with 70% chance, until 2,000 are live today. */
const cardsOf = (input: { plan: Plan; clinicIds: string[]; years: number; today: string; soldBy: string }): Membership[] => {
  const out: Membership[] = [];
  let live = 0;
  let n = 0;
  while (live < benchMembers) {
    n += 1;
    const day = addDays(input.today, -1 - Math.floor(Math.random() * 365 * input.years));
    const at = `${day}T03:00:00.000Z`;
    const clinicId = input.clinicIds[n % input.clinicIds.length] ?? '';
    const payments = [{ method: 'wechat' as const, amountFen: input.plan.priceFen }];
    const sale = planSale(input.plan, { planId: input.plan.planId, clinicId, memberPatientIds: [], payments, acknowledgedAt: at }, {
      membershipId: ulid(Date.parse(at)), holderPatientId: ulid(Date.parse(at)), soldBy: input.soldBy, now: at, today: day, earlierPurchases: 0, firstVisitDay: undefined,
    });
    if (!sale.ok) throw new Error(sale.problems.map((p) => p.message).join('; '));
    const history = [sale.membership];
    for (;;) {
      const m = history.at(-1) as Membership;
      const renewDay = addDays(m.endDate, -Math.floor(Math.random() * 40) - 1);
      if (renewDay >= input.today || Math.random() > 0.7) break;
      const renewAt = `${renewDay}T03:00:00.000Z`;
      const renewal = planRenewal(m, { clinicId, payments, acknowledgedAt: renewAt }, { today: renewDay, soldBy: input.soldBy, now: renewAt });
      if (!renewal.ok) break;
      history.push(renewal.membership);
    }
    const last = history.at(-1) as Membership;
    if (last.endDate > input.today) live += 1;
    out.push(...history);
  }
  return out;
};

/** Items of a chain's members: the sale's items for each card's latest state, a profile per holder, the counters of every step, and one top-up for every fourth member. */
const seedMembers = async (tenantId: string, template: PatientRecord, input: Parameters<typeof cardsOf>[0]): Promise<{ cards: number; live: number }> => {
  const { saleItems } = await import('../../functions/adapters/dynamo/membership-repository.js');
  const { memberNumberItems } = await import('../../functions/adapters/dynamo/member-numbers-repository.js');
  const { walletStateItems } = await import('../../functions/adapters/dynamo/wallet-repository.js');
  const { patientItem } = await import('../../functions/adapters/dynamo/import-patient-writer.js');
  const { batchWriteAll } = await import('../../functions/adapters/dynamo/import-batch.js');
  const states = cardsOf(input);
  const months: MonthDelta[] = [];
  const balances: BalanceDelta[] = [];
  const latest = new Map<string, Membership>();
  for (const m of states) {
    const before = latest.get(m.membershipId);
    months.push(...(before ? renewalDeltas(before, m) : saleDeltas(m)));
    balances.push({ clinicId: m.periods.at(-1)?.clinicId ?? '', counters: {}, termMonths: m.terms.termMonths });
    latest.set(m.membershipId, m);
  }
  const items: Record<string, unknown>[] = [];
  [...latest.values()].forEach((m, i) => {
    const clinicId = m.periods[0]?.clinicId ?? '';
    items.push(...saleItems(tenantId, m), patientItem(tenantId, { ...template, patientId: m.holderPatientId, clinicId, name: `会员${i}`, phone: `+86139${String(10_000_000 + i).slice(-8)}` }, 'bench'));
    if (i % 4 !== 0 || m.endDate <= input.today) return;
    const delta = planTopUp({ tiers: [{ thresholdFen: 500_000, bonusFen: 50_000 }] }, 500_000);
    const entry: WalletEntry = { entryId: ulid(Date.parse(m.periods[0]?.soldAt ?? '')), kind: 'top-up', principalFen: delta.principalFen, bonusFen: delta.bonusFen, at: m.periods[0]?.soldAt ?? '', by: input.soldBy, method: 'wechat' };
    items.push(...walletStateItems(tenantId, m.holderPatientId, [entry]));
    const d = walletDeltas({ clinicId, day: m.periods[0]?.startDate ?? '', kind: 'top-up', principalFen: delta.principalFen, bonusFen: delta.bonusFen, by: input.soldBy });
    months.push(d.month);
    balances.push(d.balance);
  });
  items.push(...memberNumberItems(tenantId, months, balances));
  await batchWriteAll(items, 8);
  return { cards: latest.size, live: [...latest.values()].filter((m) => m.endDate > input.today).length };
};

/** A chain of three clinics with its 2,000 members sold over `years`, and its owner's token. */
const memberChain = async (twin: Twin, years: number): Promise<{ token: string; cards: number; live: number }> => {
  const { onboardChain } = await import('../../functions/services/onboarding.js');
  const { createClinic, listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { listPlans } = await import('../../functions/adapters/dynamo/membership-repository.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const { newClinic } = await import('../../shared/domain/onboarding.js');
  const { chain, clinic, owner } = await onboardChain({
    chainName: `会员基准${years}年`, brand: '微笑口腔', clinic: { name: '静安店' },
    owner: { email: `bench-members-${years}y-${ulid().toLowerCase()}@bench.local`, displayName: '基准', password: 'bench-password-1234' },
  });
  for (const name of ['天河店', '浦东店']) await createClinic(chain.tenantId, newClinic(ulid(), { name, smsSignature: '微笑口腔', timeZone: 'Asia/Shanghai' }, new Date().toISOString()));
  const caller = { userId: owner.userId, email: owner.email, tenantId: chain.tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const template = await createPatient(caller, patientCreateSchema.parse({ name: '会员模板', phone: '13900000000', clinicId: clinic.clinicId }));
  const plan = (await listPlans(chain.tenantId)).find((p) => p.priceFen === 298_000);
  if (!plan) throw new Error('the seed plan is missing');
  const clinicIds = (await listClinics(chain.tenantId)).map((c) => c.clinicId);
  const seeded = await seedMembers(chain.tenantId, template, { plan, clinicIds, years, today: localDay(new Date(), 'Asia/Shanghai'), soldBy: owner.userId });
  // The nightly run writes the visit and utilisation figures the page reads (one item).
  const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
  await runPatientMetrics(chain.tenantId, new Date());
  const { token } = await twin.issuer.sign({ userId: owner.userId, email: owner.email, tenantId: chain.tenantId, role: 'owner', clinicIds: '*' });
  return { token, ...seeded };
};

/** The page's four requests as the dashboard makes them on opening #/members. */
const pageUnits = async (twin: Twin, capture: Capture, token: string): Promise<{ rcu: number; activeCards: number; liabilityRcu: number }> => {
  const today = localDay(new Date(), 'Asia/Shanghai');
  let activeCards = 0;
  const get = async (path: string) => {
    const res = await fetch(`${twin.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ totals?: { activeCards: number } }>;
  };
  const overview = await capture(async () => {
    activeCards = (await get(`/members/overview?from=${today.slice(0, 4)}-01-01&to=${today}`)).totals?.activeCards ?? 0;
  });
  const lists = await capture(async () => {
    await get('/members/renewals-due?limit=10');
    await get('/members/lapsed?limit=10');
  });
  return { rcu: overview.read + lists.read, activeCards, liabilityRcu: overview.read };
};

export const measureMembersOverview = async (twin: Twin, capture: Capture, emit: Emit): Promise<void> => {
  const chains = [];
  for (const years of [1, 3]) chains.push({ years, ...(await memberChain(twin, years)) });
  for (const chain of chains) {
    const { rcu, activeCards, liabilityRcu } = await pageUnits(twin, capture, chain.token);
    emit(`members_overview_rcu_${chain.years}y`, rcu, 'RCU', { members: chain.live, active_cards: activeCards, cards_on_record: chain.cards, overview_and_liability_rcu: liabilityRcu, goal: 60 });
  }
};
