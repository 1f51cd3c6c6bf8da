/**
 * sejahtera-stack: start, stop, status [--json|-o env], reset, migrate. Like `supabase start` and
 * friends, without Docker.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import pg from 'pg';
import { loadConfig, type StackConfig } from './config.ts';
import { bootstrap, migrate, resetDatabase } from './database.ts';
import { adminUrl, databaseUrl, postmasterPid } from './postgres.ts';
import { isAlive, lockFile, lockHolder, logDir, logFile, readState, removeState, type StackState } from './state.ts';

const USAGE = `Usage: sejahtera-stack <command>

Commands:
  start [--no-seed]     start Postgres, PostgREST, Auth, functions, the gateway and the inbox in the background;
                        applies pending migrations and, on a fresh database, supabase/seed.sql
  stop                  stop everything the stack started
  status [--json | -o env]
                        show whether each part runs, with URLs and keys
  reset                 recreate the database: bootstrap, every migration, then the seed (like supabase db reset)
  migrate               apply pending migrations from supabase/migrations
  logs [part]           show where the logs are, or the end of one part's log (e.g. logs scheduler)
  jobs                  list the scheduled jobs (private.job_schedule) with their last runs
  jobs run <name>       run a job now, as the schedule would (e.g. jobs run daily_reports)

Environment: DATABASE_URL uses that Postgres (15+) instead of the embedded one.`;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function running(config: StackConfig): StackState | undefined {
  const state = readState(config);
  return state && state.pid === lockHolder(config) ? state : undefined;
}

function urls(config: StackConfig) {
  const api = `http://${config.host}:${config.apiPort}`;
  return {
    API_URL: api,
    REST_URL: `${api}/rest/v1`,
    AUTH_URL: `${api}/auth/v1`,
    FUNCTIONS_URL: `${api}/functions/v1`,
    DB_URL: config.databaseUrl ? redactUrl(config.databaseUrl) : databaseUrl(config, 'postgres'),
    INBUCKET_URL: `http://${config.host}:${config.inboxPort}`,
    JWT_SECRET: config.jwtSecret,
    ANON_KEY: config.anonKey,
    SERVICE_ROLE_KEY: config.serviceRoleKey,
    PUBLISHABLE_KEY: config.publishableKey,
    SECRET_KEY: config.secretKey,
  };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}

/**
 * Ends what a daemon that died without cleaning up left behind, as its last state recorded it: Deno
 * workers, PostgREST, and the Postgres server of the data folder. Touches nothing while a live daemon
 * holds the folder, so it can never take down a stack that another command has just started.
 */
async function cleanUpAfter(config: StackConfig, snapshot: StackState | undefined): Promise<boolean> {
  if (lockHolder(config)) return false;
  const pids = [...(snapshot?.workerPids ?? []), snapshot?.parts.postgrest?.pid].filter((p): p is number => isAlive(p));
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  const postmaster = config.databaseUrl ? undefined : postmasterPid(config);
  const postgresLeft = postmaster !== undefined && isAlive(postmaster);
  if (postgresLeft) {
    console.log('Stopping a Postgres server left running by an earlier stack...');
    process.kill(postmaster, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(postmaster); i++) await sleep(100);
  }
  if (!lockHolder(config)) {
    removeState(config);
    rmSync(lockFile(config), { force: true });
  }
  return pids.length > 0 || postgresLeft || snapshot !== undefined;
}

