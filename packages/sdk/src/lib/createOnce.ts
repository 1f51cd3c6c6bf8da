/**
 * Creating a row exactly once: the idempotency key becomes the new row's id, so a retry (after a lost
 * response, or from an offline queue) finds the row the first attempt stored instead of storing another.
 * The database answers a repeated id with nothing (ON CONFLICT DO NOTHING), and the SDK then reads the row
 * back; a key reused for different content is refused.
 */
import * as z from 'zod/mini';
import { ConflictError } from './errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import type { SubmitOptions, Transport } from './Transport.ts';

const rowKeySchema = z.object({
  idempotencyKey: z.optional(z.guid({ error: 'must be a uuid here (it becomes the new record\'s id): use newIdempotencyKey()' })),
});

/** The new row's id: the caller's idempotency key (a uuid), or a new one. */
export function rowIdFor(transport: Transport, options: SubmitOptions): string {
  return transport.parse(rowKeySchema, { idempotencyKey: options.idempotencyKey }).idempotencyKey ?? newIdempotencyKey();
}

/** The row a retry found, when it holds what was asked for; else ConflictError (the key was used for something else). */
export function sameAsAsked<T extends object>(found: T | null, asked: Partial<T>): T {
  const differs = found === null || Object.entries(asked).some(([key, value]) => value !== undefined && (found as Record<string, unknown>)[key] !== value);
  if (differs) {
    throw new ConflictError('idempotencyKey: already used for a different record; use a new key for a new record', { field: 'idempotencyKey' });
  }
  return found;
}
