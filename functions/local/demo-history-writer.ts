/**
 * Writes the demo history (demo-history.ts) into the demo chain: a third clinic, the dentists
 * who work its chairs, then every patient's partition with BatchWriteItem, several requests in
 * flight, and the KPI rollups last, merged with what the small demo seed already counted.
 * Only for a fresh database (startTwin calls it right after seeding the demo chain).
 */
import { ulid } from 'ulid';
import { mergeDayCounters } from '../../shared/domain/kpi/index.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import { newClinic } from '../../shared/domain/onboarding.js';
import type { Clinic, StaffMember } from '../../shared/schemas/org.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { batchWriteAll } from '../adapters/dynamo/import-batch.js';
import { mapLimit } from '../lib/concurrency.js';
import { readRollups } from '../adapters/dynamo/kpi-repository.js';
import { claimStaff, createClinic, listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { demoHistoryDefaults, generateDemoHistory, type DemoChair, type DemoClinic, type DemoHistory } from './demo-history.js';
import { chainItems, memberChainItems, memberPartitions, patientPartitions } from './demo-history-items.js';
import { generateDemoMembers, type DemoMembers } from './demo-history-members.js';
import { listPlans } from '../adapters/dynamo/membership-repository.js';
import { getWalletRules, putWalletRules } from '../adapters/dynamo/wallet-repository.js';
import type { WalletRules } from '../../shared/domain/wallet/bonus-rules.js';
import { dayKeyOf } from '../../shared/domain/kpi/day-counters.js';
import { demoPackItems } from './demo-history-packs.js';
import { couponDefinitionEntity, couponEntity } from '../adapters/dynamo/entities/coupon.js';

/** The history's coupon types (chain partition) and coupons (each in its patient's partition). */
const couponItems = (tenantId: string, h: DemoHistory): Record<string, unknown>[] => [
  ...h.couponDefinitions.map((d) => ({ ...couponDefinitionEntity.key({ tenantId, definitionId: d.definitionId }), type: couponDefinitionEntity.type, ...d })),
  ...h.coupons.map((c) => ({ ...couponEntity.key({ tenantId, patientId: c.patientId, code: c.code }), type: couponEntity.type, ...c })),
];

export type DemoHistoryOptions = {
  patients?: number;
  years?: number;
  seed?: number;
  /** BatchWriteItem requests in flight */
  concurrency?: number;
  now?: Date;
  /** patients written so far, of all */
  onProgress?: (done: number, total: number) => void;
};

export type DemoHistoryReport = {
  patients: number;
  visits: number;
  appointments: number;
  recalls: number;
  tasks: number;
  messages: number;
  rollupDays: number;
  memberships: number;
  wallets: number;
  coupons: number;
  items: number;
  generateMs: number;
  writeMs: number;
};

/** Chairs and who works them; the first 静安店 chair is the demo dentist's (dentist@demo.local). */
const clinicPlan = [
  { name: '静安店', share: 0.4, openedDaysAgo: 0, dentists: ['赵医生', '孙医生', '周医生'] },
  { name: '天河店', share: 0.35, openedDaysAgo: 0, dentists: ['黄医生', '林医生', '何医生'] },
  { name: '浦东店', share: 0.25, openedDaysAgo: 420, dentists: ['吴医生', '郑医生'] },
] as const;

const pudong = { name: '浦东店', address: '上海市浦东新区世纪大道 88 号', timeZone: 'Asia/Shanghai', smsSignature: '微笑口腔' };

/** 浦东店 and the dentists of every chair (staff records; only the demo users can log in). */
const prepareChain = async (tenantId: string, now: Date, from: string): Promise<{ clinics: DemoClinic[]; frontdeskId: string }> => {
  let clinics = await listClinics(tenantId);
  if (!clinics.some((c) => c.name === pudong.name)) {
    await createClinic(tenantId, newClinic(ulid(), pudong, now.toISOString()));
    clinics = await listClinics(tenantId);
  }
  const staff = await listStaff(tenantId);
  const frontdeskId = staff.find((s) => s.email === 'frontdesk@demo.local')?.userId ?? 'system';
  const demoDentist = staff.find((s) => s.email === 'dentist@demo.local');
  const today = localDay(now, 'Asia/Shanghai');
  const out: DemoClinic[] = [];
  for (const [c, plan] of clinicPlan.entries()) {
    const clinic: Clinic | undefined = clinics.find((k) => k.name === plan.name);
    if (!clinic) continue;
    const chairs: DemoChair[] = [];
    for (const [i, name] of plan.dentists.entries()) {
      if (c === 0 && i === 0 && demoDentist) {
        chairs.push({ chair: '1号椅', dentistId: demoDentist.userId, dentistName: demoDentist.displayName });
        continue;
      }
      const member: StaffMember = {
        userId: ulid(), email: `dentist-${c + 1}-${i + 1}@demo.local`, displayName: name, role: 'dentist',
        clinicIds: [clinic.clinicId], status: 'active', createdAt: now.toISOString(),
      };
      await claimStaff(tenantId, member);
      chairs.push({ chair: `${i + 1}号椅`, dentistId: member.userId, dentistName: name });
    }
    const openedOn = plan.openedDaysAgo > 0 ? addDays(today, -plan.openedDaysAgo) : from;
    out.push({ clinicId: clinic.clinicId, name: clinic.name, timeZone: clinic.timeZone, openedOn, share: plan.share, chairs });
  }
  return { clinics: out, frontdeskId };
};

/** The history's rollups plus what is stored already for the same days (the small demo's checkouts and bookings). */
const withStoredRollups = async (tenantId: string, h: DemoHistory, clinicIds: string[], from: string): Promise<DemoHistory> => {
  const stored = await readRollups(tenantId, clinicIds, from, addDays(h.today, 60));
  if (stored.length === 0) return h;
  const visitors = new Map(h.visitors);
  for (const day of stored) {
    const key = dayKeyOf(day);
    visitors.set(key, [...new Set([...(visitors.get(key) ?? []), ...day.visitors])]);
  }
  return { ...h, rollups: mergeDayCounters([...h.rollups, ...stored.map(({ clinicId, day, counters }) => ({ clinicId, day, counters }))]), visitors };
};

/** The demo chain's top-up bonus (充2000送150, 充5000送500), set once if the owner has set none. */
const demoWalletRules = async (tenantId: string, now: Date): Promise<WalletRules> => {
  const stored = await getWalletRules(tenantId);
  if (stored.version > 0) return stored;
  const rules: WalletRules = { tiers: [{ thresholdFen: 200_000, bonusFen: 15_000 }, { thresholdFen: 500_000, bonusFen: 50_000 }], debitOrder: 'principal-first' };
  await putWalletRules(tenantId, { ...rules, version: 1, updatedAt: now.toISOString(), updatedBy: 'system' }, 0);
  return rules;
};

/** Members and wallets over the history's patients and visits, sold from the chain's 2980 plan. */
const demoMembers = async (tenantId: string, h: DemoHistory, frontdeskId: string, seed: number): Promise<DemoMembers> => {
  const plans = await listPlans(tenantId);
  const plan = plans.find((p) => p.priceFen === 298_000 && p.active) ?? plans.find((p) => p.active);
  const empty: DemoMembers = { memberships: [], wallets: [], months: [], balances: [] };
  if (!plan) return empty;
  const rules = await demoWalletRules(tenantId, new Date());
  return generateDemoMembers({ patients: h.patients, visits: h.visits, plan, rules, frontdeskId, today: h.today, seed: seed + 1 });
};

export const seedDemoHistory = async (tenantId: string, options: DemoHistoryOptions = {}): Promise<DemoHistoryReport> => {
  const now = options.now ?? new Date();
  const years = options.years ?? demoHistoryDefaults.years;
  const from = addDays(localDay(now, 'Asia/Shanghai'), -365 * years);
  const started = performance.now();
  const { clinics, frontdeskId } = await prepareChain(tenantId, now, from);
  const catalog = await listProcedures(tenantId);
  const generated = generateDemoHistory({
    clinics, catalog, frontdeskId, now, years,
    ...(options.patients !== undefined ? { patients: options.patients } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const history = await withStoredRollups(tenantId, generated, clinics.map((c) => c.clinicId), from);
  const members = await demoMembers(tenantId, history, frontdeskId, options.seed ?? demoHistoryDefaults.seed);
  const partitions = [...patientPartitions(tenantId, history), ...memberPartitions(tenantId, members), couponItems(tenantId, history)];
  const generateMs = performance.now() - started;

  // Batches of 25 in patient order; progress is told in patients, by the share of batches written.
  const items = partitions.flat();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const total = history.patients.length;
  let written = 0;
  options.onProgress?.(0, total);
  await mapLimit(batches, { limit: options.concurrency ?? 16 }, async (batch) => {
    await batchWriteAll(batch, 1);
    written += 1;
    options.onProgress?.(Math.floor((written / batches.length) * total), total);
  });
  // Rollups last: the dashboard never shows counts ahead of the records behind them.
  const chain = [...chainItems(tenantId, history), ...memberChainItems(tenantId, members)];
  await batchWriteAll(chain, options.concurrency ?? 16);
  // A few visit packs (次卡), with their liability per clinic.
  await batchWriteAll(demoPackItems(tenantId, history, frontdeskId, (options.seed ?? demoHistoryDefaults.seed) + 2), options.concurrency ?? 16);
  options.onProgress?.(total, total);
  return {
    patients: history.patients.length, visits: history.visits.length, appointments: history.appointments.length, recalls: history.recalls.length,
    tasks: history.tasks.length, messages: history.messages.length, rollupDays: history.rollups.length,
    memberships: members.memberships.length, wallets: members.wallets.length, coupons: history.coupons.length,
    items: items.length + chain.length, generateMs, writeMs: performance.now() - started - generateMs,
  };
};
