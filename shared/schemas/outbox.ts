export const messageKinds = ['sms', 'staff-alert', 'email'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** What SNS was asked to send (cloud), or would have been asked (local twin). */
export type OutboxMessage = {
  messageId: string;
  createdAt: string;
  kind: MessageKind;
  /** E.164 phone, topic or email; masked for roles that may not see contact details */
  to: string;
  purpose: string;
  text: string;
  status: 'sent' | 'delivered-locally' | 'failed';
  providerMessageId?: string;
  patientId?: string;
  /** the clinic a patient message is about; chain-level alerts have none */
  clinicId?: string;
  /** the campaign a marketing message belongs to (who it reached may be withheld, treatment-aim.ts) */
  campaignId?: string;
  /** the member event a message belongs to (the same rule) */
  eventId?: string;
};
