/** A small HTTP server on 127.0.0.1 for a provider fake: the handler gets the raw body, answers JSON. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
export type FakeAnswer = { status: number; json: unknown };
export type FakeServer = { url: string; close: () => Promise<void> };

export const startFakeServer = async (handle: (request: FakeRequest) => FakeAnswer): Promise<FakeServer> => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = handle({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** Per (number, local day) counters, as the providers' daily caps count. */
export class DailyCounts {
  private counts = new Map<string, number>();

  /** counts one more and says whether it stays within `cap` */
  take(phone: string, day: string, cap: number): boolean {
    const key = `${phone}|${day}`;
    const next = (this.counts.get(key) ?? 0) + 1;
    if (next > cap) return false;
    this.counts.set(key, next);
    return true;
  }
}
