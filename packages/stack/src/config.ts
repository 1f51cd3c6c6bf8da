/**
 * Reads supabase/config.toml, the file the Supabase CLI reads, and turns it into the settings every
 * part of the stack runs with. Environment variables override what a deployment must not commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_PUBLISHABLE_KEY,
  LOCAL_SECRET_KEY,
  LOCAL_SERVICE_ROLE_KEY,
} from './keys.ts';

export type PasswordRequirements =
  | ''
  | 'letters_digits'
  | 'lower_upper_letters_digits'
  | 'lower_upper_letters_digits_symbols';

export interface RateLimits {
  /** emails per hour, project-wide */
  emailSent: number;
  /** SMS per hour, project-wide */
  smsSent: number;
  /** per 5 minutes per IP */
  anonymousUsers: number;
  tokenRefresh: number;
  signInSignUps: number;
  tokenVerifications: number;
}

export interface AuthConfig {
  enabled: boolean;
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtExpiry: number;
  enableRefreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  enableSignup: boolean;
  enableAnonymousSignIns: boolean;
  minimumPasswordLength: number;
  passwordRequirements: PasswordRequirements;
  rateLimit: RateLimits;
  email: {
    enableSignup: boolean;
    doubleConfirmChanges: boolean;
    enableConfirmations: boolean;
    securePasswordChange: boolean;
    /** seconds between two emails to one address */
    maxFrequency: number;
    otpLength: number;
    /** seconds */
    otpExpiry: number;
  };
  sms: {
    enableSignup: boolean;
    enableConfirmations: boolean;
    template: string;
    /** seconds between two SMS to one number */
    maxFrequency: number;
    /** phone without "+" -> fixed code */
    testOtp: Record<string, string>;
    otpLength: number;
    otpExpiry: number;
  };
}

export interface FunctionConfig {
  verifyJwt: boolean;
}

export interface StackConfig {
  projectId: string;
  /** folder holding supabase/ */
  projectDir: string;
  supabaseDir: string;
  /** where the stack keeps its database, logs and state; ignored by git */
  dataDir: string;
  host: string;
  apiPort: number;
  dbPort: number;
  inboxPort: number;
  /** the inbox's SMTP listener (Inbucket's smtp_port): mail sent here lands in the inbox */
  smtpPort: number;
  /** internal ports, loopback only */
  postgrestPort: number;
  postgrestAdminPort: number;
  /** set when the stack uses an external Postgres instead of the embedded one */
  databaseUrl: string | undefined;
  api: { schemas: string[]; extraSearchPath: string[]; maxRows: number };
  seedPaths: string[];
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  publishableKey: string;
  secretKey: string;
  auth: AuthConfig;
  functions: Record<string, FunctionConfig>;
  /** where function folders live: supabase/functions, then any extra folders (tests add their fixtures) */
  functionsDirs: string[];
  /** largest request body the gateway accepts, bytes */
  maxBodyBytes: number;
}

type Table = Record<string, unknown>;

/** Walks up from `from` to the folder that holds supabase/config.toml. */
export function findProjectDir(from = process.cwd()): string {
  const fromEnv = process.env.SEJAHTERA_PROJECT_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'supabase', 'config.toml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No supabase/config.toml found in ${from} or any folder above it.`);
    }
    dir = parent;
  }
}

