import type { Session, User } from '@supabase/supabase-js';
import * as z from 'zod/mini';
import { AuthError, type SejahteraError, isNetworkError, isRateLimitError, isSejahteraError } from '../lib/errors.ts';
import type { Transport } from '../lib/Transport.ts';
import {
  type PasswordResetInput,
  type PasswordSignInInput,
  type PhoneSignUpInput,
  type VerifyPasswordResetInput,
  type VerifyPhoneInput,
  newPasswordSchema,
  passwordResetSchema,
  passwordSignInSchema,
  phoneSignUpSchema,
  resendPhoneCodeSchema,
  verifyPasswordResetSchema,
  verifyPhoneSchema,
} from '../schemas/auth.ts';

/** The `code` of an emailed link: opaque to the SDK, non-empty. */
const linkCodeSchema = z.string().check(z.minLength(1, { error: 'is required' }), z.maxLength(1024, { error: 'is not a link code' }));

/** A signed-in user and their session. */
export interface SignedIn {
  /** The signed-in account. */
  user: User;
  /** Its session: access and refresh tokens, kept by the supabase-js client. */
  session: Session;
}

/** A sign-up waiting for its phone to be verified. */
export interface PendingSignUp {
  /** The new account's id. */
  userId: string;
  /** The number the code went to, in E.164. */
  phone: string;
}

/**
 * Accounts: registration by phone with a one-time code (TAC), password sign-in, sign-out, and password
 * resets. Sessions are kept by the supabase-js client (its storage and refresh), as supabase-js does.
 */
export class Auth {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Registers an account by Malaysian mobile number and password; a 6-digit code goes to the phone by SMS.
   * Throws ValidationError (bad phone or weak password), ConflictError (the number is registered), RateLimitError.
   *
   * @example
   * ```ts
   * await sejahtera.auth.signUpWithPhone({ phone: '012-345 6789', password: 'Sejahtera2020' });
   * // then, with the code from the SMS:
   * await sejahtera.auth.verifyPhone({ phone: '012-345 6789', code: '123456' });
   * ```
   */
  async signUpWithPhone(input: PhoneSignUpInput): Promise<PendingSignUp> {
    const { phone, password } = this.transport.parse(phoneSignUpSchema, input);
    const data = await this.transport.auth(() => this.transport.supabase.auth.signUp({ phone, password }));
    if (!data.user) throw new AuthError('Auth did not create the account', { code: 'auth_failed', status: 500 });
    return { userId: data.user.id, phone };
  }

  /**
   * Verifies the phone with the code sent by SMS, and signs in.
   * Throws AuthError `invalid_code` (wrong or expired code), ValidationError, RateLimitError.
   *
   * @example
   * ```ts
   * const { user } = await sejahtera.auth.verifyPhone({ phone: '+60123456789', code: '123456' });
   * ```
   */
  async verifyPhone(input: VerifyPhoneInput): Promise<SignedIn> {
    const { phone, code } = this.transport.parse(verifyPhoneSchema, input);
    const data = await this.transport.auth(() => this.transport.supabase.auth.verifyOtp({ phone, token: code, type: 'sms' }));
    return signedIn(data);
  }

  /**
   * Sends the phone's sign-up code again. Throws ValidationError, RateLimitError.
   *
   * @example
   * ```ts
   * await sejahtera.auth.resendPhoneCode({ phone: '+60123456789' });
   * ```
   */
  async resendPhoneCode(input: { phone: string }): Promise<void> {
    const { phone } = this.transport.parse(resendPhoneCodeSchema, input);
    await this.transport.auth(() => this.transport.supabase.auth.resend({ phone, type: 'sms' }));
  }

  /**
   * Signs in with a password, by email or by phone.
   * Throws AuthError `invalid_credentials` or `not_confirmed`, ValidationError, RateLimitError.
   *
   * @example
   * ```ts
   * const { user } = await sejahtera.auth.signInWithPassword({ email: 'aminah@sejahtera.test', password: 'Sejahtera-dev-2026' });
   * ```
   */
  async signInWithPassword(input: PasswordSignInInput): Promise<SignedIn> {
    const credentials = this.transport.parse(passwordSignInSchema, input);
    this.transport.forget();
    const data = await this.transport.auth(() => this.transport.supabase.auth.signInWithPassword(credentials));
    return signedIn(data);
  }

  /**
   * Signs out: this session only (`local`), or every session of the account (`global`, the default).
   *
   * @example
   * ```ts
   * await sejahtera.auth.signOut();
   * ```
   */
  async signOut(options: { scope?: 'global' | 'local' | 'others' } = {}): Promise<void> {
    this.transport.forget();
    const { error } = await this.transport.supabase.auth.signOut({ scope: options.scope ?? 'global' });
    // Signing out of a session that already ended has nothing left to do.
    if (error && error.status !== 401 && error.status !== 403 && error.name !== 'AuthSessionMissingError') {
      await this.transport.auth(async () => ({ data: null, error }));
    }
  }

