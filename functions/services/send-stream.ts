/**
 * Sends a job's requests as one stream instead of batch by batch: the facts of each chunk of 100
 * are read together (send-facts.ts), and the next chunk's facts are read while this chunk sends,
 * so no send waits for a batch read and no lane idles at a batch's end waiting for its slowest
 * send. A fact is read at most one chunk's sending time before its message goes (invariant 6:
 * the decision is still taken on facts read a moment before). KPI counts are written after each
 * chunk's worth of sends and once at the end.
 */
import type { RollupBuffer } from '../adapters/dynamo/kpi-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { factKey, prefetchSendFacts, type SendFacts } from './send-facts.js';
import type { SendRequest } from './send-pipeline.js';

export type StreamOptions = {
  tenantId: string;
  requests: readonly SendRequest[];
  /** sends in flight at once */
  concurrency: number;
  /** the KPI buffer the requests add to; flushed as the stream goes */
  counts: RollupBuffer;
  chunkSize?: number;
};

export const sendStream = async (options: StreamOptions, send: (request: SendRequest, facts: SendFacts | undefined) => Promise<void>): Promise<void> => {
  const { tenantId, requests, concurrency, counts, chunkSize = 100 } = options;
  const chunks = new Map<number, Promise<Map<string, SendFacts>>>();
  const factsOfChunk = (chunk: number): Promise<Map<string, SendFacts>> => {
    let facts = chunks.get(chunk);
    if (!facts) {
      facts = prefetchSendFacts(tenantId, requests.slice(chunk * chunkSize, (chunk + 1) * chunkSize));
      // A failed read fails that chunk's sends (each one is retried by the next run), not the stream.
      facts.catch(() => undefined);
      chunks.set(chunk, facts);
    }
    return facts;
  };
  let done = 0;
  await mapLimit(requests, { limit: concurrency, onError: 'continue' }, async (request, index) => {
    const chunk = Math.floor(index / chunkSize);
    if ((chunk + 1) * chunkSize < requests.length) void factsOfChunk(chunk + 1);
    // Chunks more than one behind are done with: let their facts go.
    chunks.delete(chunk - 2);
    try {
      await send(request, (await factsOfChunk(chunk)).get(factKey(request)));
    } finally {
      done += 1;
      if (done % chunkSize === 0) await counts.flush(tenantId);
    }
  });
  await counts.flush(tenantId);
};
