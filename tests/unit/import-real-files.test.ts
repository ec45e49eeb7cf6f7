import { describe, expect, it } from 'vitest';
import { fitCells, sampleOf } from '../../shared/domain/import-cells.js';
import { guessField, suggestMapping } from '../../shared/domain/import-headers.js';
import { personKey, planImport } from '../../shared/domain/import-plan.js';
import { footerReason, parseRow, resolveColumns } from '../../shared/domain/import-values.js';
import { summaryAfter } from '../../shared/domain/patient-summary.js';

const headers = ['姓名', '手机', '性别', '备注', '最近就诊', '项目', '金额', '累计消费'];
const columns = resolveColumns(headers, { 姓名: 'name', 手机: 'phone', 性别: 'gender', 备注: 'notes', 最近就诊: 'lastVisitDate', 项目: 'procedure', 金额: 'amount', 累计消费: 'totalSpend' });
const parse = (cells: string[], row = 2, uncomputed?: number[]) => parseRow({ row, cells, ...(uncomputed ? { uncomputed } : {}) }, columns, '2024-12-31');
let counter = 0;
const newId = () => `NEW${++counter}`;

describe('import rows as exports really end', () => {
  it('recognises total and footer lines, but not a patient whose cell merely starts alike', () => {
    for (const cells of [['合计', '', '', '', '', '', '12,800'], ['总计：120人'], ['', '小计'], ['导出人：前台小王', '', '导出时间：2024-04-01'], ['制表人 张'], ['共 120 条记录'], ['Total', '', '', '', '', '', '99']]) {
      expect(parse(cells), cells.join('|')).toMatchObject({ ok: false, skip: expect.stringMatching(/total or footer/) });
    }
    expect(footerReason(['合计', '13800138000'], '13800138000')).toBeUndefined();
    expect(parse(['总经理夫人', '13800138000'])).toMatchObject({ ok: true });
  });

  it('reports a formula without a result: the name or phone rejects the row, another field is left out with a warning', () => {
    expect(parse(['张三', '', '', '', '2024-01-01', '洁牙', ''], 2, [1])).toMatchObject({ ok: false, problems: [{ field: 'phone', code: 'formula.no_result', reason: expect.stringMatching(/formula with no saved result/) }] });
    const amount = parse(['张三', '13800138000', '', '', '2024-01-01', '洁牙', ''], 2, [6]);
    expect(amount).toMatchObject({ ok: true, warnings: [{ field: 'amount', code: 'formula.no_result', reason: expect.stringMatching(/formula with no saved result.*not imported/) }] });
  });

  it('reads 累计消费 as the patient’s total spend, and leaves out one it cannot read with a coded warning', () => {
    expect(parse(['张三', '13800138000', '', '', '', '', '', '¥18,000'])).toMatchObject({ ok: true, totalSpendFen: 1_800_000 });
    const bad = parse(['张三', '13800138000', '', '', '', '', '', '-300']);
    expect(bad).toMatchObject({ ok: true, warnings: [{ field: 'totalSpend', code: 'money.refund' }] });
    expect(bad).not.toHaveProperty('totalSpendFen');
  });
});

describe('import headers', () => {
  it('guesses 累计消费-style columns as spend and never an arrears or balance column as the visit amount', () => {
    for (const h of ['累计消费', '累计消费(元)', '消费总额', '累计实收金额', '历史消费']) expect(guessField(h)?.field, h).toBe('totalSpend');
    for (const h of ['欠款', '欠款金额', '欠费', '未付金额', '未付', '挂账金额', '余额', '退款金额']) expect(guessField(h), h).toBeUndefined();
    expect(guessField('累计就诊次数')).toBeUndefined();
    expect(suggestMapping(['姓名', '手机', '欠款金额', '金额', '累计消费'])).toMatchObject({ 欠款金额: 'ignore', 金额: 'amount', 累计消费: 'totalSpend' });
    expect(suggestMapping(['姓名', '手机', '未付金额', '实收金额'])).toMatchObject({ 未付金额: 'ignore', 实收金额: 'amount' });
  });
});

