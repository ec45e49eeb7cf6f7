/**
 * A campaign aimed by treatment (its segment selects by procedure, category or a tag naming a
 * treatment) says, of each person it reached or held out, that they had that treatment: who they
 * are is then medical information (invariants 9 and 12: marketing never learns a treatment by any
 * route). Roles that neither read medical records nor keep patient records (marketing) count and
 * read the results of such a campaign, but are not told who received it or was held out: not on
 * the Messages page, the patient's campaign section or the outbox. Once a run or a triggered
 * message went out on such a segment, the campaign keeps the mark (`aimedByTreatment`), so editing
 * the segment afterwards names nobody. A member event that invites such a segment is treated the
 * same: its sign-up list and its messages name nobody.
 */
import type { Role } from '../access.js';
import { seesClinicalTags } from '../patient-tags.js';

/** The roles that may learn who had a treatment: the same as those who see treatment tags. */
export const learnsTreatmentAudiences = (role: Role): boolean => seesClinicalTags(role);

/**
 * The campaign or event a send-ledger occasion belongs to: `campaign.<id>.<run>`,
 * `campaign.<id>.t.<ref>`, `event.<id>.invite` and the event's other notices.
 */
export const senderOfOccasion = (occasion: string): { kind: 'campaign' | 'event'; id: string } | undefined => {
  const [kind, id] = occasion.split('.');
  return (kind === 'campaign' || kind === 'event') && id ? { kind, id } : undefined;
};
