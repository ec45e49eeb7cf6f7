/**
 * POST /dev/channel-preset, local mode only: switches the caller's chain to "Alibaba Cloud SMS +
 * WeChat" with the demo accounts the twin's provider fakes accept (demo-channels.ts), through the
 * same checks an owner's save goes through.
 */
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { presentChannelSettings, saveChannelSettingsOf } from '../services/channel-settings-service.js';
import { demoChannelPreset } from './demo-channels.js';
import { localRoute } from './local-route.js';

export const channelPresetRouteKey = 'POST /dev/channel-preset';

export const createChannelPresetRoute = () =>
  localRoute(channelPresetRouteKey, async (_event, caller) => {
    const current = await getChannelSettings(caller.tenantId);
    return presentChannelSettings(caller.tenantId, await saveChannelSettingsOf(caller.tenantId, demoChannelPreset(current.version), caller.userId, new Date()));
  });
