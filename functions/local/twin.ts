/**
 * The local twin: DynamoDB Local, the gateway, the issuer, the scheduler and bus, and the
 * outbox, running the same handler modules the stack deploys. One twin at a time per process:
 * handlers read their configuration once, at import, as they do in Lambda; only the table follows
 * the twin started last (pointAtTable), so test files can share the loaded modules.
 */
import type { TwinChannels } from './twin-channels.js';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localIdentityTable, mainTable, envNames } from '../../shared/tables.js';
import type { HttpArea } from '../../shared/routes.js';
import type { JobName } from '../../shared/schedules.js';
import { portIsFree } from './ports.js';
import { attachDynamoLocal, startDynamoLocal, localTableName, type DynamoLocal } from './dynamo-local.js';
import { commitStaging, dropStaging, stagingFor } from './demo-staging.js';
import { createGateway, type AreaHandler } from './gateway.js';
import { createLocalIssuer, type LocalIssuer } from './issuer.js';
import { LocalEventBusAndScheduler, type JobHandler } from './event-bus.js';
import type { SimulatedReply } from './inbound-sms.js';
import type { InboundReport } from '../inbound/sms-replies.js';
import type { DemoHistoryStart } from './demo-history-start.js';
import type { DemoHistoryReport } from './demo-history-writer.js';
import type { DemoCampaignsReport } from './demo-campaigns.js';
import type { StreamPoller } from './stream-poller.js';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const defaultDataDir = join(repoRoot, '.data');

export type TwinOptions = {
  /** 0 picks a free port */
  port?: number;
  /** tests: nothing touches the disk */
  inMemory?: boolean;
  dataDir?: string;
  quiet?: boolean;
  seedDemo?: boolean;
  /**
   * Also seed the big demo history (3 clinics, ~5,000 patients, 3 years) when the demo chain was
   * just created, i.e. on an empty database. `npm start` and the bench only: tests keep the small demo.
   */
  demoHistory?: boolean | DemoHistoryStart;
  /** run the cron schedules (off in tests, which run jobs by hand) */
  schedules?: boolean;
  /** delay between retries of a failed job delivery */
  retryDelayMs?: number;
  /** use this running DynamoDB Local, with tables of their own, instead of starting one */
  dynamoEndpoint?: string;
  /** write .data/twin.json so `npm run onboard` finds this twin's database (`npm start` only) */
  announce?: boolean;
  /** tests: the small demo chain written from this file (demo-snapshot.ts) instead of seeded, if seeded today */
  demoSnapshot?: string;
  /**
   * When the KPI message counts are read off the table's stream: in the background, as the
   * cloud's stream function does (default), only when `settleCounts` is called (the benches,
   * which measure the counting apart from the sending it follows), or never: test files that do
   * not read message counts share one DynamoDB Local, whose every stream costs it a write per
   * write, so their tables have none (`settleCounts` then counts nothing).
   */
  messageCounts?: 'background' | 'on-demand' | 'off';
};

export type Twin = {
  url: string;
  tableName: string;
  port: number;
  dynamo: DynamoLocal;
  issuer: LocalIssuer;
  bus: LocalEventBusAndScheduler;
  demoTenantId?: string;
  /** what the demo history seeded, when it ran */
  demoHistory?: DemoHistoryReport;
  /** the demo's past campaigns and the draft awaiting approval, when the history was seeded */
  demoCampaigns?: DemoCampaignsReport;
  /** the first night's patient base, computed while seeding the history (how long it took) */
  demoPatientBase?: { ms: number };
  /** a patient's SMS reply, delivered to the inbound subscriber as SNS would deliver it */
  receiveSms: (reply: SimulatedReply) => Promise<InboundReport>;
  /** what the local Alibaba, Tencent and WeChat fakes accepted (issue 14) */
  channels: TwinChannels;
  stop: () => Promise<void>;
  /** resolves once every ledger change so far is in the KPI message counts (the stream read to its end) */
  settleCounts: () => Promise<void>;
};

export class PortInUseError extends Error {
  constructor(port: number) {
    super(`Port ${port} is already in use: stop the program using it, or start on another port, e.g. PORT=3001 npm start`);
  }
}

let started = false;

