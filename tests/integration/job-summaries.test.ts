/**
 * Issue 13: the Automations page lists every scheduled job (GET /jobs is read from
 * shared/schedules.ts) and says each one's name and each figure of its last run in the user's
 * language: every job is run here through the API, and every key of every summary must have a
 * label in Chinese and English (no raw keys such as `bookedAhead`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../shared/schedules.js';
import { zhCN } from '../../dashboard/src/lib/i18n/zh-cn.js';
import { en } from '../../dashboard/src/lib/i18n/en.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

type JobView = { name: string; lastRun: { startedAt: string; summary: Record<string, number> } | null };

let twin: TestTwin;

beforeAll(async () => {
  twin = await startTestTwin();
}, 90_000);

afterAll(async () => {
  await twin?.stop();
});

const lastRuns = async (): Promise<Map<string, JobView['lastRun']>> => {
  const { body } = await twin.api<{ items: JobView[] }>('GET', '/jobs', { token: await twin.tokenFor('owner') });
  return new Map(body.items.map((j) => [j.name, j.lastRun]));
};

describe('every scheduled job, run now: named and summed up in both languages', () => {
  it('GET /jobs lists exactly the jobs of shared/schedules.ts', async () => {
    expect([...(await lastRuns()).keys()].sort()).toEqual(jobs.map((j) => j.name).sort());
  });

  it('each job and each figure of its summary has a Chinese and an English label', async () => {
    const token = await twin.tokenFor('owner');
    const missing: string[] = [];
    for (const job of jobs) {
      // A job that only events start (the import runner) has no "run now": its name is what the page shows.
      if (job.schedule === undefined) {
        for (const [lang, dictionary] of [['zh-CN', zhCN], ['en', en]] as const) if (!(`job.${job.name}` in dictionary)) missing.push(`${lang} job.${job.name}`);
        continue;
      }
      const before = (await lastRuns()).get(job.name)?.startedAt ?? '';
      expect((await twin.api('POST', `/jobs/${job.name}/run`, { token })).status).toBe(202);
      let run: JobView['lastRun'] = null;
      for (let i = 0; i < 120 && !(run && run.startedAt !== before); i++) {
        await new Promise((r) => setTimeout(r, 250));
        run = (await lastRuns()).get(job.name) ?? null;
      }
      if (!run || run.startedAt === before) throw new Error(`${job.name} did not run`);
      const keys = [`job.${job.name}`, ...Object.keys(run.summary).map((k) => `job.summary.${k}`)];
      for (const key of keys) for (const [lang, dictionary] of [['zh-CN', zhCN], ['en', en]] as const) if (!(key in dictionary)) missing.push(`${lang} ${key}`);
    }
    expect(missing).toEqual([]);
  }, 240_000);
});
