/**
 * What the Supabase CLI does to a database: Supabase's roles and schemas (bootstrap), GoTrue's schema,
 * then supabase/migrations in order, recorded in supabase_migrations.schema_migrations, and the seed
 * files on a fresh database or a reset.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import type { StackConfig } from './config.ts';
import { adminUrl, databaseName, databaseUrl, ROLE_PASSWORD, SUPERUSER } from './postgres.ts';

const bootstrapDir = join(import.meta.dirname, 'bootstrap');
const MIGRATION_FILE = /^(\d+)_(.+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  file: string;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Supabase's roles, schemas, grants and GoTrue's tables. Idempotent: runs on every start. */
export async function bootstrap(config: StackConfig): Promise<void> {
  await withClient(adminUrl(config), async (client) => {
    // One bootstrap at a time, even when two stacks share a DATABASE_URL.
    await client.query('select pg_advisory_lock(5432001)');
    try {
      await client.query(readFileSync(join(bootstrapDir, 'roles.sql'), 'utf8'));
      const { rows } = await client.query<{ me: string }>('select current_user as me');
      for (const role of ['postgres', 'authenticator', 'supabase_auth_admin']) {
        // Never change the password of the user DATABASE_URL connects as.
        if (role === rows[0].me) continue;
        await client.query(`alter role ${role} password ${client.escapeLiteral(ROLE_PASSWORD)}`);
      }
      const authSql = join(bootstrapDir, 'auth.sql');
      if (existsSync(authSql)) {
        // GoTrue creates its own tables as the role it connects as.
        await client.query('begin');
        await client.query('set local role supabase_auth_admin');
        await client.query(readFileSync(authSql, 'utf8'));
        await client.query('commit');
      }
      await client.query(readFileSync(join(bootstrapDir, 'auth-grants.sql'), 'utf8'));
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      await client.query('select pg_advisory_unlock(5432001)');
    }
  });
}

export function listMigrations(config: StackConfig): Migration[] {
  const dir = join(config.supabaseDir, 'migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) {
        throw new Error(`Migration file ${file} must be named <timestamp>_<name>.sql, like the Supabase CLI's.`);
      }
      return { version: match[1], name: match[2], file: join(dir, file) };
    });
}

/**
 * Applies pending migrations as `postgres`, each in its own transaction, recording each as the CLI does.
 * Returns the migrations applied.
 */
export async function migrate(config: StackConfig, log: (line: string) => void = () => {}): Promise<Migration[]> {
  const migrations = listMigrations(config);
  return withClient(databaseUrl(config, 'postgres'), async (client) => {
    await client.query('select pg_advisory_lock(5432002)');
    try {
      const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      const pending = migrations.filter((m) => !applied.has(m.version));
      for (const [i, migration] of pending.entries()) {
        log(`applying migration ${i + 1}/${pending.length} ${basename(migration.file)}`);
        const sql = readFileSync(migration.file, 'utf8');
        try {
          await client.query('begin');
          await client.query(sql);
          await client.query(
            'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
            [migration.version, migration.name, [sql]],
          );
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw new Error(`Migration ${basename(migration.file)} failed: ${describePgError(error)}`);
        }
      }
      if (pending.length > 0) await client.query(`notify pgrst, 'reload schema'`);
      return pending;
    } finally {
      await client.query('select pg_advisory_unlock(5432002)');
    }
  });
}

/** Runs the seed files that have not run on this database yet (the CLI records them in seed_files). */
export async function seed(config: StackConfig, log: (line: string) => void = () => {}): Promise<string[]> {
  const files = config.seedPaths.filter((file) => existsSync(file));
  return withClient(databaseUrl(config, 'postgres'), async (client) => {
    await client.query(`
      create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null)`);
    const ran: string[] = [];
    for (const file of files) {
      const sql = readFileSync(file, 'utf8');
      const path = basename(file);
      const { rowCount } = await client.query('select 1 from supabase_migrations.seed_files where path = $1', [path]);
      if (rowCount) continue;
      log(`seeding data from ${path}`);
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query('insert into supabase_migrations.seed_files (path, hash) values ($1, $2)', [
          path,
          createHash('sha256').update(sql).digest('hex'),
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Seed file ${path} failed: ${describePgError(error)}`);
      }
      ran.push(path);
    }
    return ran;
  });
}

/** Drops and recreates the database, then bootstrap, migrations and seed: `supabase db reset`. */
export async function resetDatabase(config: StackConfig, log: (line: string) => void = () => {}): Promise<void> {
  const name = databaseName(config);
  const maintenance = new URL(adminUrl(config));
  maintenance.pathname = name === 'template1' ? '/postgres' : '/template1';
  log(`recreating database ${name}`);
  await withClient(maintenance.toString(), async (client) => {
    const ident = client.escapeIdentifier(name);
    await client.query(`drop database if exists ${ident} with (force)`);
    await client.query(`create database ${ident}`);
  });
  await bootstrap(config);
  await migrate(config, log);
  await seed(config, log);
}

export function describePgError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { message: string; detail?: string; hint?: string; position?: string; where?: string };
    return [e.message, e.detail && `detail: ${e.detail}`, e.hint && `hint: ${e.hint}`, e.where && `where: ${e.where}`]
      .filter(Boolean)
      .join('; ');
  }
  return String(error);
}

export { SUPERUSER };