describe('the import plan for real files', () => {
  it('skips footer lines and counts them apart', () => {
    const plan = planImport([parse(['张三', '13800138000']), parse(['合计', '', '', '', '', '', '300'], 3)], new Map(), newId);
    expect(plan.rows[1]).toEqual({ row: 3, status: 'skipped', reason: expect.stringMatching(/合计/) });
    expect(plan.counts).toMatchObject({ rows: 2, created: 1, skipped: 1 });
  });

  it('flags a phone the clinic knows under another name for review, every row of that person, and writes nothing for it', () => {
    const owners = new Map([['+8613800138000', [{ patientId: 'OLD1', name: '张伟' }]]]);
    const plan = planImport([parse(['张三', '13800138000']), parse(['张三', '13800138000', '男'], 3), parse(['李四', '13900139000'], 4)], new Map(), newId, { phoneOwners: owners });
    expect(plan.rows[0]).toMatchObject({ status: 'needs-review', existingPatient: { patientId: 'OLD1', name: '张伟' }, reason: expect.stringMatching(/张伟/) });
    expect(plan.rows[0]).not.toHaveProperty('patientId');
    expect(plan.rows[1]?.status).toBe('needs-review');
    expect(plan.rows[2]?.status).toBe('created');
    expect(plan.counts).toMatchObject({ created: 1, merged: 0, needsReview: 2 });
    // The same name (folded) is the same person: merged, not reviewed.
    const same = planImport([parse(['张 伟', '13800138000'])], new Map([[personKey('+8613800138000', '张伟'), 'OLD1']]), newId, { phoneOwners: owners });
    expect(same.rows[0]).toMatchObject({ status: 'merged', patientId: 'OLD1' });
  });

  it('says which fields a merge kept and which it ignored', () => {
    const existing = new Map([[personKey('+8613800138000', '张三'), 'OLD1']]);
    const intoExisting = planImport([parse(['张三', '13800138000', '男', '怕疼', '2024-01-05', '洁牙', '300'])], existing, newId);
    expect(intoExisting.rows[0]?.merge).toEqual({ kept: ['lastVisitDate', 'procedure', 'amount'], ignored: ['gender', 'notes'] });
    const inFile = planImport([parse(['李四', '13900139000', '女']), parse(['李四', '13900139000', '男', '周末来'], 3)], new Map(), newId);
    expect(inFile.rows[1]?.merge).toEqual({ kept: ['notes'], ignored: ['gender'] });
  });

  it('takes a visit as its day and procedure: lines of the same visit with other amounts add up, a repeated line counts once', () => {
    const plan = planImport(
      [
        parse(['张三', '13800138000', '', '', '2024-01-05', '补牙', '300']),
        parse(['张三', '13800138000', '', '', '2024-01-05', '补牙', '300'], 3),
        parse(['张三', '13800138000', '', '', '2024-01-05', '补牙', '500'], 4),
      ],
      new Map(),
      newId,
    );
    expect(plan.rows[0]?.visit).toEqual({ date: '2024-01-05', procedure: '补牙', amountFen: 80_000 });
    expect(plan.rows[2]).toMatchObject({ visit: { sameAsRow: 2 }, warnings: [{ field: 'amount', code: 'visit.lines_added', params: { row: 2, amountFen: 80_000 }, reason: expect.stringMatching(/row 2.*¥800\.00/) }] });
    expect(plan.counts.visits).toBe(1);
  });
});

describe('stored rows fit in an item', () => {
  it('cuts the longest cells until a row fits, and keeps samples short', () => {
    const row = fitCells(['张三', '13800138000', '长'.repeat(50_000), '短', '中'.repeat(20_000)]);
    expect(new TextEncoder().encode(JSON.stringify(row)).length).toBeLessThanOrEqual(60_000);
    expect(row.slice(0, 2)).toEqual(['张三', '13800138000']);
    expect(row[3]).toBe('短');
    const sample = sampleOf(Array.from({ length: 10 }, () => Array.from({ length: 200 }, () => '字'.repeat(1000))));
    expect(new TextEncoder().encode(JSON.stringify(sample)).length).toBeLessThanOrEqual(16_000);
    expect(sample).toHaveLength(5);
    expect(sampleOf([['张三', '长'.repeat(500)]])[0]?.[1]).toHaveLength(60);
  });
});

describe('the patient summary corrected by an import', () => {
  it('moves the spend by a corrected amount, and raises it to a file’s total spend without lowering it', () => {
    const current = { version: 2, visitCount: 1, totalSpendFen: 30_000 };
    expect(summaryAfter(current, [{ kind: 'amount-corrected', fromFen: 30_000, toFen: 35_000 }])).toMatchObject({ version: 3, visitCount: 1, totalSpendFen: 35_000 });
    expect(summaryAfter(current, [{ kind: 'known-spend', totalSpendFen: 100_000 }]).totalSpendFen).toBe(100_000);
    expect(summaryAfter(current, [{ kind: 'known-spend', totalSpendFen: 10_000 }]).totalSpendFen).toBe(30_000);
  });
});
