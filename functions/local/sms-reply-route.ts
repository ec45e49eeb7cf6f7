/**
 * POST /dev/sms-replies, local mode only: "the patient replied" for a person trying the twin.
 * The reply goes to the caller's own chain's reply number (the tenant comes from the token,
 * invariant 1) and through the same subscriber the inbound-SMS topic invokes in the cloud.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors.js';
import { smsReplySimulationSchema } from '../../shared/schemas/sms-reply.js';
import { getChain } from '../adapters/dynamo/org-repository.js';
import { handler as inboundSmsHandler } from '../inbound/sms-replies.js';
import { jsonBody } from '../http/lib/request.js';
import { smsReplyNotification } from './inbound-sms.js';
import { localRoute } from './local-route.js';

export const smsReplyRouteKey = 'POST /dev/sms-replies';

export const createSmsReplyRoute = () =>
  localRoute(smsReplyRouteKey, async (event, caller) => {
    const input = jsonBody(event, smsReplySimulationSchema);
    const chain = await getChain(caller.tenantId);
    if (!chain?.replyNumber) {
      throw new DomainError('conflict', 'replyNumber: the chain has no reply number yet; the owner sets it with PATCH /chain', [{ path: 'replyNumber', message: 'is not set', code: 'reply_number.not_set' }]);
    }
    const inboundMessageId = `local-${randomUUID()}`;
    const report = await inboundSmsHandler(smsReplyNotification({ from: input.from, to: chain.replyNumber, body: input.body, inboundMessageId }));
    return { inboundMessageId, ...report.results[0] };
  });
