/**
 * Helpers for the RLS matrix: what an actor sees, and which rows an update or delete really touched.
 * A denied update or delete affects no row without an error, so the checks count rows and then look
 * at the row again as the owner to prove it is unchanged.
 */
import type { Actor, Tx } from './db.ts';

/** The keys (named by `names`) of the rows of `table` that `actor` can select, or 'denied' if selecting errs. */
export async function visibleTo(tx: Tx, actor: Actor, table: string, names: Record<string, string>, key = 'id'): Promise<string[] | 'denied'> {
  // Compared in the key's own type: a cast to text is not leakproof, so Postgres would check the policies
  // on every row of the table before filtering, instead of finding the named rows by their index.
  await tx.asOwner();
  // A column's type from the catalog (a view may show its owner no row); an expression's is text.
  const [column] = await tx.query<{ type: string }>(
    `select format_type(a.atttypid, a.atttypmod) as type from pg_catalog.pg_attribute a where a.attrelid = $1::regclass and a.attname = $2`,
    [table, key],
  );
  const type = column?.type ?? 'text';
  await tx.as(actor);
  const ids = Object.values(names);
  const error = await tx.fails(`select 1 from ${table} limit 0`).catch(() => undefined);
  if (error) {
    await tx.asOwner();
    return 'denied';
  }
  const rows = await tx.query<{ k: string }>(`select ${key}::text as k from ${table} where ${key} = any($1::text[]::${type}[])`, [ids]);
  await tx.asOwner();
  const byId = Object.fromEntries(Object.entries(names).map(([name, id]) => [id, name]));
  return rows.map((r) => byId[r.k]).sort();
}

/**
 * Runs `statement` (with $1 = the row's key) as `actor` against each named row, inside a savepoint that
 * is rolled back, and returns the names of the rows it changed. Rows it did not change are checked to be
 * exactly as before. A row the database's own rules refuse to change (a check, such as the trigger that
 * freezes a published version, or a foreign key still pointing at it) counts as not changed.
 */
export async function changedBy(
  tx: Tx,
  actor: Actor,
  table: string,
  statement: string,
  names: Record<string, string>,
  key = 'id',
): Promise<string[] | 'denied'> {
  const changed: string[] = [];
  for (const [name, id] of Object.entries(names)) {
    await tx.asOwner();
    const [before] = await tx.query(`select to_jsonb(t) as row from ${table} t where ${key}::text = $1`, [id]);
    await tx.query('savepoint matrix');
    await tx.as(actor);
    let count = 0;
    try {
      count = (await tx.query(`with changed as (${statement} returning 1) select count(*)::int as n from changed`, [id]))[0].n as number;
    } catch (error) {
      await tx.query('rollback to savepoint matrix');
      await tx.asOwner();
      const code = (error as { code?: string }).code;
      if (code === '42501') {
        if (Object.keys(names)[0] === name) return 'denied';
        continue;
      }
      if (code === '23514' || code === '23503') continue;
      throw error;
    }
    await tx.asOwner();
    const [after] = await tx.query(`select to_jsonb(t) as row from ${table} t where ${key}::text = $1`, [id]);
    if (count > 0) changed.push(name);
    else if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`${name} changed although no row was reported`);
    await tx.query('rollback to savepoint matrix');
  }
  await tx.asOwner();
  return changed.sort();
}

/** SQLSTATEs that mean the database refused an insert: no privilege or policy, a missing value, a duplicate, a check. */
const REFUSED = ['42501', '23502', '23505', '23514'];

/**
 * Runs each named insert attempt as `actor`, each undone before the next, and returns the names of those
 * that succeeded. An attempt failing for any other reason (a typo, a wrong type) is a broken test, and throws.
 */
export async function insertsBy(tx: Tx, actor: Actor, attempts: Record<string, [sql: string, params?: unknown[]]>): Promise<string[]> {
  const succeeded: string[] = [];
  for (const [name, [sql, params]] of Object.entries(attempts)) {
    await tx.as(actor);
    const error = await tx.fails(sql, params).catch(() => undefined);
    await tx.asOwner();
    if (!error) succeeded.push(name);
    else if (!REFUSED.includes(error.code ?? '')) throw new Error(`insert attempt ${name} failed unexpectedly: ${error.message}`);
  }
  return succeeded.sort();
}