async function start(config: StackConfig, args: string[]) {
  const holder = lockHolder(config);
  if (holder) {
    const state = readState(config);
    if (state?.status === 'running' && state.pid === holder) {
      console.log(pc.green('The Sejahtera stack is already running.'));
      await status(config, []);
      return 0;
    }
    console.error(`The stack is ${state?.status ?? 'starting'} (pid ${holder}); wait for it, or run \`sejahtera-stack stop\`.`);
    return 1;
  }
  await cleanUpAfter(config, readState(config));

  mkdirSync(logDir(config), { recursive: true });
  const began = Date.now();
  if (!config.databaseUrl) {
    const { initCluster } = await import('./initdb.ts');
    const initLog = openSync(logFile(config, 'postgres'), 'a');
    const created = await initCluster(config, (line) => appendFileSync(initLog, `[initdb] ${line}\n`));
    closeSync(initLog);
    if (created) console.log(pc.dim('  created a new Postgres 17 cluster'));
  }
  const out = openSync(logFile(config, 'stack'), 'a');
  const daemon = spawn(process.execPath, [join(import.meta.dirname, 'daemon.ts'), ...args], {
    cwd: config.projectDir,
    detached: true,
    stdio: ['ignore', out, out, 'ipc'],
    env: { ...process.env, SEJAHTERA_PROJECT_DIR: config.projectDir },
  });
  closeSync(out);
  const outcome = await new Promise<{ ok: boolean; message?: string }>((resolve) => {
    daemon.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'progress' && message.message !== 'ready') console.log(pc.dim(`  ${message.message}`));
      if (message.type === 'ready') resolve({ ok: true });
      if (message.type === 'error') resolve({ ok: false, message: message.message });
    });
    daemon.once('exit', (code) => resolve({ ok: false, message: `the stack exited with code ${code} while starting` }));
  });
  if (!outcome.ok && daemon.exitCode === null) {
    // The daemon is undoing what it started: wait, so nothing half-started outlives this command.
    await new Promise((resolve) => {
      daemon.once('exit', resolve);
      setTimeout(resolve, 30_000);
    });
  }
  daemon.removeAllListeners();
  if (daemon.connected) daemon.disconnect();
  daemon.unref();
  if (!outcome.ok) {
    console.error(pc.red(`Failed to start the Sejahtera stack: ${outcome.message}`));
    console.error(`Logs: ${logDir(config)}`);
    return 1;
  }
  console.log(pc.green(`Started the Sejahtera stack in ${((Date.now() - began) / 1000).toFixed(1)} s.`));
  await status(config, []);
  return 0;
}

async function stop(config: StackConfig) {
  const snapshot = readState(config);
  const holder = lockHolder(config);
  if (!holder) {
    const cleaned = await cleanUpAfter(config, snapshot);
    console.log(cleaned ? 'Cleaned up what a stopped stack left behind.' : 'The Sejahtera stack is not running.');
    return 0;
  }
  // The daemon stops its own parts; only if it cannot is it killed and its parts ended from here.
  process.kill(holder, 'SIGTERM');
  for (let i = 0; i < 300 && isAlive(holder); i++) await sleep(100);
  if (isAlive(holder)) {
    console.error('The stack did not stop within 30 s; killing it.');
    process.kill(holder, 'SIGKILL');
    for (let i = 0; i < 50 && isAlive(holder); i++) await sleep(100);
  }
  await cleanUpAfter(config, snapshot?.pid === holder ? snapshot : undefined);
  console.log('Stopped the Sejahtera stack.');
  return 0;
}

