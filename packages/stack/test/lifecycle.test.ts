/**
 * The CLI's lifecycle on an instance of its own (other ports, a fresh data folder): start, start again,
 * status, a part that dies, stop leaving nothing behind, and recovery after the daemon is killed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runStackCli } from '../src/testing.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../src/state.ts';
import { ANON_KEY } from './support.ts';
import { projectDir } from './env.ts';

mkdirSync(join(projectDir, '.sejahtera'), { recursive: true });
const dataDir = mkdtempSync(join(projectDir, '.sejahtera', 'lifecycle-'));
const api = 26321;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SEJAHTERA_PROJECT_DIR: projectDir,
  SEJAHTERA_DATA_DIR: dataDir,
  SEJAHTERA_API_PORT: String(api),
  SEJAHTERA_DB_PORT: String(api + 1),
  SEJAHTERA_INBOX_PORT: String(api + 3),
};
delete env.DATABASE_URL;

const stack = (...args: string[]) => runStackCli(args, env);


interface State {
  pid: number;
  parts: Record<string, { pid?: number; status: string; restarts?: number; exitCode?: number | null; signal?: string | null }>;
}
const readState = (): State => JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8'));

/** Running, not merely unreaped: an exited daemon can linger as a zombie until its new parent reaps it. */
const alive = isAlive;

async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

const restOk = () =>
  fetch(`http://127.0.0.1:${api}/rest/v1/`, { headers: { apikey: ANON_KEY } }).then(
    (r) => r.status === 200,
    () => false,
  );

afterAll(async () => {
  await stack('stop');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('sejahtera-stack lifecycle', { timeout: 120_000 }, () => {
  it('start brings every part up and returns, leaving the stack in the background', async () => {
    const started = await stack('start');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('Started the Sejahtera stack');
    expect(started.stdout).toContain(`API URL: http://127.0.0.1:${api}`);
    expect(await restOk()).toBe(true);
    for (const part of ['postgres', 'postgrest', 'stack', 'auth', 'functions']) {
      expect(existsSync(join(dataDir, 'logs', `${part}.log`)), `${part}.log`).toBe(true);
    }
  });

  it('status --json reports every part healthy with the URLs and keys', async () => {
    const { code, stdout } = await stack('status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.RUNNING).toBe(true);
    expect(status.API_URL).toBe(`http://127.0.0.1:${api}`);
    expect(status.DB_URL).toBe(`postgresql://postgres:postgres@127.0.0.1:${api + 1}/postgres`);
    expect(status.ANON_KEY).toBe(ANON_KEY);
    expect(Object.values(status.HEALTH).every(Boolean)).toBe(true);
  });

  it('start when already running says so and succeeds', async () => {
    const again = await stack('start');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already running');
  });

  it('reports a part that dies, and brings PostgREST back', async () => {
    const before = readState();
    const postgrestPid = before.parts.postgrest.pid!;
    process.kill(postgrestPid, 'SIGKILL');
    await until(() => readState().parts.postgrest.status !== 'running' || readState().parts.postgrest.pid !== postgrestPid);
    await until(async () => readState().parts.postgrest.pid !== postgrestPid && (await restOk()));
    const after = readState();
    expect(after.parts.postgrest.restarts).toBe(1);
    expect(alive(after.parts.postgrest.pid)).toBe(true);
    const log = readFileSync(join(dataDir, 'logs', 'stack.log'), 'utf8');
    expect(log).toMatch(/postgrest exited unexpectedly \(SIGKILL\)/);
  });

  it('stop ends every process it started and leaves no state behind', async () => {
    const state = readState();
    const pids = [state.pid, state.parts.postgres.pid, state.parts.postgrest.pid];
    const stopped = await stack('stop');
    expect(stopped.code).toBe(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'db', 'postmaster.pid'))).toBe(false);
    expect(await restOk()).toBe(false);
    const status = await stack('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('not running');
  });

  it('recovers when the daemon was killed: stop cleans up, start works again', async () => {
    expect((await stack('start')).code).toBe(0);
    const state = readState();
    process.kill(state.pid, 'SIGKILL');
    await until(() => !alive(state.pid));
    // Postgres outlives a killed daemon; stop must find and end it.
    expect(alive(state.parts.postgres.pid)).toBe(true);
    const stopped = await stack('stop');
    expect(stopped.code).toBe(0);
    await until(() => !alive(state.parts.postgres.pid) && !alive(state.parts.postgrest.pid));
    const restarted = await stack('start');
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await restOk()).toBe(true);
  });

  it('runs one daemon per data folder, even when two starts race', async () => {
    await stack('stop');
    const [a, b] = await Promise.all([stack('start'), stack('start')]);
    expect([a.code, b.code]).toContain(0);
    const lockPid = Number(readFileSync(join(dataDir, 'stack.lock'), 'utf8'));
    expect(readState().pid).toBe(lockPid);
    expect(await restOk()).toBe(true);
    const loser = a.stdout.includes('Started') ? b : a;
    expect(`${loser.stdout}${loser.stderr}`).toMatch(/already running|already using|is starting/);
  });

  it('says clearly when a port is taken by another program', async () => {
    const { createServer } = await import('node:net');
    await stack('stop');
    const blocker = createServer().listen(api, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const failed = await stack('start');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`Port ${api} (API gateway) is already in use`);
      // and nothing of the failed start is left running
      expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
