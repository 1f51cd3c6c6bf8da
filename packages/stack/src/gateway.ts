/**
 * One port for the whole API, as Supabase's Kong gives it: /rest/v1 to PostgREST, /auth/v1 to Auth,
 * /functions/v1 to the edge functions. It checks the `apikey` as Kong's key-auth does, answers CORS
 * like Supabase, limits request bodies, and answers every failure with JSON.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { jwtVerify } from 'jose';
import { Pool, type Dispatcher } from 'undici';
import type { StackConfig } from './config.ts';
import { FunctionBootError, type FunctionsRunner } from './functions.ts';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GatewayDeps {
  config: StackConfig;
  auth: RequestListener;
  functions: FunctionsRunner;
  /** why a part is down, when it is */
  partDown: (part: 'postgrest' | 'auth') => string | undefined;
}

const ALLOWED_HEADERS =
  'authorization, x-client-info, apikey, content-type, prefer, accept-profile, content-profile, range, range-unit, x-supabase-api-version, x-upsert, x-region';
const EXPOSED_HEADERS = 'content-range, x-total-count, link, content-profile, content-location, location, preference-applied, x-supabase-api-version, retry-after';
const ALLOWED_METHODS = 'GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS';

/** Paths under /auth/v1 that Supabase's gateway lets through without an apikey (links opened from emails). */
const OPEN_AUTH_PATHS = ['/verify', '/callback', '/authorize', '/.well-known/jwks.json'];

/** Hop-by-hop headers are the proxy's own business, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

/** What every answer of the gateway carries for browsers, as Supabase's gateway does. */
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSED_HEADERS,
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The query string without `apikey`, every other parameter byte for byte as the client sent it. */
function withoutApiKey(search: string): string {
  if (!search.includes('apikey=')) return search;
  const kept = search.slice(1).split('&').filter((pair) => !pair.startsWith('apikey='));
  return kept.length ? `?${kept.join('&')}` : '';
}

/** Answers up to this size are sent whole, in one write, rather than chunk by chunk. */
const HOLD_BYTES = 64 * 1024;

/**
 * Streams one upstream answer into `res` with its status line, reason phrase and headers intact,
 * pausing the upstream while the client is slow.
 */
function forward(pool: Pool, options: Dispatcher.DispatchOptions, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    let resume: (() => void) | undefined;
    let held: Buffer[] | undefined = [];
    let heldBytes = 0;
    res.on('drain', () => resume?.());
    pool.dispatch(options, {
      onConnect(abort) {
        res.once('close', () => {
          if (!res.writableFinished) abort(new Error('The client went away'));
        });
      },
      onHeaders(statusCode, rawHeaders, resumeUpstream, statusMessage) {
        resume = resumeUpstream;
        // Raw header lines, as Node's writeHead takes them (names and values in one flat list), so
        // repeated headers such as Set-Cookie pass as they came.
        const out: string[] = [];
        let origin = false;
        let exposed = false;
        for (let i = 0; i < rawHeaders.length; i += 2) {
          const name = rawHeaders[i].toString();
          const lower = name.toLowerCase();
          if (HOP_BY_HOP.has(lower)) continue;
          let value = rawHeaders[i + 1].toString();
          if (lower === 'access-control-allow-origin') origin = true;
          if (lower === 'access-control-expose-headers') {
            // PostgREST answers CORS itself when a browser sends Origin; keep Supabase's exposed headers as well.
            value = `${value}, ${EXPOSED_HEADERS}`;
            exposed = true;
          }
          out.push(name, value);
        }
        if (!origin) out.push('access-control-allow-origin', CORS_HEADERS['access-control-allow-origin']);
        if (!exposed) out.push('access-control-expose-headers', EXPOSED_HEADERS);
        res.writeHead(statusCode, statusMessage, out);
        return true;
      },
      onData(chunk) {
        // Small answers go out in one write with their headers; large ones stream as they come.
        if (held !== undefined) {
          held.push(chunk);
          heldBytes += chunk.length;
          if (heldBytes <= HOLD_BYTES) return true;
          const ok = res.write(Buffer.concat(held));
          held = undefined;
          return ok;
        }
        return res.write(chunk);
      },
      onComplete() {
        res.end(held?.length ? Buffer.concat(held) : undefined);
        resolve();
      },
      onError(error) {
        reject(error);
      },
    });
  });
}

