/**
 * Nightly patient-base metrics (issue 5, part 2): the one full pass over a chain's patients.
 * Each page of patients is reduced to PatientFacts and recall dues before the next is read, so
 * memory follows the facts (a few visits per patient), not the raw items. RFM is scored once
 * for the chain and sliced per clinic; the snapshot is stored per scope (chain + each clinic)
 * for the asOf day, with the patient lists behind every number (kpi-snapshot-repository.ts).
 * A rerun the same day rewrites the same items: the job is idempotent.
 */
import { rfmScores, type PatientFacts, type RecallDueRecord } from '../../shared/domain/kpi/patient-base.js';
import { cardUtilisation, sumUtilisation, visitComparison } from '../../shared/domain/members/usage.js';
import { addMonths, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { queryLeads } from '../adapters/dynamo/engagement-lead-repository.js';
import { putBaseSnapshot } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { liveCards, putMemberUsage, useRowsOf } from '../adapters/dynamo/member-usage-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { forEachPatientPage } from '../adapters/dynamo/patient-facts-reader.js';
import { factsOf, recallDuesOf } from '../services/kpi-facts.js';
import { buildScopeSnapshot } from '../services/kpi-snapshot.js';
import { createJobHandler } from './lib/job-runner.js';

/** RFM's window is 24 months; a month more covers zone offsets at the edge. */
const visitMonths = 25;

const openLeadCount = async (tenantId: string, clinicId: string): Promise<number> => {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await queryLeads(tenantId, clinicId, 'new', 200, cursor);
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  return count;
};

export const runPatientMetrics = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const asOf = now.toISOString();
  const clinics = await listClinics(tenantId);
  const timeZones = Object.fromEntries(clinics.map((c) => [c.clinicId, c.timeZone]));
  // One snapshot day for the whole run, in the first clinic's zone (the chain's home).
  const asOfDay = localDay(now, clinics[0]?.timeZone ?? defaultTimeZone);
  const visitsSince = `${addMonths(asOfDay, -visitMonths)}T00:00:00.000Z`;
  const rules = new Map((await listProcedures(tenantId)).map((p) => [p.procedureId, p.recall]));

  const facts: PatientFacts[] = [];
  const dues: RecallDueRecord[] = [];
  const openLeads = new Map<string, number>();
  // The funnel's member step: patients a live card covers today (issue 11).
  const cards = await liveCards(tenantId, asOfDay);
  const members = new Set(cards.flatMap((m) => m.memberPatientIds));
  for (const clinic of clinics) {
    await forEachPatientPage(tenantId, clinic.clinicId, visitsSince, (page) => {
      for (const raw of page) {
        facts.push({ ...factsOf(raw), isMember: members.has(raw.profile.patientId) });
        dues.push(...recallDuesOf(raw, rules, clinic.timeZone));
      }
    });
    openLeads.set(clinic.clinicId, await openLeadCount(tenantId, clinic.clinicId));
  }

  const base = { asOf, timeZones };
  const chainRfm = rfmScores(facts, base).scores;
  const scopes = [
    { scope: 'chain', facts, dues, openLeads: [...openLeads.values()].reduce((a, b) => a + b, 0) },
    ...clinics.map((c) => {
      const mine = facts.filter((f) => f.clinicId === c.clinicId);
      const ids = new Set(mine.map((f) => f.patientId));
      return { scope: c.clinicId, facts: mine, dues: dues.filter((d) => ids.has(d.patientId)), openLeads: openLeads.get(c.clinicId) ?? 0 };
    }),
  ];
  let items = 0;
  for (const s of scopes) {
    const snapshot = buildScopeSnapshot(s.scope, asOfDay, s.facts, chainRfm, { ...base, openLeads: s.openLeads, recallDues: s.dues });
    items += await putBaseSnapshot(tenantId, asOfDay, s.scope, snapshot.view, snapshot.lists, asOf);
  }
  // The Members page's nightly figures (usage.ts): from the facts in hand and the live cards' ledgers.
  const uses = await useRowsOf(tenantId, cards);
  const entitlements = sumUtilisation(cards.flatMap((m) => cardUtilisation(m, uses.get(m.membershipId) ?? [], asOfDay)));
  await putMemberUsage(tenantId, { asOfDay, sinceDay: addMonths(asOfDay, -12), visits: visitComparison(facts, { asOfDay, timeZones }), entitlements }, asOf);
  return { clinics: clinics.length, patients: facts.length, recallDues: dues.length, items: items + 1, cards: cards.length };
};

export const handler = createJobHandler('patient-metrics', runPatientMetrics);
