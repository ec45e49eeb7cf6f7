/**
 * Which visit lines a membership covers, decided from the card's frozen terms and its counters
 * as read. The decision names every counter it relies on, so the write can state it as a
 * condition (count never past the allowance, interval respected) and a concurrent checkout of
 * the same family cannot overspend: the database, not this read, has the last word.
 */
import { addDays } from '../time.js';
import type { IncludedService, Membership } from '../../schemas/members.js';
import type { VisitLine } from '../../schemas/visit.js';
import { statusOn, termOn } from './term.js';

/** The card's counters as stored: `u|…` uses so far, `l|…` the day of the latest use. */
export type Counters = Readonly<Record<string, number | string>>;

export type MemberCard = { membership: Membership; counters: Counters };

/** One covered line: what it used, and what a void needs to give it back exactly. */
export type EntitlementUse = {
  membershipId: string;
  holderPatientId: string;
  patientId: string;
  visitId?: string;
  lineIndex: number;
  entitlementKey: string;
  procedureCode: string;
  term: number;
  count: number;
  /** the list value of what was used: the line's price before the card */
  listValueFen: number;
  day: string;
  /** count allowances: the counter and the most it may reach */
  usedKey?: string;
  limit?: number;
  /** interval allowances: the counter of the latest day, its value before, and the latest day a use may follow */
  lastKey?: string;
  previousLast?: string;
  latestAllowedLast?: string;
};

const scopeOf = (service: IncludedService, patientId: string): string => (service.sharing === 'per-person' ? patientId : 'all');

export const usedKeyOf = (service: IncludedService, term: number, day: string, patientId: string): string =>
  `u|${term}|${service.allowance.kind === 'count' && service.allowance.per === 'month' ? day.slice(0, 7) : 'term'}|${service.key}|${scopeOf(service, patientId)}`;

export const lastKeyOf = (service: IncludedService, patientId: string): string => `l|${service.key}|${scopeOf(service, patientId)}`;

/** A card a patient may use at a clinic on a day: active, theirs, and honoured there. */
export const cardApplies = (membership: Membership, patientId: string, clinicId: string, day: string): boolean =>
  statusOn(membership, day) === 'active' &&
  membership.memberPatientIds.includes(patientId) &&
  (!membership.terms.clinicIds || membership.terms.clinicIds.includes(clinicId));

type Pending = Map<string, number>;

/** Counter of the extra uses referral rewards granted a card in a term (referral.ts). */
export const grantKeyOf = (term: number, procedureCode: string): string => `g|${term}|${procedureCode}`;

/**
 * Rewards granted to the card this term, as extra shared count entitlements: used only when the
 * plan's own services do not cover the line (a referral cleaning inside the 30-day interval).
 */
const grantedServices = (card: MemberCard, term: number): IncludedService[] =>
  Object.entries(card.counters)
    .filter(([key, count]) => key.startsWith(`g|${term}|`) && typeof count === 'number' && count > 0)
    .map(([key, count]) => {
      const procedureCode = key.split('|')[2] ?? '';
      return { key: `referral-${procedureCode}`, procedureCode, allowance: { kind: 'count', count: Number(count), per: 'term' }, sharing: 'shared' };
    });

/** Whether one line may use one included service, given the counters and what this visit already took. */
const tryUse = (card: MemberCard, service: IncludedService, line: VisitLine, at: { patientId: string; day: string; term: number; lineIndex: number }, pending: Pending): EntitlementUse | undefined => {
  const { membership, counters } = card;
  const base = {
    membershipId: membership.membershipId, holderPatientId: membership.holderPatientId, patientId: at.patientId, lineIndex: at.lineIndex,
    entitlementKey: service.key, procedureCode: service.procedureCode, term: at.term, count: line.quantity, listValueFen: line.amountFen, day: at.day,
  };
  if (service.allowance.kind === 'count') {
    const usedKey = usedKeyOf(service, at.term, at.day, at.patientId);
    const used = Number(counters[usedKey] ?? 0) + (pending.get(usedKey) ?? 0);
    if (used + line.quantity > service.allowance.count) return undefined;
    pending.set(usedKey, (pending.get(usedKey) ?? 0) + line.quantity);
    return { ...base, usedKey, limit: service.allowance.count };
  }
  const lastKey = lastKeyOf(service, at.patientId);
  // Reasonable use: one at a time, and not again within the interval.
  if (line.quantity !== 1 || pending.has(lastKey)) return undefined;
  const latestAllowedLast = addDays(at.day, -service.allowance.minIntervalDays);
  const last = counters[lastKey];
  if (typeof last === 'string' && last > latestAllowedLast) return undefined;
  pending.set(lastKey, 1);
  return { ...base, lastKey, latestAllowedLast, ...(typeof last === 'string' ? { previousLast: last } : {}) };
};

export type Coverage = { lines: VisitLine[]; uses: EntitlementUse[] };

/**
 * Each line the first applying card covers: priced 0 and marked with the card; lines no card
 * covers stay as priced. Only a whole line is covered (a quantity beyond what is left pays).
 */
export const coverLines = (lines: readonly VisitLine[], cards: readonly MemberCard[], at: { patientId: string; clinicId: string; day: string }): Coverage => {
  const pending: Pending = new Map();
  const uses: EntitlementUse[] = [];
  const applying = cards.filter((c) => cardApplies(c.membership, at.patientId, at.clinicId, at.day));
  const covered = lines.map((line, lineIndex) => {
    for (const card of applying) {
      const term = termOn(card.membership.periods, at.day);
      if (!term) continue;
      for (const service of [...card.membership.terms.included, ...grantedServices(card, term.n)].filter((s) => s.procedureCode === line.code)) {
        const use = tryUse(card, service, line, { patientId: at.patientId, day: at.day, term: term.n, lineIndex }, pending);
        if (!use) continue;
        uses.push(use);
        return { ...line, amountFen: 0, coveredBy: { membershipId: use.membershipId, entitlementKey: use.entitlementKey, listValueFen: line.amountFen } };
      }
    }
    return line;
  });
  return { lines: covered, uses };
};

/** What is left of each included service for a patient on a day ('unlimited' with the next day it may be used). */
export type EntitlementLeft = { key: string; procedureCode: string; sharing: IncludedService['sharing']; left: number | 'unlimited'; nextDay?: string };

export const entitlementsLeft = (card: MemberCard, patientId: string, day: string): EntitlementLeft[] => {
  const term = termOn(card.membership.periods, day);
  return [...card.membership.terms.included, ...(term ? grantedServices(card, term.n) : [])].map((service) => {
    const base = { key: service.key, procedureCode: service.procedureCode, sharing: service.sharing };
    if (service.allowance.kind === 'count') {
      const used = term ? Number(card.counters[usedKeyOf(service, term.n, day, patientId)] ?? 0) : service.allowance.count;
      return { ...base, left: Math.max(0, service.allowance.count - used) };
    }
    const last = card.counters[lastKeyOf(service, patientId)];
    return { ...base, left: 'unlimited' as const, ...(typeof last === 'string' ? { nextDay: addDays(last, service.allowance.minIntervalDays) } : {}) };
  });
};