/** A request carries a body when it declares a length above zero or a transfer encoding. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

class BodyTooLarge extends Error {}

/** Counts body bytes as they stream through and fails the stream past the limit. */
function limitBody(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(new BodyTooLarge(`Request body is larger than ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}

export function createGateway(deps: GatewayDeps): Server {
  const { config } = deps;
  const keyToJwt = new Map<string, string>([
    [config.anonKey, config.anonKey],
    [config.serviceRoleKey, config.serviceRoleKey],
    [config.publishableKey, config.anonKey],
    [config.secretKey, config.serviceRoleKey],
  ]);
  const secret = new TextEncoder().encode(config.jwtSecret);
  const tooLarge = { code: 'request_too_large', message: `Request body exceeds the limit of ${config.maxBodyBytes} bytes` };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${config.host}:${config.apiPort}`}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        ...CORS_HEADERS,
        'access-control-allow-methods': ALLOWED_METHODS,
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
        'access-control-max-age': '3600',
        'content-length': '0',
      });
      res.end();
      return;
    }

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > config.maxBodyBytes) {
      // Read and drop the body so the client, still sending, gets the answer rather than a reset.
      req.resume();
      sendJson(res, 413, tooLarge);
      return;
    }

    const [, service, version, ...rest] = url.pathname.split('/');
    const prefix = `/${service}/${version}`;
    const path = `/${rest.join('/')}`;

    if (service === 'functions' && version === 'v1') {
      await proxyFunction(req, res, url, path);
      return;
    }
    if (service === 'rest' && version === 'v1') {
      if (!checkApiKey(req, res, url)) return;
      const down = deps.partDown('postgrest');
      if (down) return sendJson(res, 503, { message: `The REST API (PostgREST) is not running: ${down}` });
      // Kong's key-auth on /rest/v1 hides the credential: PostgREST would read ?apikey= as a filter.
      delete req.headers.apikey;
      await proxy(req, res, config.postgrestPort, `${path}${withoutApiKey(url.search)}`, prefix);
      return;
    }
    if (service === 'auth' && version === 'v1') {
      if (!OPEN_AUTH_PATHS.includes(path) && !checkApiKey(req, res, url)) return;
      // Auth reads whole bodies, so it takes only bodies whose size the limit above has already checked.
      if (req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined) {
        req.resume();
        return sendJson(res, 411, { code: 411, error_code: 'validation_failed', msg: 'Auth requests need a Content-Length' });
      }
      req.url = `${path}${url.search}`;
      setForwarded(req);
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      deps.auth(req, res);
      return;
    }
    if (['storage', 'realtime', 'graphql', 'pg'].includes(service) && version === 'v1') {
      sendJson(res, 501, {
        code: 'not_provided',
        message: `${service} is not provided by the Sejahtera stack (see README: what the stack does not provide)`,
      });
      return;
    }
    sendJson(res, 404, { message: 'no Route matched with those values' });
  }

  /** Kong's key-auth: an `apikey` header or query parameter naming one of the project's keys. */
  function checkApiKey(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const header = req.headers.apikey;
    const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? undefined;
    if (!given) {
      sendJson(res, 401, { message: 'No API key found in request' });
      return false;
    }
    const jwt = keyToJwt.get(given);
    if (!jwt) {
      sendJson(res, 401, { message: 'Invalid authentication credentials' });
      return false;
    }
    // Opaque keys become the JWT they stand for, in the apikey and (when it names a key) the bearer.
    req.headers.apikey = jwt;
    const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) req.headers.authorization = `Bearer ${jwt}`;
    else if (keyToJwt.has(bearer)) req.headers.authorization = `Bearer ${keyToJwt.get(bearer)}`;
    return true;
  }

  async function proxyFunction(req: IncomingMessage, res: ServerResponse, url: URL, path: string) {
    const name = path.split('/')[1] ?? '';
    if (!deps.functions.exists(name)) {
      return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Requested function was not found' });
    }
    if (deps.functions.verifyJwt(name)) {
      const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer) {
        return sendJson(res, 401, { code: 'UNAUTHORIZED_NO_AUTH_HEADER', message: 'Missing authorization header' });
      }
      const token = keyToJwt.get(bearer) ?? bearer;
      try {
        await jwtVerify(token, secret, { algorithms: ['HS256'] });
      } catch {
        return sendJson(res, 401, { code: 'UNAUTHORIZED_INVALID_JWT_FORMAT', message: 'Invalid JWT' });
      }
    }
    let port: number;
    try {
      port = await deps.functions.portFor(name);
    } catch (error) {
      const message = error instanceof FunctionBootError ? error.message : String(error);
      return sendJson(res, 503, { code: 'BOOT_ERROR', message: `Worker failed to boot (please check logs): ${message}` });
    }
    // As on Supabase, the function sees its own name as the first path segment.
    await proxy(req, res, port, `${path}${url.search}`, '/functions/v1', () => deps.functions.forget(name));
  }

  function setForwarded(req: IncomingMessage) {
    const remote = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = prior ? `${prior}, ${remote}` : remote;
    req.headers['x-forwarded-proto'] ??= 'http';
    req.headers['x-forwarded-host'] ??= req.headers.host ?? '';
  }

  /** Kept connections to each upstream port (PostgREST, each function worker). */
  const pools = new Map<number, Pool>();
  function poolFor(port: number): Pool {
    let pool = pools.get(port);
    if (!pool) {
      pool = new Pool(`http://${config.host}:${port}`, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
      pools.set(port, pool);
    }
    return pool;
  }

  async function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string, prefix: string, onConnectionError?: () => void) {
    setForwarded(req);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
    }
    headers['x-forwarded-prefix'] = prefix;
    let body: Transform | null = null;
    if (hasBody(req)) {
      body = limitBody(config.maxBodyBytes);
      req.pipe(body);
    }
    try {
      await forward(poolFor(port), { path, method: req.method as Dispatcher.HttpMethod, headers, body }, res);
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
      const code = e.code ?? e.cause?.code ?? '';
      if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code)) {
        pools.get(port)?.destroy().catch(() => {});
        pools.delete(port);
        onConnectionError?.();
      }
      if (res.headersSent) res.destroy();
      else if (e instanceof BodyTooLarge || e.cause instanceof BodyTooLarge) sendJson(res, 413, tooLarge, { connection: 'close' });
      else if (!res.destroyed) sendJson(res, 502, { message: `Upstream failed: ${e.message}` });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      // Nothing a client sends may take the gateway down: an unexpected error is one request's 500.
      sendJson(res, 500, { message: 'Internal gateway error', detail: String(error?.message ?? error) });
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"message":"Malformed HTTP request"}');
    else socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
