/**
 * Where the tests find the stack. By default they start their own instance on separate ports with its
 * own data folder, so a developer's running stack and its data are never touched; with
 * SEJAHTERA_TEST_STACK=running they use the stack already running on the default ports instead.
 * With DATABASE_URL set, the test stack runs on that Postgres.
 */
import { join } from 'node:path';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../src/keys.ts';

export const projectDir = join(import.meta.dirname, '..', '..', '..');
const ownStack = process.env.SEJAHTERA_TEST_STACK !== 'running';

export const ports = ownStack ? { api: 55321, db: 55322, inbox: 55324 } : { api: 54321, db: 54322, inbox: 54324 };

/** Environment that points the stack's CLI at the test instance. */
export const stackEnv: Record<string, string> = ownStack
  ? {
      SEJAHTERA_PROJECT_DIR: projectDir,
      SEJAHTERA_DATA_DIR: join(projectDir, '.sejahtera', 'test'),
      SEJAHTERA_API_PORT: String(ports.api),
      SEJAHTERA_DB_PORT: String(ports.db),
      SEJAHTERA_INBOX_PORT: String(ports.inbox),
      SEJAHTERA_CONFIG_OVERLAY: join(import.meta.dirname, 'fixtures', 'config-overlay.toml'),
      SEJAHTERA_EXTRA_FUNCTIONS_DIRS: join(import.meta.dirname, 'fixtures', 'functions'),
    }
  : { SEJAHTERA_PROJECT_DIR: projectDir };

export const API_URL = `http://127.0.0.1:${ports.api}`;
export const INBOX_URL = `http://127.0.0.1:${ports.inbox}`;
export const ANON_KEY = LOCAL_ANON_KEY;
export const SERVICE_ROLE_KEY = LOCAL_SERVICE_ROLE_KEY;
export const JWT_SECRET = LOCAL_JWT_SECRET;

/** The database as `postgres` (the role migrations run as). */
export function databaseUrlFor(role = 'postgres'): string {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    if (decodeURIComponent(url.username) !== role) {
      url.username = role;
      url.password = process.env.SEJAHTERA_DB_PASSWORD ?? 'postgres';
    }
    return url.toString();
  }
  return `postgresql://${role}:postgres@127.0.0.1:${ports.db}/postgres`;
}
