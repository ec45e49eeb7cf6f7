import { describe, expect, it } from 'vitest';
import { debianChromium, pickChromium } from '../e2e/support/chromium-choice.js';

const probe = (runs: boolean) => {
  const calls: string[] = [];
  return { calls, debianRuns: () => (calls.push('debian'), runs) };
};

describe('pickChromium: which browser the e2e tests drive', () => {
  it('CHROMIUM_PATH wins over everything, without probing Debian', () => {
    const debian = probe(true);
    expect(pickChromium({ env: { CHROMIUM_PATH: '/opt/chrome/chrome', SMILELOOP_FORCE_NPM_CHROMIUM: '1' }, debianRuns: debian.debianRuns })).toEqual({ source: 'CHROMIUM_PATH', executablePath: '/opt/chrome/chrome' });
    expect(debian.calls).toEqual([]);
  });

  it("Debian's Chromium when it exists and runs", () => {
    expect(pickChromium({ env: {}, debianRuns: () => true })).toEqual({ source: 'debian', executablePath: debianChromium });
  });

  it("the npm package's Chromium when Debian's is absent or does not start", () => {
    expect(pickChromium({ env: {}, debianRuns: () => false })).toEqual({ source: 'npm' });
  });

  it("SMILELOOP_FORCE_NPM_CHROMIUM=1 skips Debian's, so the fallback can be proven on a machine that has both", () => {
    const debian = probe(true);
    expect(pickChromium({ env: { SMILELOOP_FORCE_NPM_CHROMIUM: '1' }, debianRuns: debian.debianRuns })).toEqual({ source: 'npm' });
    expect(debian.calls).toEqual([]);
    expect(pickChromium({ env: { SMILELOOP_FORCE_NPM_CHROMIUM: '0' }, debianRuns: () => true })).toEqual({ source: 'debian', executablePath: debianChromium });
  });

  it('an empty or blank CHROMIUM_PATH counts as unset', () => {
    expect(pickChromium({ env: { CHROMIUM_PATH: '' }, debianRuns: () => true })).toEqual({ source: 'debian', executablePath: debianChromium });
    expect(pickChromium({ env: { CHROMIUM_PATH: '  ' }, debianRuns: () => false })).toEqual({ source: 'npm' });
  });
});
