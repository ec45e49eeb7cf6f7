/**
 * Runs npm scripts side by side and fails if any fails: `node scripts/run-parallel.mjs a b c`.
 * `npm test` checks types (tsc, svelte-check) while the dashboard builds: the three are
 * independent, and on two cores side by side they take about two thirds of their time in a row.
 * Each script's output is printed whole when it ends, so lines never interleave.
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) throw new Error('usage: run-parallel.mjs <npm script> [<npm script> ...]');

const run = (script) =>
  new Promise((done) => {
    const started = Date.now();
    // npm itself, as the running npm is (npm_execpath), else the one on PATH.
    const [command, args] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, 'run', script]] : ['npm', ['run', script]];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`could not start npm: ${error.message}\n`)));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(output).toString();
      process.stdout.write(`> ${script} (${Math.round((Date.now() - started) / 1000)} s${code === 0 ? '' : `, failed: ${signal ?? `exit ${code}`}`})\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}`);
      done(code === 0);
    });
  });

const results = await Promise.all(scripts.map(run));
// exitCode rather than exit(): a piped stdout (CI) is written asynchronously and would be cut off.
process.exitCode = results.every(Boolean) ? 0 : 1;
