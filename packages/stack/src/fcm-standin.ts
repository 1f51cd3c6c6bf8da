/**
 * A local stand-in for Firebase Cloud Messaging's HTTP v1 API and Google's OAuth 2.0 token endpoint,
 * for tests and benchmarks: this machine cannot reach fcm.googleapis.com, and a test must see exactly
 * what FCM would receive.
 *
 * One HTTP port serves both hosts, as firebase-admin 14 calls them:
 *   POST /token                                   (oauth2.googleapis.com) service-account JWT bearer grant
 *   POST /v1/projects/<project>/messages:send     (fcm.googleapis.com) one message per request; sendEach and
 *                                                 sendEachForMulticast send one such request per message
 * The token endpoint checks the assertion's RS256 signature against the generated service account's key,
 * its issuer, audience, scope and times; the send endpoint checks the bearer token it issued, the project,
 * and the message's shape (one target; data values strings; the notification, android, apns and webpush
 * fields FCM knows), answering bad input with FCM's own 400 INVALID_ARGUMENT body. Each message can be
 * answered with any FCM error per token, and a maximum rate makes the stand-in answer 429
 * QUOTA_EXCEEDED with Retry-After beyond it, as FCM does.
 *
 *   const fcm = await startFcmStandIn({ maxPerSecond: 2000 });
 *   fcm.serviceAccount          // a service account JSON for firebase-admin's cert()
 *   fcm.answer(token, 'UNREGISTERED');
 *   fcm.delivered()             // the messages FCM accepted, in order
 *
 * It never logs a token or a message: they are personal data.
 */
