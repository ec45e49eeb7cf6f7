/**
 * When a patient is next due back, per recall group (cleaning every 6 months, perio every 3,
 * implant maintenance at 12/24/36 months after placement). Dates are the clinic's calendar days.
 */
import type { RecallRule } from '../schemas/catalog.js';
import { addMonths } from './time.js';

export type RecallDue = {
  group: string;
  dueDate: string;
  /** the visit day the schedule counts from (the implant's placement for milestones) */
  anchorDate: string;
  rule: RecallRule;
};

/**
 * The next due date after a visit on `visitDay`. A milestone rule keeps counting from its anchor
 * (the first visit that started it) and gives the first milestone still after the visit; when
 * none is left the group is done (null).
 */
export const nextRecall = (rule: RecallRule, visitDay: string, existingAnchor?: string): RecallDue | null => {
  if (rule.kind === 'interval') return { group: rule.group, dueDate: addMonths(visitDay, rule.months), anchorDate: visitDay, rule };
  const firstAfter = (anchor: string) => [...rule.months].sort((a, b) => a - b).map((m) => addMonths(anchor, m)).find((due) => due > visitDay);
  const fromExisting = existingAnchor ? firstAfter(existingAnchor) : undefined;
  if (fromExisting && existingAnchor) return { group: rule.group, dueDate: fromExisting, anchorDate: existingAnchor, rule };
  // No milestone of the old schedule is ahead (or none existed): this visit starts a new one.
  const fresh = firstAfter(visitDay);
  return fresh ? { group: rule.group, dueDate: fresh, anchorDate: visitDay, rule } : null;
};

/** One recall per group from all the lines of a visit: the earliest due date wins. */
export const recallsForVisit = (rules: (RecallRule | null)[], visitDay: string, anchors: ReadonlyMap<string, string>): RecallDue[] => {
  const byGroup = new Map<string, RecallDue>();
  for (const rule of rules) {
    if (!rule) continue;
    const due = nextRecall(rule, visitDay, anchors.get(rule.group));
    if (!due) continue;
    const current = byGroup.get(rule.group);
    if (!current || due.dueDate < current.dueDate) byGroup.set(rule.group, due);
  }
  return [...byGroup.values()];
};
