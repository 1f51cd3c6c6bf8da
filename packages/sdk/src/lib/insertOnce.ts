/**
 * Inserts that may be retried: the row's id is the call's idempotency key (rowIdFor in createOnce.ts),
 * so a retry after a lost response finds its own row instead of writing a second one. The clash is
 * caught and the stored row read back (createOnce's callers hide it with ON CONFLICT DO NOTHING instead).
 */
import { ConflictError, isConflictError } from './errors.ts';

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