/** "5s", "1m", "1h" or a bare number of seconds. */
export function parseDuration(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(String(value).trim());
  if (!match) throw new Error(`Invalid duration in config.toml: ${JSON.stringify(value)}`);
  const n = Number(match[1]);
  const unit = match[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

function table(parent: Table | undefined, key: string): Table {
  const value = parent?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

function pick<T>(t: Table, key: string, fallback: T): T {
  const value = t[key];
  return value === undefined ? fallback : (value as T);
}

/** Resolves the CLI's `env(NAME)` references. */
function envRef(value: string): string {
  const match = /^env\((\w+)\)$/.exec(value);
  return match ? (process.env[match[1]] ?? '') : value;
}

/** Deep-merges `overlay` into `base` (tables merge, everything else replaces). */
function merge(base: Table, overlay: Table): Table {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const prior = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && prior && typeof prior === 'object' && !Array.isArray(prior)
        ? merge(prior as Table, value as Table)
        : value;
  }
  return out;
}

export function loadConfig(projectDir = findProjectDir()): StackConfig {
  const supabaseDir = join(projectDir, 'supabase');
  let raw = parse(readFileSync(join(supabaseDir, 'config.toml'), 'utf8')) as Table;
  // A second TOML laid over config.toml: the stack's tests use one for their fixture functions.
  const overlay = process.env.SEJAHTERA_CONFIG_OVERLAY;
  if (overlay) raw = merge(raw, parse(readFileSync(resolve(overlay), 'utf8')) as Table);
  const api = table(raw, 'api');
  const db = table(raw, 'db');
  const auth = table(raw, 'auth');
  const rate = table(auth, 'rate_limit');
  const email = table(auth, 'email');
  const sms = table(auth, 'sms');
  const seed = table(db, 'seed');
  const inbucket = table(raw, 'inbucket');
  const env = process.env;

  const apiPort = Number(env.SEJAHTERA_API_PORT ?? pick(api, 'port', 54321));
  const dbPort = Number(env.SEJAHTERA_DB_PORT ?? pick(db, 'port', 54322));
  const inboxPort = Number(env.SEJAHTERA_INBOX_PORT ?? pick(inbucket, 'port', 54324));
  // A moved inbox takes its SMTP port along (one above it), so test instances never share one.
  const smtpPort = Number(env.SEJAHTERA_SMTP_PORT ?? (env.SEJAHTERA_INBOX_PORT ? inboxPort + 1 : pick(inbucket, 'smtp_port', 54325)));

  const functions: Record<string, FunctionConfig> = {};
  for (const [name, value] of Object.entries(table(raw, 'functions'))) {
    functions[name] = { verifyJwt: pick(value as Table, 'verify_jwt', true) };
  }

  const testOtp: Record<string, string> = {};
  for (const [phone, code] of Object.entries(table(sms, 'test_otp'))) {
    testOtp[phone.replace(/^\+/, '')] = String(code);
  }

  return {
    projectId: String(pick(raw, 'project_id', 'sejahtera')),
    projectDir,
    supabaseDir,
    dataDir: resolve(env.SEJAHTERA_DATA_DIR ?? join(projectDir, '.sejahtera')),
    host: '127.0.0.1',
    apiPort,
    dbPort,
    inboxPort,
    smtpPort,
    postgrestPort: Number(env.SEJAHTERA_POSTGREST_PORT ?? apiPort + 10),
    postgrestAdminPort: Number(env.SEJAHTERA_POSTGREST_ADMIN_PORT ?? apiPort + 11),
    databaseUrl: env.DATABASE_URL || undefined,
    api: {
      schemas: pick(api, 'schemas', ['public', 'graphql_public']),
      extraSearchPath: pick(api, 'extra_search_path', ['public', 'extensions']),
      maxRows: pick(api, 'max_rows', 1000),
    },
    seedPaths: pick<string[]>(seed, 'sql_paths', ['./seed.sql']).map((p) => resolve(supabaseDir, p)),
    jwtSecret: env.SEJAHTERA_JWT_SECRET ?? LOCAL_JWT_SECRET,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    publishableKey: LOCAL_PUBLISHABLE_KEY,
    secretKey: LOCAL_SECRET_KEY,
    auth: {
      enabled: pick(auth, 'enabled', true),
      siteUrl: pick(auth, 'site_url', 'http://127.0.0.1:3000'),
      additionalRedirectUrls: pick(auth, 'additional_redirect_urls', []),
      jwtExpiry: pick(auth, 'jwt_expiry', 3600),
      enableRefreshTokenRotation: pick(auth, 'enable_refresh_token_rotation', true),
      refreshTokenReuseInterval: pick(auth, 'refresh_token_reuse_interval', 10),
      enableSignup: pick(auth, 'enable_signup', true),
      enableAnonymousSignIns: pick(auth, 'enable_anonymous_sign_ins', false),
      minimumPasswordLength: pick(auth, 'minimum_password_length', 6),
      passwordRequirements: pick(auth, 'password_requirements', ''),
      rateLimit: {
        emailSent: pick(rate, 'email_sent', 2),
        smsSent: pick(rate, 'sms_sent', 30),
        anonymousUsers: pick(rate, 'anonymous_users', 30),
        tokenRefresh: pick(rate, 'token_refresh', 150),
        signInSignUps: pick(rate, 'sign_in_sign_ups', 30),
        tokenVerifications: pick(rate, 'token_verifications', 30),
      },
      email: {
        enableSignup: pick(email, 'enable_signup', true),
        doubleConfirmChanges: pick(email, 'double_confirm_changes', true),
        enableConfirmations: pick(email, 'enable_confirmations', false),
        securePasswordChange: pick(email, 'secure_password_change', false),
        maxFrequency: parseDuration(email.max_frequency, 1),
        otpLength: pick(email, 'otp_length', 6),
        otpExpiry: pick(email, 'otp_expiry', 3600),
      },
      sms: {
        enableSignup: pick(sms, 'enable_signup', false),
        enableConfirmations: pick(sms, 'enable_confirmations', false),
        template: envRef(pick(sms, 'template', 'Your code is {{ .Code }}')),
        maxFrequency: parseDuration(sms.max_frequency, 5),
        testOtp,
        otpLength: 6,
        otpExpiry: pick(sms, 'otp_expiry', 3600),
      },
    },
    functions,
    functionsDirs: [
      join(supabaseDir, 'functions'),
      ...(env.SEJAHTERA_EXTRA_FUNCTIONS_DIRS ?? '').split(':').filter(Boolean).map((d) => resolve(d)),
    ],
    maxBodyBytes: Number(env.SEJAHTERA_MAX_BODY_BYTES ?? 10 * 1024 * 1024),
  };
}
