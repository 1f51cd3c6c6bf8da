/**
 * The Auth server: GoTrue's HTTP API (supabase/auth, api/api.go) in TypeScript, on GoTrue's own
 * tables. The gateway mounts it at /auth/v1 and has already checked the apikey. Routes, statuses,
 * error codes and JSON shapes follow GoTrue so that supabase-js and @supabase/ssr work unchanged;
 * MFA, SSO/SAML and OAuth providers are not provided and answer as GoTrue does when disabled.
 */
import { Hono } from 'hono';
import type pg from 'pg';
import type { RateLimits, StackConfig } from '../config.ts';
import type { Inbox } from '../inbox.ts';
import { adminUserCreate, adminUserDelete, adminUserFactors, adminUserGet, adminUserUpdate, adminUsers, invite } from './admin.ts';
import { authSettings } from './config.ts';
import {
  API_VERSION_HEADER,
  badRequest,
  errorResponse,
  HTTPError,
  notFound,
  OAuthError,
  unprocessable,
  WeakPasswordError,
} from './errors.ts';
import { generateLink } from './generate-link.ts';
import { logout } from './logout.ts';
import { magicLink, otp } from './otp.ts';
import { RateLimiter } from './ratelimit.ts';
import { reauthenticate } from './reauthenticate.ts';
import { recover } from './recover.ts';
import { clientIp, readParams, type Api, type Ctx } from './request.ts';
import { resend } from './resend.ts';
import { health, jwks, settings as settingsEndpoint } from './settings.ts';
import { signup } from './signup.ts';
import { idTokenGrant, passwordGrant, pkceGrant } from './token.ts';
import { refreshTokenGrant } from './token-refresh.ts';
import { userGet, userUpdate } from './user.ts';
import { verifyGet, verifyPost } from './verify.ts';

export interface AuthDeps {
  /** connects as supabase_auth_admin */
  pool: pg.Pool;
  config: StackConfig;
  inbox: Inbox;
  log?: (line: string) => void;
  /** replaces limits from config.toml, e.g. to test 429s without waiting for real traffic */
  rateLimits?: Partial<RateLimits>;
}

type Env = { Bindings: { incoming?: { socket?: { remoteAddress?: string } } } };

const GRANTS: Record<string, (api: Api, c: Ctx) => Promise<Response>> = {
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
  pkce: pkceGrant,
  id_token: idTokenGrant,
};

/** POST /token: every grant shares the per-address token_refresh limit, as GoTrue's Token limiter. */
async function token(api: Api, c: Ctx): Promise<Response> {
  const grant = GRANTS[c.req.query('grant_type') ?? ''];
  if (!grant) throw badRequest('invalid_credentials', 'unsupported_grant_type');
  api.limiter.limitRequest('tokenRefresh', clientIp(c));
  return grant(api, c);
}

export function createAuthApp(deps: AuthDeps): Hono<Env> {
  const settings = authSettings(deps.config, deps.rateLimits);
  const api: Api = {
    pool: deps.pool,
    settings,
    inbox: deps.inbox,
    limiter: new RateLimiter(settings.rateLimits),
    log: deps.log ?? (() => {}),
  };
  const app = new Hono<Env>();
  const route = (handler: (api: Api, c: Ctx) => Promise<Response> | Response) => (c: Ctx) => handler(api, c);

  // Request log: method, path and status only, never the query (it can hold tokens) or a body.
  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    api.log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Date.now() - started}ms`);
  });

  app.get('/health', (c) => health(c));
  app.get('/settings', route(settingsEndpoint));
  app.get('/.well-known/jwks.json', (c) => jwks(c));

  app.post('/signup', route(async (api, c) => signup(api, c, await readParams(c, 'SignupParams'))));
  app.post('/token', route(token));
  app.post('/otp', route(otp));
  app.post('/magiclink', route(magicLink));
  app.post('/verify', route(verifyPost));
  app.get('/verify', route(verifyGet));
  app.post('/recover', route(recover));
  app.post('/resend', route(resend));
  app.post('/logout', route(logout));
  app.get('/reauthenticate', route(reauthenticate));
  app.get('/user', route(userGet));
  app.put('/user', route(userUpdate));
  app.post('/invite', route(invite));

  app.get('/admin/users', route(adminUsers));
  app.post('/admin/users', route(adminUserCreate));
  app.get('/admin/users/:user_id', route(adminUserGet));
  app.put('/admin/users/:user_id', route(adminUserUpdate));
  app.delete('/admin/users/:user_id', route(adminUserDelete));
  app.get('/admin/users/:user_id/factors', route(adminUserFactors));
  app.post('/admin/generate_link', route(generateLink));

  // What the stack leaves out answers as GoTrue does with the feature turned off.
  app.get('/authorize', () => {
    throw badRequest('validation_failed', 'Unsupported provider: provider is not enabled');
  });
  app.all('/factors/*', () => {
    throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
  });
  app.all('/factors', () => {
    throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
  });
  app.all('/sso/*', () => {
    throw notFound('saml_provider_disabled', 'SAML 2.0 is disabled');
  });
  app.all('/sso', () => {
    throw notFound('saml_provider_disabled', 'SAML 2.0 is disabled');
  });
  app.all('/user/identities/*', () => {
    throw notFound('manual_linking_disabled', 'Manual linking is disabled');
  });

  app.notFound((c) => {
    const { status, body, headers } = errorResponse(notFound('not_found', 'Not Found'), c.req.header(API_VERSION_HEADER));
    return c.json(body, status as 404, headers);
  });

  app.onError((error, c) => {
    const { status, body, headers } = errorResponse(error, c.req.header(API_VERSION_HEADER));
    const expected = error instanceof HTTPError || error instanceof WeakPasswordError || error instanceof OAuthError;
    if (!expected || status >= 500) {
      api.log(`${c.req.method} ${new URL(c.req.url).pathname} failed: ${error.stack ?? error.message}`);
    }
    return c.json(body, status as 400, headers);
  });

  return app;
}
