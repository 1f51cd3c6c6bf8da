/**
 * What the stack does to a database, as the Supabase CLI does: Supabase's roles, the schema-cache
 * reload trigger, migrations applied in order and recorded, a failing migration leaving nothing, reset
 * and seed. Migrations run against a fresh database of their own through DATABASE_URL.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStackCli } from '../src/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ANON_KEY, API_URL, db } from './support.ts';
import { ports, projectDir } from './env.ts';


describe('bootstrap', () => {
  it('creates Supabase\'s roles with Supabase\'s attributes', async () => {
    const client = await db();
    const { rows } = await client.query<{ rolname: string; rolsuper: boolean; rolinherit: boolean; rolcanlogin: boolean; rolbypassrls: boolean }>(
      `select rolname, rolsuper, rolinherit, rolcanlogin, rolbypassrls from pg_roles
       where rolname in ('anon', 'authenticated', 'service_role', 'authenticator', 'postgres', 'supabase_auth_admin')`,
    );
    await client.end();
    const role = Object.fromEntries(rows.map((r) => [r.rolname, r]));
    expect(role.anon).toMatchObject({ rolcanlogin: false, rolinherit: false, rolbypassrls: false });
    expect(role.authenticated).toMatchObject({ rolcanlogin: false, rolinherit: false, rolbypassrls: false });
    expect(role.service_role).toMatchObject({ rolcanlogin: false, rolbypassrls: true });
    expect(role.authenticator).toMatchObject({ rolcanlogin: true, rolinherit: false, rolsuper: false });
    expect(role.supabase_auth_admin).toMatchObject({ rolcanlogin: true, rolsuper: false });
    if (!process.env.DATABASE_URL) expect(role.postgres).toMatchObject({ rolsuper: false, rolbypassrls: true, rolcanlogin: true });
  });

  it('gives policies auth.uid(), auth.role(), auth.email() and auth.jwt() from the request claims', async () => {
    const client = await db();
    await client.query('begin');
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: '7a1f0b1e-3c1d-4d9e-9a52-4a0f3b1c2d3e', role: 'authenticated', email: 'a@example.test' }),
    ]);
    const { rows } = await client.query('select auth.uid() as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> \'sub\' as sub');
    await client.query('rollback');
    await client.end();
    expect(rows[0]).toEqual({
      uid: '7a1f0b1e-3c1d-4d9e-9a52-4a0f3b1c2d3e',
      role: 'authenticated',
      email: 'a@example.test',
      sub: '7a1f0b1e-3c1d-4d9e-9a52-4a0f3b1c2d3e',
    });
  });

  it('gives SQL the app.settings that Supabase\'s PostgREST sets', async () => {
    const res = await fetch(`${API_URL}/rest/v1/rpc/stack_test_jwt_exp`, { method: 'POST', headers: { apikey: ANON_KEY } });
    expect(res.status).toBe(200);
    expect(await res.json()).toBe('3600');
  });

  it('reloads PostgREST\'s schema cache after DDL, without a manual notify', async () => {
    const table = `stack_test_ddl_${Date.now().toString(36)}`;
    const client = await db();
    await client.query(`create table public.${table} (id int primary key); insert into public.${table} values (1)`);
    try {
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${API_URL}/rest/v1/${table}?select=id`, { headers: { apikey: ANON_KEY } })).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
    } finally {
      await client.query(`drop table public.${table}`);
      await client.end();
    }
  });
});

describe('migrations, seed and reset (on a database of their own)', { timeout: 60_000 }, () => {
  const database = `stack_test_migrations_${Date.now().toString(36)}`;
  const adminUrl = new URL(process.env.DATABASE_URL ?? `postgresql://supabase_admin:postgres@127.0.0.1:${ports.db}/postgres`);
  const project = mkdtempSync(join(projectDir, '.sejahtera', 'migrations-'));
  const migrations = join(project, 'supabase', 'migrations');
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;

  const stack = (...args: string[]) =>
    runStackCli(
      args,
      { ...process.env, SEJAHTERA_PROJECT_DIR: project, DATABASE_URL: url.toString(), SEJAHTERA_DATA_DIR: join(project, '.data') },
      project,
    );


  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    mkdirSync(migrations, { recursive: true });
    cpSync(join(projectDir, 'supabase', 'config.toml'), join(project, 'supabase', 'config.toml'));
    writeFileSync(join(migrations, '20240101000000_create_wards.sql'), 'create table public.wards (id int primary key, name text not null);');
    writeFileSync(join(migrations, '20240102000000_add_ward_state.sql'), "alter table public.wards add column state text not null default 'Selangor';");
    writeFileSync(join(project, 'supabase', 'seed.sql'), "insert into public.wards (id, name) values (1, 'Ward 1');");
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
  });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    rmSync(project, { recursive: true, force: true });
  });

  it('applies migrations in order as postgres and records each as the CLI does', async () => {
    const result = await stack('migrate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Applied 2 migration(s)');
    const recorded = await query<{ version: string; name: string }>('select version, name from supabase_migrations.schema_migrations order by version');
    expect(recorded).toEqual([
      { version: '20240101000000', name: 'create_wards' },
      { version: '20240102000000', name: 'add_ward_state' },
    ]);
    const [owner] = await query<{ owner: string }>("select tableowner as owner from pg_tables where tablename = 'wards'");
    expect(owner.owner).toBe('postgres');
  });

  it('applies nothing twice', async () => {
    const result = await stack('migrate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('up to date');
  });

  it('names a failing migration and leaves nothing of it behind', async () => {
    writeFileSync(
      join(migrations, '20240103000000_broken.sql'),
      'create table public.half_done (id int);\nalter table public.wards add column oops nosuchtype;',
    );
    const result = await stack('migrate');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('20240103000000_broken.sql failed');
    expect(result.stderr).toContain('type "nosuchtype" does not exist');
    expect(await query("select 1 from pg_tables where tablename = 'half_done'")).toHaveLength(0);
    expect(await query("select 1 from supabase_migrations.schema_migrations where version = '20240103000000'")).toHaveLength(0);
    rmSync(join(migrations, '20240103000000_broken.sql'));
  });

  it('refuses a migration file not named like the CLI\'s', async () => {
    writeFileSync(join(migrations, 'add_things.sql'), 'select 1;');
    const result = await stack('migrate');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must be named <timestamp>_<name>.sql');
    rmSync(join(migrations, 'add_things.sql'));
  });

  it('reset recreates the database: bootstrap, every migration, then the seed', async () => {
    await query("insert into public.wards (id, name) values (99, 'left over')");
    const result = await stack('reset');
    expect(result.code, result.stderr).toBe(0);
    expect(await query('select id, name, state from public.wards order by id')).toEqual([{ id: 1, name: 'Ward 1', state: 'Selangor' }]);
    expect(await query<{ path: string }>('select path from supabase_migrations.seed_files')).toEqual([{ path: 'seed.sql' }]);
  });
});
