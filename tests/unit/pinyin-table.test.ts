import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { namePinyin } from '../../shared/domain/name-pinyin.js';
import { pinyinTableSource } from '../../scripts/pinyin-table.js';

const libraryReading = (name: string): string => pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).join('');

describe('the compact pinyin table', () => {
  it('is exactly what the generator builds from pinyin-pro today', () => {
    const checkedIn = readFileSync(new URL('../../shared/domain/pinyin-table.ts', import.meta.url), 'utf8');
    expect(checkedIn).toBe(pinyinTableSource());
  });

  it('reads names as pinyin-pro reads them, surnames included', () => {
    const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤单解仇区朴查乐缪', '欧阳', '司马', '诸葛', '尉迟', '澹台'];
    const given = [...'芳娜敏静丽艳娟霞秀英华慧巧美婷雪琳晶欣怡佳梦妍馨悦玲洁燕红倩颖璐伟强磊军洋勇杰涛明超刚平辉鹏飞鑫波斌宇浩凯健俊帆峰建国志文博堃喆玥', '子涵', '梓萱', '一诺', '浩宇', '若汐', '沐阳', '可馨', '雨桐'];
    const names = surnames.flatMap((surname) => given.map((name) => surname + name));
    const differing = names.filter((name) => namePinyin(name)?.full !== libraryReading(name));
    expect(names.length).toBeGreaterThan(7_000);
    expect(differing).toEqual([]);
  });

  it('reads the surnames that differ from their characters as surnames', () => {
    expect(namePinyin('尉迟恭')).toEqual({ initials: 'ycg', full: 'yuchigong' });
    expect(namePinyin('解缙')?.full).toBe('xiejin');
    expect(namePinyin('朴智妍')?.initials).toBe('pzy');
    // Two characters are a surname and a given name, not a compound surname.
    expect(namePinyin('长孙')?.full).toBe('changsun');
  });

  it('leaves a name with a character outside the table to the name index', () => {
    expect(namePinyin('万俟卨')).toBeNull();
  });
});
