/** One screen at 1440 and 390 px in Chinese and English: no sideways scroll, no serious or critical axe finding. */
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.js';

/**
 * The problems found (empty when the screen passes); leaves the page in Chinese at 1440 px. Each
 * language is loaded once, at 390 px (the harder width, laid out from the start), and the same
 * screen is then widened to 1440 px, as a window is: one reload per language instead of one per
 * width and language.
 */
export const checkScreen = async (page: Page, selector: string, label: string, ready: () => Promise<unknown>): Promise<string[]> => {
  const problems: string[] = [];
  for (const locale of ['zh-CN', 'en']) {
    await page.evaluate((l) => localStorage.setItem('smileloop.locale', l), locale);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.reload();
    await ready();
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      if (scrollWidth > innerWidth) problems.push(`${label} ${locale} ${width}px: ${scrollWidth}px wide`);
      const serious = (await axeViolations(page, selector)).filter((v) => /\((serious|critical)\)/.test(v));
      problems.push(...serious.map((v) => `${label} ${locale} ${width}px: ${v}`));
    }
  }
  await page.evaluate(() => localStorage.setItem('smileloop.locale', 'zh-CN'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  return problems;
};
