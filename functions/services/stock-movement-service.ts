/**
 * Stock movements recorded by the desk (and nurses): a delivery (入库), an issue (出库) and a count
 * (盘点: the counted quantity is set, the movement is the difference). Each reads the level, plans
 * the movement (pure, stock-ledger.ts) and writes level and ledger row in one transaction held to
 * the version read; a race is read again and retried, so concurrent movements all land and the
 * level stays the sum of its movements.
 */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalidFields, notFound } from '../../shared/domain/errors.js';
import { planMovement, type PlannedMovement } from '../../shared/domain/stock/stock-ledger.js';
import { fromMilli, quantityProblems, toMilli } from '../../shared/domain/stock/stock-quantity.js';
import { localDay } from '../../shared/domain/time.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { MovementInput, StockMovement } from '../../shared/schemas/stock.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { commitMovement, levelsFor, movementItems, movementOfRequest, movementSk, StockConflict, type StoredMovement } from '../adapters/dynamo/stock-repository.js';
import { retry } from '../lib/retry.js';
import { stockItemOf } from './stock-service.js';

/** The clinic, if the caller works there; otherwise 404 (another chain's, or a clinic not theirs). */
export const stockClinicOf = async (caller: Caller, clinicId: string): Promise<Clinic> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw notFound('Clinic');
  return clinic;
};

/** A stored movement as the API shows it: quantities in the item's unit. */
export const movementView = (m: StoredMovement): StockMovement => {
  const { deltaMilli, balanceAfterMilli, expectedMilli, countedMilli, ...rest } = m;
  return {
    ...rest,
    delta: fromMilli(deltaMilli),
    balanceAfter: fromMilli(balanceAfterMilli),
    ...(expectedMilli !== undefined ? { expected: fromMilli(expectedMilli) } : {}),
    ...(countedMilli !== undefined ? { counted: fromMilli(countedMilli) } : {}),
  };
};

/** The ledger row of a planned movement. */
export const storedMovementOf = (planned: PlannedMovement, ids: { movementId: string; at: string; day: string; by: string; note?: string; visitId?: string }): StoredMovement => ({
  movementId: ids.movementId,
  clinicId: planned.next.clinicId,
  itemId: planned.next.itemId,
  kind: planned.kind,
  deltaMilli: planned.deltaMilli,
  balanceAfterMilli: planned.next.quantityMilli,
  sequence: planned.next.version,
  ...(planned.expectedMilli !== undefined ? { expectedMilli: planned.expectedMilli } : {}),
  ...(planned.countedMilli !== undefined ? { countedMilli: planned.countedMilli } : {}),
  ...(ids.note ? { note: ids.note } : {}),
  ...(ids.visitId ? { visitId: ids.visitId } : {}),
  at: ids.at,
  day: ids.day,
  by: ids.by,
});

const raced = (error: unknown) => error instanceof StockConflict && error.reason === 'level-changed';

/** Recorded, or the movement this request id recorded before (a retried or double-tapped entry). */
export const recordMovement = async (caller: Caller, clinicId: string, input: MovementInput, now = new Date()): Promise<{ movement: StockMovement; replayed: boolean }> => {
  const clinic = await stockClinicOf(caller, clinicId);
  const item = await stockItemOf(caller.tenantId, input.itemId).catch((error: unknown) => {
    if (error instanceof DomainError && error.kind === 'not-found') throw new DomainError('not-found', 'itemId: no such item in this chain', [{ path: 'itemId', message: 'is not an item of this chain', code: 'stock.item_unknown' }]);
    throw error;
  });
  if (!item.active) throw invalidFields([{ path: 'itemId', message: 'is no longer stocked', code: 'stock.item_inactive' }]);
  const problems = quantityProblems('quantity', input.quantity, item.countable, { allowZero: input.kind === 'count' });
  if (problems.length) throw invalidFields(problems);
  if (input.requestId) {
    const earlier = await movementOfRequest(caller.tenantId, clinicId, input.requestId);
    if (earlier) return { movement: movementView(earlier), replayed: true };
  }
  const at = now.toISOString();
  const day = localDay(now, clinic.timeZone);
  const movementId = ulid(now.getTime());
  try {
    const stored = await retry(async () => {
      const level = (await levelsFor(caller.tenantId, clinicId, [item.itemId])).get(item.itemId);
      const planned = planMovement(level, { kind: input.kind, quantityMilli: toMilli(input.quantity) }, { clinicId, itemId: item.itemId, day, at });
      const movement = storedMovementOf(planned, { movementId, at, day, by: caller.userId, ...(input.note ? { note: input.note } : {}) });
      await commitMovement(caller.tenantId, movementItems(caller.tenantId, planned, level?.version, movement), input.requestId ? { clinicId, requestId: input.requestId, movementSk: movementSk(caller.tenantId, clinicId, at, movementId) } : undefined);
      return movement;
    }, {
      attempts: 12, baseMs: 10, capMs: 250, retryIf: raced,
      exhausted: () => new DomainError('conflict', 'The stock of this item kept changing; try again', [{ path: 'quantity', message: 'the stock changed meanwhile', code: 'conflict.changed' }]),
    });
    return { movement: movementView(stored), replayed: false };
  } catch (error) {
    if (error instanceof StockConflict && error.reason === 'request-exists' && input.requestId) {
      const earlier = await movementOfRequest(caller.tenantId, clinicId, input.requestId);
      if (earlier) return { movement: movementView(earlier), replayed: true };
    }
    throw error;
  }
};
