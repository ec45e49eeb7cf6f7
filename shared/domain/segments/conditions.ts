/**
 * Segment conditions (issue 12 item 1): AND/OR groups of conditions over SegmentFacts. One
 * condition per fact kind, told apart by `field`; ranges are inclusive and either end may be
 * left open. The schema is shared with the dashboard's builder, so the browser names the same
 * field and code the API does. Unknown field, wrong type or an impossible range (min > max,
 * from after to) → a field error with a stable code (segment.field_unknown, segment.range); a
 * range with neither end (segment.range_empty) and a group nested deeper than three levels
 * (segment.too_deep) are refused too, each at the condition's path in the tree.
 */
import * as z from 'zod';
import { codeOfIssue, coded, paramsOfIssue } from '../../schemas/error-codes.js';
import { acquisitionChannels, genders, lifecycleStages } from '../../schemas/patient.js';
import { procedureCategories } from '../../schemas/catalog.js';
import { activityStatuses } from '../kpi/activity.js';
import { rfmCells } from '../kpi/rfm-cells.js';
import { isClinicalTag } from '../patient-tags.js';
import { membershipFactStatuses } from './facts.js';

const count = z.number({ error: coded('type.invalid', 'must be a number') }).int({ error: coded('number.not_integer', 'must be a whole number') });
const nonNegative = count.min(0, { error: coded('number.too_small', 'must not be negative') });
// A calendar day that exists (2026-02-31 and 2026-13-45 do not).
const day = z.iso.date({ error: coded('date.invalid', 'must be a date YYYY-MM-DD that exists') });
const ids = z.array(z.string().min(1).max(80)).min(1, { error: coded('too_few', 'pick at least one') }).max(200);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values, { error: coded('enum.invalid', `must be one of ${values.join(', ')}`) })).min(1, { error: coded('too_few', 'pick at least one') });
const flag = z.boolean({ error: coded('type.invalid', 'must be true or false') });

/**
 * At least one end, and min ≤ max when both are given: a range with no end is a condition the
 * builder left blank, an impossible one matches nobody; both are mistakes to name, not to count.
 */
const range = (bound: z.ZodType<number>) =>
  z.strictObject({ min: bound.optional(), max: bound.optional() })
    .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'needs a lower or an upper bound', path: ['min'], params: { code: 'segment.range_empty' } })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: 'min must not exceed max', path: ['max'], params: { code: 'segment.range' },
    });
const dayRange = z.strictObject({ from: day.optional(), to: day.optional() })
  .refine((r) => r.from !== undefined || r.to !== undefined, { message: 'needs a first or a last day', path: ['from'], params: { code: 'segment.range_empty' } })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to', path: ['to'], params: { code: 'segment.range' } });
/** Bounds keep a typo (an extra zero or ten) from reading as a real condition. */
const upTo = (max: number, what: string) => nonNegative.max(max, { error: coded('number.too_big', `at most ${max} ${what}`) });
const fen = upTo(1_000_000_000_000, 'fen');
const score = count.min(1, { error: coded('number.too_small', 'scores run 1–5') }).max(5, { error: coded('number.too_big', 'scores run 1–5') });

const c = <F extends string, S extends z.ZodRawShape>(field: F, shape: S) => z.strictObject({ field: z.literal(field), ...shape });

