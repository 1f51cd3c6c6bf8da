/**
 * Every database test runs inside one transaction that is rolled back, acting as a given actor the way
 * PostgREST does: `set local role` plus the JWT claims in `request.jwt.claims`. Setup runs as `postgres`
 * (the owner, which bypasses RLS), so a test can arrange rows, switch to an actor, and check what that
 * actor may see and do.
 */
import pg from 'pg';
import { databaseUrlFor } from '@sejahtera/stack/testing';

export type Actor =
  | { role: 'anon' }
  | { role: 'service_role' }
  | { role: 'authenticated'; sub: string; email?: string; phone?: string };

export interface Tx {
  /** Runs SQL as whoever the transaction currently acts as. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Like query, but returns the error the statement raised (and rolls back to before it), or fails the test if none. */
  fails(sql: string, params?: unknown[]): Promise<pg.DatabaseError>;
  /** From here on, act as `actor`. */
  as(actor: Actor): Promise<void>;
  /** From here on, act as `postgres` again (the owner: sees and changes everything). */
  asOwner(): Promise<void>;
}

let savepoints = 0;

export async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
  await client.connect();
  await client.query('begin');
  const tx: Tx = {
    async query(sql, params) {
      return (await client.query(sql, params as unknown[])).rows;
    },
    async fails(sql, params) {
      const name = `attempt_${++savepoints}`;
      await client.query(`savepoint ${name}`);
      try {
        await client.query(sql, params as unknown[]);
      } catch (error) {
        await client.query(`rollback to savepoint ${name}`);
        return error as pg.DatabaseError;
      }
      await client.query(`rollback to savepoint ${name}`);
      throw new Error(`expected this statement to fail, but it succeeded: ${sql}`);
    },
    async as(actor) {
      await client.query('reset role');
      const claims =
        actor.role === 'authenticated'
          ? { sub: actor.sub, role: 'authenticated', aud: 'authenticated', email: actor.email, phone: actor.phone }
          : { role: actor.role };
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
      await client.query(`set local role ${actor.role}`);
    },
    async asOwner() {
      await client.query('reset role');
      await client.query(`select set_config('request.jwt.claims', '', true)`);
    },
  };
  try {
    return await work(tx);
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}
