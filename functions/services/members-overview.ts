/**
 * The Members page (issue 11, item 10): the owner's membership and stored-value numbers from the
 * month counters kept in the same transactions as the cards and wallets, the liability report
 * with its reserve, and the pages of cards to renew or to call back. Owners and managers only
 * (access.ts): every figure here is money or next to it.
 */
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import {
  clinicNumbers, liabilityOf, recognisedByMonth, renewalRate, reservePercentDefault, staffSales, window, endsBetween, lastQuarterEnd, type Liability, type MonthItem,
} from '../../shared/domain/members/overview.js';
import { monthOf } from '../../shared/domain/members/recognition.js';
import { chainComparison } from '../../shared/domain/members/usage.js';
import { chainTimeZone, addDays, localDay } from '../../shared/domain/time.js';
import type { MemberListQuery, MembersOverviewQuery } from '../../shared/schemas/member-numbers.js';
import { withPackLiability } from './pack-liability.js';
import { readPackQuarter } from '../adapters/dynamo/pack-quarter-repository.js';
import { cardsEndingBetween, putReservePercent, readMemberBalances, readMemberMonths, reservePercentOf } from '../adapters/dynamo/member-numbers-repository.js';
import { readMemberUsage } from '../adapters/dynamo/member-usage-repository.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { visibleClinics } from './kpi-scope.js';

/** How the nightly figures are meant, said on the page rather than left to guess. */
const notes = [
  'reserve: a share of last quarter\'s prepaid balance (unearned fees, stored-value principal and visit packs outstanding at its end); packs count once their quarter end was recorded by the daily run (packsInReserve)',
  'visit frequency and spend: last 12 months to the nightly run, members = covered by a live card that day, non-members = others with a visit in the 12 months; at the patient\'s own clinic',
  'entitlement utilisation: live cards\' current term, used against what the term has made available so far (per-month allowances × months begun; unlimited services per member covered)',
];

/** The nightly figures (usage.ts) for the clinics the caller sees; null before the first night. */
const usageFor = async (tenantId: string, clinicIds: ReadonlySet<string>) => {
  const usage = await readMemberUsage(tenantId);
  if (!usage) return null;
  const visits = usage.visits.filter((v) => clinicIds.has(v.clinicId));
  return {
    asOfDay: usage.asOfDay, sinceDay: usage.sinceDay, computedAt: usage.computedAt,
    visits, chain: chainComparison(visits),
    entitlements: usage.entitlements.filter((e) => clinicIds.has(e.clinicId)),
  };
};

const sumLiabilities = (rows: readonly Liability[], endMonth: string): Omit<Liability, 'clinicId'> => ({
  unearnedFeesFen: rows.reduce((s, r) => s + r.unearnedFeesFen, 0),
  storedValuePrincipalFen: rows.reduce((s, r) => s + r.storedValuePrincipalFen, 0),
  storedValueBonusFen: rows.reduce((s, r) => s + r.storedValueBonusFen, 0),
  lastQuarter: { endMonth, prepaidFen: rows.reduce((s, r) => s + r.lastQuarter.prepaidFen, 0) },
  reserveFen: rows.reduce((s, r) => s + r.reserveFen, 0),
});

