/**
 * The seam between segments and campaigns (issue 12): the members of a saved segment at `now`,
 * re-evaluated for a dynamic segment, the frozen list for a static one. Implemented by the
 * segments slice; the campaign runner calls only this.
 */
import type { AudienceMember } from '../../shared/domain/segments/facts.js';

export const resolveSegmentAudience = async (tenantId: string, segmentId: string, now: Date): Promise<AudienceMember[]> => {
  throw new Error(`segments are not built yet (${tenantId}/${segmentId} at ${now.toISOString()})`);
};
