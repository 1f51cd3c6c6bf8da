/**
 * Access tokens: HS256 JWTs signed with the project's JWT secret, carrying GoTrue's claims
 * (AccessTokenClaims in token.go), so that PostgREST, RLS policies (auth.uid(), auth.jwt()) and
 * edge functions read them as they read Supabase's.
 */
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AuthSettings } from './config.ts';
import { forbidden } from './errors.ts';
import type { AmrEntry } from './sessions.ts';
import type { User } from './users.ts';

export interface AccessTokenClaims extends JWTPayload {
  email?: string;
  phone?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  role?: string;
  aal?: string;
  amr?: AmrEntry[];
  session_id?: string;
  is_anonymous?: boolean;
}

const secretKey = (settings: AuthSettings) => new TextEncoder().encode(settings.jwtSecret);

export async function signAccessToken(
  settings: AuthSettings,
  user: User,
  session: { id: string; aal: string; amr: AmrEntry[] },
): Promise<{ token: string; expiresAt: number }> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + settings.jwtExpiry;
  // Claim order follows GoTrue's struct, so tokens read the same when decoded side by side.
  const claims: AccessTokenClaims = {
    iss: settings.issuer,
    sub: user.id,
    aud: user.aud,
    exp: expiresAt,
    iat: issuedAt,
    email: user.email,
    phone: user.phone,
    app_metadata: user.appMetaData,
    user_metadata: user.userMetaData,
    role: user.role,
    aal: session.aal,
    amr: session.amr,
    session_id: session.id,
    is_anonymous: user.isAnonymous,
  };
  const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secretKey(settings));
  return { token, expiresAt };
}

/** golang-jwt's wording for why a token was refused, which GoTrue passes on in its message. */
function reason(error: unknown, token: string): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid: signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    let alg = 'unknown';
    try {
      alg = String(decodeProtectedHeader(token).alg);
    } catch {
      // the header was readable enough for jose to reject its alg
    }
    return `token signature is invalid: signing method ${alg} is invalid`;
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return 'token is malformed: could not parse the token';
  }
  return error instanceof Error ? error.message : String(error);
}

/** Verifies signature and expiry; any failure is GoTrue's 403 bad_jwt. */
export async function verifyAccessToken(settings: AuthSettings, token: string): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify<AccessTokenClaims>(token, secretKey(settings), { algorithms: ['HS256'] });
    return payload;
  } catch (error) {
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason(error, token)}`);
  }
}
