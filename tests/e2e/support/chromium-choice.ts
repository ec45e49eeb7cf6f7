/**
 * Which Chromium the browser tests drive. Debian's is preferred where it works because it is the
 * one people look at screenshots from; the Chromium inside the npm package @sparticuz/chromium is
 * the fallback, so a fresh machine needs nothing beyond `npm install` to run the suite.
 */

export const debianChromium = '/usr/bin/chromium';

export type ChromiumChoice =
  | { source: 'CHROMIUM_PATH'; executablePath: string }
  | { source: 'debian'; executablePath: string }
  | { source: 'npm' };

export type ChromiumCandidates = {
  /** CHROMIUM_PATH picks a browser outright; SMILELOOP_FORCE_NPM_CHROMIUM=1 skips Debian's (to prove the fallback on a machine that has both). */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether Debian's Chromium exists and answers `--version`; a function so it is only probed when it can matter. */
  debianRuns: () => boolean;
};

export const pickChromium = ({ env, debianRuns }: ChromiumCandidates): ChromiumChoice => {
  const chromiumPath = env.CHROMIUM_PATH?.trim();
  if (chromiumPath) return { source: 'CHROMIUM_PATH', executablePath: chromiumPath };
  if (env.SMILELOOP_FORCE_NPM_CHROMIUM !== '1' && debianRuns()) return { source: 'debian', executablePath: debianChromium };
  return { source: 'npm' };
};