export const startTwin = async (options: TwinOptions = {}): Promise<Twin> => {
  if (started) throw new Error('One local twin per process: handlers keep their configuration from first import');
  started = true;
  const startedAt = new Date();
  const dataDir = options.dataDir ?? defaultDataDir;
  const wantedPort = options.port ?? 3000;
  // Fail in a second, not after DynamoDB Local has started, when the port is taken.
  if (wantedPort !== 0 && !(await portIsFree(wantedPort))) {
    started = false;
    throw new PortInUseError(wantedPort);
  }
  const tableSuffix = options.dynamoEndpoint ? `-${randomUUID().slice(0, 8)}` : '';
  // A fresh on-disk database that gets the demo history is seeded on tmpfs first (demo-staging.ts).
  const staging = !options.dynamoEndpoint && !options.inMemory && options.demoHistory && (options.seedDemo ?? true) ? stagingFor(join(dataDir, 'dynamodb')) : undefined;
  let channels: TwinChannels | undefined;
  let counts: StreamPoller | undefined;
  let dynamo = options.dynamoEndpoint
    ? await attachDynamoLocal(options.dynamoEndpoint, tableSuffix, { streams: options.messageCounts !== 'off' })
    : await startDynamoLocal(options.inMemory ? {} : { dataDir: staging?.dir ?? join(dataDir, 'dynamodb') });
  try {
    Object.assign(process.env, {
      [envNames.mode]: 'local',
      [envNames.tableName]: localTableName(mainTable, tableSuffix),
      [envNames.identityTableName]: localTableName(localIdentityTable, tableSuffix),
      [envNames.dynamoEndpoint]: dynamo.endpoint,
      LOG_LEVEL: process.env.LOG_LEVEL ?? (options.quiet ? 'ERROR' : 'INFO'),
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    });
    // Connected tests start one twin per file in a shared module graph: the adapters follow this one's table.
    const { pointAtTable, stoppedTable } = await import('../adapters/dynamo/client.js');
    pointAtTable(localTableName(mainTable, tableSuffix));
    // The mainland providers' fakes, before anything can send (the adapters read their endpoints per call).
    const { startTwinChannels } = await import('./twin-channels.js');
    channels = await startTwinChannels();
    const issuer = await createLocalIssuer(options.inMemory ? undefined : join(dataDir, 'issuer-key.json'));
    // Imported only now: adapters read the environment set above at import, as in Lambda.
    const { registerLocalBus } = await import('../adapters/event-bus.js');
    const { createLoginRoute } = await import('./login.js');
    const { createTotpRoutes } = await import('./totp-routes.js');
    const { createSmsReplyRoute, smsReplyRouteKey } = await import('./sms-reply-route.js');
    const { createChannelPresetRoute, channelPresetRouteKey } = await import('./channel-preset-route.js');
    const bus = new LocalEventBusAndScheduler(loadJob, options.retryDelayMs);
    registerLocalBus(bus);
    // Providers' replies reach the inbound-SMS subscriber in-process, as its topic delivers them in the cloud.
    const { useReplyForwarder } = await import('../adapters/reply-forwarder.js');
    const { handler: inboundSmsHandler } = await import('../inbound/sms-replies.js');
    const { snsNotification } = await import('./inbound-sms.js');
    useReplyForwarder(async (message) => void (await inboundSmsHandler(snsNotification(message))));
    let demoTenantId: string | undefined;
    let demoHistory: DemoHistoryReport | undefined;
    let demoCampaigns: DemoCampaignsReport | undefined;
    const demoSnapshot = options.demoSnapshot && (options.seedDemo ?? true) ? await import('./demo-snapshot.js') : undefined;
    const snapshot = demoSnapshot && options.demoSnapshot ? demoSnapshot.currentSnapshot(options.demoSnapshot, new Date()) : undefined;
    // The message counts' stream reader starts after a snapshot is written (its counts are in its
    // rollups already) and before anything sends.
    const when = options.messageCounts ?? 'background';
    const startCounts = async () => (when === 'off' ? undefined : (counts ??= await startMessageCounts(dynamo.endpoint, localTableName(mainTable, tableSuffix), when)));
    if (demoSnapshot && snapshot) {
      await demoSnapshot.writeSnapshot(dynamo.client, tableSuffix, snapshot);
      demoTenantId = snapshot.demoTenantId;
      await startCounts();
    } else if (options.seedDemo ?? true) {
      await startCounts();
      const { seedDemoChain } = await import('./demo-seed.js');
      const demo = await seedDemoChain();
      demoTenantId = demo.tenantId;
      // Only right after the demo chain was created: a restart never adds a second history.
      if (demo.seeded && demo.tenantId && options.demoHistory) {
        const { seedDemoHistoryOnStart } = await import('./demo-history-start.js');
        demoHistory = await seedDemoHistoryOnStart(demo.tenantId, options.demoHistory === true ? {} : options.demoHistory);
      }
      // The history is written below the services: build the chain's segment facts from its records.
      if (demo.seeded && demo.tenantId) {
        const { rebuildSegmentFacts } = await import('../services/segment-facts-service.js');
        await rebuildSegmentFacts(demo.tenantId);
      }
      // Campaigns that ran weeks ago, over the history and the facts just built (demo-campaigns.ts).
      if (demo.seeded && demo.tenantId && demoHistory) {
        const { seedDemoCampaigns } = await import('./demo-campaigns.js');
        demoCampaigns = await seedDemoCampaigns(demo.tenantId);
      }
      // Leads, survey answers and complaints, replies from unknown numbers (demo-engagement.ts).
      if (demo.seeded && demo.tenantId && demoHistory) {
        const { seedDemoEngagement } = await import('./demo-engagement.js');
        await seedDemoEngagement(demo.tenantId);
      }
      // Consumables with 30 days of deliveries, issues and counts; one item about to run out (demo-stock.ts).
      if (demo.seeded && demo.tenantId && demoHistory) {
        const { seedDemoStock } = await import('./demo-stock.js');
        await seedDemoStock(demo.tenantId);
      }
      // This month's targets per clinic, from last month's figures (demo-plan.ts).
      if (demo.seeded && demo.tenantId && demoHistory) {
        const { seedDemoTargets } = await import('./demo-plan.js');
        await seedDemoTargets(demo.tenantId);
      }
    }
    await startCounts();
    // The first night's patient base, computed while seeding (issue 13): the overview's patient
    // metrics and the Members page's nightly figures (members vs non-members, entitlement use)
    // are there when the dashboard first opens, never "first figures tomorrow". Through the job's
    // handler, so the run is recorded as a night's run would be.
    let demoPatientBase: { ms: number } | undefined;
    if (demoHistory && demoTenantId) {
      await bus.idle();
      const started = performance.now();
      const event = { ...bus.scheduledEvent('patient-metrics'), detail: { job: 'patient-metrics' as const, tenantId: demoTenantId, requestedBy: 'demo-seed' } };
      try {
        const { handler: patientMetrics } = await import('../jobs/patient-metrics.js');
        await patientMetrics(event);
        demoPatientBase = { ms: Math.round(performance.now() - started) };
      } catch {
        // The run is recorded as failed (Automations page); the start goes on and the bus retries it.
        bus.deliver('patient-metrics', event);
      }
    }
    if (staging) {
      // Jobs the seed set off (care messages of the demo checkouts) finish before the database moves.
      await bus.idle();
      await counts?.drain();
      await counts?.stop();
      // The moved database keeps its stream: read on from where this reader stopped, not through it all.
      const read = counts?.positions();
      counts = undefined;
      dynamo = await commitStaging(staging, dynamo);
      if (when !== 'off') counts = await startMessageCounts(dynamo.endpoint, localTableName(mainTable, tableSuffix), when, read);
    }
    // What the seed sent is counted before the first page asks.
    await counts?.drain();
    const server = createGateway({
      loadArea,
      localRoutes: { 'POST /auth/login': createLoginRoute(issuer), [smsReplyRouteKey]: createSmsReplyRoute(), [channelPresetRouteKey]: createChannelPresetRoute(), ...createTotpRoutes(issuer) },
      verifyToken: issuer.verify,
      dashboardDir: join(repoRoot, 'dashboard', 'dist'),
      publicConfig: { mode: 'local', apiUrl: '/api' },
    });
    await new Promise<void>((ready, fail) => {
      server.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'EADDRINUSE' ? new PortInUseError(wantedPort) : error));
      // Loopback only: the demo logins are public knowledge, the twin is for this machine.
      server.listen(wantedPort, '127.0.0.1', ready);
    });
    const port = (server.address() as AddressInfo).port;
    channels.reportTo(`http://127.0.0.1:${port}/api`);
    // Whatever a killed twin had claimed or was importing is resolved now, not in 15 minutes.
    const { sweepAfterRestart } = await import('../jobs/claim-sweep.js');
    await sweepAfterRestart(startedAt);
    if (options.schedules) bus.startSchedules();
    const stateFile = join(dataDir, 'twin.json');
    // Tells `npm run onboard` where the running twin's database is (in memory or not). Tests leave it alone.
    const writesState = options.announce === true;
    if (writesState) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(stateFile, JSON.stringify({ pid: process.pid, dynamoEndpoint: dynamo.endpoint, url: `http://localhost:${port}`, inMemory: options.inMemory === true }));
    }
    const stop = async () => {
      bus.stop();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      // A request whose client went away is still being handled: its writes finish here, not in the next twin's tables.
      await server.drain();
      await bus.idle();
      registerLocalBus(undefined);
      await counts?.drain().catch(() => undefined);
      await counts?.stop();
      await dynamo.stop();
      await channels?.stop();
      if (writesState && existsSync(stateFile)) rmSync(stateFile);
      // Anything still running after this (a test body past its timeout) fails loudly instead of
      // writing into the tables of the twin the next test file starts in this process.
      pointAtTable(stoppedTable);
      started = false;
    };
    const receiveSms = async (reply: SimulatedReply): Promise<InboundReport> => {
      const [{ handler }, { smsReplyNotification }] = await Promise.all([import('../inbound/sms-replies.js'), import('./inbound-sms.js')]);
      return handler(smsReplyNotification(reply));
    };
    return {
      url: `http://localhost:${port}`, tableName: localTableName(mainTable, tableSuffix), port, dynamo, issuer, bus,
      ...(demoTenantId ? { demoTenantId } : {}), ...(demoHistory ? { demoHistory } : {}), ...(demoCampaigns ? { demoCampaigns } : {}), ...(demoPatientBase ? { demoPatientBase } : {}),
      receiveSms, channels, stop,
      settleCounts: async () => counts?.drain(),
    };
  } catch (error) {
    await counts?.stop();
    await dynamo.stop();
    await channels?.stop();
    dropStaging(staging);
    started = false;
    throw error;
  }
};

