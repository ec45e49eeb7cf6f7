/**
 * A client for a running local twin, as the dashboard talks to it over HTTP, with tokens for the
 * demo users and a way to onboard a second chain. Free of vitest, so the bench can use it too.
 */
import type { Role } from '../../shared/domain/access.js';
import type { Twin } from '../../functions/local/twin.js';

export type ApiResponse<T = unknown> = { status: number; body: T };
export type Api = <T = Record<string, unknown>>(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string }) => Promise<ApiResponse<T>>;

export type TestTwin = Twin & {
  api: Api;
  /** a token for a demo user, signed by the twin's issuer */
  tokenFor: (role: Role) => Promise<string>;
  /** a second, unrelated chain with an owner and one clinic */
  otherChain: () => Promise<{ tenantId: string; clinicId: string; ownerToken: string }>;
  demo: { tenantId: string; clinicIds: string[]; jinganId: string; tianheId: string; dentistId: string };
};

export const testTwinFrom = async (twin: Twin): Promise<TestTwin> => {
  const { listClinics, listStaff } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  // Connected test files share one module graph (vitest.config.ts): each starts from the real
  // campaign audience, whatever an earlier file's route samples swapped in.
  const { useCampaignAudienceSource } = await import('../../functions/services/campaign-audience.js');
  useCampaignAudienceSource(undefined);
  const tenantId = twin.demoTenantId ?? '';
  const clinics = await listClinics(tenantId);
  const jingan = clinics.find((c) => c.name === '静安店');
  const tianhe = clinics.find((c) => c.name === '天河店');
  if (!jingan || !tianhe) throw new Error('demo clinics missing');
  const dentistId = (await listStaff(tenantId)).find((s) => s.email === 'dentist@demo.local')?.userId ?? '';

  const api: Api = async (method, path, options = {}) => {
    const response = await fetch(`${twin.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    // Downloads (xlsx exports) are not JSON: their body stays text here, status is what callers check.
    const json = response.headers.get('content-type')?.includes('json') ?? true;
    return { status: response.status, body: text ? (json ? JSON.parse(text) : text) : undefined } as never;
  };

  const tokens = new Map<Role, string>();
  const tokenFor = async (role: Role) => {
    const cached = tokens.get(role);
    if (cached) return cached;
    const user = await verifyLocalUser(`${role}@demo.local`, 'demo');
    if (!user) throw new Error(`demo user ${role} missing`);
    const { token } = await twin.issuer.sign(user);
    tokens.set(role, token);
    return token;
  };

  const otherChain = async () => {
    const { onboardChain } = await import('../../functions/services/onboarding.js');
    const suffix = Math.random().toString(36).slice(2, 8);
    const { chain, clinic, owner } = await onboardChain({
      chainName: '另一家口腔',
      brand: '另一家',
      clinic: { name: '朝阳店' },
      owner: { email: `owner-${suffix}@other.local`, displayName: '他人', password: 'other-password' },
    });
    const { token } = await twin.issuer.sign({ userId: owner.userId, email: owner.email, tenantId: chain.tenantId, role: 'owner', clinicIds: '*' });
    return { tenantId: chain.tenantId, clinicId: clinic.clinicId, ownerToken: token };
  };

  return { ...twin, api, tokenFor, otherChain, demo: { tenantId, clinicIds: [jingan.clinicId, tianhe.clinicId], jinganId: jingan.clinicId, tianheId: tianhe.clinicId, dentistId } };
};
