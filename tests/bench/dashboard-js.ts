/**
 * The dashboard's JavaScript as a browser downloads it, gzipped one file at a time as a CDN serves it:
 *   dashboard_initial_js_kb_gzip  a first visit before the app can run: the entry script of
 *       dashboard/dist/index.html, its modulepreloads and every chunk they import statically.
 *       Goal ≤ 100.
 *   dashboard_pages_js_kb_gzip_max  the largest lazily loaded page: a chunk reached only by
 *       import(), with the chunks it imports statically that the first visit has not loaded
 *       already. Goal ≤ 60.
 * Builds the dashboard first when dist is missing. Runnable alone: `npx tsx tests/bench/dashboard-js.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dashboard/dist');
// static imports only: `import{a}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`; never `import("./x.js")`
const staticImport = /\b(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
const dynamicImport = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;

/** Every file reached from `entries` by static imports, minus those in `loaded`. */
const closure = (entries: readonly string[], loaded: ReadonlySet<string> = new Set()): Set<string> => {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (seen.has(file) || loaded.has(file) || !file.endsWith('.js')) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(staticImport)) queue.push(resolve(dirname(file), m[1] ?? ''));
  }
  return seen;
};

const sizes = (files: Iterable<string>) => {
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const code = readFileSync(file);
    raw += code.length;
    gzip += gzipSync(code).length;
  }
  return { gzip, raw };
};

export const measureDashboardJs = async (emit: Emit): Promise<void> => {
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)];
  const initial = closure(tags.map((m) => resolve(dist, (m[1] ?? '').replace(/^\//, ''))));
  const first = sizes(initial);
  emit('dashboard_initial_js_kb_gzip', first.gzip / 1024, 'KB', { files: initial.size, raw_kb: Math.round(first.raw / 1024), goal: 100 });

  const lazy = new Set<string>();
  for (const file of closure([...initial, ...[...initial].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(dynamicImport)].map((m) => resolve(dirname(f), m[1] ?? '')))])) {
    for (const m of readFileSync(file, 'utf8').matchAll(dynamicImport)) lazy.add(resolve(dirname(file), m[1] ?? ''));
  }
  let largest = { page: '', gzip: 0, files: 0 };
  for (const page of lazy) {
    if (initial.has(page)) continue;
    const files = closure([page], initial);
    const { gzip } = sizes(files);
    if (gzip > largest.gzip) largest = { page: basename(page), gzip, files: files.size };
  }
  emit('dashboard_pages_js_kb_gzip_max', largest.gzip / 1024, 'KB', { page: largest.page, files: largest.files, lazy_pages: lazy.size, goal: 60 });
};

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { emit } = await import('./units.js');
  await measureDashboardJs(emit);
}
