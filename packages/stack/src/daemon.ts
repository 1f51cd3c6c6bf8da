/**
 * The stack's background process, started by `sejahtera-stack start`: it runs Postgres, PostgREST and
 * the Deno workers as children, and Auth, the gateway and the inbox in itself. It tells the CLI how
 * starting goes over IPC, records every part in the state file, and reports a part that dies.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { getRequestListener } from '@hono/node-server';
import pg from 'pg';
import { loadConfig } from './config.ts';
import { bootstrap, migrate, seed } from './database.ts';
import { startPostgres, databaseUrl, type PostgresProcess } from './postgres.ts';
import { startPostgrest, type PostgrestProcess } from './postgrest.ts';
import { FunctionsRunner } from './functions.ts';
import { createGateway, sendJson, type RequestListener } from './gateway.ts';
import { Inbox } from './inbox.ts';
import { createInboxServer } from './inbox-server.ts';
import { createSmtpServer, type SmtpServer } from './inbox-smtp.ts';
import { Scheduler } from './scheduler.ts';
import { PushDispatchTrigger } from './push.ts';
import { acquireLock, logDir, logFile, releaseLock, removeState, writeState, type PartName, type StackState } from './state.ts';

const config = loadConfig();
const withSeed = !process.argv.includes('--no-seed');
mkdirSync(logDir(config), { recursive: true });
const stackLog = createWriteStream(logFile(config, 'stack'), { flags: 'a' });

function log(line: string) {
  stackLog.write(`${new Date().toISOString()} ${line}\n`);
}

function progress(message: string) {
  log(message);
  process.send?.({ type: 'progress', message });
}

const state: StackState = { pid: process.pid, status: 'starting', startedAt: new Date().toISOString(), parts: {} };
const save = () => writeState(config, state);

let postgres: PostgresProcess | undefined;
let postgrest: PostgrestProcess | undefined;
let functions: FunctionsRunner | undefined;
let pool: pg.Pool | undefined;
let scheduler: Scheduler | undefined;
let push: PushDispatchTrigger | undefined;
let smtp: SmtpServer | undefined;
const servers: Server[] = [];
let stopping = false;

function watch(part: PartName, child: ChildProcess, onExit?: () => void) {
  state.parts[part] = { ...state.parts[part], status: 'running', pid: child.pid, log: logFile(config, part) };
  child.once('exit', (code, signal) => {
    if (stopping) return;
    state.parts[part] = { ...state.parts[part], status: 'exited', exitCode: code, signal, exitedAt: new Date().toISOString() };
    log(`${part} exited unexpectedly (${signal ?? `code ${code}`}); see ${logFile(config, part)}`);
    save();
    onExit?.();
  });
}

/** PostgREST holds no state of its own: when it dies it is restarted, a few times, and each restart is recorded. */
async function runPostgrest(restarts = 0) {
  state.parts.postgrest = { status: restarts ? 'restarting' : 'starting', restarts, log: logFile(config, 'postgrest') };
  postgrest = await startPostgrest(config, logFile(config, 'postgrest'));
  watch('postgrest', postgrest.child, () => {
    if (restarts >= 5) return;
    setTimeout(() => {
      runPostgrest(restarts + 1).then(save, (error) => log(`PostgREST restart failed: ${error.message}`));
    }, 1000 * 2 ** restarts);
  });
  state.parts.postgrest!.restarts = restarts;
}

