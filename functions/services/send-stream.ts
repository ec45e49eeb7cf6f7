/**
 * Sends a job's requests as one stream instead of batch by batch: the facts of each chunk of 100
 * are read together (send-facts.ts), and the next chunk's facts are read while this chunk sends,
 * so no send waits for a batch read and no lane idles at a batch's end waiting for its slowest
 * send. A fact is read at most one chunk's sending time before its message goes (invariant 6:
 * the decision is still taken on facts read a moment before). The KPI counts follow from the
 * ledger's changes (functions/streams/message-counts.ts), not from here.
 */
import { mapLimit } from '../lib/concurrency.js';
import { factKey, prefetchSendFacts, type SendFacts } from './send-facts.js';
import type { SendRequest } from './send-pipeline.js';

export type StreamOptions = {
  tenantId: string;
  requests: readonly SendRequest[];
  /** sends in flight at once */
  concurrency: number;
  chunkSize?: number;
};

export const sendStream = async (options: StreamOptions, send: (request: SendRequest, facts: SendFacts | undefined) => Promise<void>): Promise<void> => {
  const { tenantId, requests, concurrency, chunkSize = 100 } = options;
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
  await mapLimit(requests, { limit: concurrency, onError: 'continue' }, async (request, index) => {
    const chunk = Math.floor(index / chunkSize);
    if ((chunk + 1) * chunkSize < requests.length) void factsOfChunk(chunk + 1);
    // Chunks more than one behind are done with: let their facts go.
    chunks.delete(chunk - 2);
    await send(request, (await factsOfChunk(chunk)).get(factKey(request)));
  });
};
