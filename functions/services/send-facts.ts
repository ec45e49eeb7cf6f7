/**
 * Facts for a batch of sends, read together just before the batch is sent: each patient's profile
 * and, for appointment reminders, the appointment itself, the numbers' suppressions and, for a
 * marketing message, its number's marketing contacts (budget, one per number per day), strongly
 * consistent, in BatchGetItem
 * calls of 100 keys. A job sending 1,000 reminders then pays a few reads instead of 2,000, and
 * each message is still decided on facts read a moment before it goes (invariant 6).
 */
import type { PatientRecord } from '../../shared/domain/patient.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { patientRecordFrom } from '../adapters/dynamo/patient-repository.js';
import type { SendRequest } from './send-pipeline.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../adapters/dynamo/client.js';
import { campaignEntity } from '../adapters/dynamo/entities/campaign.js';
import { appointmentEntity } from '../adapters/dynamo/entities/appointment.js';
import { patientEntity } from '../adapters/dynamo/entities/patient.js';
import { phoneSuppressionEntity } from '../adapters/dynamo/entities/phone.js';
import { sendLedgerEntity } from '../adapters/dynamo/entities/send-ledger.js';
import { phoneContactsFrom, phoneContactsKey, type PhoneContacts } from '../adapters/dynamo/phone-contacts-repository.js';
import { purposeRules } from '../../shared/domain/messaging/purposes.js';
import type { LedgerStatus } from '../../shared/schemas/messages.js';

/** What the ledger held for the occasion when the batch was read (absent: never decided). */
export type LedgerFact = { status: LedgerStatus; retryAt?: string; lastReason?: string };

export type SendFacts = {
  patient: PatientRecord | undefined;
  occasionStillTrue?: boolean;
  ledger?: LedgerFact;
  /** the patient's number was suppressed when the batch was read (opt-out, deceased, complaint) */
  phoneSuppressed?: boolean;
  /** a marketing message's: its number's marketing contacts, read with the batch (claimed on this version) */
  phoneContacts?: PhoneContacts;
};

export const factKey = (request: Pick<SendRequest, 'patientId' | 'purpose' | 'occasion'>): string => `${request.patientId}|${request.purpose}|${request.occasion}`;

/**
 * Whether the occasion holds, from the batch's read, for the kinds read with it (an appointment,
 * a campaign); undefined for the others, which the pipeline checks itself. Read a moment before
 * sending; the clock part of the check is the pipeline's (notAfter).
 */
const holdsFromBatch = (ref: SendRequest['ref'], read: { found: Map<string, Record<string, unknown>>; campaigns: Map<string, string> }, who: { tenantId: string; patientId: string }): boolean | undefined => {
  if (ref.kind === 'appointment') {
    const key = appointmentEntity.key({ ...who, appointmentId: ref.appointmentId });
    const appointment = read.found.get(`${key.pk}|${key.sk}`);
    return appointment?.status === 'booked' && appointment.version === ref.version && appointment.startAt === ref.startAt;
  }
  if (ref.kind === 'campaign') return read.campaigns.has(ref.campaignId) && read.campaigns.get(ref.campaignId) !== 'cancelled';
  return undefined;
};

/** The status of each campaign the batch's messages belong to (a page has one): its status alone, not the whole campaign. */
const campaignStatuses = async (tenantId: string, requests: readonly SendRequest[]): Promise<Map<string, string>> => {
  const ids = [...new Set(requests.flatMap((r) => (r.ref.kind === 'campaign' ? [r.ref.campaignId] : [])))];
  const statuses = await Promise.all(ids.map(async (campaignId) => {
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: campaignEntity.key({ tenantId, campaignId }), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } }));
    return [campaignId, Item?.status] as const;
  }));
  return new Map(statuses.flatMap(([id, status]) => (typeof status === 'string' ? [[id, status] as const] : [])));
};

