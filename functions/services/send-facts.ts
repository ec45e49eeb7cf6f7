/**
 * Facts for a batch of sends, read together just before the batch is sent: each patient's profile
 * and, for appointment reminders, the appointment itself, the numbers' suppressions and, for a
 * marketing batch, each patient's contact budget so far, strongly consistent, in BatchGetItem
 * calls of 100 keys. A job sending 1,000 reminders then pays a few reads instead of 2,000, and
 * each message is still decided on facts read a moment before it goes (invariant 6).
 */
import type { PatientRecord } from '../../shared/domain/patient.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { patientRecordFrom } from '../adapters/dynamo/patient-repository.js';
import type { SendRequest } from './send-pipeline.js';
import { appointmentEntity } from '../adapters/dynamo/entities/appointment.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { phoneSuppressionEntity } from '../adapters/dynamo/entities/phone.js';
import { sendLedgerEntity } from '../adapters/dynamo/entities/send-ledger.js';
import { marketingSentSince } from '../adapters/dynamo/send-ledger-repository.js';
import { messagePurposes, purposeRules } from '../../shared/domain/messaging/purposes.js';
import { mapLimit } from '../lib/concurrency.js';
import type { LedgerStatus } from '../../shared/schemas/messages.js';

/** What the ledger held for the occasion when the batch was read (absent: never decided). */
export type LedgerFact = { status: LedgerStatus; retryAt?: string; lastReason?: string };

export type SendFacts = {
  patient: PatientRecord | undefined;
  occasionStillTrue?: boolean;
  ledger?: LedgerFact;
  /** the patient's number was suppressed when the batch was read (opt-out, deceased, complaint) */
  phoneSuppressed?: boolean;
  /** marketing messages sent to the patient in the contact budget's period, read with the batch */
  marketingSentInPeriod?: number;
};

const marketingPurposes = messagePurposes.filter((p) => purposeRules[p].marketing);

/** Where the marketing contact budget's period (30 days) starts. */
export const contactBudgetSince = (now: Date): string => new Date(now.getTime() - 30 * 86_400_000).toISOString();

/** A marketing batch's contact budget: each patient's marketing sends since `since` (one query each, read together). */
const budgetsOf = async (tenantId: string, requests: readonly SendRequest[], since: string | undefined): Promise<Map<string, number>> => {
  const marketing = since === undefined ? [] : [...new Set(requests.filter((r) => purposeRules[r.purpose].marketing).map((r) => r.patientId))];
  const counts = await mapLimit(marketing, { limit: 8 }, (patientId) => marketingSentSince(tenantId, patientId, marketingPurposes, since ?? ''));
  return new Map(marketing.map((patientId, i) => [patientId, counts[i] ?? 0]));
};

export const factKey = (request: Pick<SendRequest, 'patientId' | 'purpose' | 'occasion'>): string => `${request.patientId}|${request.purpose}|${request.occasion}`;

export const prefetchSendFacts = async (tenantId: string, requests: readonly SendRequest[], options: { budgetSince?: string } = {}): Promise<Map<string, SendFacts>> => {
  const wanted = requests.flatMap((r) => [
    patientEntity.key({ tenantId, patientId: r.patientId }),
    ...(r.ref.kind === 'appointment' ? [appointmentEntity.key({ tenantId, patientId: r.patientId, appointmentId: r.ref.appointmentId })] : []),
  ]);
  const ledgerKeyOf = (r: SendRequest) => sendLedgerEntity.key({ tenantId, patientId: r.patientId, purpose: r.purpose, occasion: r.occasion });
  // The ledger items too (a few fields): a job runs every 15 minutes over the same due messages,
  // and an occasion already sent, or deferred to the same moment, needs no write (send-pipeline.ts).
  const [found, ledger, budgets] = await Promise.all([batchGetAll(wanted), batchGetAll(requests.map(ledgerKeyOf), { projection: ['status', 'retryAt', 'lastReason'] }), budgetsOf(tenantId, requests, options.budgetSince)]);
  const patients = new Map(requests.map((r) => {
    const profileKey = patientEntity.key({ tenantId, patientId: r.patientId });
    const profile = found.get(`${profileKey.pk}|${profileKey.sk}`);
    return [r.patientId, profile ? patientRecordFrom(profile) : undefined] as const;
  }));
  // The suppressed numbers among the batch's, in the same few calls (each send read its own before).
  const phones = [...new Set([...patients.values()].map((p) => p?.phone ?? '').filter((phone) => phone !== ''))];
  const suppressed = phones.length === 0 ? new Map<string, unknown>() : await batchGetAll(phones.map((phone) => phoneSuppressionEntity.key({ tenantId, phone })), { projection: [] });
  const facts = new Map<string, SendFacts>();
  for (const r of requests) {
    const patient = patients.get(r.patientId);
    const suppressionKey = patient?.phone ? phoneSuppressionEntity.key({ tenantId, phone: patient.phone }) : undefined;
    const phoneSuppressed = suppressionKey ? suppressed.has(`${suppressionKey.pk}|${suppressionKey.sk}`) : false;
    const budget = budgets.get(r.patientId);
    const entryKey = ledgerKeyOf(r);
    const entry = ledger.get(`${entryKey.pk}|${entryKey.sk}`);
    const held = entry ? { ledger: { status: entry.status as LedgerStatus, ...(typeof entry.retryAt === 'string' ? { retryAt: entry.retryAt } : {}), ...(typeof entry.lastReason === 'string' ? { lastReason: entry.lastReason } : {}) } } : {};
    if (r.ref.kind !== 'appointment') {
      facts.set(factKey(r), { patient, phoneSuppressed, ...held, ...(budget === undefined ? {} : { marketingSentInPeriod: budget }) });
      continue;
    }
    const key = appointmentEntity.key({ tenantId, patientId: r.patientId, appointmentId: r.ref.appointmentId });
    const appointment = found.get(`${key.pk}|${key.sk}`);
    // Read for the batch a moment before sending; the clock part of the check is the pipeline's (notAfter).
    const holds = appointment?.status === 'booked' && appointment.version === r.ref.version && appointment.startAt === r.ref.startAt;
    facts.set(factKey(r), { patient, occasionStillTrue: holds, phoneSuppressed, ...held });
  }
  return facts;
};