export const membersOverview = async (caller: Caller, query: MembersOverviewQuery, now = new Date()) => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const today = localDay(now, chainTimeZone(clinics));
  const [balances, setting, staff, usage, packQuarter] = await Promise.all([
    readMemberBalances(caller.tenantId), reservePercentOf(caller.tenantId), listStaff(caller.tenantId), usageFor(caller.tenantId, new Set(clinics.map((c) => c.clinicId))),
    readPackQuarter(caller.tenantId, lastQuarterEnd(today)),
  ]);
  const longestTerm = Math.max(12, ...balances.flatMap((b) => b.termMonths));
  const span = window({ from: monthOf(query.from), to: monthOf(query.to), today, longestTerm });
  const reservePercent = setting?.percent ?? reservePercentDefault;
  const perClinic = await Promise.all(clinics.map(async (clinic) => ({ clinic, items: await readMemberMonths(caller.tenantId, clinic.clinicId, span.first, span.last) })));
  const all: MonthItem[] = perClinic.flatMap((c) => c.items);
  const numbers = perClinic.map(({ clinic, items }) => ({ name: clinic.name, ...clinicNumbers({ clinicId: clinic.clinicId, items, fromDay: query.from, toDay: query.to, today }) }));
  const liabilities = perClinic.map(({ clinic, items }) => liabilityOf({
    clinicId: clinic.clinicId, items, balance: balances.find((b) => b.clinicId === clinic.clinicId), today, reservePercent, packsAtQuarterEndFen: packQuarter?.unearnedFenByClinic[clinic.clinicId] ?? 0,
  }));
  const packs = await withPackLiability(caller.tenantId, liabilities, today);
  const total = (pick: (n: (typeof numbers)[number]) => number) => numbers.reduce((s, n) => s + pick(n), 0);
  const renewed = total((n) => n.renewed);
  const lapsed = total((n) => n.lapsed);
  const names = new Map(staff.map((s) => [s.userId, s.displayName]));
  const inRange = all.filter((i) => i.month >= monthOf(query.from) && i.month <= monthOf(query.to));
  return {
    from: query.from, to: query.to, asOf: now.toISOString(),
    totals: {
      activeCards: total((n) => n.activeCards), activePeople: total((n) => n.activePeople), newCards: total((n) => n.newCards), renewed, lapsed,
      cancelled: total((n) => n.cancelled), renewalRate: renewalRate(renewed, lapsed), feeSoldFen: total((n) => n.feeSoldFen),
    },
    recognisedByMonth: recognisedByMonth(all, monthOf(query.from), monthOf(query.to)),
    clinics: numbers,
    staff: staffSales(inRange).map((s) => ({ ...s, name: names.get(s.userId) ?? s.userId })),
    renewalsDueIn90Days: endsBetween(all, addDays(today, 1), addDays(today, 90)),
    liability: { reservePercent, reserveVersion: setting?.version ?? 0, packsInReserve: packQuarter !== undefined, clinics: packs.clinics, total: { ...sumLiabilities(liabilities, liabilities[0]?.lastQuarter.endMonth ?? ''), ...packs.total } },
    usage,
    notes,
  };
};

/** How far back "lapsed to call" looks: past that, a call is a reactivation campaign's job. */
const lapsedLookbackDays = 90;

export const memberList = async (caller: Caller, kind: 'due' | 'lapsed', query: MemberListQuery, now = new Date()) => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const today = localDay(now, chainTimeZone(clinics));
  const range = kind === 'due' ? { fromDay: addDays(today, 1), toDay: addDays(today, 90), newestFirst: false } : { fromDay: addDays(today, -lapsedLookbackDays), toDay: today, newestFirst: true };
  const page = await cardsEndingBetween(caller.tenantId, { ...range, clinicIds: clinics.map((c) => c.clinicId), limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  const holders = await Promise.all(page.items.map((c) => getPatient(caller.tenantId, c.holderPatientId)));
  return {
    items: page.items.map((card, i) => ({
      membershipId: card.membershipId, holderPatientId: card.holderPatientId, holderName: holders[i]?.name ?? '', ...(holders[i]?.phone ? { phone: holders[i]?.phone } : {}),
      people: card.memberPatientIds.length, planName: card.planName, endDate: card.endDate, clinicId: card.clinicId,
    })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
};

export const setReservePercent = async (caller: Caller, input: { reservePercent: number; version: number }, now = new Date()) => {
  const written = await putReservePercent(caller.tenantId, { percent: input.reservePercent, versionRead: input.version, by: caller.userId, at: now.toISOString() });
  if (!written) throw new DomainError('conflict', 'version: the reserve percentage was changed by someone else meanwhile; reload it', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  return { reservePercent: input.reservePercent, version: input.version + 1 };
};
