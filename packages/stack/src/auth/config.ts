/**
 * GoTrue's configuration (internal/conf) derived from supabase/config.toml the way the Supabase CLI
 * derives GoTrue's environment from it: `enable_confirmations = false` becomes MAILER_AUTOCONFIRM,
 * `password_requirements` becomes PASSWORD_REQUIRED_CHARACTERS, and so on.
 */
import type { PasswordRequirements, RateLimits, StackConfig } from '../config.ts';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

/** The character sets the CLI passes for each `password_requirements` value; one of each is required. */
const REQUIRED_CHARACTERS: Record<PasswordRequirements, string[]> = {
  '': [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

export interface AuthSettings {
  /** the JWT issuer and the external URL links point at: http://127.0.0.1:54321/auth/v1 */
  issuer: string;
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtSecret: string;
  /** seconds */
  jwtExpiry: number;
  jwtAud: string;
  defaultRole: string;
  adminRoles: string[];
  disableSignup: boolean;
  emailEnabled: boolean;
  phoneEnabled: boolean;
  anonymousEnabled: boolean;
  mailerAutoconfirm: boolean;
  smsAutoconfirm: boolean;
  secureEmailChange: boolean;
  /** UPDATE_PASSWORD_REQUIRE_REAUTHENTICATION */
  passwordChangeRequiresReauthentication: boolean;
  refreshTokenRotation: boolean;
  /** seconds */
  refreshTokenReuseInterval: number;
  passwordMinLength: number;
  passwordRequiredCharacters: string[];
  emailOtpLength: number;
  /** seconds */
  emailOtpExpiry: number;
  /** seconds between two emails of one kind to one user */
  emailMaxFrequency: number;
  smsOtpLength: number;
  smsOtpExpiry: number;
  smsMaxFrequency: number;
  smsTemplate: string;
  /** phone without "+" -> fixed code */
  smsTestOtp: Record<string, string>;
  rateLimits: RateLimits;
  /** seconds a PKCE flow state stays usable (GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION) */
  flowStateExpiry: number;
}

export function authSettings(config: StackConfig, overrides: Partial<RateLimits> = {}): AuthSettings {
  const auth = config.auth;
  return {
    issuer: `http://${config.host}:${config.apiPort}/auth/v1`,
    siteUrl: auth.siteUrl,
    additionalRedirectUrls: auth.additionalRedirectUrls,
    jwtSecret: config.jwtSecret,
    jwtExpiry: auth.jwtExpiry,
    jwtAud: 'authenticated',
    defaultRole: 'authenticated',
    adminRoles: ['service_role', 'supabase_admin'],
    disableSignup: !auth.enableSignup,
    emailEnabled: auth.email.enableSignup,
    phoneEnabled: auth.sms.enableSignup,
    anonymousEnabled: auth.enableAnonymousSignIns,
    mailerAutoconfirm: !auth.email.enableConfirmations,
    smsAutoconfirm: !auth.sms.enableConfirmations,
    secureEmailChange: auth.email.doubleConfirmChanges,
    passwordChangeRequiresReauthentication: auth.email.securePasswordChange,
    refreshTokenRotation: auth.enableRefreshTokenRotation,
    refreshTokenReuseInterval: auth.refreshTokenReuseInterval,
    passwordMinLength: auth.minimumPasswordLength,
    passwordRequiredCharacters: REQUIRED_CHARACTERS[auth.passwordRequirements] ?? [],
    emailOtpLength: auth.email.otpLength,
    emailOtpExpiry: auth.email.otpExpiry,
    emailMaxFrequency: auth.email.maxFrequency,
    smsOtpLength: auth.sms.otpLength,
    smsOtpExpiry: auth.sms.otpExpiry,
    smsMaxFrequency: auth.sms.maxFrequency,
    smsTemplate: auth.sms.template,
    smsTestOtp: auth.sms.testOtp,
    rateLimits: { ...auth.rateLimit, ...overrides },
    flowStateExpiry: 300,
  };
}
