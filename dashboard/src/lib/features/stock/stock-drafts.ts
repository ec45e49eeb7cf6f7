/**
 * The Consumables forms as typed (quantities and yuan as text) and what they send. A quantity that
 * is not a number is sent as NaN (JSON null) so the API names the field; the quantity rules
 * (negative, fraction of a countable unit, precision) are the server's to judge and word.
 */
import type { StockUnit } from '$shared/domain/stock/stock-quantity';
import type { BomInput, MovementInput, StockBom, StockItem, StockItemInput, StockItemUpdate } from '../../api/stock-api';
import { fenToYuanText, typedYuanToFen } from '../../format/money';
import { quantityNumber } from './stock-text';

/** "12", "0.5", "１２" (full-width digits from a Chinese keyboard), "1,000" → numbers; anything else NaN. */
export const typedQuantity = (text: string): number => {
  const t = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
};

/** Blank is "not set" (undefined); anything typed is judged. */
const optionalQuantity = (text: string): number | undefined => (text.trim() === '' ? undefined : typedQuantity(text));

export type MovementDraft = { itemId: string; kind: MovementInput['kind']; quantity: string; note: string };

export const emptyMovement = (): MovementDraft => ({ itemId: '', kind: 'delivery', quantity: '', note: '' });

export const movementInputOf = (d: MovementDraft, requestId: string): MovementInput => ({
  itemId: d.itemId,
  kind: d.kind,
  quantity: typedQuantity(d.quantity),
  ...(d.note.trim() ? { note: d.note.trim() } : {}),
  requestId,
});

/** One id per entry: a retried or double-tapped request records one movement (the API keeps the first). */
export const newRequestId = (): string => {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

export type ItemDraft = { name: string; unit: StockUnit; reorderLevel: string; reorderQuantity: string; unitCost: string; active: boolean };

export const emptyItem = (): ItemDraft => ({ name: '', unit: 'piece', reorderLevel: '', reorderQuantity: '', unitCost: '', active: true });

export const itemDraftOf = (item: StockItem): ItemDraft => ({
  name: item.name,
  unit: item.unit,
  reorderLevel: item.reorderLevel === undefined ? '' : quantityNumber(item.reorderLevel),
  reorderQuantity: item.reorderQuantity === undefined ? '' : quantityNumber(item.reorderQuantity),
  unitCost: fenToYuanText(item.unitCostFen),
  active: item.active,
});

export const itemInputOf = (d: ItemDraft): StockItemInput => {
  const reorderLevel = optionalQuantity(d.reorderLevel);
  const reorderQuantity = optionalQuantity(d.reorderQuantity);
  return {
    name: d.name.trim(),
    unit: d.unit,
    ...(reorderLevel === undefined ? {} : { reorderLevel }),
    ...(reorderQuantity === undefined ? {} : { reorderQuantity }),
    unitCostFen: typedYuanToFen(d.unitCost) ?? Number.NaN,
  };
};

/** Only what changed since the item was read; a cleared reorder hint is sent as null (removed). */
export const itemUpdateOf = (item: StockItem, d: ItemDraft): StockItemUpdate => {
  const next = itemInputOf(d);
  const update: StockItemUpdate = { version: item.version };
  if (next.name !== item.name) update.name = next.name;
  if (next.reorderLevel !== item.reorderLevel) update.reorderLevel = next.reorderLevel ?? null;
  if (next.reorderQuantity !== item.reorderQuantity) update.reorderQuantity = next.reorderQuantity ?? null;
  if (next.unitCostFen !== item.unitCostFen) update.unitCostFen = next.unitCostFen;
  if (d.active !== item.active) update.active = d.active;
  return update;
};

export type BomLineDraft = { itemId: string; quantity: string };

export const bomDraftOf = (bom: StockBom | undefined): BomLineDraft[] => (bom?.lines ?? []).map((l) => ({ itemId: l.itemId, quantity: quantityNumber(l.quantity) }));

export const bomInputOf = (lines: readonly BomLineDraft[], version: number): BomInput => ({
  lines: lines.map((l) => ({ itemId: l.itemId, quantity: typedQuantity(l.quantity) })),
  version,
});