async function probe(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

async function status(config: StackConfig, args: string[]) {
  const state = running(config);
  const values = urls(config);
  const json = args.includes('--json') || (args.includes('-o') && args[args.indexOf('-o') + 1] === 'json');
  const env = args.includes('-o') && args[args.indexOf('-o') + 1] === 'env';
  const api = values.API_URL;
  const health = state
    ? {
        postgres: await pgAlive(config),
        postgrest: await probe(`http://${config.host}:${config.postgrestAdminPort}/ready`),
        auth: await probe(`${api}/auth/v1/health`, { apikey: config.anonKey }),
        gateway: await probe(`${api}/rest/v1/`, { apikey: config.anonKey }),
        inbox: await probe(`${values.INBUCKET_URL}/api/messages?to=status-probe`),
        functions: state.parts.functions?.status === 'running',
        scheduler: state.parts.scheduler?.status === 'running',
      }
    : undefined;
  if (json || env) {
    const out = { ...values, RUNNING: Boolean(state), PARTS: state ? { ...state.parts } : undefined, HEALTH: health };
    if (json) console.log(JSON.stringify(out, null, 2));
    else for (const [k, v] of Object.entries(values)) console.log(`${k}="${v}"`);
    return state ? 0 : 1;
  }
  if (!state) {
    console.log('The Sejahtera stack is not running. Start it with `npm start` (or `npm run stack -- start`).');
    return 1;
  }
  const part = (name: keyof NonNullable<typeof health>) => {
    const s = state.parts[name];
    const ok = health![name];
    if (ok) return pc.green('running');
    const how = s?.status === 'exited' ? `exited (${s.signal ?? `code ${s.exitCode}`}) at ${s.exitedAt}` : (s?.status ?? 'not answering');
    return pc.red(`${how}; log: ${s?.log ?? logFile(config, name)}`);
  };
  const rows: [string, string][] = [
    ['API URL', values.API_URL],
    ['REST URL', values.REST_URL],
    ['Auth URL', values.AUTH_URL],
    ['Functions URL', values.FUNCTIONS_URL],
    ['DB URL', values.DB_URL],
    ['Inbucket URL', values.INBUCKET_URL],
    ['JWT secret', values.JWT_SECRET],
    ['anon key', values.ANON_KEY],
    ['service_role key', values.SERVICE_ROLE_KEY],
    ['Publishable key', values.PUBLISHABLE_KEY],
    ['Secret key', values.SECRET_KEY],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padStart(width)}: ${v}`);
  console.log();
  const parts: [string, keyof NonNullable<typeof health>][] = [
    ['Postgres', 'postgres'],
    ['PostgREST', 'postgrest'],
    ['Auth', 'auth'],
    ['Functions', 'functions'],
    ['Gateway', 'gateway'],
    ['Inbox', 'inbox'],
    ['Scheduler', 'scheduler'],
  ];
  for (const [label, name] of parts) console.log(`${label.padStart(width)}: ${part(name)}`);
  const allUp = Object.values(health!).every(Boolean);
  return allUp ? 0 : 1;
}

async function pgAlive(config: StackConfig): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl(config), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function requireDatabase(config: StackConfig): boolean {
  if (config.databaseUrl || running(config)) return true;
  console.error('The stack is not running: start it first (`npm start`), or set DATABASE_URL.');
  return false;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config, args);
    case 'stop':
      return stop(config);
    case 'status':
      return status(config, args);
    case 'migrate': {
      if (!requireDatabase(config)) return 1;
      await bootstrap(config);
      const applied = await migrate(config, (line) => console.log(pc.dim(`  ${line}`)));
      console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'The database is up to date.');
      return 0;
    }
    case 'reset': {
      if (!requireDatabase(config)) return 1;
      await resetDatabase(config, (line) => console.log(pc.dim(`  ${line}`)));
      console.log('Reset the database.');
      return 0;
    }
    case 'jobs': {
      if (!requireDatabase(config)) return 1;
      const { describeJobs, runJobNow } = await import('./scheduler.ts');
      if (args[0] === 'run') {
        if (!args[1]) {
          console.error('Usage: sejahtera-stack jobs run <name>');
          return 1;
        }
        console.log(pc.dim(`  running ${args[1]}...`));
        const outcome = await runJobNow(config, args[1]);
        console.log(JSON.stringify(outcome.details, null, 2));
        console.log(outcome.succeeded ? pc.green(`${args[1]}: done.`) : pc.red(`${args[1]}: failed.`));
        return outcome.succeeded ? 0 : 1;
      }
      if (args[0] && args[0] !== 'list') {
        console.error(`Unknown jobs command "${args[0]}": use \`jobs\` or \`jobs run <name>\`.`);
        return 1;
      }
      for (const job of await describeJobs(config)) {
        const last = job.last_run ? `last ${new Date(job.last_run).toISOString()} ${job.last_succeeded ? 'ok' : job.last_succeeded === false ? pc.red('failed') : 'running'}` : 'never run';
        console.log(`${pc.bold(job.name.padEnd(18))} ${job.schedule.padEnd(14)} ${job.enabled ? '' : pc.yellow('disabled ')}${pc.dim(last)}`);
        console.log(`  ${pc.dim(job.description)}`);
      }
      return 0;
    }
    case 'logs': {
      const part = args[0];
      if (!part) {
        console.log(logDir(config));
        return 0;
      }
      const file = logFile(config, part);
      if (!existsSync(file)) {
        console.error(`No log for "${part}" in ${logDir(config)}.`);
        return 1;
      }
      const { readFileSync } = await import('node:fs');
      console.log(readFileSync(file, 'utf8').split('\n').slice(-50).join('\n'));
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(pc.red(error.message));
    process.exit(1);
  },
);
