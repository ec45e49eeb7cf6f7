/**
 * Pinyin search for Chinese names (issue 13): the desk types "zw" (initials, 简拼) or "zhangw"
 * (the start of the full pinyin) and finds 张伟. Kept apart from names.ts because pinyin-pro's
 * dictionary is large: only the API imports this file, never the dashboard.
 */
import { pinyin } from 'pinyin-pro';

export type NamePinyin = { initials: string; full: string };

const han = /\p{Script=Han}/u;
/** Spaces and the middle dots of transliterated names (买买提·艾力) are not part of the reading. */
const separators = /[\s·・•.]/gu;

/**
 * The reading of a name written in Chinese characters, surname read as a surname (曾 zeng, 单
 * shan). Null for a name with no Chinese character, or mixed with Latin letters or digits: those
 * are found by their letters through the folded-name index already.
 */
export const namePinyin = (name: string): NamePinyin | null => {
  const chars = [...name.normalize('NFKC').replace(separators, '')];
  if (chars.length === 0 || !chars.every((c) => han.test(c))) return null;
  const syllables = pinyin(chars.join(''), { toneType: 'none', type: 'array', surname: 'head', v: true });
  if (syllables.length !== chars.length || !syllables.every((s) => /^[a-z]+$/.test(s))) return null;
  return { initials: syllables.map((s) => s[0]).join(''), full: syllables.join('') };
};

/** A search the pinyin index can answer: Latin letters only ("Zhang Wei" is folded to "zhangwei"). */
export const pinyinQuery = (q: string): string | null => {
  const folded = q.normalize('NFKC').toLowerCase().replace(/[\s'’]/g, '');
  return /^[a-z]{1,40}$/.test(folded) ? folded : null;
};

/** "zw" matches by initials, "zhangw" by the start of the full reading. */
export const pinyinMatches = (reading: NamePinyin, query: string): boolean =>
  reading.initials.startsWith(query) || reading.full.startsWith(query);
