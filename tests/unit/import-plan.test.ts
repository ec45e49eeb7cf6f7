import { describe, expect, it } from 'vitest';
import { personKey, planImport, reportRow } from '../../shared/domain/import-plan.js';
import { parseRow, resolveColumns, type ParsedRow } from '../../shared/domain/import-values.js';

const headers = ['姓名', '手机', '性别', '出生日期', '最近就诊', '项目', '金额', '标签', '备注'];
const columns = resolveColumns(headers, { 姓名: 'name', 手机: 'phone', 性别: 'gender', 出生日期: 'birthDate', 最近就诊: 'lastVisitDate', 项目: 'procedure', 金额: 'amount', 标签: 'tags', 备注: 'notes' });
const rows = (data: string[][]): ParsedRow[] => data.map((cells, i) => parseRow({ row: i + 2, cells }, columns, '2024-12-31'));

let counter = 0;
const newId = () => `NEW${++counter}`;

describe('the import plan', () => {
  it('creates one patient per person, merges repeats inside the file, and counts a repeated visit once', () => {
    counter = 0;
    const plan = planImport(
      rows([
        ['张三', '138 0013 8000', '', '', '2023/5/1', '洁牙', '298', 'VIP', ''],
        ['张 三', '+86 13800138000', '男', '1985-03-12', '2023-05-01', '洁牙', '298.00', '种植', '怕疼'],
        ['张三', '13800138000', '', '', '2023-06-01', '补牙', '500', '', ''],
        ['张三丰', '13800138000', '', '', '', '', '', '', ''],
        ['', '13800138000', '', '', '', '', '', '', ''],
      ]),
      new Map(),
      newId,
    );
    expect(plan.counts).toEqual({ rows: 5, created: 2, merged: 2, rejected: 1, visits: 2 });
    const [first, second, third, fourth, fifth] = plan.rows;
    expect(first).toMatchObject({ row: 2, status: 'created', patientId: 'NEW1', visit: { date: '2023-05-01', amountFen: 29800 } });
    // The created row carries the person completed from the later rows of the same person.
    expect(first?.person).toMatchObject({ name: '张三', gender: 'male', birthDate: '1985-03-12', tags: ['VIP', '种植'], notes: '怕疼' });
    expect(second).toMatchObject({ row: 3, status: 'merged', patientId: 'NEW1', sameAsRow: 2, visit: { sameAsRow: 2 } });
    expect(third).toMatchObject({ status: 'merged', patientId: 'NEW1', visit: { date: '2023-06-01', amountFen: 50000 } });
    expect(third?.visit).not.toHaveProperty('sameAsRow');
    expect(fourth).toMatchObject({ status: 'created', patientId: 'NEW2' });
    expect(fifth).toMatchObject({ status: 'rejected', problems: [{ field: 'name', reason: 'is required' }] });
  });

  it('merges into the clinic’s existing patient with the same phone and name', () => {
    const existing = new Map([[personKey('+8613800138000', '张三'), 'OLD1']]);
    const plan = planImport(rows([['张三', '13800138000', '', '', '', '', '', '', ''], ['李四', '13800138000', '', '', '', '', '', '', '']]), existing, newId);
    expect(plan.rows[0]).toMatchObject({ status: 'merged', patientId: 'OLD1', existing: true });
    expect(plan.rows[0]).not.toHaveProperty('person');
    expect(plan.rows[1]).toMatchObject({ status: 'created' });
    expect(plan.counts).toMatchObject({ created: 1, merged: 1 });
  });

  it('reports rows without the patient’s details', () => {
    const plan = planImport(rows([['张三', '13800138000', '', '', '2023/5/1', '洁牙', '298', '', '怕疼']]), new Map(), newId);
    const report = reportRow(plan.rows[0] ?? { row: 0, status: 'rejected' });
    expect(JSON.stringify(report)).not.toMatch(/张三|13800138000|怕疼/);
    expect(report).toMatchObject({ row: 2, status: 'created', visit: { date: '2023-05-01' } });
  });
});
