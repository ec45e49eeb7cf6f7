import { describe, expect, it } from 'vitest';
import { namePinyin, pinyinMatches, pinyinQuery } from '../../shared/domain/name-pinyin.js';

describe('the pinyin of a Chinese name', () => {
  it('reads each character, the surname as a surname, ü as v', () => {
    expect(namePinyin('张伟')).toEqual({ initials: 'zw', full: 'zhangwei' });
    expect(namePinyin('曾小明')).toEqual({ initials: 'zxm', full: 'zengxiaoming' });
    expect(namePinyin('单田芳')?.full).toBe('shantianfang');
    expect(namePinyin('吕布')).toEqual({ initials: 'lb', full: 'lvbu' });
  });

  it('ignores spaces and the middle dot of transliterated names', () => {
    expect(namePinyin('李 雷')).toEqual({ initials: 'll', full: 'lilei' });
    expect(namePinyin('买买提·艾力')?.initials).toBe('mmtal');
  });

  it('has no reading for a Latin or mixed name, which the name index finds by its letters', () => {
    expect(namePinyin('Anna Smith')).toBeNull();
    expect(namePinyin('Anna 王')).toBeNull();
    expect(namePinyin('')).toBeNull();
  });

  it('takes Latin letters as a pinyin query, in any case and spacing, and nothing else', () => {
    expect(pinyinQuery('Zhang Wei')).toBe('zhangwei');
    expect(pinyinQuery("xi'an")).toBe('xian');
    expect(pinyinQuery('张伟')).toBeNull();
    expect(pinyinQuery('138')).toBeNull();
    expect(pinyinQuery('')).toBeNull();
  });

  it('matches by initials or by the start of the full reading, not by a later syllable', () => {
    const reading = { initials: 'zw', full: 'zhangwei' };
    expect(['z', 'zw', 'zh', 'zhang', 'zhangw', 'zhangwei'].every((q) => pinyinMatches(reading, q))).toBe(true);
    expect(['wei', 'zwx', 'zhangweii', 'w'].some((q) => pinyinMatches(reading, q))).toBe(false);
  });
});
