/**
 * The fuzz suite's world: two chains on one twin (the demo chain and one onboarded beside it),
 * a token for every role of each, a valid request per route built by the route samples against
 * each chain, and every id each chain's answers have shown so far.
 */
import { ulid } from 'ulid';
import { roles, type Role } from '../../../shared/domain/access.js';
import { routeKey, routes } from '../../../shared/routes.js';
import type { Patient } from '../../../shared/schemas/patient.js';
import { foundationSamples } from '../route-samples/foundation.js';
import { areaSamples } from '../route-samples/index.js';
import type { RouteSamples, Sample, SampleContext } from '../route-samples/types.js';
import type { TestTwin } from '../twin-client.js';

export type ChainLabel = 'A' | 'B';

export type FuzzChain = {
  label: ChainLabel;
  tenantId: string;
  tokens: Record<Role, string>;
  ctx: SampleContext;
  /** a valid request per route key, built once; a route whose sample cannot run here has none */
  templates: Map<string, Sample>;
  /** every id (and link token) this chain's own answers showed */
  ids: Set<string>;
  /** the same ids by the field that carried them (patientId → […]), for path substitutions */
  idsByName: Map<string, string[]>;
};

export type FuzzWorld = { twin: TestTwin; chains: Record<ChainLabel, FuzzChain>; samples: RouteSamples };

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Link tokens are long and URL-safe; JWTs (with dots) are not ids. */
const tokenPattern = /^[A-Za-z0-9_-]{16,200}$/;

/** Records every id-like value under a key ending in Id/Ids or named token. */
export const learnIds = (chain: FuzzChain, body: unknown, accept: (id: string) => boolean = () => true): void => {
  const visit = (value: unknown, key: string, depth: number): void => {
    if (depth > 12 || value === null || value === undefined) return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, key, depth + 1));
    if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).forEach(([k, v]) => visit(v, k, depth + 1));
    if (typeof value !== 'string' || !/(Ids?|^token)$/.test(key)) return;
    if (!ulidPattern.test(value) && !(key === 'token' && tokenPattern.test(value))) return;
    if (chain.ids.has(value) || !accept(value)) return;
    chain.ids.add(value);
    const name = key.replace(/Ids$/, 'Id');
    chain.idsByName.set(name, [...(chain.idsByName.get(name) ?? []), value]);
  };
  visit(body, '', 0);
};

const otherChainOf = async (twin: TestTwin): Promise<{ ctx: SampleContext; tokens: Record<Role, string>; tenantId: string }> => {
  const other = await twin.otherChain();
  const invite = await twin.api<{ userId: string }>('POST', '/staff', {
    token: other.ownerToken,
    body: { email: `dentist-${ulid().toLowerCase()}@other.local`, displayName: '他院医生', role: 'dentist', clinicIds: [other.clinicId] },
  });
  if (invite.status !== 201) throw new Error(`fuzz setup: dentist invite answered ${invite.status}`);
  const tokens = { owner: other.ownerToken } as Record<Role, string>;
  for (const role of roles.filter((r) => r !== 'owner')) {
    const userId = role === 'dentist' ? invite.body.userId : ulid();
    const clinicIds = role === 'manager' ? '*' : other.clinicId;
    tokens[role] = (await twin.issuer.sign({ userId, email: `${role}@other.local`, tenantId: other.tenantId, role, clinicIds })).token;
  }
  // The samples build their requests from `twin.demo`: point it at this chain's clinic and dentist.
  const asB: TestTwin = { ...twin, demo: { tenantId: other.tenantId, clinicIds: [other.clinicId], jinganId: other.clinicId, tianheId: other.clinicId, dentistId: invite.body.userId } };
  const patient = await asB.api<Patient>('POST', '/patients', {
    token: other.ownerToken,
    body: { name: '他院患者', phone: '13955556666', clinicId: other.clinicId, consents: { healthData: { granted: true, source: 'paper-form' } } },
  });
  if (patient.status !== 201) throw new Error(`fuzz setup: patient answered ${patient.status}`);
  return { ctx: { twin: asB, demoPatient: patient.body, ownerToken: other.ownerToken }, tokens, tenantId: other.tenantId };
};

const demoChainOf = async (twin: TestTwin): Promise<{ ctx: SampleContext; tokens: Record<Role, string>; tenantId: string }> => {
  const tokens = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await twin.tokenFor(r)] as const))) as Record<Role, string>;
  const patient = await twin.api<Patient>('POST', '/patients', {
    token: tokens.owner,
    body: { name: '模糊测试患者', phone: '13944443333', clinicId: twin.demo.jinganId, consents: { healthData: { granted: true, source: 'paper-form' } } },
  });
  if (patient.status !== 201) throw new Error(`fuzz setup: patient answered ${patient.status}`);
  return { ctx: { twin, demoPatient: patient.body, ownerToken: tokens.owner }, tokens, tenantId: twin.demo.tenantId };
};

/** Builds each route's valid request for the chain, sends it once as the owner and learns the ids shown. */
const seedChain = async (world: FuzzWorld, chain: FuzzChain): Promise<void> => {
  learnIds(chain, { patientId: chain.ctx.demoPatient.patientId, clinicId: chain.ctx.twin.demo.jinganId, tenantId: chain.tenantId });
  for (const r of routes) {
    const key = routeKey(r);
    const build = world.samples[key];
    // A sample that needs the demo's own data (e.g. a seeded import) may not run on the new chain.
    const sample = build ? await Promise.resolve().then(() => build(chain.ctx)).catch(() => undefined) : undefined;
    if (!sample) continue;
    chain.templates.set(key, sample);
    const token = r.auth === 'token' ? chain.tokens.owner : undefined;
    const res = await world.twin.api(r.method, sample.path, { ...(token ? { token } : {}), ...(sample.body !== undefined ? { body: sample.body } : {}) });
    if (res.status < 300) learnIds(chain, res.body);
  }
  await world.twin.bus.idle();
};

export const prepareFuzzWorld = async (twin: TestTwin): Promise<FuzzWorld> => {
  const make = (label: ChainLabel, made: Awaited<ReturnType<typeof demoChainOf>>): FuzzChain => ({ label, ...made, templates: new Map(), ids: new Set(), idsByName: new Map() });
  const world: FuzzWorld = {
    twin,
    samples: { ...foundationSamples, ...areaSamples },
    chains: { A: make('A', await demoChainOf(twin)), B: make('B', await otherChainOf(twin)) },
  };
  await seedChain(world, world.chains.A);
  await seedChain(world, world.chains.B);
  return world;
};
