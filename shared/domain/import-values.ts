/**
 * One spreadsheet row → the patient and visit it describes, or the reasons it cannot be
 * imported, each naming the field (invariant 10). Cells arrive as text; phones become E.164
 * (invariant 5), amounts integer fen (invariant 3), dates YYYY-MM-DD. Pure.
 */
import { normalizePhone } from './phone.js';
import { parseDateCell, type Parsed } from './import-dates.js';
import { nameSchema } from '../schemas/common.js';
import type { AcquisitionChannel, Gender } from '../schemas/patient.js';
import type { ColumnMapping, FieldIssue, ImportField } from '../schemas/imports.js';
import { codeOfIssue, type FieldErrorCode, type FieldErrorParams } from '../schemas/error-codes.js';

export type PersonFields = {
  name: string;
  phone: string;
  /** undefined: the file does not say (the patient gets the default) */
  gender?: Gender;
  birthDate?: string;
  channel?: AcquisitionChannel;
  tags: string[];
  notes: string;
  careConsent?: boolean;
  marketingConsent?: boolean;
};

export type RowVisit = { date: string; procedure?: string; amountFen: number };

export type ParsedRow =
  | {
      row: number;
      ok: true;
      person: PersonFields;
      visit?: RowVisit;
      firstVisitDate?: string;
      lastVisitDate?: string;
      /** the patient's total spend in the old system (累计消费), in fen */
      totalSpendFen?: number;
      warnings: FieldIssue[];
    }
  /** `skip`: not a patient at all (a total or footer line), with the reason */
  | { row: number; ok: false; problems: FieldIssue[]; warnings: FieldIssue[]; skip?: string };

export const maxNotesLength = 2000;
export const maxProcedureLength = 100;
const maxTags = 30;
const maxTagLength = 20;
/** ¥10,000,000: more than any one line of a dental archive; larger is a typo. */
const maxAmountFen = 1_000_000_000;

const clean = (raw: string) => raw.normalize('NFKC').replace(/\s+/g, ' ').trim();

export const parsePhoneCell = (raw: string): Parsed<string> & { others?: number } => {
  const text = raw.normalize('NFKC').trim();
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text)) {
    return { ok: false, reason: `is in scientific notation (${text}) and has lost digits: format the column as text in Excel and export again`, code: 'phone.scientific' };
  }
  const candidates = text.split(/[/,，;；、|]|\s{2,}/).map((c) => c.replace(/^(tel|手机|电话)[:：]?/i, '').replace(/^(\d+)\.0+$/, '$1').trim()).filter(Boolean);
  const [first] = candidates;
  if (first === undefined) return { ok: false, reason: 'is required', code: 'required' };
  const result = normalizePhone(first);
  if (!result.ok) return { ok: false, reason: result.reason, code: result.code };
  return { ok: true, value: result.e164, ...(candidates.length > 1 ? { others: candidates.length - 1 } : {}) };
};

/** Words, and the national codes (GB/T 2261.1: 1 male, 2 female, 0 unknown, 9 unstated). */
const genderWords: [RegExp, Gender][] = [
  [/^(男|男性|男士|先生|m|male|man|boy|1)$/i, 'male'],
  [/^(女|女性|女士|小姐|f|female|woman|girl|2)$/i, 'female'],
  [/^(其他|其它|other)$/i, 'other'],
  [/^(未知|不详|保密|不明|未说明|unknown|u|0|9|-|—|\/)$/i, 'unknown'],
];

export const parseGender = (raw: string): Parsed<Gender> => {
  const text = clean(raw);
  const hit = genderWords.find(([pattern]) => pattern.test(text));
  return hit ? { ok: true, value: hit[1] } : { ok: false, reason: `must be 男 or 女 (or 其他, 未知, or blank), not "${text.slice(0, 20)}"`, code: 'gender.invalid' };
};

/**
 * Yuan as people type it (1200, 1,200.50, ¥1200, 1200元, ￥１２００) → integer fen, by string
 * arithmetic so no float ever touches the money.
 */
