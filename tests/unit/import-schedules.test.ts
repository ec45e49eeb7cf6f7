import { describe, expect, it } from 'vitest';
import { LocalEventBusAndScheduler, matchesRule } from '../../functions/local/event-bus.js';
import { eventRules, importChunkEvent, jobs, runJobEvent } from '../../shared/schedules.js';

describe('the import runner in the schedule table', () => {
  it('has no cron: only its chunk events (and "run now") start it', () => {
    const runner = jobs.find((j) => j.name === 'import-runner');
    expect(runner).toMatchObject({ putsEvents: true });
    expect(runner?.schedule).toBeUndefined();
    const chunk = { source: importChunkEvent.source, detailType: importChunkEvent.detailType, detail: { tenantId: 't', importId: 'i', runId: 'r', chunk: 3 } };
    expect(eventRules.filter((r) => matchesRule(r, chunk)).map((r) => r.target)).toEqual(['import-runner']);
    const runNow = { source: runJobEvent.source, detailType: runJobEvent.detailType, detail: { job: 'import-runner', tenantId: 't' } };
    expect(eventRules.filter((r) => matchesRule(r, runNow)).map((r) => r.target)).toEqual(['import-runner']);
  });

  it('the local scheduler starts the crons of scheduled jobs and skips the rest', () => {
    const bus = new LocalEventBusAndScheduler(async () => async () => undefined);
    expect(() => bus.startSchedules()).not.toThrow();
    bus.stop();
  });
});
