/**
 * Tags are free text the desk types, and some name a treatment (种植, 正畸咨询): who carries one
 * is then medical information (invariant 9). Roles that neither read medical records nor keep the
 * patient's record (marketing) see only the other tags, and do not list patients by such a tag;
 * they may still count and send to a segment on it, as with a segment by treatment.
 */
import { roleHasPermission, type Role } from './access.js';
import { medicalWordsIn } from './campaigns/sms-text.js';

export const isClinicalTag = (tag: string): boolean => medicalWordsIn(tag).length > 0;

export const seesClinicalTags = (role: Role): boolean => roleHasPermission(role, 'medical:read') || roleHasPermission(role, 'patients:write');

export const tagsShownTo = (role: Role, tags: readonly string[]): string[] => (seesClinicalTags(role) ? [...tags] : tags.filter((t) => !isClinicalTag(t)));
