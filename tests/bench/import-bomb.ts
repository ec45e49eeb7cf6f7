/**
 * import_bomb_ms: the zip bomb of issue 10 (a workbook of about 180 KB whose sheet holds a
 * million rows) posted to POST /imports as the dashboard posts a file, timed from request to the
 * 400 that refuses it. The reader counts rows while the sheet inflates, so it stops after a few
 * megabytes instead of reading 27 MB of XML into the Lambda's memory.
 */
import type { Twin } from '../../functions/local/twin.js';
import { base64, millionRowWorkbook } from '../fixtures/imports/files.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const measureImportBomb = async (twin: Twin, token: string, clinicId: string, emit: Emit): Promise<void> => {
  const bomb = millionRowWorkbook();
  const body = JSON.stringify({ fileName: 'bomb.xlsx', clinicId, contentBase64: base64(bomb) });
  // Building the bomb blocks the event loop past the twin's keep-alive timeout: let idle sockets close first.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const post = async () => {
    const started = performance.now();
    const res = await fetch(`${twin.url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const answer = (await res.json()) as { error?: { fields?: { code?: string }[] } };
    const ms = performance.now() - started;
    if (res.status !== 400 || answer.error?.fields?.[0]?.code !== 'file.too_large') throw new Error(`bomb not refused: ${res.status} ${JSON.stringify(answer)}`);
    return ms;
  };
  await post();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await post());
  runs.sort((a, b) => a - b);
  emit('import_bomb_ms', runs[2] ?? 0, 'ms', { file_bytes: bomb.length, rows: 1_000_000, runs: 5, statistic: 'median', goal: 500 });
};
