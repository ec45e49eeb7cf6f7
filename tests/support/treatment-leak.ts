/**
 * What marketing must never read (invariants 9 and 12): every procedure code, care-pathway topic
 * and recall group of the default catalog, the procedures' names, and clinical words. Latin tokens
 * match whole (so "exam" does not match "example"); a dot or a dash around them still matches, as
 * in an occasion key like care.<visit>.wisdom-tooth.3.
 */
import { defaultCatalog } from '../../shared/domain/catalog-defaults.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const latinTokens = new Set<string>();
const chineseWords = new Set<string>(['术后', '拔牙', '智齿', '种植', '根管', '牙周', '正畸', '补牙', '拆线', '洁牙', '矫正']);
for (const p of defaultCatalog) {
  latinTokens.add(p.code);
  latinTokens.add(p.nameEn);
  for (const step of p.carePathway) latinTokens.add(step.topic);
  if (p.recall) latinTokens.add(p.recall.group);
  chineseWords.add(p.nameZh);
}

const byLength = (a: string, b: string) => b.length - a.length;
export const treatmentLeak = new RegExp(
  `(?<![A-Za-z])(?:${[...latinTokens].sort(byLength).map(escape).join('|')})(?![A-Za-z])|${[...chineseWords].sort(byLength).map(escape).join('|')}`,
  'i',
);
