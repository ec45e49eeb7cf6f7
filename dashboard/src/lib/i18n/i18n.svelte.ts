import { zhCN, type MessageKey } from './zh-cn';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export type MessageParams = Record<string, string | number>;

const storageKey = 'smileloop.locale';
/**
 * Chinese is the default and ships with the app; English is fetched the first time someone
 * chooses it (or before the first render when the browser remembers it), which keeps the
 * first visit's JavaScript within its budget.
 */
let english: Record<MessageKey, string> | undefined;
const dictionaryOf = (locale: Locale): Record<MessageKey, string> => (locale === 'en' && english ? english : zhCN);

export const loadEnglish = async (): Promise<void> => {
  english ??= (await import('./en')).en;
};

const isLocale = (value: unknown): value is Locale => locales.some((l) => l === value);

/** Before the first render: the remembered language's dictionary is there when the app mounts. */
export const preloadStoredLocale = async (): Promise<void> => {
  if (readStoredLocale() === 'en') await loadEnglish();
};

const readStoredLocale = (): Locale => {
  try {
    const stored = localStorage.getItem(storageKey);
    return isLocale(stored) ? stored : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
};

const interpolate = (template: string, params?: MessageParams): string =>
  params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;

/** The chosen language (zh-CN by default, remembered per browser) and the lookups that follow it. */
export class I18n {
  locale = $state<Locale>(readStoredLocale());

  constructor() {
    document.documentElement.lang = this.locale;
  }

  async setLocale(locale: Locale): Promise<void> {
    if (locale === 'en') await loadEnglish();
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(storageKey, locale);
    } catch {
      // private mode: the choice simply lasts for this page
    }
  }

  /** Arrow functions so components can pass `t` around without losing `this`. */
  t = (key: MessageKey, params?: MessageParams): string => interpolate(dictionaryOf(this.locale)[key], params);

  /** For open-ended server values (outbox purpose, status): a label when we know one, else the value. */
  label = (prefix: string, value: string): string => {
    const key = `${prefix}.${value}`;
    const dictionary: Record<string, string> = dictionaryOf(this.locale);
    return dictionary[key] ?? value;
  };

  dateTime = (iso: string, timeZone?: string): string => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
  };

  /** "09:30" on the clinic's clock. */
  time = (iso: string, timeZone: string): string => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(this.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
  };

  /** An instant's calendar date in the clinic's zone. */
  dateOf = (iso: string, timeZone: string): string => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone }).format(date);
  };

  /** "11月23日 周一" / "Mon, Nov 23" for a calendar day. */
  weekdayDate = (day: string, withYear = false): string => {
    const [y, m, d] = day.split('-').map(Number);
    if (!y || !m || !d) return day;
    return new Intl.DateTimeFormat(this.locale, {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
  };

  /** 45 → "45 分钟", 90 → "1 小时 30 分钟". */
  duration = (minutes: number): string => {
    if (minutes < 60) return this.t('common.minutes', { n: minutes });
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? this.t('common.hours', { h }) : this.t('common.hoursMinutes', { h, m });
  };

  /** "2026年11月" / "November 2026" for a calendar month (YYYY-MM). */
  month = (yearMonth: string): string => {
    const [y, m] = yearMonth.split('-').map(Number);
    if (!y || !m) return yearMonth;
    return new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  };

  /** A calendar date (YYYY-MM-DD) shown as written; no time zone shift. */
  date = (day: string): string => {
    const [y, m, d] = day.split('-').map(Number);
    if (!y || !m || !d) return day;
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  };
}
