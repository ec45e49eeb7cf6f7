/** The accessibility check every dashboard e2e test runs: axe-core's WCAG 2.1 A/AA rules on one part of the page. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Each violation as "rule (impact): targets"; empty when the part passes. Only violations are
 * gathered in full (resultTypes): the passes are never read, and listing them costs time.
 */
export const axeViolations = async (page: Page, selector: string): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    async (sel) => (await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResult> } }).axe.run(sel, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] })),
    selector,
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};
