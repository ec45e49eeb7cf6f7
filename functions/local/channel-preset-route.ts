/**
 * POST /dev/channel-preset, local mode only: switches the caller's chain to "Alibaba Cloud SMS +
 * WeChat" with the demo accounts the twin's provider fakes accept (demo-channels.ts), through the
 * same checks an owner's save goes through.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { roleHasPermission } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { routeKey, routes } from '../../shared/routes.js';
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { callerFromEvent } from '../http/lib/caller.js';
import { errorResponse } from '../http/lib/router.js';
import { presentChannelSettings, saveChannelSettingsOf } from '../services/channel-settings-service.js';
import { demoChannelPreset } from './demo-channels.js';

export const channelPresetRouteKey = 'POST /dev/channel-preset';

export const createChannelPresetRoute = () => {
  const permission = routes.find((r) => routeKey(r) === channelPresetRouteKey)?.permission;
  if (!permission) throw new Error(`${channelPresetRouteKey} must be in the route table with a permission`);
  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const caller = callerFromEvent(event);
      if (!roleHasPermission(caller.role, permission)) throw new DomainError('forbidden', `The ${caller.role} role may not do this (${permission})`);
      const current = await getChannelSettings(caller.tenantId);
      const saved = await saveChannelSettingsOf(caller.tenantId, demoChannelPreset(current.version), caller.userId, new Date());
      return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(presentChannelSettings(caller.tenantId, saved)) };
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error.kind, error.message, error.fields);
      throw error;
    }
  };
};
