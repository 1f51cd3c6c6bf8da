/**
 * The schema's safety rules (STYLE.md, Database) as catalog queries. Each returns the names of the
 * objects that break it; schema-lint.test.ts wants every list empty.
 */
import type { Tx } from './db.ts';

/** The schemas PostgREST exposes (config.toml [api] schemas). */
export const EXPOSED = ['public', 'graphql_public'];
/** Tables of non-personal reference data, where a policy may read `using (true)`. */
export const REFERENCE_DATA = ['states', 'districts', 'place_of_birth_codes', 'outbreaks'];
/** Objects the stack's own tests put in the shared test database; not the product's. */
export const NOT_OURS = `not (c.relname like 'stack\\_test\\_%' or c.relname like 'stack\\_bench\\_%')`;

const POLICIES = `
  select p.schemaname || '.' || p.tablename || ': ' || p.policyname as name, p.tablename, p.cmd,
         coalesce(p.qual, '') as qual, coalesce(p.with_check, '') as with_check
  from pg_policies p
  join pg_namespace n on n.nspname = p.schemaname
  join pg_class c on c.relname = p.tablename and c.relnamespace = n.oid
  where p.schemaname = any($1) and ${NOT_OURS}`;

interface Policy {
  name: string;
  tablename: string;
  cmd: string;
  qual: string;
  with_check: string;
}

export type Rule =
  | 'table without RLS'
  | 'policy calling auth.*() unwrapped'
  | 'policy using (true) on personal data'
  | 'policy for all operations'
  | 'policy reading user_metadata'
  | 'security definer function in an exposed schema'
  | 'function without a fixed search_path'
  | 'view without security_invoker'
  | 'private function executable by everyone';

export async function lintFindings(tx: Tx): Promise<Record<Rule, string[]>> {
  const names = async (sql: string) => (await tx.query<{ name: string }>(sql, [EXPOSED])).map((r) => r.name);
  const policies = await tx.query<Policy & Record<string, unknown>>(POLICIES, [EXPOSED]);
  const text = (p: Policy) => `${p.qual} ${p.with_check}`;
  return {
    'table without RLS': await names(`
      select n.nspname || '.' || c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any($1) and not c.relrowsecurity and ${NOT_OURS}`),
    // Wrapped in a scalar subquery, auth.uid() runs once per statement instead of once per row.
    'policy calling auth.*() unwrapped': policies
      .filter((p) => /(?<!SELECT )auth\.(uid|jwt|role|email)\(\)/.test(text(p)))
      .map((p) => `${p.name}: ${text(p).trim()}`),
    'policy using (true) on personal data': policies
      .filter((p) => (p.qual.trim() === 'true' || p.with_check.trim() === 'true') && !REFERENCE_DATA.includes(p.tablename))
      .map((p) => p.name),
    'policy for all operations': policies.filter((p) => p.cmd === 'ALL').map((p) => p.name),
    'policy reading user_metadata': policies.filter((p) => /user_metadata|raw_user_meta_data/i.test(text(p))).map((p) => p.name),
    'security definer function in an exposed schema': await names(`
      select n.nspname || '.' || p.proname as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any($1) and p.prosecdef
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`),
    'function without a fixed search_path': await names(`
      select n.nspname || '.' || p.proname as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where (n.nspname = any($1) or n.nspname = 'private')
        and p.proname not like 'stack\\_test\\_%'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) setting where setting like 'search\\_path=%')`),
    'private function executable by everyone': await names(`
      select 'private.' || p.proname as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'private' and n.nspname <> all ($1)
        and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))`),
    'view without security_invoker': await names(`
      select n.nspname || '.' || c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('v', 'm') and n.nspname = any($1) and ${NOT_OURS}
        and not coalesce(c.reloptions::text[] && array['security_invoker=on', 'security_invoker=true', 'security_invoker=1'], false)`),
  };
}
