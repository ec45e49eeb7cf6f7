/**
 * low_stock_job_items_read_per_item: DynamoDB items the daily low-stock job reads per stock level
 * it judges (goal ≤ 2), for a chain with 60 consumables stocked at every clinic, each with a
 * delivery and two weeks of daily issues. The job reads the chain's clinics, items and levels
 * (each level carries its running stock and 30-day usage), never the movements: were it to read
 * the movement ledger, the figure would be about 15.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Caller } from '../../shared/domain/access.js';
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const benchItems = 60;
const day = 86_400_000;

/** Items returned by each read call (Get, BatchGet, Query, Scan) while `on` is set. */
const countItemsRead = (client: DynamoDBClient) => {
  const tally = { on: false, items: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      if (!tally.on) return result;
      const out = result.output as { Item?: unknown; Items?: unknown[]; Responses?: Record<string, unknown[]> };
      tally.items += (out.Item ? 1 : 0) + (out.Items?.length ?? 0) + Object.values(out.Responses ?? {}).reduce((s, r) => s + r.length, 0);
      return result;
    },
    { step: 'initialize', name: 'benchItemsRead' },
  );
  return tally;
};

export const measureStockAlerts = async (owner: LocalUser, emit: Emit): Promise<void> => {
  const { dynamoClient } = await import('../../functions/adapters/dynamo/client.js');
  const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { listLevels } = await import('../../functions/adapters/dynamo/stock-repository.js');
  const { createStockItem } = await import('../../functions/services/stock-service.js');
  const { recordMovement } = await import('../../functions/services/stock-movement-service.js');
  const { runStockAlerts } = await import('../../functions/jobs/stock-alerts.js');
  const { mapLimit } = await import('../../functions/lib/concurrency.js');
  const caller: Caller = { userId: owner.userId, email: owner.email, tenantId: owner.tenantId, role: 'owner', clinicScope: 'all' };
  const clinics = await listClinics(owner.tenantId);
  const now = Date.now();
  const items = await mapLimit(Array.from({ length: benchItems }, (_, i) => i), { limit: 8 }, (i) =>
    createStockItem(caller, { name: `基准耗材${i}`, unit: 'piece', reorderLevel: 5, unitCostFen: 100 }, new Date(now - 20 * day)));
  const work = clinics.flatMap((clinic) => items.map((item) => ({ clinic, item })));
  await mapLimit(work, { limit: 8 }, async ({ clinic, item }) => {
    await recordMovement(caller, clinic.clinicId, { itemId: item.itemId, kind: 'delivery', quantity: 100 }, new Date(now - 15 * day));
    for (let d = 14; d >= 1; d--) await recordMovement(caller, clinic.clinicId, { itemId: item.itemId, kind: 'out', quantity: 1 + (d % 5) }, new Date(now - d * day));
  });
  const levels = (await listLevels(owner.tenantId)).length;
  const tally = countItemsRead(dynamoClient);
  tally.on = true;
  const result = await runStockAlerts(owner.tenantId, new Date(now));
  tally.on = false;
  emit('low_stock_job_items_read_per_item', tally.items / levels, 'items', { items_read: tally.items, levels, clinics: clinics.length, low: result.lowStock ?? 0, goal: 2 });
};
