/**
 * The procedure form as typed (prices in yuan text, recall months as text) and what it sends:
 * the full fields for a new procedure, only the changed ones for an edit (so an edit never
 * rewrites a field the owner did not touch).
 */
import type { CarePathwayStep, Procedure, ProcedureFields, ProcedureInput, RecallRule } from '../../api/catalog-api';
import { fenToYuanText, typedYuanToFen } from '../../format/money';

export type RecallKind = 'none' | RecallRule['kind'];
export type StepDraft = { offsetDays: number; action: CarePathwayStep['action']; topic: string };

export type ProcedureDraft = {
  code: string;
  nameZh: string;
  nameEn: string;
  category: Procedure['category'];
  valueTier: Procedure['valueTier'];
  price: string;
  active: boolean;
  steps: StepDraft[];
  recallKind: RecallKind;
  recallGroup: string;
  recallMonths: string;
  /** the chosen clinic's own price; blank = the chain price */
  clinicPrice: string;
};

export const emptyDraft = (): ProcedureDraft => ({
  code: '', nameZh: '', nameEn: '', category: 'basic', valueTier: 'basic', price: '', active: true,
  steps: [], recallKind: 'none', recallGroup: '', recallMonths: '', clinicPrice: '',
});

export const draftOf = (p: Procedure, clinicId: string | undefined): ProcedureDraft => {
  const own = clinicId === undefined ? undefined : p.clinicPrices[clinicId];
  return {
    code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, category: p.category, valueTier: p.valueTier,
    price: fenToYuanText(p.priceFen), active: p.active,
    steps: p.carePathway.map((s) => ({ ...s })),
    recallKind: p.recall?.kind ?? 'none',
    recallGroup: p.recall?.group ?? '',
    recallMonths: p.recall === null ? '' : p.recall.kind === 'interval' ? String(p.recall.months) : p.recall.months.join(', '),
    clinicPrice: own === undefined ? '' : fenToYuanText(own),
  };
};

/** Text that is not a number stays NaN, so the shared schema names the field (recall.months). */
const monthsOf = (text: string): number[] => text.split(/[,，、\s]+/).filter((t) => t !== '').map(Number);

const recallOf = (d: ProcedureDraft): RecallRule | null => {
  if (d.recallKind === 'none') return null;
  if (d.recallKind === 'interval') return { kind: 'interval', group: d.recallGroup.trim(), months: d.recallMonths.trim() === '' ? Number.NaN : Number(d.recallMonths) };
  return { kind: 'milestones', group: d.recallGroup.trim(), months: monthsOf(d.recallMonths) };
};

export const fieldsOf = (d: ProcedureDraft): ProcedureFields => ({
  nameZh: d.nameZh, nameEn: d.nameEn, category: d.category, valueTier: d.valueTier,
  priceFen: typedYuanToFen(d.price) ?? Number.NaN, active: d.active,
  carePathway: d.steps.map((s) => ({ offsetDays: s.offsetDays, action: s.action, topic: s.topic.trim() })),
  recall: recallOf(d),
});

export const inputOf = (d: ProcedureDraft): ProcedureInput => ({ code: d.code.trim(), ...fieldsOf(d) });

/** The fields whose value differs from the procedure as read (compared as JSON: steps and rules are small). */
export const changesOf = (p: Procedure, d: ProcedureDraft): Partial<ProcedureFields> => {
  const next = fieldsOf(d);
  const changed = (Object.keys(next) as (keyof ProcedureFields)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(p[k]));
  return Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<ProcedureFields>;
};

/** The clinic price to send: undefined when unchanged, null to go back to the chain price. */
export const clinicPriceChange = (p: Procedure | null, d: ProcedureDraft, clinicId: string | undefined): number | null | undefined => {
  if (!clinicId) return undefined;
  const before = p?.clinicPrices[clinicId];
  const text = d.clinicPrice.trim();
  const next = text === '' ? null : (typedYuanToFen(text) ?? Number.NaN);
  return next === (before ?? null) ? undefined : next;
};
