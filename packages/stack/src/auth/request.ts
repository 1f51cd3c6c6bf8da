/**
 * What every handler works with: the Auth server's dependencies, the request's client address and
 * audience, and its JSON body read the way GoTrue's retrieveRequestParams reads it (a body that is
 * not JSON, or a field of the wrong type, is 400 bad_json).
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Inbox } from '../inbox.ts';
import type { AuthSettings } from './config.ts';
import { badRequest } from './errors.ts';
import type { RateLimiter } from './ratelimit.ts';

export interface Api {
  pool: pg.Pool;
  settings: AuthSettings;
  inbox: Inbox;
  limiter: RateLimiter;
  log: (line: string) => void;
}

/** Hono's context as @hono/node-server fills it: `env.incoming` is the Node request. */
export type Ctx = Context<{ Bindings: { incoming?: { socket?: { remoteAddress?: string } } } }>;

/**
 * The client's address: the first hop of X-Forwarded-For (the gateway appends to it), else the
 * socket's. Anything that is not an IP address is ignored, since it ends up in inet columns.
 */
export function clientIp(c: Ctx): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? '';
  if (isIP(forwarded)) return forwarded;
  const remote = (c.env?.incoming?.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
  return isIP(remote) ? remote : '';
}

/** The audience requested with X-JWT-AUD, else the project's (requestAud). */
export function requestAud(api: Api, c: Ctx): string {
  return c.req.header('x-jwt-aud') || api.settings.jwtAud;
}

export function userAgent(c: Ctx): string {
  return c.req.header('user-agent') ?? '';
}

const goType = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;

/** A parsed JSON body with typed readers that fail as Go's json.Unmarshal would. */
export class Params {
  readonly #body: Record<string, unknown>;
  readonly #struct: string;

  constructor(body: Record<string, unknown>, struct: string) {
    this.#body = body;
    this.#struct = struct;
  }

  #mismatch(field: string, value: unknown, type: string): never {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: json: cannot unmarshal ${goType(value)} into Go struct field ${this.#struct}.${field} of type ${type}`,
    );
  }

  has(field: string): boolean {
    return this.#body[field] !== undefined && this.#body[field] !== null;
  }

  /** A string field; missing or null reads as '' (Go's zero value). */
  string(field: string): string {
    const value = this.#body[field];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') this.#mismatch(field, value, 'string');
    return value;
  }

  /** A `*string` field: undefined when missing or null, so "" and absent differ (passwords). */
  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  bool(field: string, fallback = false): boolean {
    const value = this.#body[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.#mismatch(field, value, 'bool');
    return value;
  }

  /** A `map[string]interface{}` field: undefined when missing or null. */
  object(field: string): Record<string, unknown> | undefined {
    const value = this.#body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) this.#mismatch(field, value, 'map[string]interface {}');
    return value as Record<string, unknown>;
  }
}

/** Reads the JSON body; `struct` names GoTrue's params type, for its error messages. */
export async function readParams(c: Ctx, struct: string): Promise<Params> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('bad_json', 'Could not parse request body as JSON: unexpected end of JSON input');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (body === null) return new Params({}, struct);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: json: cannot unmarshal ${goType(body)} into Go value of type api.${struct}`,
    );
  }
  return new Params(body as Record<string, unknown>, struct);
}

/** Like readParams, for endpoints where an empty body is fine (DELETE /admin/users/:id). */
export async function readOptionalParams(c: Ctx, struct: string): Promise<Params> {
  const text = await c.req.text();
  if (text.trim() === '') return new Params({}, struct);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return new Params({}, struct);
  return new Params(body as Record<string, unknown>, struct);
}
