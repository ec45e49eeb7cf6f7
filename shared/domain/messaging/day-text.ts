/** Dates as a message says them: 2026-11-25 → 11月25日 (no year: reminders are days ahead). */
export const chineseMonthDay = (day: string): string => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
