import * as z from 'zod';
import { isReplyNumber, normalizeReplyNumber } from '../domain/messaging/replies.js';
import { idSchema, phoneSchema } from './common.js';

/** A chain's reply number as an owner types it, stored in the form inbound SMS are routed by. */
export const replyNumberSchema = z
  .string({ error: 'must be text' })
  .max(32, { error: 'must be at most 32 characters' })
  .transform((value) => normalizeReplyNumber(value))
  .refine(isReplyNumber, { error: 'must be the chain’s SMS reply number: 5–15 digits, optionally starting with +', params: { code: 'reply_number.invalid' } });

/**
 * The Message of an SNS notification from AWS End User Messaging SMS (two-way SMS). Not strict:
 * AWS may add fields, and an extra field is no reason to lose a patient's reply.
 */
export const inboundSmsSchema = z.object({
  originationNumber: z.string().min(1).max(32),
  destinationNumber: z.string().min(1).max(32),
  messageBody: z.string().max(5000),
  inboundMessageId: z.string().min(1).max(200),
  messageKeyword: z.string().max(100).optional(),
  previousPublishedMessageId: z.string().max(200).optional(),
  /**
   * Set only by the public function forwarding a provider's reply (Alibaba SmsUp, Tencent reply
   * callback) from the chain's own token address: the chain is known, there is no reply number.
   * End User Messaging never sends it, and only it and that function may publish to the topic.
   */
  tenantId: z.string().min(1).max(64).optional(),
  /** the provider's own time of the reply (with tenantId): a repeated push is then the same reply */
  receivedAt: z.iso.datetime().optional(),
});
export type InboundSms = z.infer<typeof inboundSmsSchema>;

export type ParsedNotification = { ok: true; sms: InboundSms } | { ok: false; reason: 'not-json' | 'not-an-inbound-sms'; fields: string[] };

/** The SNS Message as text. Problems are named by field and zod code only: values are a phone and a patient's words. */
export const parseInboundNotification = (message: string): ParsedNotification => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, reason: 'not-json', fields: [] };
  }
  const result = inboundSmsSchema.safeParse(json);
  if (!result.success) return { ok: false, reason: 'not-an-inbound-sms', fields: result.error.issues.map((i) => `${i.path.join('.') || '(message)'}:${i.code}`) };
  return { ok: true, sms: result.data };
};

/** POST /dev/sms-replies (local twin only): a reply as a patient's phone would send it. */
export const smsReplySimulationSchema = z.strictObject({
  from: phoneSchema,
  /** the chain's own reply number when omitted */
  to: replyNumberSchema.optional(),
  body: z.string().max(1000, { error: 'must be at most 1000 characters' }),
});
export type SmsReplySimulation = z.infer<typeof smsReplySimulationSchema>;

export const replyOutcomes = [
  'confirmed', 'reschedule-task', 'opted-out', 'front-desk-task', 'unmatched', 'unknown-number', 'duplicate',
  'event-signed-up', 'event-waiting', 'event-already', 'event-cancelled', 'event-closed',
] as const;
export type ReplyOutcome = (typeof replyOutcomes)[number];

export type ReplyResult = {
  outcome: ReplyOutcome;
  /** how many patients of the chain have the sending phone */
  patients: number;
  appointmentId?: string;
  taskId?: string;
  /** the member event a sign-up or cancellation reply acted on */
  eventId?: string;
};

/** POST /dev/sms-replies (local twin): what the reply did, with the id the twin gave the inbound message. */
export type SimulatedReply = ReplyResult & { inboundMessageId: string };

/** A reply from a number no patient of the chain has: kept for the front desk to sort out. */
export type UnmatchedReply = {
  inboundMessageId: string;
  from: string;
  text: string;
  receivedAt: string;
};

/** As the list shows it: with the id its actions name (shared/domain/messaging/unmatched-reply-id.ts). */
export type ListedUnmatchedReply = UnmatchedReply & { replyId: string };

/** POST /sms-replies/unmatched/{replyId}/assign: the patient the reply is from (a new number, a relative's phone). */
export const unmatchedReplyAssignSchema = z.strictObject({ patientId: idSchema });
export type UnmatchedReplyAssign = z.infer<typeof unmatchedReplyAssignSchema>;
