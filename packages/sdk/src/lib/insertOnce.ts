/**
 * Inserts that may be retried: the row's id is chosen by the client (the call's idempotency key), so
 * a retry after a lost response finds its own row instead of writing a second one.
 */
import { ConflictError, isConflictError } from './errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import type { SubmitOptions, Transport } from './Transport.ts';
import { idSchema } from '../schemas/common.ts';

/** The row id for an insert: the call's idempotency key (a uuid), or a new one. */
export function rowIdFor(transport: Transport, options: SubmitOptions): string {
  return options.idempotencyKey === undefined ? newIdempotencyKey() : transport.parse(idSchema, options.idempotencyKey);
}

/**
 * Runs `insert` (retried as a safe request); when the id is already taken, returns the row stored
 * under it if `same` says it is this insert's, else throws ConflictError on the idempotency key.
 */
export async function insertOnce<T>(
  insert: () => Promise<T>,
  stored: () => Promise<T | null>,
  same: (row: T) => boolean,
): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (!isConflictError(error)) throw error;
    const row = await stored();
    if (row === null) throw error;
    if (!same(row)) {
      throw new ConflictError('idempotencyKey: already used for something else; use a new key for a new request', { field: 'idempotencyKey' });
    }
    return row;
  }
}
