// FCM through firebase-admin, in Deno (npm:firebase-admin@14) or Node (firebase-admin), with two things
// firebase-admin does not offer itself:
//
// - A credential that honours the service account's token_uri. firebase-admin's cert() always posts to
//   https://oauth2.googleapis.com/token (google-auth-library hard-codes it); ours signs the same JWT
//   bearer grant (RS256, the firebase.messaging scope) and posts it to token_uri, so a test service
//   account can point at a local stand-in. With a real key token_uri is Google's and nothing changes.
// - FCM_API_URL: where requests for fcm.googleapis.com go instead (a local stand-in, over plain HTTP).
//   firebase-admin hard-codes the host; its AppOptions.httpAgent is the supported hook, and it is
//   honoured by the HTTP/1.1 transport only. So the dispatcher always sends over HTTP/1.1
//   (enableLegacyHttpTransport, keep-alive, at most 64 connections): the path the tests take is the
//   one production takes, and it does not lean on Deno's node:http2 client.
import { Agent } from 'node:https';
import { connect } from 'node:net';
import type { AppModule, FcmMessaging, MessagingModule } from './dispatcher.ts';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/** The fields of a service account key JSON the dispatcher uses. */
export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri?: string;
}

/** Parses FCM_SERVICE_ACCOUNT (the key JSON), saying which field is wrong without echoing the key. */
export function parseServiceAccount(text: string | undefined): ServiceAccount | undefined {
  if (!text || !text.trim()) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('FCM_SERVICE_ACCOUNT: not JSON (give the service account key file\'s contents)');
  }
  for (const field of ['project_id', 'client_email', 'private_key']) {
    if (typeof json[field] !== 'string' || !json[field]) throw new Error(`FCM_SERVICE_ACCOUNT: ${field} is missing`);
  }
  if (json.token_uri !== undefined && !/^https?:\/\//.test(String(json.token_uri))) {
    throw new Error('FCM_SERVICE_ACCOUNT: token_uri must be an http(s) URL');
  }
  return json as unknown as ServiceAccount;
}

function base64url(bytes: Uint8Array | string): string {
  const binary = typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** A firebase-admin Credential: the service-account JWT bearer grant against the key's own token_uri. */
export function serviceAccountCredential(account: ServiceAccount) {
  const tokenUri = account.token_uri ?? GOOGLE_TOKEN_URL;
  let key: Promise<CryptoKey> | undefined;
  return {
    async getAccessToken(): Promise<{ access_token: string; expires_in: number }> {
      key ??= crypto.subtle.importKey('pkcs8', pemBody(account.private_key), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
      // Google's token endpoint wants its own URL as the audience, whatever URL the grant is posted to.
      const claims = base64url(JSON.stringify({ iss: account.client_email, scope: SCOPE, aud: GOOGLE_TOKEN_URL, iat: now, exp: now + 3600 }));
      const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await key, new TextEncoder().encode(`${header}.${claims}`)));
      const response = await fetch(tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${header}.${claims}.${base64url(signature)}` }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok || typeof body.access_token !== 'string') {
        // The answer's error code and description only: never the assertion.
        const code = typeof body.error === 'string' ? body.error : body.error?.status ?? 'no error code';
        const description = typeof body.error_description === 'string' ? body.error_description : '';
        throw new Error(`OAuth token request failed (${response.status}): ${code} ${description}`.trim());
      }
      return { access_token: body.access_token, expires_in: Number(body.expires_in ?? 3600) };
    },
  };
}

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/** An https Agent that takes every connection to `apiUrl` (plain HTTP), whatever host the request names. */
function redirectingAgent(apiUrl: string): Agent {
  const target = new URL(apiUrl);
  if (target.protocol !== 'http:') throw new Error('FCM_API_URL: an http:// URL of a local FCM stand-in');
  class RedirectingAgent extends Agent {
    // deno-lint-ignore no-explicit-any
    override createConnection(): any {
      return connect({ host: target.hostname, port: Number(target.port || 80) });
    }
  }
  return new RedirectingAgent(AGENT_OPTIONS);
}

/** firebase-admin's Messaging for the service account, its own app per call (named so that several coexist). */
export function fcmMessaging(
  admin: { app: AppModule; messaging: MessagingModule },
  account: ServiceAccount,
  options: { apiUrl?: string; name?: string } = {},
): FcmMessaging {
  const agent = options.apiUrl ? redirectingAgent(options.apiUrl) : new Agent(AGENT_OPTIONS);
  const name = options.name ?? `dispatch-${account.project_id}`;
  const existing = admin.app.getApps().find((a) => a.name === name);
  const app = existing ?? admin.app.initializeApp({ credential: serviceAccountCredential(account), projectId: account.project_id, httpAgent: agent }, name);
  const messaging = admin.messaging.getMessaging(app);
  messaging.enableLegacyHttpTransport();
  return messaging;
}
