/**
 * Subscriber of the inbound-SMS topic: AWS End User Messaging publishes each two-way SMS reply
 * there as JSON. Every record of the batch is tried. Malformed notifications and failures are
 * logged with ids and reasons only (never a phone or a text) and then fail the invocation, so
 * Lambda retries it (every action is idempotent) and what still fails lands in the dead-letter
 * queue, whose alarm tells the staff. A bad record never silently disappears.
 */
import type { SNSEvent } from 'aws-lambda';
import { parseInboundNotification, type ReplyResult } from '../../shared/schemas/sms-reply.js';
import { logger } from '../adapters/logger.js';
import { handleInboundReply } from '../services/sms-reply-service.js';

export type InboundReport = { received: number; handled: number; malformed: number; failed: number; results: ReplyResult[] };

export class InboundSmsFailed extends Error {
  constructor(readonly report: InboundReport) {
    super(`inbound SMS: ${report.malformed} malformed and ${report.failed} failed of ${report.received}`);
    this.name = 'InboundSmsFailed';
  }
}

export const handler = async (event: SNSEvent): Promise<InboundReport> => {
  const report: InboundReport = { received: event.Records.length, handled: 0, malformed: 0, failed: 0, results: [] };
  for (const record of event.Records) {
    const snsMessageId = record.Sns.MessageId;
    const parsed = parseInboundNotification(record.Sns.Message);
    if (!parsed.ok) {
      report.malformed += 1;
      logger.error('malformed inbound SMS notification', { snsMessageId, reason: parsed.reason, fields: parsed.fields });
      continue;
    }
    try {
      const { tenantId, ...result } = await handleInboundReply(parsed.sms, parsed.sms.receivedAt ?? new Date(record.Sns.Timestamp).toISOString());
      report.handled += 1;
      report.results.push(result);
      logger.info('inbound SMS', { snsMessageId, inboundMessageId: parsed.sms.inboundMessageId, tenantId, outcome: result.outcome, patients: result.patients });
    } catch (error) {
      report.failed += 1;
      // SDK and domain errors name fields and conditions, never item contents.
      logger.error('inbound SMS failed', { snsMessageId, inboundMessageId: parsed.sms.inboundMessageId, errorName: error instanceof Error ? error.name : typeof error, errorMessage: error instanceof Error ? error.message : '' });
    }
  }
  if (report.malformed + report.failed > 0) throw new InboundSmsFailed(report);
  return report;
};
