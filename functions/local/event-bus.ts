/**
 * The local scheduler and bus: the same cron table and event rules the stack deploys, firing
 * EventBridge-shaped events into the same job handlers. Like EventBridge, delivery is
 * asynchronous and retried on failure; `idle()` lets tests wait for deliveries to finish.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventRules, jobs, type EventRuleDefinition, type JobName } from '../../shared/schedules.js';
import type { BusEvent, LocalBus } from '../adapters/event-bus.js';
import { retry } from '../lib/retry.js';

export type JobHandler = (event: EventBridgeEvent<string, Record<string, unknown>>) => Promise<unknown>;
export type Delivery = { eventId: string; job: JobName; attempts: number; status: 'succeeded' | 'failed'; error?: string };

/** EventBridge cron (min hour dom month dow year) → croner (min hour dom month dow), UTC. */
export const toCronerPattern = (schedule: string): string => {
  const inner = /^cron\((.+)\)$/.exec(schedule.trim())?.[1];
  if (!inner) throw new Error(`Not an EventBridge cron expression: ${schedule}`);
  const fields = inner.split(/\s+/);
  if (fields.length !== 6) throw new Error(`EventBridge cron needs 6 fields: ${schedule}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (dayOfWeek && /\d/.test(dayOfWeek)) throw new Error(`Write day-of-week by name (MON), not number, in ${schedule}`);
  return [minute, hour, dayOfMonth, month, dayOfWeek].join(' ');
};

export const matchesRule = (rule: EventRuleDefinition, event: BusEvent): boolean => {
  if (!rule.pattern.source.includes(event.source)) return false;
  if (!rule.pattern['detail-type'].includes(event.detailType)) return false;
  return Object.entries(rule.pattern.detail ?? {}).every(([field, allowed]) => allowed.includes(event.detail[field]));
};

const maxAttempts = 3;

export class LocalEventBusAndScheduler implements LocalBus {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly crons: Cron[] = [];
  readonly deliveries: Delivery[] = [];

  constructor(private readonly loadJob: (job: JobName) => Promise<JobHandler>, private readonly retryDelayMs = 1000) {}

  async put(event: BusEvent): Promise<string> {
    const eventId = randomUUID();
    const envelope = {
      version: '0',
      id: eventId,
      'detail-type': event.detailType,
      source: event.source,
      account: 'local',
      time: new Date().toISOString(),
      region: 'local',
      resources: [],
      detail: event.detail,
    };
    for (const rule of eventRules.filter((r) => matchesRule(r, event))) this.deliver(rule.target, envelope);
    return eventId;
  }

  /** Starts the cron schedules. Each tick sends a "Scheduled Event", as EventBridge does. Jobs only events start have none. */
  startSchedules(): void {
    for (const job of jobs) {
      if (job.schedule === undefined) continue;
      this.crons.push(
        new Cron(toCronerPattern(job.schedule), { timezone: 'UTC', protect: true }, () => {
          this.deliver(job.name, this.scheduledEvent(job.name));
        }),
      );
    }
  }

  scheduledEvent(job: JobName): EventBridgeEvent<string, Record<string, unknown>> {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: 'local',
      time: new Date().toISOString(),
      region: 'local',
      resources: [`local:rule/${job}`],
      detail: {},
    };
  }

  /** Waits until every delivery (and its retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  stop(): void {
    for (const cron of this.crons) cron.stop();
  }

  private held: { job: JobName; event: EventBridgeEvent<string, Record<string, unknown>> }[] | undefined;

  /** Holds deliveries until release(): a test orders two changes before any run sees the first. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const { job, event } of held) this.deliver(job, event);
  }

  deliver(job: JobName, event: EventBridgeEvent<string, Record<string, unknown>>): void {
    if (this.held) {
      this.held.push({ job, event });
      return;
    }
    const run = (async () => {
      const handler = await this.loadJob(job);
      let attempts = 0;
      try {
        await retry(
          async (attempt) => {
            attempts = attempt;
            await handler(event);
          },
          // Like EventBridge, every failure is retried: the jobs are idempotent.
          { attempts: maxAttempts, baseMs: this.retryDelayMs, capMs: this.retryDelayMs * maxAttempts, retryIf: () => true, exhausted: (last) => last },
        );
        this.deliveries.push({ eventId: event.id, job, attempts, status: 'succeeded' });
      } catch (error) {
        this.deliveries.push({ eventId: event.id, job, attempts, status: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