const areaModules: Record<HttpArea, () => Promise<{ handler: AreaHandler }>> = {
  system: () => import('../http/system/handler.js'),
  org: () => import('../http/org/handler.js'),
  patients: () => import('../http/patients/handler.js'),
  messages: () => import('../http/messages/handler.js'),
  jobs: () => import('../http/jobs/handler.js'),
  engagement: () => import('../http/engagement/handler.js'),
  marketing: () => import('../http/marketing/handler.js'),
  catalog: () => import('../http/catalog/handler.js'),
  appointments: () => import('../http/appointments/handler.js'),
  visits: () => import('../http/visits/handler.js'),
  tasks: () => import('../http/tasks/handler.js'),
  imports: () => import('../http/imports/handler.js'),
  kpi: () => import('../http/kpi/handler.js'),
  members: () => import('../http/members/handler.js'),
  wallet: () => import('../http/wallet/handler.js'),
  public: () => import('../http/public/handler.js'),
  plan: () => import('../http/plan/handler.js'),
};

const jobModules: Record<JobName, () => Promise<{ handler: JobHandler }>> = {
  'patient-counts': () => import('../jobs/patient-counts.js'),
  'import-runner': () => import('../jobs/import-runner.js'),
  'task-escalation': () => import('../jobs/task-escalation.js'),
  'appointment-reminders': () => import('../jobs/appointment-reminders.js'),
  'message-retries': () => import('../jobs/message-retries.js'),
  'care-messages': () => import('../jobs/care-messages.js'),
  recall: () => import('../jobs/recall.js'),
  reactivation: () => import('../jobs/reactivation.js'),
  greetings: () => import('../jobs/greetings.js'),
  'installment-reminders': () => import('../jobs/installment-reminders.js'),
  'staff-summary': () => import('../jobs/staff-summary.js'),
  'patient-metrics': () => import('../jobs/patient-metrics.js'),
  'claim-sweep': () => import('../jobs/claim-sweep.js'),
  'member-messages': () => import('../jobs/member-messages.js'),
  'campaign-runner': () => import('../jobs/campaign-runner.js'),
  'campaign-triggers': () => import('../jobs/campaign-triggers.js'),
  'member-events': () => import('../jobs/member-events.js'),
  'stock-alerts': () => import('../jobs/stock-alerts.js'),
};

/** Loaded once, like a warm Lambda: a dynamic import per request would pay the loader's resolve each time. */
const memoize = <K, V>(load: (key: K) => Promise<V>) => {
  const loaded = new Map<K, Promise<V>>();
  return (key: K): Promise<V> => {
    let value = loaded.get(key);
    if (!value) loaded.set(key, (value = load(key)));
    return value;
  };
};

const loadArea = memoize(async (area: HttpArea): Promise<AreaHandler> => (await areaModules[area]()).handler);
const loadJob = memoize(async (job: JobName): Promise<JobHandler> => (await jobModules[job]()).handler);

/** The message-counts function fed from the table's stream, as its event source does in the cloud. */
const startMessageCounts = async (endpoint: string, tableName: string, when: 'background' | 'on-demand', after?: ReadonlyMap<string, string>): Promise<StreamPoller> => {
  const [{ startStreamPoller }, { handler }] = await Promise.all([import('./stream-poller.js'), import('../streams/message-counts.js')]);
  return startStreamPoller({ endpoint, tableName, deliver: handler, ...(when === 'on-demand' ? { intervalMs: 0 } : {}), ...(after ? { after } : {}) });
};