import { createVerify, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** FCM's error codes (FcmError.errorCode) with the HTTP status and google.rpc status FCM answers them with. */
export const FCM_ERRORS = {
  UNREGISTERED: { http: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  INVALID_ARGUMENT: { http: 400, status: 'INVALID_ARGUMENT', message: 'The registration token is not a valid FCM registration token' },
  SENDER_ID_MISMATCH: { http: 403, status: 'PERMISSION_DENIED', message: 'SenderId mismatch' },
  QUOTA_EXCEEDED: { http: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded for quota metric.' },
  UNAVAILABLE: { http: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
  INTERNAL: { http: 500, status: 'INTERNAL', message: 'Internal error encountered.' },
  THIRD_PARTY_AUTH_ERROR: { http: 401, status: 'UNAUTHENTICATED', message: 'Auth error from APNS or Web Push Service' },
} as const;
export type FcmErrorCode = keyof typeof FCM_ERRORS;

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const MESSAGING_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;

/** A message FCM received, with what it answered. */
export interface ReceivedMessage {
  /** Monotonic milliseconds (performance.now()) when it arrived. */
  at: number;
  project: string;
  message: FcmMessage;
  validateOnly: boolean;
  /** The HTTP status answered; 0 while held (see holdAfter). */
  status: number;
  /** FCM's error code when it failed, e.g. UNREGISTERED. */
  errorCode?: string;
  /** FCM's message name when it was accepted. */
  name?: string;
}

/** The HTTP v1 Message resource (the fields this stand-in checks). */
export interface FcmMessage {
  token?: string;
  topic?: string;
  condition?: string;
  notification?: { title?: string; body?: string; image?: string };
  data?: Record<string, string>;
  android?: Record<string, unknown>;
  apns?: Record<string, unknown>;
  webpush?: Record<string, unknown>;
  fcm_options?: Record<string, unknown>;
  name?: string;
}

export interface FcmStandInOptions {
  /** The Firebase project the service account belongs to (default sejahtera-test). */
  projectId?: string;
  /** Messages accepted per second before answering 429 QUOTA_EXCEEDED (default: no limit). */
  maxPerSecond?: number;
  /** Port to listen on (default: any free port). */
  port?: number;
}

export interface ScriptedAnswer {
  /** How many requests for the token get this answer before FCM accepts again (default: every one). */
  times?: number;
  /** Retry-After seconds sent with it (429 and 503). */
  retryAfterSeconds?: number;
}

export interface FcmStandIn {
  /** http://127.0.0.1:<port>: where a dispatcher sends what it would send to fcm.googleapis.com and oauth2.googleapis.com. */
  url: string;
  port: number;
  projectId: string;
  /** A service account key JSON for this project (a fresh RSA key; token_uri points at the stand-in). */
  serviceAccount: Record<string, string>;
  /** Every send request received, in order of arrival, with its answer. */
  received: ReceivedMessage[];
  /** The messages FCM accepted (and any held ones, which a device may have received). */
  delivered(): ReceivedMessage[];
  /** Access tokens issued so far. */
  tokensIssued(): number;
  /** Answers sends to `token` with an FCM error. */
  answer(token: string, code: FcmErrorCode, options?: ScriptedAnswer): void;
  /** Changes the maximum rate (messages per second; Infinity for none). */
  setMaxPerSecond(perSecond: number): void;
  /**
   * Accepts `count` more messages, then holds every further request without answering (as if the
   * network stalled after FCM got it) until release(). Resolves once the first request is held.
   */
  holdAfter(count: number): Promise<void>;
  /** Answers the held requests (accepted) and stops holding. */
  release(): void;
  /** Forgets what was received and scripted (not the issued access tokens). */
  reset(): void;
  close(): Promise<void>;
}

class BadRequest extends Error {}

export async function startFcmStandIn(options: FcmStandInOptions = {}): Promise<FcmStandIn> {
  const projectId = options.projectId ?? 'sejahtera-test';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyId = randomBytes(20).toString('hex');
  const clientEmail = `firebase-adminsdk-test@${projectId}.iam.gserviceaccount.com`;
  const accessTokens = new Set<string>();
  const scripted = new Map<string, { code: FcmErrorCode; remaining: number; retryAfterSeconds?: number }>();
  const received: ReceivedMessage[] = [];
  let maxPerSecond = options.maxPerSecond ?? Infinity;
  // Token bucket: up to one second's worth at once, refilled continuously.
  let bucket = maxPerSecond;
  let refilledAt = performance.now();
  let holding: { after: number; held: Array<() => void>; reached: () => void } | undefined;
  let accepted = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, googleError(500, 'INTERNAL', String((error as Error).message)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    if (req.method === 'POST' && path === '/token') return token(raw, res);
    const send = SEND_PATH.exec(path);
    if (req.method === 'POST' && send) return messagesSend(decodeURIComponent(send[1]), req, raw, res);
    sendJson(res, 404, googleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`));
  }

  function token(raw: string, res: ServerResponse) {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
    }
    const problem = checkAssertion(form.get('assertion') ?? '', publicKey, clientEmail);
    if (problem) return sendJson(res, 400, { error: 'invalid_grant', error_description: problem });
    const accessToken = `ya29.standin-${randomBytes(24).toString('base64url')}`;
    accessTokens.add(accessToken);
    sendJson(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  function messagesSend(project: string, req: IncomingMessage, raw: string, res: ServerResponse) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !accessTokens.has(bearer)) {
      return sendJson(res, 401, googleError(401, 'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'));
    }
    if (project !== projectId) {
      return sendJson(res, 403, googleError(403, 'PERMISSION_DENIED', `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${project}' (or it may not exist).`));
    }
    let body: { message?: FcmMessage; validate_only?: boolean };
    try {
      body = JSON.parse(raw);
      checkRequest(body);
    } catch (error) {
      const message = error instanceof BadRequest ? error.message : 'Invalid JSON payload received.';
      return sendJson(res, 400, fcmError('INVALID_ARGUMENT', message));
    }
    const message = body.message!;
    const entry: ReceivedMessage = { at: performance.now(), project, message, validateOnly: Boolean(body.validate_only), status: 0 };
    received.push(entry);

    const script = message.token ? scripted.get(message.token) : undefined;
    if (script && script.remaining > 0) {
      script.remaining -= 1;
      const error = FCM_ERRORS[script.code];
      entry.status = error.http;
      entry.errorCode = script.code;
      const headers = script.retryAfterSeconds !== undefined ? { 'retry-after': String(script.retryAfterSeconds) } : undefined;
      return sendJson(res, error.http, fcmError(script.code, error.message), headers);
    }
    if (!takeFromBucket()) {
      entry.status = 429;
      entry.errorCode = 'QUOTA_EXCEEDED';
      const wait = Math.max(1, Math.ceil((1 - bucket) / maxPerSecond));
      return sendJson(res, 429, fcmError('QUOTA_EXCEEDED', FCM_ERRORS.QUOTA_EXCEEDED.message), { 'retry-after': String(wait) });
    }
    entry.name = `projects/${project}/messages/${randomUUID()}`;
    const answer = () => {
      entry.status = 200;
      sendJson(res, 200, { name: entry.name });
    };
    if (holding && accepted >= holding.after) {
      holding.held.push(answer);
      if (holding.held.length === 1) holding.reached();
      return;
    }
    accepted += 1;
    answer();
  }

  function takeFromBucket(): boolean {
    if (maxPerSecond === Infinity) return true;
    const now = performance.now();
    bucket = Math.min(maxPerSecond, bucket + ((now - refilledAt) / 1000) * maxPerSecond);
    refilledAt = now;
    if (bucket < 1) return false;
    bucket -= 1;
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    projectId,
    serviceAccount: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: privateKeyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: String(100000000000000000000n + BigInt(randomBytes(6).readUIntBE(0, 6))),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: `${url}/token`,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    },
    received,
    delivered: () => received.filter((r) => r.status === 200 || (r.status === 0 && r.name !== undefined)),
    tokensIssued: () => accessTokens.size,
    answer(token, code, answerOptions = {}) {
      if (!(code in FCM_ERRORS)) throw new Error(`code: one of ${Object.keys(FCM_ERRORS).join(', ')}, not ${code}`);
      scripted.set(token, { code, remaining: answerOptions.times ?? Infinity, retryAfterSeconds: answerOptions.retryAfterSeconds });
    },
    setMaxPerSecond(perSecond) {
      maxPerSecond = perSecond;
      bucket = perSecond;
      refilledAt = performance.now();
    },
    holdAfter(count) {
      return new Promise<void>((resolve) => {
        holding = { after: accepted + count, held: [], reached: resolve };
      });
    },
    release() {
      const held = holding?.held ?? [];
      holding = undefined;
      for (const answer of held) answer();
    },
    reset() {
      received.length = 0;
      scripted.clear();
      accepted = 0;
      holding = undefined;
    },
    close() {
      holding = undefined;
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function googleError(code: number, status: string, message: string) {
  return { error: { code, message, status } };
}

/** FCM's error body: google.rpc.Status with an FcmError detail naming the code. */
function fcmError(code: FcmErrorCode, message: string) {
  const { http, status } = FCM_ERRORS[code];
  const details: unknown[] = [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: code }];
  return { error: { code: http, message, status, details } };
}

/** Why a service account's signed JWT is not a valid grant, or undefined when it is. */
function checkAssertion(assertion: string, publicKey: KeyObject, clientEmail: string): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe';
  let header: { alg?: string; typ?: string };
  let claims: { iss?: string; aud?: string; scope?: string; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch {
    return 'Invalid JWT: the header or claims are not JSON';
  }
  if (header.alg !== 'RS256') return 'Invalid JWT: alg must be RS256';
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${parts[0]}.${parts[1]}`);
  if (!verifier.verify(publicKey, Buffer.from(parts[2], 'base64url'))) return 'Invalid JWT Signature.';
  if (claims.iss !== clientEmail) return 'Invalid JWT: the issuer is not this service account';
  if (claims.aud !== GOOGLE_TOKEN_URL) return `Invalid JWT: audience must be ${GOOGLE_TOKEN_URL}`;
  if (!String(claims.scope ?? '').split(' ').includes(MESSAGING_SCOPE)) return 'Invalid JWT: the firebase.messaging scope is missing';
  const now = Date.now() / 1000;
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp - claims.iat > 3600 ||
      claims.iat > now + 300 || claims.exp < now - 300) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  }
  return undefined;
}

const MESSAGE_FIELDS = ['name', 'data', 'notification', 'android', 'webpush', 'apns', 'fcm_options', 'token', 'topic', 'condition'];
const NOTIFICATION_FIELDS = ['title', 'body', 'image'];
const ANDROID_FIELDS = ['collapse_key', 'priority', 'ttl', 'restricted_package_name', 'data', 'notification', 'fcm_options', 'direct_boot_ok', 'bandwidth_constrained_ok', 'restricted_satellite_ok'];
const ANDROID_NOTIFICATION_FIELDS = ['title', 'body', 'icon', 'color', 'sound', 'tag', 'click_action', 'body_loc_key', 'body_loc_args',
  'title_loc_key', 'title_loc_args', 'channel_id', 'ticker', 'sticky', 'event_time', 'local_only', 'notification_priority',
  'default_sound', 'default_vibrate_timings', 'default_light_settings', 'vibrate_timings', 'visibility', 'notification_count',
  'light_settings', 'image', 'bypass_proxy_notification', 'proxy'];
const APNS_FIELDS = ['headers', 'payload', 'fcm_options', 'live_activity_token'];
const WEBPUSH_FIELDS = ['headers', 'data', 'notification', 'fcm_options'];
const RESERVED_DATA_KEY = /^(from|notification|message_type)$|^(google|gcm)\./;

/** Throws BadRequest with FCM's words for what the v1 API would reject. */
function checkRequest(body: unknown) {
  if (!isObject(body)) throw new BadRequest('Invalid JSON payload received. Expected an object.');
  unknownFields(body, ['message', 'validate_only'], '');
  const message = body.message;
  if (!isObject(message)) throw new BadRequest('Invalid value at \'message\': a Message object is required.');
  unknownFields(message, MESSAGE_FIELDS, 'message');
  const targets = ['token', 'topic', 'condition'].filter((k) => message[k] !== undefined);
  if (targets.length !== 1) throw new BadRequest('Exactly one of token, topic or condition must be specified.');
  if (message.token !== undefined && (typeof message.token !== 'string' || !/^[\w:.-]{8,4096}$/.test(message.token))) {
    throw new BadRequest('The registration token is not a valid FCM registration token');
  }
  if (message.data !== undefined) stringMap(message.data, 'message.data', true);
  if (message.notification !== undefined) {
    if (!isObject(message.notification)) throw new BadRequest('Invalid value at \'message.notification\'');
    unknownFields(message.notification, NOTIFICATION_FIELDS, 'message.notification');
    stringMap(message.notification, 'message.notification', false);
  }
  if (message.android !== undefined) {
    const android = message.android;
    if (!isObject(android)) throw new BadRequest('Invalid value at \'message.android\'');
    unknownFields(android, ANDROID_FIELDS, 'message.android');
    if (android.priority !== undefined && !/^(normal|high)$/i.test(String(android.priority))) {
      throw new BadRequest(`Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), "${android.priority}"`);
    }
    if (android.ttl !== undefined && !/^\d+(\.\d{1,9})?s$/.test(String(android.ttl))) {
      throw new BadRequest(`Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), Field 'ttl', Illegal duration format`);
    }
    if (android.data !== undefined) stringMap(android.data, 'message.android.data', true);
    if (android.notification !== undefined) {
      if (!isObject(android.notification)) throw new BadRequest('Invalid value at \'message.android.notification\'');
      unknownFields(android.notification, ANDROID_NOTIFICATION_FIELDS, 'message.android.notification');
      const color = android.notification.color;
      if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(String(color))) {
        throw new BadRequest('Invalid value at \'message.android.notification.color\': must be in the form #RRGGBB');
      }
    }
  }
  if (message.apns !== undefined) {
    if (!isObject(message.apns)) throw new BadRequest('Invalid value at \'message.apns\'');
    unknownFields(message.apns, APNS_FIELDS, 'message.apns');
    if (message.apns.headers !== undefined) stringMap(message.apns.headers, 'message.apns.headers', false);
    if (message.apns.payload !== undefined && (!isObject(message.apns.payload) || !isObject(message.apns.payload.aps))) {
      throw new BadRequest('Invalid value at \'message.apns.payload\': the payload must hold an aps dictionary');
    }
  }
  if (message.webpush !== undefined) {
    const webpush = message.webpush;
    if (!isObject(webpush)) throw new BadRequest('Invalid value at \'message.webpush\'');
    unknownFields(webpush, WEBPUSH_FIELDS, 'message.webpush');
    if (webpush.headers !== undefined) stringMap(webpush.headers, 'message.webpush.headers', false);
    if (webpush.data !== undefined) stringMap(webpush.data, 'message.webpush.data', true);
    if (webpush.notification !== undefined && !isObject(webpush.notification)) throw new BadRequest('Invalid value at \'message.webpush.notification\'');
    const link = isObject(webpush.fcm_options) ? webpush.fcm_options.link : undefined;
    if (link !== undefined && !String(link).startsWith('https://')) {
      throw new BadRequest('Invalid value at \'message.webpush.fcm_options.link\': the link must be an HTTPS URL');
    }
  }
  if (Buffer.byteLength(JSON.stringify(message)) > 4096 + 1024) throw new BadRequest('Message is too big');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(object: Record<string, unknown>, known: string[], at: string) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new BadRequest(`Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.`);
    }
  }
}

function stringMap(value: unknown, at: string, data: boolean) {
  if (!isObject(value)) throw new BadRequest(`Invalid value at '${at}': a map of strings is required`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new BadRequest(`Invalid value at '${at}[${key}]' (TYPE_STRING), ${JSON.stringify(item)}`);
    if (data && RESERVED_DATA_KEY.test(key)) throw new BadRequest(`Invalid data payload key: ${key}`);
  }
}