async function listen(server: Server, port: number, what: string) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} (${what}) is already in use by another program.`) : error),
    );
    server.listen(port, config.host, () => resolve());
  });
  servers.push(server);
}

async function loadAuth(authPool: pg.Pool, inbox: Inbox): Promise<RequestListener> {
  const authLog = createWriteStream(logFile(config, 'auth'), { flags: 'a' });
  const { createAuthApp } = await import('./auth/index.ts');
  const app = createAuthApp({
    pool: authPool,
    config,
    inbox,
    log: (line: string) => authLog.write(`${new Date().toISOString()} ${line}\n`),
  });
  const listener = getRequestListener(app.fetch);
  return (req, res) => {
    listener(req, res).catch((error: Error) => sendJson(res, 500, { code: 500, error_code: 'unexpected_failure', msg: error.message }));
  };
}

async function start() {
  save();
  if (config.databaseUrl) {
    state.parts.postgres = { status: 'external' };
    progress('using the Postgres at DATABASE_URL');
  } else {
    state.parts.postgres = { status: 'starting', log: logFile(config, 'postgres') };
    progress('starting Postgres');
    postgres = await startPostgres(config, logFile(config, 'postgres'));
    watch('postgres', postgres.child);
  }
  progress('bootstrapping roles, schemas and the auth schema');
  await bootstrap(config);
  const applied = await migrate(config, progress);
  if (applied.length) progress(`applied ${applied.length} migration(s)`);
  if (withSeed) {
    const seeded = await seed(config, progress);
    if (seeded.length) progress(`seeded ${seeded.join(', ')}`);
  }

  progress('starting PostgREST');
  await runPostgrest();

  progress('starting Auth, functions, gateway and inbox');
  pool = new pg.Pool({ connectionString: databaseUrl(config, 'supabase_auth_admin'), max: 10 });
  pool.on('error', (error) => log(`auth pool: ${error.message}`));
  const inbox = new Inbox(join(config.dataDir, 'inbox.jsonl'));
  const auth = await loadAuth(pool, inbox);
  state.parts.auth = { status: 'running', pid: process.pid, log: logFile(config, 'auth') };
  functions = new FunctionsRunner(config, logFile(config, 'functions'));
  state.parts.functions = { status: 'running', log: logFile(config, 'functions') };

  const gateway = createGateway({
    config,
    auth,
    functions,
    partDown: (part) => {
      const s = state.parts[part];
      return s && s.status !== 'running' ? `${s.status}${s.exitedAt ? ` at ${s.exitedAt}` : ''}; see ${s.log}` : undefined;
    },
  });
  await listen(gateway, config.apiPort, 'API gateway');
  state.parts.gateway = { status: 'running', pid: process.pid, log: logFile(config, 'stack') };
  await listen(createInboxServer(inbox), config.inboxPort, 'inbox');
  smtp = createSmtpServer(inbox, (line) => log(`smtp: ${line}`));
  await smtp.listen(config.smtpPort, config.host);
  state.parts.inbox = { status: 'running', pid: process.pid };

  // pg_cron's stand-in: the jobs of private.job_schedule, at their times (see scheduler.ts).
  const schedulerLog = createWriteStream(logFile(config, 'scheduler'), { flags: 'a' });
  scheduler = new Scheduler(config, (line) => schedulerLog.write(`${new Date().toISOString()} ${line}\n`), {
    only: process.env.SEJAHTERA_SCHEDULER_JOBS,
  });
  await scheduler.start();
  state.parts.scheduler = { status: 'running', pid: process.pid, log: logFile(config, 'scheduler') };

  // The push dispatcher, every few seconds and when a push is queued, while FCM is configured (see push.ts).
  push = new PushDispatchTrigger(config, inbox, log);
  await push.start();

  state.status = 'running';
  save();
  setInterval(() => {
    const pids = functions?.pids() ?? [];
    if (String(pids) !== String(state.workerPids ?? [])) {
      state.workerPids = pids;
      save();
    }
  }, 2000).unref();
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  state.status = 'stopping';
  save();
  log('stopping');
  await scheduler?.stop().catch((e) => log(`stopping the scheduler: ${e.message}`));
  await push?.stop().catch((e) => log(`stopping the push dispatcher: ${e.message}`));
  await smtp?.close().catch(() => {});
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await functions?.stop().catch((e) => log(`stopping functions: ${e.message}`));
  await postgrest?.stop().catch((e) => log(`stopping PostgREST: ${e.message}`));
  await pool?.end().catch(() => {});
  await postgres?.stop().catch((e) => log(`stopping Postgres: ${e.message}`));
  // Anything of ours still running, such as a PostgREST caught mid-restart, goes with us: the daemon
  // leads its own process group, and its own SIGTERM handler ignores this once stopping.
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // not a group leader (started by hand in the foreground): the parts above were stopped one by one
  }
  removeState(config);
  releaseLock(config);
  log('stopped');
  stackLog.end(() => process.exit(code));
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.on('disconnect', () => {
  // The CLI has what it needs; from here on the daemon answers to signals only.
});
process.on('uncaughtException', (error) => {
  log(`uncaught: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (error) => {
  log(`unhandled rejection: ${String((error as Error)?.stack ?? error)}`);
});

try {
  acquireLock(config);
} catch (error) {
  // Another daemon owns this data folder: leave its state, logs and parts alone.
  process.send?.({ type: 'error', message: (error as Error).message });
  process.exit(1);
}

start().then(
  () => {
    progress('ready');
    process.send?.({ type: 'ready' });
  },
  async (error: Error) => {
    state.status = 'failed';
    state.error = error.message;
    log(`failed to start: ${error.stack ?? error.message}`);
    process.send?.({ type: 'error', message: error.message });
    await shutdown(1);
  },
);
