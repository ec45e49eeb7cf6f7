/**
 * `npm run bench`: one JSON object per line, {"metric","value","unit"}, measured in this run on
 * this machine. Ratios are measured side by side, interleaved, so machine load affects both.
 */
import { Agent, request } from 'node:http';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { consentRecordsFrom } from '../../shared/domain/patient.js';
import { patientCreateSchema } from '../../shared/schemas/patient.js';
import { startTwin } from '../../functions/local/twin.js';
import { lambdaEntries } from '../../infra/paths.js';
import { bundleForMeasurement } from '../../infra/bundling.js';

const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ metric, value: Math.round(value * 1000) / 1000, unit, ...extra }));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  const { putNewPatient, getPatient } = await import('../../functions/adapters/dynamo/patient-repository.js');
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const { listClinics, getClinic } = await import('../../functions/adapters/dynamo/org-repository.js');

  // Every DynamoDB call the handlers make reports its consumed capacity into `units`.
  // DynamoDB Local reports CapacityUnits without the read/write split: attribute by command.
  let units = { read: 0, write: 0 };
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const isWrite = /Put|Update|Delete|Write/.test(context.commandName ?? '');
      for (const c of [output.ConsumedCapacity].flat()) {
        if (isWrite) units.write += c?.CapacityUnits ?? 0;
        else units.read += c?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );

  const owner = await verifyLocalUser('owner@demo.local', 'demo');
  if (!owner) throw new Error('demo owner missing');
  const { token } = await twin.issuer.sign(owner);
  const clinicId = (await listClinics(owner.tenantId))[0]?.clinicId ?? '';
  const body = (i: number) => ({
    name: `基准患者${i}`,
    gender: 'female',
    birthDate: '1990-01-01',
    phone: `139${String(10_000_000 + i).slice(-8)}`,
    clinicId,
    channel: 'dianping',
    tags: ['怕疼', '价格敏感'],
    notes: '周末就诊',
    consents: { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } },
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  // A lean keep-alive client, so the figure is the API's overhead rather than the HTTP client's.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const port = new URL(twin.url).port;
  const call = (method: string, path: string, payload?: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const data = payload === undefined ? undefined : JSON.stringify(payload);
      const req = request(
        { host: '127.0.0.1', port, path: `/api${path}`, method, agent, headers: { ...headers, ...(data ? { 'content-length': Buffer.byteLength(data) } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(JSON.parse(text) as Record<string, unknown>) : reject(new Error(`${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(data);
    });

  // Capacity of one create and one read, as the API does them.
  units = { read: 0, write: 0 };
  const created = (await call('POST', '/patients', body(0))) as { patientId: string };
  emit('patient_create_wcu', units.write, 'WCU', { reads_rcu: units.read });
  units = { read: 0, write: 0 };
  await call('GET', `/patients/${created.patientId}`);
  emit('patient_get_rcu', units.read, 'RCU');

  // Side by side: create+get through the local API, and the same DynamoDB calls made directly.
  // Warm both paths first (JIT in Node and in DynamoDB Local's JVM).
  for (let i = 0; i < 300; i++) {
    const p = (await call('POST', '/patients', body(10_000 + i))) as { patientId: string };
    await call('GET', `/patients/${p.patientId}`);
    await getPatient(owner.tenantId, p.patientId);
  }
  const rounds = 300;
  const viaApi: number[] = [];
  const direct: number[] = [];
  for (let i = 1; i <= rounds; i++) {
    let t = performance.now();
    const p = (await call('POST', '/patients', body(i))) as { patientId: string };
    await call('GET', `/patients/${p.patientId}`);
    viaApi.push(performance.now() - t);

    // The same DynamoDB calls the API makes, through the same repository, without HTTP,
    // token verification, validation, routing or logging.
    const input = patientCreateSchema.parse(body(i + rounds));
    t = performance.now();
    const now = new Date().toISOString();
    await getClinic(owner.tenantId, clinicId);
    const record = { patientId: ulid(), ...input, consents: consentRecordsFrom(input.consents, now, owner.userId), createdAt: now, updatedAt: now };
    await putNewPatient(owner.tenantId, record);
    await getPatient(owner.tenantId, record.patientId);
    direct.push(performance.now() - t);
  }
  emit('api_overhead_ratio', median(viaApi) / median(direct), 'ratio', { api_median_ms: median(viaApi), direct_median_ms: median(direct), rounds, goal: 1.5 });
  agent.destroy();
} finally {
  await twin.stop();
}

let largest = { name: '', bytes: 0 };
for (const entry of lambdaEntries()) {
  const bytes = await bundleForMeasurement(entry.entry);
  if (bytes > largest.bytes) largest = { name: `${entry.kind}/${entry.name}`, bytes };
}
emit('lambda_bundle_kb_max', largest.bytes / 1024, 'KB', { function: largest.name, goal: 300 });
