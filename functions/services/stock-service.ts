/**
 * Consumable items (耗材) and procedures' bills of materials, per chain. Items are the chain's;
 * stock is per clinic (stock-movement-service.ts). A changed item or bill of materials holds only
 * at the version read (409 otherwise).
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { invalidFields, notFound, problem, staleVersion, type FieldProblem } from '../../shared/domain/errors.js';
import { isCountableUnit, quantityProblems } from '../../shared/domain/stock/stock-quantity.js';
import type { BomInput, StockBom, StockItem, StockItemInput, StockItemUpdate } from '../../shared/schemas/stock.js';
import { getProcedure } from '../adapters/dynamo/catalog-repository.js';
import { bomsFor, getStockItem, listBoms, listStockItems, putBom, putStockItem, StockConflict } from '../adapters/dynamo/stock-repository.js';

const hintProblems = (input: { reorderLevel?: number | null; reorderQuantity?: number | null }, countable: boolean): FieldProblem[] => [
  ...(input.reorderLevel == null ? [] : quantityProblems('reorderLevel', input.reorderLevel, countable, { allowZero: true })),
  ...(input.reorderQuantity == null ? [] : quantityProblems('reorderQuantity', input.reorderQuantity, countable)),
];

export const createStockItem = async (caller: Caller, input: StockItemInput, now = new Date()): Promise<StockItem> => {
  const countable = isCountableUnit(input.unit);
  const problems = hintProblems(input, countable);
  if (problems.length) throw invalidFields(problems);
  const at = now.toISOString();
  const item: StockItem = {
    itemId: ulid(), name: input.name, unit: input.unit, countable, unitCostFen: input.unitCostFen, active: true, version: 0, createdAt: at, updatedAt: at,
    ...(input.reorderLevel !== undefined ? { reorderLevel: input.reorderLevel } : {}),
    ...(input.reorderQuantity !== undefined ? { reorderQuantity: input.reorderQuantity } : {}),
  };
  await putStockItem(caller.tenantId, item);
  return item;
};

/** The item, or 404: another chain's id is not found here (invariant 1). */
export const stockItemOf = async (tenantId: string, itemId: string): Promise<StockItem> => {
  const item = await getStockItem(tenantId, itemId);
  if (!item) throw notFound('Stock item');
  return item;
};

const withHint = (item: StockItem, name: 'reorderLevel' | 'reorderQuantity', value: number | null | undefined): StockItem => {
  if (value === undefined) return item;
  const { [name]: _dropped, ...rest } = item;
  return value === null ? rest : { ...rest, [name]: value };
};

export const updateStockItem = async (caller: Caller, itemId: string, input: StockItemUpdate, now = new Date()): Promise<StockItem> => {
  const item = await stockItemOf(caller.tenantId, itemId);
  if (item.version !== input.version) throw staleVersion('This item');
  const problems = hintProblems(input, item.countable);
  if (problems.length) throw invalidFields(problems);
  let next: StockItem = {
    ...item,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.unitCostFen !== undefined ? { unitCostFen: input.unitCostFen } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    version: item.version + 1,
    updatedAt: now.toISOString(),
  };
  next = withHint(withHint(next, 'reorderLevel', input.reorderLevel), 'reorderQuantity', input.reorderQuantity);
  try {
    await putStockItem(caller.tenantId, next, item.version);
  } catch (error) {
    if (error instanceof StockConflict) throw staleVersion('This item');
    throw error;
  }
  return next;
};

export const stockItems = (caller: Caller): Promise<StockItem[]> => listStockItems(caller.tenantId);

export const stockBoms = (caller: Caller): Promise<StockBom[]> => listBoms(caller.tenantId);

/** Each line names an active item of the chain once, in a quantity its unit allows. */
const bomProblems = (lines: BomInput['lines'], items: ReadonlyMap<string, StockItem>): FieldProblem[] => {
  const seen = new Set<string>();
  return lines.flatMap((line, i): FieldProblem[] => {
    const item = items.get(line.itemId);
    if (!item) return [problem(`lines.${i}.itemId`, 'is not an item of this chain', { code: 'stock.item_unknown' })];
    if (!item.active) return [problem(`lines.${i}.itemId`, 'is no longer stocked', { code: 'stock.item_inactive' })];
    if (seen.has(line.itemId)) return [problem(`lines.${i}.itemId`, 'is listed twice', { code: 'list.repeat' })];
    seen.add(line.itemId);
    return quantityProblems(`lines.${i}.quantity`, line.quantity, item.countable);
  });
};

/** Sets what one of the procedure uses; an empty list means it uses nothing tracked. */
export const setBom = async (caller: Caller, procedureId: string, input: BomInput, now = new Date()): Promise<StockBom> => {
  if (!(await getProcedure(caller.tenantId, procedureId))) throw notFound('Procedure');
  const items = new Map((await listStockItems(caller.tenantId)).map((i) => [i.itemId, i]));
  const problems = bomProblems(input.lines, items);
  if (problems.length) throw invalidFields(problems);
  const current = (await bomsFor(caller.tenantId, [procedureId])).get(procedureId);
  if ((current?.version ?? 0) !== input.version) throw staleVersion('This bill of materials');
  const bom: StockBom = { procedureId, lines: input.lines, version: input.version + 1, updatedAt: now.toISOString() };
  try {
    await putBom(caller.tenantId, bom, input.version);
  } catch (error) {
    if (error instanceof StockConflict) throw staleVersion('This bill of materials');
    throw error;
  }
  return bom;
};
