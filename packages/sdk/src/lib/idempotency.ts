/** Idempotency keys: one per submission, reused by every retry of it, so the server stores it once. */

/**
 * A new random key (a v4 uuid), from the platform's crypto where there is one. Keep it with a queued
 * submission so that every attempt to send it carries the same key.
 *
 * @example
 * ```ts
 * const idempotencyKey = newIdempotencyKey();
 * await sejahtera.assessments.submit({ answers }, { idempotencyKey });
 * ```
 */
export function newIdempotencyKey(): string {
  const crypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  // React Native without a crypto polyfill: uniqueness is all a key needs, not secrecy.
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
