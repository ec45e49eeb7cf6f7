/**
 * Structured JSON logs with the request id. Only ids, route keys, status codes and counts are
 * logged: never a body, a name, a phone or a medical field (DESIGN invariant 9).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'smileloop',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
