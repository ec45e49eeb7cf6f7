/**
 * One patient's SegmentFacts from what is stored about them (profile, visit summary, visits,
 * recalls, appointments, memberships, stored value). Pure: the reads are in
 * segment-facts-source.ts. The same function serves a record's refresh, the rebuild and the
 * nightly fix-ups, so the facts cannot depend on which path wrote them.
 */
import { createHash } from 'node:crypto';
import { referrerKeyOf } from '../../shared/domain/kpi/patient-base.js';
import { addMonths, localDay } from '../../shared/domain/time.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import type { ProcedureCategory, RecallRule } from '../../shared/schemas/catalog.js';
import type { RawPatient } from '../adapters/dynamo/patient-facts-reader.js';
import { recallDuesOf } from './kpi-facts.js';

export type RawMembership = { status: string; planId: string; anchorDate: string; endDate: string };
export type RawAppointment = { status: string; startAt: string; localDay?: string };

/** Everything read about one patient: RawPatient holds all their (non-voided) visits here. */
export type PatientRecords = RawPatient & { appointments: RawAppointment[]; memberships: RawMembership[]; storedValueFen: number };

export type FactsContext = {
  /** procedureId → recall rule and category, from the chain's catalog */
  rules: ReadonlyMap<string, RecallRule | null>;
  categories: ReadonlyMap<string, ProcedureCategory>;
  /** the home clinic's zone */
  timeZone: string;
  now: Date;
};

/** A keyed hash of the phone, so one shared phone is one household without storing the phone. */
export const householdKeyOf = (tenantId: string, phone: string): string =>
  createHash('sha256').update(`${tenantId}|household|${phone}`).digest('base64url').slice(0, 12);

const uniq = <T>(values: T[]): T[] => [...new Set(values)];

const membershipFact = (memberships: readonly RawMembership[], today: string): SegmentFacts['membership'] => {
  // The card that matters most: a live one, else the one that ended last.
  const live = memberships.filter((m) => m.status !== 'cancelled' && m.anchorDate <= today && m.endDate > today);
  const pick = [...(live.length > 0 ? live : memberships)].sort((a, b) => (a.endDate < b.endDate ? 1 : -1))[0];
  if (!pick) return undefined;
  const status = pick.status === 'cancelled' ? 'cancelled' : pick.endDate > today ? 'active' : 'lapsed';
  return { status, planId: pick.planId, endDay: pick.endDate };
};

export const segmentFactsOf = (tenantId: string, raw: PatientRecords, ctx: FactsContext): SegmentFacts => {
  const { profile, summary } = raw;
  const zone = ctx.timeZone;
  const today = localDay(ctx.now, zone);
  const nowIso = ctx.now.toISOString();
  const visits = [...raw.visits].sort((a, b) => (a.visitedAt < b.visitedAt ? -1 : 1));
  const since = addMonths(today, -25);
  const recent = visits.filter((v) => localDay(new Date(v.visitedAt), zone) >= since);
  const procedureIds = uniq(visits.flatMap((v) => v.procedureIds));
  const nextAppointment = raw.appointments
    .filter((a) => (a.status === 'booked' || a.status === 'checked-in') && a.startAt >= nowIso)
    .sort((a, b) => (a.startAt < b.startAt ? -1 : 1))[0];
  const dues = recallDuesOf(raw, ctx.rules, zone);
  const openDues = raw.recalls.map((r) => r.dueDate).sort();
  const membership = membershipFact(raw.memberships, today);
  const firstVisitAt = summary?.firstVisitAt ?? visits[0]?.visitedAt;
  const lastVisitAt = summary?.lastVisitAt ?? visits[visits.length - 1]?.visitedAt;
  return {
    patientId: profile.patientId,
    clinicId: profile.clinicId,
    householdKey: householdKeyOf(tenantId, profile.phone),
    gender: profile.gender,
    ...(profile.birthDate ? { birthDate: profile.birthDate } : {}),
    channel: profile.channel ?? 'other',
    ...(profile.referrer ? { referrerKey: referrerKeyOf(profile.referrer) } : {}),
    tags: [...profile.tags],
    ...(firstVisitAt ? { firstVisitDay: localDay(new Date(firstVisitAt), zone) } : {}),
    ...(lastVisitAt ? { lastVisitDay: localDay(new Date(lastVisitAt), zone) } : {}),
    visitCount: summary?.visitCount ?? visits.length,
    totalSpendFen: summary?.totalSpendFen ?? visits.reduce((s, v) => s + v.totalFen, 0),
    recentVisitDays: recent.filter((v) => v.totalFen > 0).map((v) => localDay(new Date(v.visitedAt), zone)),
    categories: uniq(procedureIds.map((id) => ctx.categories.get(id)).filter((c): c is ProcedureCategory => c !== undefined)),
    procedureIds,
    ...(summary?.lastCategories ? { lastCategories: summary.lastCategories as ProcedureCategory[] } : {}),
    ...(summary?.lastCarePathwayUntil ? { lastCarePathwayUntil: summary.lastCarePathwayUntil } : {}),
    ...(openDues[0] ? { nextRecallDue: openDues[0] } : {}),
    ...(nextAppointment ? { nextAppointmentDay: nextAppointment.localDay ?? localDay(new Date(nextAppointment.startAt), zone) } : {}),
    ...(membership ? { membership } : {}),
    storedValueFen: raw.storedValueFen,
    marketingConsent: profile.consents.marketing?.granted === true,
    careConsent: profile.consents.care?.granted === true,
    openComplaint: (profile.openComplaintCount ?? 0) > 0,
    optedOut: profile.optedOutAt !== undefined,
    deceased: profile.deceased === true,
    recentVisits: recent.map((v) => ({ at: v.visitedAt, fen: v.totalFen, ...(v.clinicId && v.clinicId !== profile.clinicId ? { clinicId: v.clinicId } : {}) })),
    recallDues: dues.filter((d) => d.dueDate >= since).map((d) => ({ group: d.group, dueDate: d.dueDate })),
  };
};
