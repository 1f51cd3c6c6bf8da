/**
 * Helpers for the RLS matrix: what an actor sees, and which rows an update or delete really touched.
 * A denied update or delete affects no row without an error, so the checks count rows and then look
 * at the row again as the owner to prove it is unchanged.
 */
import type { Actor, Tx } from './db.ts';

/** The keys (named by `names`) of the rows of `table` that `actor` can select, or 'denied' if selecting errs. */
export async function visibleTo(tx: Tx, actor: Actor, table: string, names: Record<string, string>, key = 'id'): Promise<string[] | 'denied'> {
  await tx.as(actor);
  const ids = Object.values(names);
  const error = await tx.fails(`select 1 from ${table} limit 0`).catch(() => undefined);
  if (error) {
    await tx.asOwner();
    return 'denied';
  }
  const rows = await tx.query<{ k: string }>(`select ${key}::text as k from ${table} where ${key}::text = any($1)`, [ids]);
  await tx.asOwner();
  const byId = Object.fromEntries(Object.entries(names).map(([name, id]) => [id, name]));
  return rows.map((r) => byId[r.k]).sort();
}

/**
 * Runs `statement` (with $1 = the row's key) as `actor` against each named row, inside a savepoint that
 * is rolled back, and returns the names of the rows it changed. Rows it did not change are checked to be
 * exactly as before.
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
      if ((error as { code?: string }).code === '42501') {
        if (Object.keys(names)[0] === name) return 'denied';
        continue;
      }
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