export const parseAmountFen = (raw: string): Parsed<number> => {
  let text = raw.normalize('NFKC').replace(/\s+/g, '').replace(/^(¥|￥|rmb|cny)/i, '').replace(/(元|圆|rmb|cny)$/i, '');
  if (/^-|^\(.*\)$|-$/.test(text)) return { ok: false, reason: 'must not be negative (refunds are not imported)', code: 'money.refund' };
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  const parts = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!parts) return { ok: false, reason: `must be an amount in yuan such as 1200 or 1200.50, not "${raw.trim().slice(0, 20)}"`, code: 'money.invalid' };
  const [, whole = '0', fraction = ''] = parts;
  if (fraction.length > 2) return { ok: false, reason: `has more than 2 decimal places (${text}); amounts are in yuan to the fen`, code: 'money.fraction' };
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || fen > maxAmountFen) return { ok: false, reason: `is larger than ¥10,000,000 (${text}): check the column`, code: 'money.too_large', params: { maximum: maxAmountFen } };
  return { ok: true, value: fen };
};

const channelWords: [RegExp, AcquisitionChannel][] = [
  [/医保/, 'insurance-exit'],
  [/点评/, 'dianping'],
  [/美团/, 'meituan'],
  [/微信|公众号|朋友圈|小程序|视频号|企微/, 'wechat'],
  [/抖音|快手/, 'douyin'],
  [/小红书/, 'xiaohongshu'],
  [/百度|搜索|网络|网上/, 'baidu'],
  [/转介绍|介绍|推荐|老带新|朋友|亲戚|家人|同事|老客/, 'referral'],
  [/合作|企业|单位|商户|异业/, 'partner'],
  [/活动|义诊|讲座|社区|展会|地推|筛查/, 'event'],
  [/自然|到店|路过|散客|门店|上门|自来/, 'walk-in'],
];
const channelCodes = new Set<string>(['walk-in', 'referral', 'partner', 'dianping', 'meituan', 'wechat', 'douyin', 'xiaohongshu', 'baidu', 'event', 'insurance-exit', 'other']);

/** A channel the file names; one we do not know becomes 'other' with the file's word kept as a tag. */
export const parseChannel = (raw: string): { channel: AcquisitionChannel; tag?: string } => {
  const text = clean(raw);
  const code = text.toLowerCase();
  if (channelCodes.has(code)) return { channel: code as AcquisitionChannel };
  const hit = channelWords.find(([pattern]) => pattern.test(text));
  if (hit) return { channel: hit[1] };
  return { channel: 'other', tag: `来源:${text}`.slice(0, maxTagLength) };
};

export const parseYesNo = (raw: string): Parsed<boolean> => {
  const text = clean(raw).toLowerCase();
  if (/^(是|有|同意|已同意|接收|愿意|y|yes|true|1|√|✓|✔|ok)$/.test(text)) return { ok: true, value: true };
  if (/^(否|无|不同意|拒绝|不接收|不愿意|n|no|false|0|×|✗|✘|x)$/.test(text)) return { ok: true, value: false };
  return { ok: false, reason: `must be 是 or 否 (yes or no), not "${text.slice(0, 20)}"`, code: 'yes_no.invalid' };
};

export const splitTags = (raw: string): string[] =>
  raw.normalize('NFKC').split(/[,，;；、|/\n]+|\s+/).map((t) => t.trim()).filter(Boolean);

/** Zero-based column indexes per field, from the mapping (header → field). */
export type ResolvedColumns = Partial<Record<ImportField, { index: number; header: string }[]>>;

export const resolveColumns = (headers: readonly string[], mapping: ColumnMapping): ResolvedColumns => {
  const out: ResolvedColumns = {};
  headers.forEach((header, index) => {
    const target = mapping[header];
    if (!target || target === 'ignore') return;
    (out[target] ??= []).push({ index, header });
  });
  return out;
};

type RowInput = { row: number; cells: readonly string[]; uncomputed?: readonly number[] };

/** Words that start the total and footer lines exports end with (合计, 导出人：张三, 共 120 条). */
const footerStart = /^(合计|合計|总计|總計|小计|小計|共计|总合计|本页合计|汇总|总汇总|导出人|导出时间|导出日期|制表人|制表时间|制表日期|打印人|打印时间|打印日期|统计时间|统计日期|报表时间|报表日期|审核人|经办人|操作员|共\d+(条|人|行|位|名|笔|项))|^(total|subtotal|grand total|sum|exported by|exported at|printed)\b/i;

