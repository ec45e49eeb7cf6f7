import { defineEntity } from './define-entity.js';

/** What the SMS/notification adapter sent (or, locally, would have sent), newest first. */
export const outboxEntity = defineEntity({ type: 'outbox', pk: 'T#{tenantId}#OUTBOX', sk: '{createdAt}#{messageId}' });