export const conditionSchemas = [
  c('clinic', { in: ids }),
  c('age', { range: range(nonNegative.max(130, { error: coded('number.too_big', 'at most 130') })) }),
  c('gender', { in: oneOf(genders) }),
  c('channel', { in: oneOf(acquisitionChannels) }),
  /** referrer keys (`patient:<id>` / `partner:<code>`), or any referrer at all with `present` */
  c('referrer', { in: ids.optional(), present: flag.optional() }).refine((r) => r.in !== undefined || r.present !== undefined, { message: 'needs the referrers (in) or whether there is one (present)', path: ['in'], params: { code: 'segment.range_empty' } }),
  c('tags', { match: z.enum(['any', 'all', 'none']), in: ids }),
  c('firstVisit', { range: dayRange }),
  c('lastVisit', { range: dayRange }),
  c('daysSinceLastVisit', { range: range(upTo(36_500, 'days')) }),
  c('visitCount', { range: range(upTo(100_000, 'visits')) }),
  c('totalSpend', { range: range(fen) }),
  /** a cell of the 5 × 5 grid: recency score and folded frequency/spend score */
  c('rfmScore', { r: range(score).optional(), fm: range(score).optional() }).refine((r) => r.r !== undefined || r.fm !== undefined, { message: 'needs a recency (r) or frequency and spend (fm) range', path: ['r'], params: { code: 'segment.range_empty' } }),
  c('rfmGroup', { in: oneOf(rfmCells as unknown as readonly [string, ...string[]]) }),
  c('lifecycle', { in: oneOf(lifecycleStages) }),
  c('activity', { in: oneOf(activityStatuses as unknown as readonly [string, ...string[]]) }),
  c('category', { in: oneOf(procedureCategories), had: flag.default(true) }),
  c('procedure', { in: ids, had: flag.default(true) }),
  /** an open recall due on or before today + days (overdue ones included) */
  c('recallDueWithin', { days: nonNegative.max(730, { error: coded('number.too_big', 'at most 730 days') }) }),
  c('upcomingAppointment', { value: flag }),
  c('birthdayMonth', { in: z.array(count.min(1, { error: coded('number.too_small', 'months run 1–12') }).max(12, { error: coded('number.too_big', 'months run 1–12') })).min(1) }),
  /** 'none' = never held a membership */
  c('membership', { in: oneOf([...membershipFactStatuses, 'none'] as const) }),
  c('membershipPlan', { in: ids }),
  /** negative = lapsed that many days ago */
  c('membershipDaysToExpiry', { range: range(count.min(-36_500, { error: coded('number.too_small', 'at least -36500 days') }).max(36_500, { error: coded('number.too_big', 'at most 36500 days') })) }),
  c('storedValue', { range: range(fen) }),
  c('marketingConsent', { value: flag }),
  c('openComplaint', { value: flag }),
] as const;

export const conditionFields = conditionSchemas.map((s) => s.shape.field.value);
export type ConditionField = (typeof conditionFields)[number];

const fieldSet = new Set<string>(conditionFields);
const knownField = z.unknown().superRefine((value, ctx) => {
  const field = (value as { field?: unknown } | null)?.field;
  if (typeof value === 'object' && value !== null && 'field' in value && !fieldSet.has(String(field)))
    ctx.addIssue({ code: 'custom', path: ['field'], message: `unknown field ${String(field)}`, params: { code: 'segment.field_unknown' } });
});

export const conditionSchema = knownField.pipe(z.discriminatedUnion('field', conditionSchemas));
export type Condition = z.infer<(typeof conditionSchemas)[number]>;

export type ConditionGroup = { op: 'and' | 'or'; conditions: (Condition | ConditionGroup)[] };

/** The root group counts as the first level. */
export const maxDepth = 3;

const nodeOf = (depth: number) => (value: unknown, ctx: z.RefinementCtx, at: (string | number)[]): void => {
  const isGroupInput = typeof value === 'object' && value !== null && 'op' in value;
  if (isGroupInput && depth <= 1) {
    ctx.addIssue({ code: 'custom', path: at, message: `groups nest at most ${maxDepth} levels deep`, params: { code: 'segment.too_deep', max: maxDepth } });
    return;
  }
  const schema = isGroupInput ? groupOf(depth - 1) : conditionSchema;
  const result = schema.safeParse(value);
  if (result.success) return;
  // forward each issue at its place in the tree, with its stable code
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', path: [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message, params: { ...paramsOfIssue(issue), code: codeOfIssue(issue) } });
};

function groupOf(depth: number): z.ZodType<ConditionGroup> {
  const node = nodeOf(depth);
  return z.strictObject({
    op: z.enum(['and', 'or'], { error: coded('enum.invalid', 'must be and or or') }),
    conditions: z.array(z.unknown()).max(30, { error: coded('too_many', 'at most 30 conditions in a group') })
      .superRefine((items, ctx) => items.forEach((item, i) => node(item, ctx, [i]))),
  }) as unknown as z.ZodType<ConditionGroup>;
}

/** Three levels of nesting are more than any builder needs and keep evaluation cheap. */
export const conditionGroupSchema = groupOf(maxDepth);

export const isGroup = (c: Condition | ConditionGroup): c is ConditionGroup => 'op' in c;

/** Conditions on treatments had, or on a tag that names one: who matches them is medical information (invariant 9). */
const clinicalFields: ReadonlySet<string> = new Set<ConditionField>(['category', 'procedure']);

/**
 * Whether the segment selects by treatment: its members may then be counted by anyone who
 * builds segments, but named only to those who may read medical records (a sample or a patient
 * search by it would otherwise tell marketing who had an implant).
 */
export const usesClinicalFacts = (group: ConditionGroup): boolean =>
  group.conditions.some((c) => (isGroup(c) ? usesClinicalFacts(c) : clinicalFields.has(c.field) || (c.field === 'tags' && c.in.some(isClinicalTag))));
