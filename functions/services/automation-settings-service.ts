/**
 * Saving the automations' settings: checked first against the chain's channels (issue 14), so a
 * marketing automation switched on without the offer its provider template fills {coupon} with is
 * refused here, by field, rather than sent with an empty parameter.
 */
import { automationSetupProblems } from '../../shared/domain/channels/setup-values.js';
import { invalidFields } from '../../shared/domain/errors.js';
import type { AutomationSettings, StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { FieldErrorCode } from '../../shared/schemas/error-codes.js';
import { saveAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';

export const saveAutomations = async (tenantId: string, update: { version: number; settings: AutomationSettings }, by: string): Promise<StoredAutomationSettings> => {
  const channels = await getChannelSettings(tenantId);
  const problems = automationSetupProblems(update.settings, channels.settings);
  if (problems.length > 0) throw invalidFields(problems.map((p) => ({ path: `settings.${p.field}`, message: p.reason, code: p.code as FieldErrorCode })));
  return saveAutomationSettings(tenantId, update.settings, update.version, by, new Date().toISOString());
};
