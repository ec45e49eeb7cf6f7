/**
 * Structured JSON logs with the request id. Only ids, route keys, status codes and counts are
 * logged: never a body, a name, a phone or a medical field (DESIGN invariant 9).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'smileloop',
  // POWERTOOLS_LOG_LEVEL is what the stack sets; LOG_LEVEL is what the local twin and tests set.
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT',
});
