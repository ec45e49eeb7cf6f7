/**
 * Puts events on the bus: EventBridge in the cloud, the local twin's bus on one machine.
 * The local bus registers itself at start; handlers never know which one they talk to.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { envNames } from '../../shared/tables.js';
import { requireEnv, runtimeMode } from './config.js';

export type BusEvent = { source: string; detailType: string; detail: Record<string, unknown> };
export type LocalBus = { put: (event: BusEvent) => Promise<string> };

const mode = runtimeMode();
const eventBridge = mode === 'cloud' ? new EventBridgeClient({}) : undefined;
const eventBusName = mode === 'cloud' ? requireEnv(envNames.eventBusName) : 'local';

const localBusKey = Symbol.for('smileloop.local-bus');
type GlobalWithBus = typeof globalThis & { [localBusKey]?: LocalBus };

export const registerLocalBus = (bus: LocalBus | undefined): void => {
  (globalThis as GlobalWithBus)[localBusKey] = bus;
};

/** Returns the event id. Fails loudly when the bus refuses the event (nothing is dropped silently). */
export const putEvent = async (event: BusEvent): Promise<string> => {
  if (!eventBridge) {
    const bus = (globalThis as GlobalWithBus)[localBusKey];
    if (!bus) throw new Error('The local event bus is not running');
    return bus.put(event);
  }
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: eventBusName, Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) }],
    }),
  );
  const entry = result.Entries?.[0];
  if (!entry?.EventId || result.FailedEntryCount) throw new Error(`EventBridge refused the event: ${entry?.ErrorCode ?? 'unknown'}`);
  return entry.EventId;
};
