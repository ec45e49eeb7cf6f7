/**
 * Pinyin search for Chinese names (issue 13): the desk types "zw" (initials, 简拼) or "zhangw"
 * (the start of the full pinyin) and finds 张伟. The readings come from a compact table generated
 * from pinyin-pro (scripts/pinyin-table.ts): the library's phrase dictionaries would put ~300 KB
 * into every Lambda that writes a patient, and a name needs only one reading per character and
 * its surname's own. Kept apart from names.ts: only the API imports this file.
 */
import { characterReadings, surnameReadings } from './pinyin-table.js';

export type NamePinyin = { initials: string; full: string };

let readingOf: Map<string, string> | undefined;

/** The table, read once: each run of letters is a reading, the characters after it are read so. */
const characterReading = (char: string): string | undefined => {
  if (!readingOf) {
    readingOf = new Map();
    let syllable = '';
    let previousWasLetter = false;
    for (const c of characterReadings) {
      const letter = c >= 'a' && c <= 'z';
      if (letter) syllable = previousWasLetter ? syllable + c : c;
      else readingOf.set(c, syllable);
      previousWasLetter = letter;
    }
  }
  return readingOf.get(char);
};

/** The surname first (a two-character one such as 尉迟 before a single 尉), then each character. */
const nameSyllables = (chars: readonly string[]): string[] | null => {
  const compound = chars.length > 2 ? surnameReadings[chars.slice(0, 2).join('')] : undefined;
  const surname = compound ?? surnameReadings[chars[0] ?? ''];
  const head = surname ? surname.split(' ') : [];
  const rest = chars.slice(head.length).map(characterReading);
  if (rest.some((syllable) => syllable === undefined)) return null;
  return [...head, ...(rest as string[])];
};

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
  const syllables = nameSyllables(chars);
  if (!syllables) return null;
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