/** A total or footer line: a cell that starts with one of those words, and no phone to import. */
export const footerReason = (cells: readonly string[], phoneCell: string): string | undefined => {
  const word = cells.map((c) => c.normalize('NFKC').replace(/\s+/g, '')).find((c) => footerStart.test(c));
  if (word === undefined || (phoneCell.trim() !== '' && parsePhoneCell(phoneCell).ok)) return undefined;
  return `is a total or footer line ("${word.slice(0, 20)}"), not a patient: skipped`;
};

const uncomputedReason = 'is a formula with no saved result (the file was saved without calculating): open it in Excel or WPS, let it calculate, save it and upload it again';

/**
 * Parses one row. `today` is the clinic's calendar day: birth and visit dates after it are
 * mistakes. Blank optional cells mean "not given", never an error.
 */
export const parseRow = ({ row, cells, uncomputed = [] }: RowInput, columns: ResolvedColumns, today: string): ParsedRow => {
  const problems: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const cell = (field: ImportField): string => {
    const first = columns[field]?.[0];
    return first ? (cells[first.index] ?? '').trim() : '';
  };
  const problem = (field: ImportField, reason: string, code: FieldErrorCode, params?: FieldErrorParams) =>
    problems.push({ field, reason, code, ...(params ? { params } : {}) });
  const failed = (field: ImportField, parsed: { reason: string; code: FieldErrorCode; params?: FieldErrorParams }) => problem(field, parsed.reason, parsed.code, parsed.params);
  const skip = footerReason(cells, cell('phone'));
  if (skip) return { row, ok: false, problems: [], warnings: [], skip };

  // A formula without a result is reported as such: the name and phone reject the row, others are left out.
  const notComputed = new Set((Object.entries(columns) as [ImportField, { index: number }[]][]).filter(([, cols]) => cols.some((c) => uncomputed.includes(c.index))).map(([field]) => field));
  for (const field of notComputed) {
    if (field === 'name' || field === 'phone') problem(field, uncomputedReason, 'formula.no_result');
    else warnings.push({ field, reason: `${uncomputedReason}; it was not imported`, code: 'formula.no_result' });
  }

  const nameText = clean(cell('name'));
  const name = nameSchema.safeParse(nameText);
  const nameIssue = name.success ? undefined : name.error.issues[0];
  if (!name.success && !notComputed.has('name')) problem('name', nameIssue?.message ?? 'is not a valid name', nameIssue ? codeOfIssue(nameIssue) : 'invalid');

  let phone = '';
  const phoneText = cell('phone');
  if (phoneText === '') {
    if (!notComputed.has('phone')) problem('phone', 'is required', 'required');
  }
  else {
    const parsed = parsePhoneCell(phoneText);
    if (parsed.ok) {
      phone = parsed.value;
      if (parsed.others) warnings.push({ field: 'phone', reason: `kept the first number; ${parsed.others} more in the cell were not imported`, code: 'phone.extra', params: { count: parsed.others } });
    } else failed('phone', parsed);
  }

  let gender: Gender | undefined;
  if (cell('gender') !== '') {
    const parsed = parseGender(cell('gender'));
    if (parsed.ok) gender = parsed.value;
    else failed('gender', parsed);
  }

  const dateField = (field: 'birthDate' | 'firstVisitDate' | 'lastVisitDate'): string | undefined => {
    const text = cell(field);
    if (text === '') return undefined;
    const parsed = parseDateCell(text);
    if (!parsed.ok) return void failed(field, parsed);
    if (parsed.value > today) return void problem(field, `is in the future (${parsed.value})`, 'date.future', { date: parsed.value });
    return parsed.value;
  };
  const birthDate = dateField('birthDate');
  const firstVisitDate = dateField('firstVisitDate');
  const lastVisitDate = dateField('lastVisitDate');
  if (firstVisitDate && lastVisitDate && firstVisitDate > lastVisitDate) problem('firstVisitDate', `is after lastVisitDate (${firstVisitDate} > ${lastVisitDate})`, 'date.order', { date: firstVisitDate, after: lastVisitDate });
  if (birthDate && firstVisitDate && birthDate > firstVisitDate) problem('birthDate', `is after the first visit (${birthDate} > ${firstVisitDate})`, 'date.order', { date: birthDate, after: firstVisitDate });

  let amountFen: number | undefined;
  if (cell('amount') !== '') {
    const parsed = parseAmountFen(cell('amount'));
    if (parsed.ok) amountFen = parsed.value;
    else failed('amount', parsed);
  }

  let procedure = clean(cell('procedure'));
  if (procedure.length > maxProcedureLength) {
    warnings.push({ field: 'procedure', reason: `was cut to its first ${maxProcedureLength} characters`, code: 'import.truncated', params: { maximum: maxProcedureLength } });
    procedure = procedure.slice(0, maxProcedureLength);
  }

  const tags: string[] = [];
  let channel: AcquisitionChannel | undefined;
  if (cell('channel') !== '') {
    const parsed = parseChannel(cell('channel'));
    channel = parsed.channel;
    if (parsed.tag) tags.push(parsed.tag);
  }
  for (const { index } of columns.tags ?? []) tags.push(...splitTags(cells[index] ?? ''));
  const longTags = tags.filter((t) => t.length > maxTagLength);
  if (longTags.length) warnings.push({ field: 'tags', reason: `${longTags.length} tag(s) longer than ${maxTagLength} characters were cut`, code: 'import.truncated', params: { maximum: maxTagLength, count: longTags.length } });
  const uniqueTags = [...new Set(tags.map((t) => t.slice(0, maxTagLength)))];
  if (uniqueTags.length > maxTags) warnings.push({ field: 'tags', reason: `only the first ${maxTags} tags were kept`, code: 'tags.too_many', params: { maximum: maxTags } });

  const noteColumns = (columns.notes ?? []).map(({ index, header }) => ({ header, value: (cells[index] ?? '').trim() })).filter((n) => n.value !== '');
  let notes = noteColumns.length === 1 ? (noteColumns[0]?.value ?? '') : noteColumns.map((n) => `${n.header}：${n.value}`).join('\n');
  if (notes.length > maxNotesLength) {
    warnings.push({ field: 'notes', reason: `was cut to its first ${maxNotesLength} characters`, code: 'import.truncated', params: { maximum: maxNotesLength } });
    notes = notes.slice(0, maxNotesLength);
  }

  const consent = (field: 'careConsent' | 'marketingConsent'): boolean | undefined => {
    if (cell(field) === '') return undefined;
    const parsed = parseYesNo(cell(field));
    return parsed.ok ? parsed.value : void failed(field, parsed);
  };
  const careConsent = consent('careConsent');
  const marketingConsent = consent('marketingConsent');

  let totalSpendFen: number | undefined;
  if (cell('totalSpend') !== '') {
    const parsed = parseAmountFen(cell('totalSpend'));
    if (parsed.ok) totalSpendFen = parsed.value;
    else warnings.push({ field: 'totalSpend', reason: `${parsed.reason}; it was not imported`, code: parsed.code, ...(parsed.params ? { params: parsed.params } : {}) });
  }

  if (problems.length || !name.success) return { row, ok: false, problems, warnings };

  const visitDate = lastVisitDate ?? firstVisitDate;
  const hasVisitFacts = procedure !== '' || amountFen !== undefined;
  let visit: RowVisit | undefined;
  if (hasVisitFacts && visitDate) visit = { date: visitDate, amountFen: amountFen ?? 0, ...(procedure ? { procedure } : {}) };
  else if (hasVisitFacts) warnings.push({ field: 'lastVisitDate', reason: 'is blank, so the procedure and amount of this row were not imported as a visit', code: 'visit.no_date' });

  const person: PersonFields = {
    name: name.data,
    phone,
    ...(gender ? { gender } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(channel ? { channel } : {}),
    tags: uniqueTags.slice(0, maxTags),
    notes,
    ...(careConsent !== undefined ? { careConsent } : {}),
    ...(marketingConsent !== undefined ? { marketingConsent } : {}),
  };
  return {
    row,
    ok: true,
    person,
    ...(visit ? { visit } : {}),
    ...(firstVisitDate ? { firstVisitDate } : {}),
    ...(lastVisitDate ? { lastVisitDate } : {}),
    ...(totalSpendFen !== undefined ? { totalSpendFen } : {}),
    warnings,
  };
};
