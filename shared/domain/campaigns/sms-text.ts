/**
 * A campaign's SMS text: the variables marketing writes in Chinese ({姓名}, {门店}, {优惠券},
 * {有效期}, {预约电话}), the chain's 【signature】 and the refusal hint 退订回T added for them, the
 * parts the carrier will bill (GSM-7 160 / 153 per part, otherwise UCS-2 70 / 67), and a refusal
 * of treatment or medical words (invariants 9 and 12; Tencent Cloud SMS forbids medical content).
 */
import { defaultCatalog } from '../catalog-defaults.js';
import { refuseSuffix, renderMessage } from '../messaging/template.js';

export const campaignVariables = { 姓名: 'name', 门店: 'clinic', 优惠券: 'coupon', 有效期: 'expires', 预约电话: 'phone' } as const;
export type CampaignVariable = keyof typeof campaignVariables;
export type CampaignValues = Partial<Record<CampaignVariable, string>>;

const gsmBasic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtension = '^{}\\[~]|€\f';

export type SmsParts = { encoding: 'GSM-7' | 'UCS-2'; characters: number; parts: number; perPart: number };

/** The parts a carrier bills for `text`: one part up to 160 / 70, then 153 / 67 each (the rest is the concatenation header). */
export const smsParts = (text: string): SmsParts => {
  const chars = [...text];
  const gsm = chars.every((c) => gsmBasic.includes(c) || gsmExtension.includes(c));
  if (gsm) {
    const units = chars.reduce((n, c) => n + (gsmExtension.includes(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', characters: units, parts: units <= 160 ? 1 : Math.ceil(units / 153), perPart: units <= 160 ? 160 : 153 };
  }
  // UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
  const units = text.length;
  return { encoding: 'UCS-2', characters: units, parts: units <= 70 ? 1 : Math.ceil(units / 67), perPart: units <= 70 ? 70 : 67 };
};

const clinicalWords = [
  '术后', '拔牙', '智齿', '种植', '根管', '牙周', '正畸', '补牙', '拆线', '洁牙', '洗牙', '矫正', '治疗', '手术', '诊断', '病历', '处方', '麻醉', '牙髓', '龋齿', '蛀牙', '义齿', '假牙', '贴面', '美白', '牙套', '烤瓷', '全瓷', '隐适美', '隐形矫',
  // everyday words for the same treatments, and what a tooth or a body has (a tag the desk types)
  '种牙', '箍牙', '镶牙', '缺牙', '牙冠', '嵌体', '牙龈炎', '牙结石', '口腔溃疡', '牙疼', '牙痛',
  '糖尿病', '高血压', '心脏病', '过敏', '怀孕', '孕期', '哺乳期', '抗凝', '骨质疏松',
];
const latinWords = ['implant', 'ortho', 'orthodontic', 'orthodontics', 'perio', 'invisalign', 'diabetes', 'hypertension', 'pregnant', 'allergy', 'root canal', 'extraction', 'periodontal', 'surgery', 'treatment', 'diagnosis', 'filling', 'braces', 'whitening', 'veneer', 'denture'];
const medicalPattern = new RegExp(
  [...new Set([...clinicalWords, ...defaultCatalog.map((p) => p.nameZh)])].sort((a, b) => b.length - a.length).join('|') +
    `|(?<![A-Za-z])(?:${[...new Set([...latinWords, ...defaultCatalog.map((p) => p.nameEn.toLowerCase())])].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:e?s)?(?![A-Za-z])`,
  'gi',
);

/** Traditional forms of the characters the words above use: a template in 繁體 says the same. */
const traditional: Record<string, string> = {
  種: '种', 齒: '齿', 術: '术', 後: '后', 補: '补', 線: '线', 潔: '洁', 矯: '矫', 療: '疗', 診: '诊', 斷: '断', 歷: '历', 處: '处', 藥: '药',
  齲: '龋', 義: '义', 貼: '贴', 適: '适', 隱: '隐', 週: '周', 醫: '医', 鑲: '镶', 齦: '龈', 結: '结', 潰: '溃', 瘍: '疡', 壓: '压', 臟: '脏', 懷: '怀',
};
const cjk = '\\u3400-\\u9fff';
// Zero-width characters anywhere; spaces and separators between two Chinese characters (种 植 牙, 种·植).
const invisible = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const separatedCjk = new RegExp(`(?<=[${cjk}])[\\s·・\\-_*.|/]+(?=[${cjk}])`, 'g');

/**
 * The text as a reader sees it: full-width letters folded (NFKC), invisible characters gone,
 * traditional characters simplified, separators between Chinese characters closed up, lower case.
 */
export const normalizedForWords = (text: string): string =>
  text.normalize('NFKC').replace(invisible, '').replace(/./gu, (c) => traditional[c] ?? c).replace(separatedCjk, '').toLowerCase();

/** Treatment or medical words in a text (as a reader would read it), each once. */
export const medicalWordsIn = (text: string): string[] => [...new Set([...normalizedForWords(text).matchAll(medicalPattern)].map((m) => m[0]))];

export type TemplateCheck = { unknownVariables: string[]; medicalWords: string[]; hasSignature: boolean };

// A brace outside a {variable} ({{姓名}}, a lone }) would reach the patient as a brace.
const strayBraces = (template: string): string[] => (/[{}]/.test(template.replace(/\{[^{}]*\}/g, '')) ? ['{ }'] : []);

export const checkCampaignTemplate = (template: string): TemplateCheck => ({
  unknownVariables: [...[...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((v) => !(v in campaignVariables)), ...strayBraces(template)],
  medicalWords: medicalWordsIn(template),
  hasSignature: /[【】]/.test(template),
});

/**
 * The template as the send pipeline takes it: per-recipient values the runner knows (coupon,
 * expiry, clinic phone) written in; the patient's name and clinic left for the pipeline, which
 * reads them at the moment of sending.
 */
export const toPipelineTemplate = (template: string, values: CampaignValues): string =>
  template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (name === '姓名') return '{name}';
    if (name === '门店') return '{clinic}';
    const value = values[name as CampaignVariable];
    return value ?? whole;
  });

/** The full text a patient would receive (preview): signature, body, refusal hint. */
/** Values of a typical length for the preview and the length check: the text as a patient gets it. */
export const exampleCampaignValues = { 姓名: '王女士', 门店: '静安店', 优惠券: 'K7QX2M9RTD4B', 有效期: '2026-12-31', 预约电话: '021-12345678' } as const satisfies CampaignValues;

export const renderCampaignText = (template: string, values: CampaignValues, signature: string): { ok: true; text: string; parts: SmsParts } | { ok: false; reason: string } => {
  const rendered = renderMessage(toPipelineTemplate(template, values), { ...(values.姓名 ? { name: values.姓名 } : {}), ...(values.门店 ? { clinic: values.门店 } : {}) }, signature, true);
  if (!rendered.ok) return rendered;
  return { ok: true, text: rendered.text, parts: smsParts(rendered.text) };
};

export { refuseSuffix };