  /**
   * Starts a password reset: a 6-digit code goes to the email (with a link to `redirectTo`) or, for
   * accounts registered by phone, by SMS. Throws ValidationError, RateLimitError.
   *
   * @example
   * ```ts
   * await sejahtera.auth.requestPasswordReset({ phone: '+60123456789' });
   * const { user } = await sejahtera.auth.verifyPasswordReset({ phone: '+60123456789', code: '123456' });
   * await sejahtera.auth.updatePassword({ password: 'a-new-Passw0rd' });
   * ```
   */
  async requestPasswordReset(input: PasswordResetInput): Promise<void> {
    const request = this.transport.parse(passwordResetSchema, input);
    const auth = this.transport.supabase.auth;
    if ('email' in request) {
      await this.transport.auth(() => auth.resetPasswordForEmail(request.email, { redirectTo: request.redirectTo }));
    } else {
      // GoTrue's /recover is for email only: a phone account resets by signing in with a code.
      await this.transport.auth(() => auth.signInWithOtp({ phone: request.phone, options: { shouldCreateUser: false } }));
    }
  }

  /**
   * Signs in with the code a password reset sent, so that `updatePassword` may follow.
   * Throws AuthError `invalid_code`, ValidationError, RateLimitError.
   *
   * @example
   * ```ts
   * await sejahtera.auth.verifyPasswordReset({ email: 'aminah@sejahtera.test', code: '123456' });
   * ```
   */
  async verifyPasswordReset(input: VerifyPasswordResetInput): Promise<SignedIn> {
    const request = this.transport.parse(verifyPasswordResetSchema, input);
    this.transport.forget();
    const auth = this.transport.supabase.auth;
    const data = await this.transport.auth(() =>
      'email' in request
        ? auth.verifyOtp({ email: request.email, token: request.code, type: 'recovery' })
        : auth.verifyOtp({ phone: request.phone, token: request.code, type: 'sms' }),
    );
    return signedIn(data);
  }

  /**
   * Signs in with the one-time `code` of a link Auth sent by email (a password reset's, with the PKCE
   * flow that @supabase/ssr uses): this browser's client must be the one that asked for the link (it
   * holds the code's verifier). Throws AuthError `invalid_code` (a link opened elsewhere, used already,
   * or expired), ValidationError (`code`).
   *
   * @example
   * ```ts
   * const code = new URL(location.href).searchParams.get('code');
   * if (code) await sejahtera.auth.exchangeCode(code); // then: sejahtera.auth.updatePassword({ password })
   * ```
   */
  async exchangeCode(code: string): Promise<SignedIn> {
    const value = this.transport.parse(linkCodeSchema, code);
    this.transport.forget();
    try {
      return signedIn(await this.transport.auth(() => this.transport.supabase.auth.exchangeCodeForSession(value)));
    } catch (error) {
      // A missing verifier (another browser, or used already) and a spent or expired code alike: the link is no good here.
      if (isSejahteraError(error) && !isNetworkError(error) && !isRateLimitError(error)) {
        throw new AuthError('This link has expired or was opened elsewhere; ask for a new code', { code: 'invalid_code', details: (error as SejahteraError).details });
      }
      throw error;
    }
  }

  /**
   * Sets a new password for the signed-in user. Throws ValidationError (weak or unchanged password), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.auth.updatePassword({ password: 'a-new-Passw0rd' });
   * ```
   */
  async updatePassword(input: { password: string }): Promise<User> {
    const { password } = this.transport.parse(newPasswordSchema, input);
    const data = await this.transport.auth(() => this.transport.supabase.auth.updateUser({ password }));
    return data.user;
  }

  /**
   * The current session, or null when no one is signed in (read from the client's storage, not checked with Auth).
   *
   * @example
   * ```ts
   * const session = await sejahtera.auth.session();
   * ```
   */
  async session(): Promise<Session | null> {
    const data = await this.transport.auth(() => this.transport.supabase.auth.getSession());
    return data.session;
  }

  /**
   * The signed-in user, checked with Auth (use this, not `session()`, to decide what someone may do on a server).
   * Throws AuthError `not_signed_in` or `session_expired`.
   *
   * @example
   * ```ts
   * const user = await sejahtera.auth.user();
   * ```
   */
  async user(): Promise<User> {
    const data = await this.transport.auth(() => this.transport.supabase.auth.getUser());
    return data.user;
  }
}

function signedIn(data: { user: User | null; session: Session | null }): SignedIn {
  if (!data.user || !data.session) throw new AuthError('Auth did not start a session', { code: 'auth_failed' });
  return { user: data.user, session: data.session };
}