/**
 * `readLedger: false` when the caller expects these occasions undecided (a campaign page no run
 * should have reached). The read is a shortcut, never the guard: every ledger write is
 * conditional, so an occasion decided after all fails its claim and is read then.
 */
export const prefetchSendFacts = async (tenantId: string, requests: readonly SendRequest[], options: { readLedger?: boolean } = {}): Promise<Map<string, SendFacts>> => {
  const wanted = requests.flatMap((r) => [
    patientEntity.key({ tenantId, patientId: r.patientId }),
    ...(r.ref.kind === 'appointment' ? [appointmentEntity.key({ tenantId, patientId: r.patientId, appointmentId: r.ref.appointmentId })] : []),
  ]);
  const ledgerKeyOf = (r: SendRequest) => sendLedgerEntity.key({ tenantId, patientId: r.patientId, purpose: r.purpose, occasion: r.occasion });
  // The ledger items too (a few fields): a job runs every 15 minutes over the same due messages,
  // and an occasion already sent, or deferred to the same moment, needs no write (send-pipeline.ts).
  const [found, ledger, campaigns] = await Promise.all([
    batchGetAll(wanted),
    options.readLedger === false ? new Map<string, Record<string, unknown>>() : batchGetAll(requests.map(ledgerKeyOf), { projection: ['status', 'retryAt', 'lastReason'] }),
    campaignStatuses(tenantId, requests),
  ]);
  const patients = new Map(requests.map((r) => {
    const profileKey = patientEntity.key({ tenantId, patientId: r.patientId });
    const profile = found.get(`${profileKey.pk}|${profileKey.sk}`);
    return [r.patientId, profile ? patientRecordFrom(profile) : undefined] as const;
  }));
  // The suppressed numbers among the batch's, and the marketing contacts of the numbers a
  // marketing message goes to, in the same few calls (each send read its own before).
  const phones = [...new Set([...patients.values()].map((p) => p?.phone ?? '').filter((phone) => phone !== ''))];
  const marketingPhones = [...new Set(requests.filter((r) => purposeRules[r.purpose].marketing).map((r) => patients.get(r.patientId)?.phone ?? '').filter((phone) => phone !== ''))];
  const phoneKeys = [...phones.map((phone) => phoneSuppressionEntity.key({ tenantId, phone })), ...marketingPhones.map((phone) => phoneContactsKey(tenantId, phone))];
  const phoneItems = phoneKeys.length === 0 ? new Map<string, Record<string, unknown>>() : await batchGetAll(phoneKeys);
  const contactsOf = (phone: string): PhoneContacts => {
    const key = phoneContactsKey(tenantId, phone);
    return phoneContactsFrom(phoneItems.get(`${key.pk}|${key.sk}`));
  };
  const facts = new Map<string, SendFacts>();
  for (const r of requests) {
    const patient = patients.get(r.patientId);
    const suppressionKey = patient?.phone ? phoneSuppressionEntity.key({ tenantId, phone: patient.phone }) : undefined;
    const phoneSuppressed = suppressionKey ? phoneItems.has(`${suppressionKey.pk}|${suppressionKey.sk}`) : false;
    const contacts = purposeRules[r.purpose].marketing && patient?.phone ? { phoneContacts: contactsOf(patient.phone) } : {};
    const entryKey = ledgerKeyOf(r);
    const entry = ledger.get(`${entryKey.pk}|${entryKey.sk}`);
    const held = entry ? { ledger: { status: entry.status as LedgerStatus, ...(typeof entry.retryAt === 'string' ? { retryAt: entry.retryAt } : {}), ...(typeof entry.lastReason === 'string' ? { lastReason: entry.lastReason } : {}) } } : {};
    const holds = holdsFromBatch(r.ref, { found, campaigns }, { tenantId, patientId: r.patientId });
    facts.set(factKey(r), { patient, phoneSuppressed, ...held, ...contacts, ...(holds === undefined ? {} : { occasionStillTrue: holds }) });
  }
  return facts;
};
