/**
 * Consumables stock (耗材库存): items per chain, bills of materials per procedure, stock levels
 * and movements per clinic. Quantities are numbers in the item's unit (whole for countable
 * units, up to three decimals for measured ones); the service checks them against the item and
 * names `quantity.negative` / `quantity.fraction` so the dashboard can say which.
 */
import * as z from 'zod';
import { fenSchema } from './catalog.js';
import { nameSchema, paginationQuerySchema, textSchema, versionSchema } from './common.js';
import { coded } from './error-codes.js';
import { stockUnits, type StockUnit } from '../domain/stock/stock-quantity.js';
import { manualMovementKinds, type MovementKind } from '../domain/stock/stock-ledger.js';

const quantityNumber = z.number({ error: coded('type.invalid', 'must be a number') });
const itemIdSchema = z.string({ error: coded('type.invalid', 'must be text') }).min(1, { error: 'is required' }).max(40);

export const stockItemInputSchema = z.strictObject({
  name: nameSchema,
  unit: z.enum(stockUnits, { error: coded('enum.invalid', `must be one of ${stockUnits.join(', ')}`) }),
  /** reorder hint: order when on hand falls to this */
  reorderLevel: quantityNumber.optional(),
  /** reorder hint: the usual order size */
  reorderQuantity: quantityNumber.optional(),
  unitCostFen: fenSchema.default(0),
});
export type StockItemInput = z.infer<typeof stockItemInputSchema>;

export const stockItemUpdateSchema = z.strictObject({
  name: nameSchema.optional(),
  reorderLevel: quantityNumber.nullable().optional(),
  reorderQuantity: quantityNumber.nullable().optional(),
  unitCostFen: fenSchema.optional(),
  active: z.boolean().optional(),
  version: versionSchema,
});
export type StockItemUpdate = z.infer<typeof stockItemUpdateSchema>;

export const bomInputSchema = z.strictObject({
  lines: z.array(z.strictObject({ itemId: itemIdSchema, quantity: quantityNumber })).max(20, { error: coded('too_many', 'may list at most 20 items') }),
  /** the version read; 0 for a procedure without one yet */
  version: versionSchema,
});
export type BomInput = z.infer<typeof bomInputSchema>;

export const movementInputSchema = z.strictObject({
  itemId: itemIdSchema,
  kind: z.enum(manualMovementKinds, { error: coded('enum.invalid', 'must be delivery, out or count') }),
  /** delivery/out: how much came in or went out; count: how much was counted on the shelf */
  quantity: quantityNumber,
  note: textSchema().max(200, { error: 'must be at most 200 characters' }).optional(),
  /** made once by the screen per entry: a retried or double-tapped request records one movement */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: coded('format.invalid', 'must be 8–64 letters, digits, - or _') }).optional(),
});
export type MovementInput = z.infer<typeof movementInputSchema>;

export const movementListQuerySchema = paginationQuerySchema.extend({ itemId: z.string().min(1).max(40).optional() });
export const lossQuerySchema = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: coded('format.invalid', 'must be a month written YYYY-MM') }).optional() });
export const stockAlertsQuerySchema = z.strictObject({ clinicId: z.string().min(1).max(200).optional() });

export type StockItem = {
  itemId: string;
  name: string;
  unit: StockUnit;
  countable: boolean;
  reorderLevel?: number;
  reorderQuantity?: number;
  unitCostFen: number;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type StockBom = { procedureId: string; lines: { itemId: string; quantity: number }[]; version: number; updatedAt?: string };

export type StockMovement = {
  movementId: string;
  clinicId: string;
  itemId: string;
  kind: MovementKind;
  /** the change to the stock, in the item's unit (negative going out) */
  delta: number;
  /** what the stock was after it */
  balanceAfter: number;
  /** the level's version this movement made: the ledger in order is 1, 2, 3… per clinic and item */
  sequence: number;
  /** for a count: what the book expected, and what was counted */
  expected?: number;
  counted?: number;
  note?: string;
  /** a checkout's movement names its visit */
  visitId?: string;
  at: string;
  day: string;
  by: string;
};

export type StockLevelRow = {
  item: StockItem;
  quantity: number;
  dailyUsage: number;
  daysLeft: number | null;
  low: boolean;
  atReorderLevel: boolean;
  version: number;
};

export type ClinicStock = { clinicId: string; today: string; levels: StockLevelRow[] };

export type StockLossReport = {
  clinicId: string;
  month: string;
  rate: number;
  flagged: boolean;
  weighting: 'cost' | 'items';
  items: { itemId: string; name: string; unit: string; expected: number; shortage: number; surplus: number; counts: number; rate: number; flagged: boolean }[];
};

export type PurchaseListView = { clinicId: string; today: string; lines: { itemId: string; name: string; unit: string; quantity: number; onHand: number; daysLeft: number | null; reason: 'days-left' | 'reorder-level' }[] };

/** The low-stock job's last alert for the chain, as the dashboard shows it. */
export type StockAlertView = {
  day: string | null;
  sentAt: string | null;
  items: { clinicId: string; clinicName: string; itemId: string; name: string; unit: string; quantity: number; daysLeft: number }[];
};
