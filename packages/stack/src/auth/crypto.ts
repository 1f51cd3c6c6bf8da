/**
 * GoTrue's internal/crypto: one-time codes, how they are hashed before they are stored, the random
 * strings refresh tokens are made of, and PKCE's code challenge check.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A uniformly random numeric code of `digits` digits, zero-padded. */
export function generateOtp(digits: number): string {
  let otp = '';
  for (let i = 0; i < digits; i++) otp += String(randomInt(10));
  return otp;
}

/**
 * What GoTrue stores instead of a one-time code: hex(sha224(email-or-phone + code)). The link in an
 * email carries this hash, so a link and a typed code verify against the same column.
 */
export function generateTokenHash(emailOrPhone: string, otp: string): string {
  return createHash('sha224').update(emailOrPhone + otp).digest('hex');
}

/** Lowercase base32 of random bytes, as GoTrue's SecureAlphanumeric (refresh tokens are 12 of these). */
export function secureAlphanumeric(length: number): string {
  const n = Math.max(length, 8);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(Math.ceil((n * 5) / 8));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < n) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.slice(0, n);
}

/** base64url(sha256(verifier)), PKCE's S256 code challenge. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Random password for users who sign up without one (OTP, magic links, admin-created users). Like
 * GoTrue's GeneratePassword it holds a character of every required set, so it passes the policy.
 */
export function generatePassword(requiredSets: string[] = [], length = 64): string {
  const required = requiredSets.filter(Boolean).map((set) => set[randomInt(set.length)]);
  return randomBytes(length).toString('base64url').slice(0, length - required.length) + required.join('');
}
