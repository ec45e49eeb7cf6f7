/**
 * Crashes a job for real: the job runs in a child process group on the twin's DynamoDB Local
 * tables, and once it has sent `killAfter` messages the whole group gets SIGKILL. Then the
 * restart's claim sweep runs and the job runs again, as the scheduler would, and the outbox (the
 * twin's SMS channel) is compared with what was planned.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';

const worker = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));

const outboxCount = async (tenantId: string): Promise<number> => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { outboxEntity } = await import('../../functions/adapters/dynamo/entities/outbox.js');
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': outboxEntity.pk.fill({ tenantId }) }, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};

export type CrashJob = 'reactivation' | 'recall' | 'appointment-reminders' | 'checkout' | 'import' | 'campaign';

/**
 * When to kill: after `messages` new messages reached the channel; `atMs` after the job started
 * (the worker's "ready" line: a moment inside the run, not in Node's start-up); or as soon as
 * `when` holds. A job that ends first is not killed.
 */
export type KillAt = number | { messages: number } | { atMs: number } | { when: () => Promise<boolean> };

export type KillOptions = { payload?: unknown };

/** Runs `job` in its own process group and kills the group with SIGKILL at `kill` (a number: after that many new messages). */
export const runAndKill = async (job: CrashJob, tenantId: string, now: Date, kill: KillAt, options: KillOptions = {}): Promise<{ killed: boolean; ranMs: number }> => {
  const at = typeof kill === 'number' ? { messages: kill } : kill;
  const before = 'messages' in at ? await outboxCount(tenantId) : 0;
  const args = ['--import', 'tsx', worker, job, tenantId, now.toISOString(), ...(options.payload === undefined ? [] : [JSON.stringify(options.payload)])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'ERROR' } });
  let readyAt: number | undefined;
  child.stdout?.on('data', (chunk: Buffer) => { if (readyAt === undefined && chunk.toString().includes('ready')) readyAt = performance.now(); });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let finished = false;
  void exited.then(() => { finished = true; });
  const due = async (): Promise<boolean> => {
    if ('messages' in at) return (await outboxCount(tenantId)) - before >= at.messages;
    if ('atMs' in at) return readyAt !== undefined && performance.now() - readyAt >= at.atMs;
    return at.when();
  };
  let killed = false;
  while (!finished) {
    if ((await due()) && child.pid && !finished) {
      // The whole group, as a crash of the machine would: nothing gets to clean up.
      try { process.kill(-child.pid, 'SIGKILL'); killed = true; } catch { /* already gone */ }
      break;
    }
    await new Promise((r) => setTimeout(r, 'atMs' in at ? 1 : 5));
  }
  await exited;
  // A request the killed process had already sent still lands in DynamoDB Local after the kill:
  // let it, so what the caller reads next is the state the crash really left.
  if (killed) await new Promise((r) => setTimeout(r, 300));
  return { killed, ranMs: readyAt === undefined ? 0 : performance.now() - readyAt };
};

/** Claims the crash left in the channel window (handed to SMS, not recorded), before the sweep resolves them. */
export const claimsInWindow = async (tenantId: string): Promise<Set<string>> => {
  const { openClaims } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
  const entries = await openClaims(tenantId, { after: '0', upTo: '9999', legacyDueBy: '9999' }, 10_000);
  return new Set(entries.filter((e) => e.handingAt !== undefined).map((e) => e.patientId));
};

export type CrashCount = { lost: number; duplicate: number; unknown: number; sent: number };

/**
 * Lost: a planned patient with no message whose claim did not end in the window.
 * Duplicate: two or more messages to one patient outside the window.
 */
export const countOutcome = async (tenantId: string, planned: ReadonlyMap<string, string>, inWindow: ReadonlySet<string>): Promise<CrashCount> => {
  const { listOutbox } = await import('../../functions/adapters/dynamo/outbox-repository.js');
  const perPhone = new Map<string, number>();
  // Every page: one query stops at 1 MB (a few thousand messages), and a chain with history (the
  // full bench runs on the demo's three years) has far more, so a single page missed messages that
  // were sent and counted them lost.
  let cursor: string | undefined;
  do {
    const page = await listOutbox(tenantId, 10_000, cursor);
    for (const m of page.items) if (m.kind === 'sms') perPhone.set(m.to, (perPhone.get(m.to) ?? 0) + 1);
    cursor = page.cursor;
  } while (cursor);
  const count: CrashCount = { lost: 0, duplicate: 0, unknown: inWindow.size, sent: 0 };
  for (const [patientId, phone] of planned) {
    const n = perPhone.get(phone) ?? 0;
    count.sent += n;
    if (inWindow.has(patientId)) continue;
    if (n === 0) count.lost += 1;
    if (n > 1) count.duplicate += 1;
  }
  return count;
};
