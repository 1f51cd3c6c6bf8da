/**
 * The schema's safety rules, checked against the live catalog after every migration has run. A table,
 * view, policy or function that breaks one fails here by name.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from './support/db.ts';
import { lintFindings, type Rule } from './support/lint.ts';

describe('schema lint', () => {
  it('finds nothing in the schema the migrations build', async () => {
    const findings = await inTransaction(lintFindings);
    const broken = Object.fromEntries(Object.entries(findings).filter(([, names]) => names.length > 0));
    expect(broken).toEqual({});
  });

  it('catches each rule on a deliberately broken object (created and rolled back)', async () => {
    const findings = await inTransaction(async (tx) => {
      await tx.query(`create table public.lint_probe (id int, owner uuid)`);
      await tx.query(`create table public.lint_probe_rls (id int, owner uuid)`);
      await tx.query(`alter table public.lint_probe_rls enable row level security`);
      await tx.query(`create policy "unwrapped" on public.lint_probe_rls for select to authenticated using (auth.uid() = owner)`);
      await tx.query(`create policy "everyone" on public.lint_probe_rls for update to authenticated using (true)`);
      await tx.query(`create policy "all at once" on public.lint_probe_rls for all to authenticated using ((select auth.uid()) = owner)`);
      await tx.query(
        `create policy "metadata" on public.lint_probe_rls for delete to authenticated using ((select auth.jwt()) -> 'user_metadata' ->> 'admin' = 'yes')`,
      );
      await tx.query(`create function public.lint_probe_definer() returns int language sql security definer set search_path = '' as 'select 1'`);
      await tx.query(`create function public.lint_probe_path() returns int language sql as 'select 1'`);
      await tx.query(`create view public.lint_probe_view as select 1 as one`);
      await tx.query(`create function private.lint_probe_open() returns int language sql set search_path = '' as 'select 1'`);
      return lintFindings(tx);
    });
    const expected: Record<Rule, string> = {
      'table without RLS': 'public.lint_probe',
      'policy calling auth.*() unwrapped': 'public.lint_probe_rls: unwrapped',
      'policy using (true) on personal data': 'public.lint_probe_rls: everyone',
      'policy for all operations': 'public.lint_probe_rls: all at once',
      'policy reading user_metadata': 'public.lint_probe_rls: metadata',
      'security definer function in an exposed schema': 'public.lint_probe_definer',
      'function without a fixed search_path': 'public.lint_probe_path',
      'view without security_invoker': 'public.lint_probe_view',
      'private function executable by everyone': 'private.lint_probe_open',
    };
    for (const [rule, name] of Object.entries(expected) as [Rule, string][]) {
      expect(findings[rule].some((found) => found.startsWith(name)), `${rule} should name ${name}`).toBe(true);
    }
  });
});
