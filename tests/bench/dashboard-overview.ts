/**
 * dashboard_overview_rcu_{1y,3y}: read units of the owner's overview (GET /kpi/overview, last 30
 * days, all clinics, with the previous 30 for the change) of a demo chain with 1 and with 3 years
 * of history (5,000 patients each). The overview reads rollups by date range only, so both should
 * cost the same whatever the history holds.
 */
import { ulid } from 'ulid';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Twin } from '../../functions/local/twin.js';
import type { Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const measureOverview = async (twin: Twin, capture: Capture, emit: Emit, threeYearChain: { tenantId: string; token: string }): Promise<void> => {
  const { onboardChain } = await import('../../functions/services/onboarding.js');
  const { createClinic } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { newClinic } = await import('../../shared/domain/onboarding.js');
  const { seedDemoHistory } = await import('../../functions/local/demo-history-writer.js');

  // A second chain shaped like the demo (静安店 and 天河店; the history adds 浦东店) with one year.
  const { chain, owner } = await onboardChain({
    chainName: '一年演示连锁',
    brand: '微笑口腔',
    clinic: { name: '静安店' },
    owner: { email: `bench-1y-${ulid().toLowerCase()}@bench.local`, displayName: '基准', password: 'bench-password-1234' },
  });
  await createClinic(chain.tenantId, newClinic(ulid(), { name: '天河店', smsSignature: '微笑口腔', timeZone: 'Asia/Shanghai' }, new Date().toISOString()));
  const oneYear = await seedDemoHistory(chain.tenantId, { years: 1 });
  const { token } = await twin.issuer.sign({ userId: owner.userId, email: owner.email, tenantId: chain.tenantId, role: 'owner', clinicIds: '*' });

  const today = localDay(new Date(), 'Asia/Shanghai');
  const path = `/kpi/overview?from=${addDays(today, -29)}&to=${today}`;
  const overviewUnits = async (bearer: string) => {
    let visits = 0;
    const units = await capture(async () => {
      const res = await fetch(`${twin.url}/api${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      if (!res.ok) throw new Error(`overview: ${res.status} ${await res.text()}`);
      visits = ((await res.json()) as { current: { visits: number } }).current.visits;
    });
    return { rcu: units.read, visits };
  };
  for (const [label, target, patients] of [['1y', { tenantId: chain.tenantId, token }, oneYear.patients], ['3y', threeYearChain, undefined]] as const) {
    const { rcu, visits } = await overviewUnits(target.token);
    emit(`dashboard_overview_rcu_${label}`, rcu, 'RCU', { days: 30, visits_in_range: visits, ...(patients ? { patients } : {}), goal: 50 });
  }
};
