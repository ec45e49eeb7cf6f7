/**
 * monthly_cost_usd_reference_chain: the AWS bill (outside SMS) of the reference chain of issue 10
 * (3 clinics, 10,000 patients, 1,000 visits and 5,000 messages a month, 20 staff), priced by
 * shared/domain/cost from units measured here on DynamoDB Local: a checkout, a patient create,
 * a message through the send pipeline, the staff list screens, one run of every scheduled job,
 * and the table bytes per patient of the 3-year demo chain. Writes are AWS's charge (transactions
 * count each item twice, and again per index; see clinic-ops.ts), not DynamoDB Local's report.
 * Run after the demo history is seeded into `owner`'s chain. One `monthly_cost_item` line per item.
 */
import { gzipSync } from 'node:zlib';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { jobs } from '../../shared/schedules.js';
import { mainTable } from '../../shared/tables.js';
import { measuredUnitProfile, monthlyCostItems, referenceChain, referenceDeployment, runsPerDay, totalUsd, type UnitProfile } from '../../shared/domain/cost/monthly-cost.js';
import type { Twin } from '../../functions/local/twin.js';
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';
import { awsTransactionalEstimate } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;
type Units = { rcu: number; wcu: number; ms: number };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export const measureMonthlyCost = async (twin: Twin, owner: LocalUser, emit: Emit, options: { patients: number }): Promise<void> => {
  const { dynamoClient, documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const tally = { rcu: 0, wcu: 0 };
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const command = context.commandName ?? '';
      const consumed = [(result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity].flat()
        .reduce((sum, c) => sum + (c?.CapacityUnits ?? 0), 0);
      if (command === 'TransactWriteItemsCommand') tally.wcu += awsTransactionalEstimate(input.TransactItems as Record<string, { Item?: Record<string, unknown> }>[]);
      else if (/Put|Update|Delete|Write/.test(command)) tally.wcu += consumed;
      else tally.rcu += consumed;
      return result;
    },
    { step: 'initialize', name: 'benchMonthlyCost' },
  );
  const measure = async (work: () => Promise<unknown>): Promise<Units> => {
    tally.rcu = 0;
    tally.wcu = 0;
    const started = performance.now();
    await work();
    return { rcu: tally.rcu, wcu: tally.wcu, ms: performance.now() - started };
  };

  const { listClinics, listStaff } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { listProcedures } = await import('../../functions/adapters/dynamo/catalog-repository.js');
  const { checkout } = await import('../../functions/services/visit-service.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const { checkoutSchema } = await import('../../shared/schemas/visit.js');
  const { priceAt } = await import('../../shared/domain/catalog.js');
  const caller = { userId: owner.userId, email: owner.email, tenantId: owner.tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinic = (await listClinics(owner.tenantId))[0];
  const dentist = (await listStaff(owner.tenantId)).find((s) => s.role === 'dentist');
  const cleaning = (await listProcedures(owner.tenantId)).find((p) => p.code === 'cleaning');
  if (!clinic || !dentist || !cleaning) throw new Error('cost bench: demo chain incomplete');

  // Inside the sending window, whatever the time of the run.
  const elevenInShanghai = new Date(`${new Date().toISOString().slice(0, 10)}T11:00:00+08:00`);
  const statuses: string[] = [];
  // Ten patient creates, ten checkouts (a cleaning paid by WeChat), ten recall messages.
  const creates: Units[] = [];
  const checkouts: Units[] = [];
  const messages: Units[] = [];
  for (let i = 0; i < 10; i++) {
    const body = { name: `成本基准${i}`, phone: `1380000${String(1000 + i)}`, clinicId: clinic.clinicId, consents: { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } } };
    let patientId = '';
    creates.push(await measure(async () => {
      patientId = (await createPatient(caller, patientCreateSchema.parse(body))).patientId;
    }));
    const input = checkoutSchema.parse({ clinicId: clinic.clinicId, dentistId: dentist.userId, lines: [{ procedureId: cleaning.procedureId }], payments: [{ method: 'wechat', amountFen: priceAt(cleaning, clinic.clinicId) }] });
    checkouts.push(await measure(() => checkout(caller, patientId, input)));
    await twin.bus.idle();
    let status = '';
    const sent = await measure(async () => {
      status = (await sendMessage({ tenantId: owner.tenantId, patientId, purpose: 'recall', occasion: `cost-bench.${i}`, template: '{name}您好，该洁牙了，欢迎预约{clinic}。', ref: { kind: 'standing' } }, { now: elevenInShanghai })).status;
    });
    statuses.push(status);
    if (status === 'sent') messages.push(sent);
  }

  if (messages.length === 0) throw new Error(`cost bench: no message sent (${statuses.join(',')})`);

  // The staff list screens, through the API as the dashboard calls them.
  const { token } = await twin.issuer.sign(owner);
  const today = new Date().toISOString().slice(0, 10);
  const c = clinic.clinicId;
  const screens = ['/me', '/chain', '/clinics', `/patients?clinicId=${c}`, `/appointments?clinicId=${c}&date=${today}&days=1`, `/tasks?clinicId=${c}`, '/messages?purpose=recall', '/procedures', `/kpi/overview?from=${today}&to=${today}`, '/automations', '/plans', `/leads?clinicId=${c}`];
  const reads: Units[] = [];
  let responseBytes = 0;
  for (const path of [...screens, ...screens]) {
    const units = await measure(async () => {
      const res = await fetch(`${twin.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`cost bench: GET ${path} ${res.status} ${await res.text()}`);
      // As CloudFront sends it to a browser asking for gzip.
      responseBytes += gzipSync(Buffer.from(await res.arrayBuffer())).length;
    });
    reads.push(units);
  }
  const readsUsed = reads.slice(screens.length); // the second, warm pass

  // One run of every scheduled job for this chain, weighted by its runs a day.
  let jobsPerDay = { rcu: 0, wcu: 0, lambdaMs: 0 };
  const perJob: Record<string, { rcu: number; wcu: number; first_ms: number }> = {};
  // The patient base is computed once when a chain arrives (npm start does it while seeding); a
  // nightly run after that recomputes only the patients whose records changed. That backfill is
  // not a month's cost: it is run here first, unmeasured, as it would have run on onboarding.
  const { handler: patientMetrics } = (await import('../../functions/jobs/patient-metrics.js')) as { handler: (event: unknown) => Promise<unknown> };
  await patientMetrics({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: { tenantId: owner.tenantId } });
  await twin.bus.idle();
  for (const job of jobs.filter((j) => j.schedule)) {
    const { handler } = (await import(`../../functions/jobs/${job.name}.js`)) as { handler: (event: unknown) => Promise<unknown> };
    const once = () => measure(async () => {
      await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: { tenantId: owner.tenantId } });
      await twin.bus.idle();
    });
    // The first run does the day's work (on 3 years of history, more than a day's); the runs
    // after it find little new, as most of a frequent job's runs do.
    const first = await once();
    const again = await once();
    const rest = runsPerDay(job.schedule ?? '') - 1;
    perJob[job.name] = { rcu: round(first.rcu + again.rcu * rest), wcu: round(first.wcu + again.wcu * rest), first_ms: Math.round(first.ms) };
    if (process.env.BENCH_TRACE) console.error(`monthly cost: ${job.name} first run ${Math.round(first.ms)} ms`);
    jobsPerDay = {
      rcu: jobsPerDay.rcu + first.rcu + again.rcu * rest,
      wcu: jobsPerDay.wcu + first.wcu + again.wcu * rest,
      lambdaMs: jobsPerDay.lambdaMs + first.ms + again.ms * rest,
    };
  }

  const tableBytes = await chainBytes(documentClient, tableName, owner.tenantId, ScanCommand);
  const perPatient = (bytes: number) => bytes / Math.max(1, options.patients);
  const mean = (list: Units[], key: keyof Units) => list.reduce((sum, u) => sum + u[key], 0) / Math.max(1, list.length);
  const units: UnitProfile = {
    checkout: { wcu: mean(checkouts, 'wcu'), rcu: mean(checkouts, 'rcu') },
    patientCreate: { wcu: mean(creates, 'wcu'), rcu: mean(creates, 'rcu') },
    message: { wcu: mean(messages, 'wcu'), rcu: mean(messages, 'rcu') },
    staffRead: { rcu: mean(readsUsed, 'rcu'), wcu: mean(readsUsed, 'wcu') },
    jobsPerDay,
    jobChainPatients: options.patients,
    baseBytesPerPatient: perPatient(tableBytes.base),
    indexBytesPerPatient: perPatient(tableBytes.index),
    apiLambdaMs: median(readsUsed.map((u) => u.ms)),
    dashboardAssetBytes: measuredUnitProfile.dashboardAssetBytes,
    dashboardShellBytes: measuredUnitProfile.dashboardShellBytes,
    apiResponseBytes: responseBytes / (2 * screens.length),
  };
  const items = monthlyCostItems(referenceChain, units, referenceDeployment);
  for (const item of items) emit('monthly_cost_item', item.usd, 'USD', { name: item.name, basis: item.basis });
  emit('monthly_cost_usd_reference_chain', totalUsd(items), 'USD', {
    chain: referenceChain, chains_per_deployment: referenceDeployment.chains, cognito_tier: referenceDeployment.cognitoTier,
    measured: {
      checkout_wcu: round(units.checkout.wcu), patient_create_wcu: round(units.patientCreate.wcu), message_wcu: round(units.message.wcu), messages_sent: messages.length,
      staff_read_rcu: round(units.staffRead.rcu), jobs_rcu_per_day: round(jobsPerDay.rcu), jobs_wcu_per_day: round(jobsPerDay.wcu), jobs_lambda_s_per_day: round(jobsPerDay.lambdaMs / 1000),
      base_bytes_per_patient: Math.round(units.baseBytesPerPatient), index_bytes_per_patient: Math.round(units.indexBytesPerPatient), api_response_bytes_gzip: Math.round(units.apiResponseBytes), api_ms_median: round(units.apiLambdaMs),
    },
    jobs_units_per_day: perJob,
    note: 'list prices us-east-1 (shared/domain/cost/aws-prices.ts), no free tiers; platform alarms and scheduled job invocations split across the chains of one deployment; Lambda time measured on this machine against DynamoDB Local',
    goal: 1,
  });
};

const round = (value: number) => Math.round(value * 100) / 100;

/** DynamoDB's item size: attribute names and values (numbers ~ their digits, lists and maps 3 bytes each plus their parts). */
const valueBytes = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueBytes(v), 0);
  return Buffer.byteLength(String(value));
};
const itemBytes = (item: Record<string, unknown>, only?: readonly string[]): number =>
  Object.entries(item).filter(([k]) => !only || only.includes(k)).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueBytes(v), 0);

/**
 * Bytes of every item of the chain (keys begin with T#<tenant>#), as DynamoDB sizes them: the base
 * table, and the index copies apart (an ALL index stores the whole item again, a KEYS_ONLY one
 * only the keys; each index entry carries 100 bytes of overhead).
 */
const chainBytes = async (
  client: { send: (command: InstanceType<typeof ScanCommand>) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }> },
  table: string,
  tenantId: string,
  Scan: typeof ScanCommand,
): Promise<{ base: number; index: number }> => {
  const bytes = { base: 0, index: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new Scan({ TableName: table, ExclusiveStartKey: start, FilterExpression: 'begins_with(pk, :t)', ExpressionAttributeValues: { ':t': `T#${tenantId}#` } }));
    for (const item of page.Items ?? []) {
      const size = itemBytes(item);
      bytes.base += size + 100;
      for (const index of mainTable.globalIndexes) {
        if (item[index.partitionKey.name] === undefined) continue;
        bytes.index += 100 + (index.projection === 'ALL' ? size : itemBytes(item, ['pk', 'sk', index.partitionKey.name, index.sortKey.name]));
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return bytes;
};
