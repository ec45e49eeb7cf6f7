/**
 * A builder row as typed (strings, as inputs hold them) and its condition in the shared schema.
 * A row left blank is not a condition yet and stays out of the count; anything typed is sent
 * as typed, so the API's check names the mistake at its row (a range 5–1, -3 days). Type-only
 * imports: this file runs in unit tests without the dashboard's aliases.
 */
// relative, not $shared: the unit tests import this file from outside the dashboard build
import type { Condition, ConditionField } from '../../../../../shared/domain/segments/conditions';

/** The editors a row can show; `list` values are fixed, `loaded` ones come from the chain. */
export type Editor =
  | { kind: 'list'; values: readonly string[]; had?: boolean }
  | { kind: 'loaded'; source: 'clinics' | 'procedures' | 'plans'; had?: boolean }
  | { kind: 'range'; unit: 'years' | 'days' | 'visits' | 'yuan'; allowNegative?: boolean }
  | { kind: 'days' }
  | { kind: 'dayRange' }
  | { kind: 'flag' }
  | { kind: 'tags' }
  | { kind: 'rfmScore' };

export type Flag = '' | 'yes' | 'no';

export type ConditionDraft = {
  id: string;
  field: ConditionField;
  values: string[];
  had: boolean;
  min: string;
  max: string;
  from: string;
  to: string;
  days: string;
  flag: Flag;
  match: 'any' | 'all' | 'none';
  tags: string;
  rMin: string;
  rMax: string;
  fmMin: string;
  fmMax: string;
};

let drafted = 0;
export const newDraft = (field: ConditionField): ConditionDraft => ({
  id: `c${++drafted}`, field, values: [], had: true, min: '', max: '', from: '', to: '', days: '', flag: '',
  match: 'any', tags: '', rMin: '', rMax: '', fmMin: '', fmMax: '',
});

/** What an input holds, as text: a number input bound in Svelte holds a number or null. */
const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value).trim());
/** A number as typed; text that is not one is sent as text, so the API names its type. */
const numberOf = (typed: string): number | string => (typed !== '' && Number.isFinite(Number(typed)) ? Number(typed) : typed);
/** 元 as typed to whole fen; a non-number stays as typed for the API to refuse. */
const fenOf = (text: string): number | string => { const n = numberOf(text); return typeof n === 'number' ? Math.round(n * 100) : n; };

type Bounds = { min?: number | string; max?: number | string };
const bounds = (minTyped: unknown, maxTyped: unknown, convert: (t: string) => number | string): Bounds | undefined => {
  const [min, max] = [text(minTyped), text(maxTyped)];
  if (min === '' && max === '') return undefined;
  return { ...(min !== '' ? { min: convert(min) } : {}), ...(max !== '' ? { max: convert(max) } : {}) };
};

const flagOf = (flag: Flag): boolean | undefined => (flag === '' ? undefined : flag === 'yes');

/** The condition a row stands for, or undefined while it is blank. */
export const toCondition = (d: ConditionDraft, editor: Editor): Condition | undefined => {
  const field = d.field as string;
  switch (editor.kind) {
    case 'list':
    case 'loaded': {
      if (d.values.length === 0) return undefined;
      const values = field === 'birthdayMonth' ? d.values.map(Number) : d.values;
      return { field, in: values, ...(editor.had ? { had: d.had } : {}) } as Condition;
    }
    case 'range': {
      const range = bounds(d.min, d.max, editor.unit === 'yuan' ? fenOf : numberOf);
      return range ? ({ field, range } as Condition) : undefined;
    }
    case 'dayRange':
      return d.from || d.to ? ({ field, range: { ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}) } } as Condition) : undefined;
    case 'days':
      return text(d.days) === '' ? undefined : ({ field, days: numberOf(text(d.days)) } as Condition);
    case 'flag': {
      const value = flagOf(d.flag);
      if (value === undefined) return undefined;
      return (field === 'referrer' ? { field, present: value } : { field, value }) as Condition;
    }
    case 'tags': {
      const tags = d.tags.split(/[,，\s]+/).map((t) => t.replace(/^#/, '').trim()).filter(Boolean);
      return tags.length ? ({ field, match: d.match, in: tags } as Condition) : undefined;
    }
    case 'rfmScore': {
      const r = bounds(d.rMin, d.rMax, numberOf);
      const fm = bounds(d.fmMin, d.fmMax, numberOf);
      return r || fm ? ({ field, ...(r ? { r } : {}), ...(fm ? { fm } : {}) } as Condition) : undefined;
    }
  }
};
