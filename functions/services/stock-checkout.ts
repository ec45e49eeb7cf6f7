/**
 * The checkout's stock step: the consumables the visit's procedures use (their bills of
 * materials), deducted from the clinic's levels as movement rows that go into the checkout's own
 * transaction (visit-repository.ts commitCheckout), so a visit and its stock movements land
 * together or not at all. Each level is held to the version read; when another movement changed
 * it meanwhile the checkout is planned again, like a changed patient summary.
 *
 * Size: each item used adds two actions (the level and its ledger row). A checkout touches a few
 * items (an implant: body and healing cap), far below DynamoDB's 100; the checkout counts every
 * action it built and refuses one over the limit as too large before writing anything.
 */
import { ulid } from 'ulid';
import { consumablesUsed, planStockDeduction } from '../../shared/domain/checkout/stock-deduction.js';
import { localDay } from '../../shared/domain/time.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { bomsFor, levelsFor, listStockItems, movementItems, type TransactItem } from '../adapters/dynamo/stock-repository.js';
import { storedMovementOf } from './stock-movement-service.js';

export const checkoutStockItems = async (tenantId: string, clinic: { clinicId: string; timeZone: string }, visit: Visit, by: string): Promise<TransactItem[]> => {
  const boms = await bomsFor(tenantId, [...new Set(visit.lines.map((l) => l.procedureId))]);
  if (boms.size === 0) return [];
  const active = new Set((await listStockItems(tenantId)).filter((i) => i.active).map((i) => i.itemId));
  const used = consumablesUsed(visit.lines, boms, active);
  if (used.size === 0) return [];
  const levels = await levelsFor(tenantId, clinic.clinicId, [...used.keys()]);
  const day = localDay(new Date(visit.visitedAt), clinic.timeZone);
  const at = visit.createdAt;
  return planStockDeduction(used, levels, { clinicId: clinic.clinicId, day, at }).flatMap((d) =>
    movementItems(tenantId, d, d.versionRead, storedMovementOf(d, { movementId: ulid(Date.parse(at)), at, day, by, visitId: visit.visitId })),
  );
};
