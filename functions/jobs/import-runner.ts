/**
 * The import runner: one chunk of an import per "Import Chunk Requested" event (each chunk puts
 * the event for the next), so a 10,000-row file never meets a Lambda time limit. A "run now"
 * event resumes the chain's imports that stopped moving. Failures throw so the bus retries.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { importChunkEvent, runJobEvent } from '../../shared/schedules.js';
import { logger } from '../adapters/logger.js';
import { resumeStalledImports, runImportChunk } from '../services/import-run-service.js';

const chunkDetailSchema = z.object({
  tenantId: z.string().min(1),
  importId: z.string().min(1),
  runId: z.string().min(1),
  chunk: z.number().int().min(0),
});

export const handler = async (event: EventBridgeEvent<string, Record<string, unknown>>): Promise<{ outcome: string }> => {
  if (event['detail-type'] === runJobEvent.detailType) {
    const tenantId = typeof event.detail?.tenantId === 'string' ? event.detail.tenantId : undefined;
    if (!tenantId) return { outcome: 'no-tenant' };
    const resumed = await resumeStalledImports(tenantId, new Date(event.time ?? Date.now()));
    logger.info('stalled imports resumed', { tenantId, resumed });
    return { outcome: `resumed ${resumed}` };
  }
  if (event['detail-type'] !== importChunkEvent.detailType) return { outcome: 'ignored' };
  const detail = chunkDetailSchema.safeParse(event.detail);
  if (!detail.success) {
    // A malformed event cannot succeed on retry; drop it loudly instead of retrying it.
    logger.error('import chunk event malformed', { eventId: event.id });
    return { outcome: 'malformed' };
  }
  return { outcome: await runImportChunk(detail.data) };
};
