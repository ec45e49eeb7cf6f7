/**
 * The addresses a patient opens without signing in: the dashboard's own public pages (the survey
 * and the intake questionnaire), served from the same place as the dashboard.
 */
const here = (): string => `${location.origin}${location.pathname}`;

export const publicSurveyUrl = (token: string): string => `${here()}#/p/survey/${encodeURIComponent(token)}`;
export const publicIntakeUrl = (token: string): string => `${here()}#/p/intake/${encodeURIComponent(token)}`;

/** Copies a link; false where the browser will not (no clipboard permission), so the screen can say so. */
export const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
};

/** The last twelve months as YYYY-MM, newest first, on the clinic's calendar. */
export const recentMonths = (timeZone: string, now = new Date()): string[] => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
  const [year = 2000, month = 1] = today.split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + month - 1 - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
};
