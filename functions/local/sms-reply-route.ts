/**
 * POST /dev/sms-replies, local mode only: "the patient replied" for a person trying the twin.
 * The reply goes to the caller's own chain's reply number (the tenant comes from the token,
 * invariant 1) and through the same subscriber the inbound-SMS topic invokes in the cloud.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { roleHasPermission } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { routeKey, routes } from '../../shared/routes.js';
import { smsReplySimulationSchema } from '../../shared/schemas/sms-reply.js';
import { getChain } from '../adapters/dynamo/org-repository.js';
import { handler as inboundSmsHandler } from '../inbound/sms-replies.js';
import { callerFromEvent } from '../http/lib/caller.js';
import { jsonBody } from '../http/lib/request.js';
import { errorResponse } from '../http/lib/router.js';
import { smsReplyNotification } from './inbound-sms.js';

export const smsReplyRouteKey = 'POST /dev/sms-replies';

export const createSmsReplyRoute = () => {
  const permission = routes.find((r) => routeKey(r) === smsReplyRouteKey)?.permission;
  if (!permission) throw new Error(`${smsReplyRouteKey} must be in the route table with a permission`);
  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const caller = callerFromEvent(event);
      if (!roleHasPermission(caller.role, permission)) throw new DomainError('forbidden', `The ${caller.role} role may not do this (${permission})`);
      const input = jsonBody(event, smsReplySimulationSchema);
      const chain = await getChain(caller.tenantId);
      if (!chain?.replyNumber) {
        throw new DomainError('conflict', 'replyNumber: the chain has no reply number yet; the owner sets it with PATCH /chain', [{ path: 'replyNumber', message: 'is not set', code: 'reply_number.not_set' }]);
      }
      const inboundMessageId = `local-${randomUUID()}`;
      const report = await inboundSmsHandler(smsReplyNotification({ from: input.from, to: chain.replyNumber, body: input.body, inboundMessageId }));
      return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ inboundMessageId, ...report.results[0] }) };
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
      throw error;
    }
  };
};
