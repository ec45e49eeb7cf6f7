/**
 * The local gateway: what API Gateway's HTTP API does in front of the handlers. It matches the
 * shared route table, verifies the bearer token like the JWT authorizer (401 before any handler
 * runs), turns the request into an APIGatewayProxyEventV2 with the claims where API Gateway puts
 * them, invokes the area's handler, and serves the built dashboard beside the API.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { routeKey, routes, type HttpArea, type RouteDefinition } from '../../shared/routes.js';
import { apiErrorBody, type ApiFieldError } from '../../shared/schemas/common.js';
import type { ApiErrorCode } from '../../shared/schemas/error-codes.js';

export type AreaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: { awsRequestId: string }) => Promise<APIGatewayProxyStructuredResultV2>;
export type LocalRouteHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

export type GatewayOptions = {
  loadArea: (area: HttpArea) => Promise<AreaHandler>;
  localRoutes: Record<string, LocalRouteHandler>;
  verifyToken: (token: string) => Promise<JWTPayload | undefined>;
  dashboardDir: string;
  publicConfig: Record<string, unknown>;
};

/** API Gateway's payload limit. */
const maxBodyBytes = 10 * 1024 * 1024;
/** API Gateway's limit on the request line and headers together; a longer URL is refused whole. */
export const maxRequestLineBytes = 10 * 1024;
export const apiPrefix = '/api';

type CompiledRoute = { route: RouteDefinition; pattern: RegExp; params: string[] };

const compile = (route: RouteDefinition): CompiledRoute => {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
};

const compiled = routes.map(compile);

export const matchRoute = (method: string, path: string): { route: RouteDefinition; pathParameters: Record<string, string> } | undefined => {
  for (const candidate of compiled) {
    if (candidate.route.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(candidate.params.map((name, i) => [name, match[i + 1] ?? '']));
    return { route: candidate.route, pathParameters };
  }
  return undefined;
};

/** HTTP APIs pass every claim as a string; arrays become "[a b]". */
const claimsAsApiGatewayGivesThem = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)]),
  );

const readBody = (req: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => done(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', fail);
  });

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
};

type Refusal = { fields?: ApiFieldError[]; headers?: Record<string, string> };

/**
 * The gateway's own answers (no route, too large, no token) in the shape every handler answers
 * in, so a client reads one shape for every 4xx. In the cloud API Gateway gives these itself, as
 * `{"message": …}`: HTTP APIs cannot customise their gateway responses (only REST APIs have
 * GatewayResponses), so clients must also accept that there; what our Lambdas answer is always
 * the documented shape.
 */
const refuse = (res: ServerResponse, status: number, code: ApiErrorCode, message: string, { fields = [], headers = {} }: Refusal = {}) =>
  send(res, status, JSON.stringify(apiErrorBody(code, message, fields)), { 'cache-control': 'no-store', ...headers });

/** Methods the path takes, when it exists under another method: a 405, not a 404. */
const methodsFor = (path: string): string[] =>
  [...new Set(compiled.filter((c) => c.pattern.test(path)).map((c) => c.route.method))];

/** Before any handler runs: a request line too long for API Gateway, as a documented 414. */
const rawRefusal = (status: number, reason: string, code: ApiErrorCode, message: string): string => {
  const body = JSON.stringify(apiErrorBody(code, message));
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
};

const buildEvent = (
  req: IncomingMessage,
  url: URL,
  path: string,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: path,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const serveStatic = (res: ServerResponse, dashboardDir: string, path: string) => {
  const root = resolve(dashboardDir);
  const wanted = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
  const file = wanted.startsWith(root) && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html');
  if (!existsSync(file)) {
    send(res, 503, 'The dashboard is not built yet: run `npm run build:dashboard`.', { 'content-type': 'text/plain; charset=utf-8' });
    return;
  }
  const immutable = file.includes(`${join(root, 'assets')}`);
  res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  createReadStream(file).pipe(res);
};

/** The server, and a way to wait for the requests still being handled (a stopping twin waits for them). */
export type Gateway = Server & { drain: () => Promise<void> };

export const createGateway = (options: GatewayOptions): Gateway => {
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handled = handle(req, res, options).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'internal', 'Something went wrong in the local gateway; try again');
      else res.end();
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  // Node refuses headers over its limit (431) or a malformed request (400) with no body at all.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    socket.end(
      tooLarge
        ? rawRefusal(431, 'Request Header Fields Too Large', 'uri_too_long', `The request line and headers are larger than ${maxRequestLineBytes / 1024} KB; send long filters in a body`)
        : rawRefusal(400, 'Bad Request', 'invalid_request', 'The request is not valid HTTP'),
    );
  });
  return Object.assign(server, { drain: async () => void (await Promise.allSettled([...inFlight])) });
};

const handle = async (req: IncomingMessage, res: ServerResponse, options: GatewayOptions): Promise<void> => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/config.json') return send(res, 200, JSON.stringify(options.publicConfig), { 'cache-control': 'no-cache' });
  if (url.pathname !== apiPrefix && !url.pathname.startsWith(`${apiPrefix}/`)) return serveStatic(res, options.dashboardDir, url.pathname);

  if (Buffer.byteLength(req.url ?? '') > maxRequestLineBytes) {
    return refuse(res, 414, 'uri_too_long', `The address is longer than ${maxRequestLineBytes / 1024} KB; shorten the query`, {
      fields: [{ path: '(query)', message: 'is too long', code: 'too_long', params: { maximum: maxRequestLineBytes } }],
    });
  }
  const path = url.pathname.slice(apiPrefix.length) || '/';
  const match = matchRoute(req.method ?? 'GET', path);
  if (!match) {
    const allowed = methodsFor(path);
    if (allowed.length === 0) return refuse(res, 404, 'not_found', `No API route ${path}`);
    return refuse(res, 405, 'method_not_allowed', `${path} does not take ${req.method}; it takes ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } });
  }
  const body = await readBody(req);
  if (body === 'too-large') {
    return refuse(res, 413, 'too_large', `The body is larger than ${maxBodyBytes / 1024 / 1024} MB`, {
      fields: [{ path: '(body)', message: 'is too large', code: 'body.too_large', params: { maximum: maxBodyBytes } }],
    });
  }

  let claims: Record<string, string> | undefined;
  if (match.route.auth === 'token') {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const payload = token ? await options.verifyToken(token) : undefined;
    if (!payload) return refuse(res, 401, 'unauthenticated', 'Sign in again: the token is missing, expired or not ours', { headers: { 'www-authenticate': 'Bearer' } });
    claims = claimsAsApiGatewayGivesThem(payload);
  }
  const event = buildEvent(req, url, path, match.route, match.pathParameters, body, claims);
  const key = routeKey(match.route);
  const result = match.route.scope === 'local-only'
    ? await options.localRoutes[key]?.(event)
    : await (await options.loadArea(match.route.area))(event, { awsRequestId: event.requestContext.requestId });
  if (!result) return refuse(res, 404, 'not_found', `No API route ${path}`);
  res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json', ...(result.headers as Record<string, string> | undefined) });
  // As API Gateway does: a base64-encoded result (a file download) goes out as its bytes.
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
};
