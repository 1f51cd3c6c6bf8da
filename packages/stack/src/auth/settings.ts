/**
 * GET /settings, GET /health and GET /.well-known/jwks.json (api/settings.go, api.go, jwks.go):
 * what clients and the Supabase dashboard ask the Auth server about itself.
 */
import type { Api, Ctx } from './request.ts';

const OAUTH_PROVIDERS = [
  'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'figma', 'fly', 'github', 'gitlab', 'google', 'keycloak',
  'kakao', 'linkedin', 'linkedin_oidc', 'nextcloud', 'notion', 'spotify', 'slack', 'slack_oidc', 'workos',
  'twitch', 'twitter', 'zoom',
];

export function settings(api: Api, c: Ctx): Response {
  const s = api.settings;
  const external: Record<string, boolean> = { anonymous_users: s.anonymousEnabled };
  for (const provider of OAUTH_PROVIDERS) external[provider] = false;
  external.email = s.emailEnabled;
  external.phone = s.phoneEnabled;
  return c.json({
    external,
    disable_signup: s.disableSignup,
    mailer_autoconfirm: s.mailerAutoconfirm,
    phone_autoconfirm: s.smsAutoconfirm,
    sms_provider: 'twilio',
    saml_enabled: false,
  });
}

export function health(c: Ctx): Response {
  return c.json({
    version: 'sejahtera-stack',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  });
}

/** Access tokens are HS256 with the shared secret, so there is no public key to publish. */
export function jwks(c: Ctx): Response {
  return c.json({ keys: [] });
}
