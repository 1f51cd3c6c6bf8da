/**
 * The database handle the models take (GoTrue's storage.Connection): the pool, or one client inside
 * a transaction. A handler that changes several rows does so in one transaction, as GoTrue does.
 */
import type pg from 'pg';

export interface Queryable {
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** GoTrue keeps one instance: every row it writes carries the nil UUID as instance_id. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Runs `work` in a transaction and commits it. If `work` throws, the transaction is rolled back,
 * unless the error is a CommitWithError, whose changes are kept (GoTrue's storage.NewCommitWithError:
 * revoking a reused refresh token family must stick even though the request fails).
 */
export async function transaction<T>(pool: pg.Pool, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      if (error instanceof CommitWithError) {
        await client.query('commit');
        throw error.error;
      }
      await client.query('rollback');
      throw error;
    }
  } finally {
    client.release();
  }
}

export class CommitWithError extends Error {
  readonly error: Error;

  constructor(error: Error) {
    super(error.message);
    this.error = error;
  }
}
