/** Imports from spreadsheets and exports to .xlsx. The work is in the services; this maps HTTP. */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../../../shared/domain/errors.js';
import { columnMappingSchema, exportQuerySchema, importReportQuerySchema, importUploadSchema } from '../../../shared/schemas/imports.js';
import { exportPatients, exportVisits, type ExportFile } from '../../services/import-export-service.js';
import { dryRunImport, getImportView, listImportViews, readImportReport, setImportMapping, startImportRun, uploadImport } from '../../services/import-service.js';
import { xlsxContentType } from '../../adapters/spreadsheet/xlsx-writer.js';
import { jsonBody, parseWith, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok, type HttpEvent, type OperationResult } from '../lib/router.js';

/** Lambda's synchronous payload limit: a 4 MB file is about 5.6 MB as base64 in JSON. */
const maxUploadBodyBytes = 6 * 1024 * 1024;

/** The upload body is far over the 64 KB other JSON bodies may have, so it is read here. */
const uploadBody = (event: HttpEvent) => {
  if (!event.body) throw new DomainError('invalid', '(body): send {fileName, clinicId, contentBase64}', [{ path: '(body)', message: 'is required', code: 'required' }]);
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw.length > maxUploadBodyBytes) {
    throw new DomainError('too-large', 'contentBase64: the file is larger than 4 MB; split it (for example by year) and import each part', [
      { path: 'contentBase64', message: 'is larger than 4 MB: split the file and import each part', code: 'file.too_large' },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DomainError('invalid', '(body): is not valid JSON', [{ path: '(body)', message: 'is not valid JSON', code: 'body.invalid_json' }]);
  }
  return parseWith(importUploadSchema, parsed);
};

/** Marks a result as a file; `withFiles` below turns it into API Gateway's binary response. */
const downloadHeader = 'x-smileloop-download';
const download = (file: ExportFile): OperationResult => ({
  status: 200,
  body: { fileName: file.fileName, contentBase64: Buffer.from(file.bytes).toString('base64') },
  headers: { [downloadHeader]: '1' },
});

const area = createAreaHandler('imports', {
  'POST /imports': async (event, caller) => created(await uploadImport(caller, uploadBody(event))),
  'GET /imports': async (_event, caller) => ok({ items: await listImportViews(caller) }),
  'GET /imports/{importId}': async (event, caller) => ok(await getImportView(caller, pathParam(event, 'importId'))),
  'PUT /imports/{importId}/mapping': async (event, caller) =>
    ok(await setImportMapping(caller, pathParam(event, 'importId'), jsonBody(event, columnMappingSchema).columns)),
  'POST /imports/{importId}/dry-run': async (event, caller) => ok(await dryRunImport(caller, pathParam(event, 'importId'))),
  'GET /imports/{importId}/dry-run': async (event, caller) =>
    ok(await readImportReport(caller, pathParam(event, 'importId'), queryParams(event, importReportQuerySchema))),
  'POST /imports/{importId}/run': async (event, caller) => ({ status: 202, body: await startImportRun(caller, pathParam(event, 'importId')) }),
  'GET /exports/patients': async (event, caller) => download(await exportPatients(caller, queryParams(event, exportQuerySchema.pick({ clinicId: true })).clinicId)),
  'GET /exports/visits': async (event, caller) => {
    const query = queryParams(event, exportQuerySchema);
    return download(await exportVisits(caller, query.clinicId, query));
  },
});

/**
 * API Gateway's HTTP API returns binary when the result says isBase64Encoded with a content type;
 * the shared router speaks JSON, so downloads are rewritten here.
 */
const withFiles = (response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 => {
  if (response.headers?.[downloadHeader] !== '1' || typeof response.body !== 'string') return response;
  const { fileName, contentBase64 } = JSON.parse(response.body) as { fileName: string; contentBase64: string };
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': xlsxContentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
    body: contentBase64,
    isBase64Encoded: true,
  };
};

export const handler = async (event: HttpEvent, context?: Pick<Context, 'awsRequestId'>): Promise<APIGatewayProxyStructuredResultV2> => withFiles(await area(event, context));
