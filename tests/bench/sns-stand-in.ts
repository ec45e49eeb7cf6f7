/**
 * The channel as the cloud has it, for the benches: SNS accepts the message and returns its id,
 * and nothing is written to the table (the send ledger is the record, see notifier.ts). The twin's
 * own channel writes a handset row instead, which stands in for the patient's phone; counting it
 * would measure the twin, not the pipeline. SNS's own latency is left out of both sides of a ratio.
 * Its ids are UUIDs, as SNS's MessageIds are (and made in a microsecond: ulid draws each of its
 * characters from the crypto source apart, which cost a campaign of 10,000 two seconds of CPU here).
 */
import { randomUUID } from 'node:crypto';
import type { Publisher } from '../../functions/services/send-pipeline.js';

export const snsStandIn: Publisher = async (_tenantId, sms) => ({
  messageId: randomUUID(), createdAt: new Date().toISOString(), kind: 'sms', to: sms.to, purpose: sms.purpose, text: sms.text, status: 'sent',
  ...(sms.patientId ? { patientId: sms.patientId } : {}), ...(sms.clinicId ? { clinicId: sms.clinicId } : {}),
});
