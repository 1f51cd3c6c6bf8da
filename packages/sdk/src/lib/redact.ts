/**
 * What never leaves the SDK inside an error: tokens and keys, and personal data (identity numbers, phone
 * numbers, email addresses, and the rows Postgres quotes back in its error details). Like octokit's
 * request-error, redaction happens when an error is built, so a logged or serialised error is safe.
 */

/** Keys whose values are secrets or personal data, whatever they hold. */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'provider_token',
  'provider_refresh_token',
  'token',
  'token_hash',
  'password',
  'apikey',
  'authorization',
  'otp',
  'code_verifier',
  'identity_number',
  'phone',
  'email',
]);

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Whatever follows "Bearer".
  [/\b(bearer\s+)[^\s"',;]+/gi, '$1[redacted]'],
  // JSON Web Tokens (access tokens, the anon and service_role keys).
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, '[redacted token]'],
  // Supabase's publishable and secret keys.
  [/\bsb_(?:publishable|secret)_[A-Za-z0-9_-]+/g, '[redacted key]'],
  // Postgres quotes the whole failing row of a check or not-null violation: names, addresses, anything.
  [/(Failing row contains )\(.*\)/gs, '$1([redacted])'],
  // Email addresses.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[redacted email]'],
  // MyKad / MyPR numbers, with or without dashes (YYMMDD-PB-###G).
  [/(?<![\w+-])\d{6}-\d{2}-\d{4}(?![\w-])/g, '[redacted identity number]'],
  // Phone numbers: E.164 with "+", Malaysian numbers written locally, and GoTrue's E.164 without "+".
  [/\+\d[\d -]{6,17}\d/g, '[redacted phone]'],
  [/(?<![\w+-])(?:60|0)1\d[- ]?\d{3,4}[- ]?\d{4}(?![\w-])/g, '[redacted phone]'],
  // Twelve bare digits are a MyKad number as often as anything else (a uuid's last group is not: it follows a dash).
  [/(?<![\w-])\d{12}(?![\w-])/g, '[redacted identity number]'],
];

/** A copy of `text` with tokens, keys and personal data replaced. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** A deep copy of `value` with secret keys' values and every string redacted. */
export function redact<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = SECRET_KEYS.has(key.toLowerCase()) && item != null ? '[redacted]' : redactValue(item, depth + 1);
  }
  return result;
}
