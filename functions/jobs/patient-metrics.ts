/**
 * Nightly patient-base metrics (issue 5 part 2, on the facts store of issue 12 item 5). The
 * scheduled event fans out one "run" event per chain, so each chain runs (and is retried) on
 * its own. A chain's run folds the day's fact deltas into its packed chunks (rewriting only the
 * chunks that changed) and computes every metric from those facts: no profile or visit is read,
 * so a quiet night costs the chunk reads (~½ unit per 4 KB) and the snapshot. A chain without
 * facts yet is built from its records first. RFM is scored once for the chain and sliced per
 * clinic; the snapshot is stored per scope (chain + each clinic) for the asOf day, with the
 * patient lists behind every number (kpi-snapshot-repository.ts). A rerun the same day rewrites
 * the same items: the job is idempotent.
 */
import { rfmScores, type PatientFacts, type RecallDueRecord } from '../../shared/domain/kpi/patient-base.js';
import { runJobEvent, type RunJobDetail } from '../../shared/schedules.js';
import { cardUtilisation, sumUtilisation, visitComparison } from '../../shared/domain/members/usage.js';
import { chainTimeZone, addMonths, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { queryLeads } from '../adapters/dynamo/engagement-lead-repository.js';
import { putBaseSnapshot, putRoster, rosterOf } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { liveCards, putMemberUsage, useRowsOf } from '../adapters/dynamo/member-usage-repository.js';
import { listClinics, listTenantIds } from '../adapters/dynamo/org-repository.js';
import { compactSegmentFacts, hasSegmentFacts } from '../adapters/dynamo/segment-facts-repository.js';
import { putEvent } from '../adapters/event-bus.js';
import { mapLimit } from '../lib/concurrency.js';
import { kpiFactsOf, recallDuesFromFacts } from '../services/kpi-facts-from-segment.js';
import { rebuildSegmentFacts } from '../services/segment-facts-service.js';
import { buildScopeSnapshot } from '../services/kpi-snapshot.js';
import { createJobHandler, type JobEvent } from './lib/job-runner.js';

const leadCount = async (tenantId: string, clinicId: string, status: 'new' | 'converted'): Promise<number> => {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await queryLeads(tenantId, clinicId, status, 200, cursor);
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  return count;
};

export const runPatientMetrics = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const asOf = now.toISOString();
  const clinics = await listClinics(tenantId);
  const clinicIds = clinics.map((c) => c.clinicId);
  const timeZones = Object.fromEntries(clinics.map((c) => [c.clinicId, c.timeZone]));
  // One snapshot day for the whole run, in the first clinic's zone (the chain's home).
  const asOfDay = localDay(now, chainTimeZone(clinics));

  const rebuilt = (await hasSegmentFacts(tenantId, clinicIds)) ? 0 : (await rebuildSegmentFacts(tenantId, now)).patients;
  const { chunks, chunksWritten, deltasFolded } = await compactSegmentFacts(tenantId, clinicIds, asOf);
  // The funnel's member step: patients a live card covers today (issue 11).
  const cards = await liveCards(tenantId, asOfDay);
  const members = new Set(cards.flatMap((m) => m.memberPatientIds));
  const facts: PatientFacts[] = [];
  const dues: RecallDueRecord[] = [];
  for (const [clinicId, clinicChunks] of chunks) {
    const zone = timeZones[clinicId] ?? defaultTimeZone;
    for (const f of clinicChunks.flatMap((c) => c.patients)) {
      facts.push(kpiFactsOf(f, { zone, isMember: members.has(f.patientId) }));
      dues.push(...recallDuesFromFacts(f));
    }
  }
  // The funnel's lead step: the intake form's leads, open and converted (issue 13: not every record).
  const leads = new Map<string, { openLeads: number; convertedLeads: number }>();
  for (const clinicId of clinicIds) leads.set(clinicId, { openLeads: await leadCount(tenantId, clinicId, 'new'), convertedLeads: await leadCount(tenantId, clinicId, 'converted') });
  const sum = (key: 'openLeads' | 'convertedLeads') => [...leads.values()].reduce((a, b) => a + b[key], 0);
  const base = { asOf, timeZones };
  const chainRfm = rfmScores(facts, base).scores;
  const scopes = [
    { scope: 'chain', facts, dues, leads: { openLeads: sum('openLeads'), convertedLeads: sum('convertedLeads') } },
    ...clinics.map((c) => {
      const mine = facts.filter((f) => f.clinicId === c.clinicId);
      const ids = new Set(mine.map((f) => f.patientId));
      return { scope: c.clinicId, facts: mine, dues: dues.filter((d) => ids.has(d.patientId)), leads: leads.get(c.clinicId) ?? { openLeads: 0, convertedLeads: 0 } };
    }),
  ];
  // The day's ids once for the chain; every list of every scope points into it.
  const roster = rosterOf(facts.map((f) => f.patientId));
  let items = await putRoster(tenantId, asOfDay, roster, asOf);
  for (const s of scopes) {
    const snapshot = buildScopeSnapshot(s.scope, asOfDay, s.facts, chainRfm, { ...base, ...s.leads, recallDues: s.dues });
    items += await putBaseSnapshot(tenantId, asOfDay, s.scope, snapshot.view, snapshot.lists, asOf, roster);
  }
  // The Members page's nightly figures (usage.ts): from the facts in hand and the live cards' ledgers.
  const uses = await useRowsOf(tenantId, cards);
  const entitlements = sumUtilisation(cards.flatMap((m) => cardUtilisation(m, uses.get(m.membershipId) ?? [], asOfDay)));
  await putMemberUsage(tenantId, { asOfDay, sinceDay: addMonths(asOfDay, -12), visits: visitComparison(facts, { asOfDay, timeZones }), entitlements }, asOf);
  return { clinics: clinics.length, patients: facts.length, recallDues: dues.length, items: items + 1, rebuilt, chunksWritten, deltasFolded, cards: cards.length };
};

const perChain = createJobHandler('patient-metrics', runPatientMetrics);

/** One run event per chain: each chain is computed, and retried, on its own. */
export const fanOutPatientMetrics = async (): Promise<number> => {
  const tenantIds = await listTenantIds();
  await mapLimit(tenantIds, { limit: 4 }, (tenantId) => {
    const detail: RunJobDetail = { job: 'patient-metrics', tenantId, requestedBy: 'schedule' };
    return putEvent({ source: runJobEvent.source, detailType: runJobEvent.detailType, detail });
  });
  return tenantIds.length;
};

export const handler = async (event: JobEvent): Promise<{ tenants: number; failed: number }> => {
  const forTenant = typeof event.detail?.tenantId === 'string' && event.detail.tenantId !== '';
  if (forTenant) return perChain(event);
  return { tenants: await fanOutPatientMetrics(), failed: 0 };
};
