/**
 * Reading the header row of a clinic's spreadsheet: which row holds the headers (exports often
 * start with a title row such as "患者档案 2023"), and a first guess of what each column is,
 * from the Chinese and English names clinics and their old software use. Pure.
 */
import { multiColumnFields, type ColumnMapping, type ColumnTarget, type ImportField } from '../schemas/imports.js';

/** Full-width to half-width, lower case, no spaces, no "(元)"-style notes or required-marks. */
export const normalizeHeader = (header: string): string =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s*:：_\-./#＊]/g, '');

const exact: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '患者姓名', '患者', '病人姓名', '病人', '客户姓名', '客户名称', '客户', '顾客姓名', '会员姓名', '就诊人', 'name', 'patientname', 'fullname', 'patient'],
  gender: ['性别', 'sex', 'gender'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '联系方式', '移动电话', '患者电话', '客户电话', '手机电话', 'mobile', 'phone', 'phonenumber', 'tel', 'telephone', 'cell', 'mobilephone'],
  birthDate: ['出生日期', '生日', '出生年月日', '出生年月', '出生', '生日日期', 'birthday', 'birthdate', 'dateofbirth', 'dob'],
  firstVisitDate: ['首诊日期', '首诊', '首诊时间', '首次就诊', '首次就诊日期', '首次就诊时间', '首次到店', '首次到店日期', '初诊日期', '初诊时间', '初诊', '建档日期', 'firstvisit', 'firstvisitdate'],
  lastVisitDate: ['最近就诊', '最近就诊日期', '最近就诊时间', '末次就诊', '末次就诊日期', '最后就诊', '最后就诊日期', '上次就诊', '上次就诊日期', '最近到店', '就诊日期', '就诊时间', '到诊日期', '消费日期', '治疗日期', 'lastvisit', 'lastvisitdate', 'visitdate', 'date'],
  procedure: ['项目', '治疗项目', '就诊项目', '消费项目', '治疗内容', '诊疗项目', '服务项目', '处置', '治疗', 'procedure', 'treatment', 'service'],
  amount: ['金额', '消费金额', '实收', '实收金额', '收费金额', '应收金额', '费用', '总金额', '支付金额', '实付金额', '实付', '收费', 'amount', 'spend', 'paid', 'fee', 'price'],
  channel: ['来源', '渠道', '来源渠道', '客户来源', '获客渠道', '患者来源', '就诊来源', '来院渠道', 'source', 'channel', 'referralsource'],
  notes: ['备注', '说明', '备注信息', '情况说明', '其他', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments'],
  tags: ['标签', '患者标签', '客户标签', '分类', 'tags', 'tag', 'labels'],
  careConsent: ['短信同意', '同意短信', '接收短信', '接收提醒', '同意提醒', '提醒同意', 'careconsent', 'smsconsent'],
  marketingConsent: ['营销同意', '同意营销', '接收营销', '接收推广', '接收优惠', '营销短信', 'marketingconsent'],
  totalSpend: ['累计消费', '累计消费金额', '累计金额', '累计实收', '累计收费', '消费总额', '消费合计', '总消费', '总消费金额', '历史消费', 'totalspend', 'lifetimespend', 'ltv'],
};

/**
 * Money a visit amount must never be guessed from: what is owed (欠款, 未付), a balance or a
 * refund. Picking one would record debts as treatments paid.
 */
const notAnAmount = /欠|未付|未收|未缴|待付|待收|挂账|赊|余额|退款|退费|arrears|owed|owing|outstanding|balance|refund/;

/** Looser rules for headers no exact name matched, tried in order. */
const contains: [RegExp, ImportField][] = [
  [/(营销|推广|优惠).*(同意|接收)|(同意|接收).*(营销|推广|优惠)/, 'marketingConsent'],
  [/(短信|提醒).*(同意|接收)|(同意|接收).*(短信|提醒)/, 'careConsent'],
  [/姓名|名字/, 'name'],
  [/手机|电话|mobile|phone/, 'phone'],
  [/性别/, 'gender'],
  [/生日|出生|birth/, 'birthDate'],
  [/首诊|首次|初诊|first.*visit/, 'firstVisitDate'],
  [/(最近|末次|最后|上次).*(就诊|到店|到院|消费|治疗)|last.*visit/, 'lastVisitDate'],
  [/项目/, 'procedure'],
  [/累计(消费|金额|实收|收费|支付|实付)|总消费|消费总|消费合计|历史消费|total.*spen|lifetime/, 'totalSpend'],
  [/金额|实收|实付|费用/, 'amount'],
  [/来源|渠道/, 'channel'],
  [/备注/, 'notes'],
  [/标签/, 'tags'],
];

const exactIndex = new Map<string, ImportField>(
  (Object.entries(exact) as [ImportField, string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field] as const)),
);

/** The field a header most likely is, or undefined. */
export const guessField = (header: string): { field: ImportField; exact: boolean } | undefined => {
  const key = normalizeHeader(header);
  if (key === '') return undefined;
  if (notAnAmount.test(key)) return undefined;
  const hit = exactIndex.get(key);
  if (hit) return { field: hit, exact: true };
  const loose = contains.find(([pattern]) => pattern.test(key));
  return loose ? { field: loose[1], exact: false } : undefined;
};

/**
 * A guess for every column. A single-valued field goes to one column only: an exact name beats a
 * loose match, and the leftmost wins between equals; the rest are ignored.
 */
export const suggestMapping = (headers: readonly string[]): ColumnMapping => {
  const guesses = headers.map((h) => guessField(h));
  const taken = new Set<ImportField>();
  const mapping: ColumnMapping = Object.fromEntries(headers.map((h) => [h, 'ignore' as ColumnTarget]));
  for (const pass of [true, false]) {
    headers.forEach((header, i) => {
      const guess = guesses[i];
      if (!guess || guess.exact !== pass) return;
      if (multiColumnFields.includes(guess.field)) {
        mapping[header] = guess.field;
        return;
      }
      if (taken.has(guess.field)) return;
      taken.add(guess.field);
      mapping[header] = guess.field;
    });
  }
  return mapping;
};

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * The header row: among the first ten non-blank rows, the one where most cells look like known
 * headers (the earliest on a tie); the first non-blank row when none does. Returns its index.
 */
export const findHeaderRow = (rows: readonly (readonly string[])[]): number => {
  let best = { index: -1, score: 0 };
  let firstNonBlank = -1;
  let seen = 0;
  for (let i = 0; i < rows.length && seen < 10; i++) {
    const cells = rows[i] ?? [];
    if (isBlank(cells)) continue;
    seen++;
    if (firstNonBlank < 0) firstNonBlank = i;
    const score = new Set(cells.map((c) => guessField(c)?.field).filter(Boolean)).size;
    if (score > best.score) best = { index: i, score };
  }
  return best.score > 0 ? best.index : firstNonBlank;
};

/** A (zero-based) column index as Excel letters: 0 → A, 27 → AB. */
export const columnLetters = (index: number): string => {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
};

/** Header texts made usable as keys: trimmed, blanks named after their column, repeats numbered. */
export const uniqueHeaders = (cells: readonly string[]): string[] => {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.replace(/\s+/g, ' ').trim().slice(0, 100) || `列${columnLetters(i)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
};
