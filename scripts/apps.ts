/**
 * `npm start` and `npm stop`: the whole system on this machine. Starting brings up the stack
 * (`sejahtera-stack start`: Postgres, PostgREST, Auth, functions, inbox, with the demo data), then builds the
 * public site and the officers' console when their builds are missing or stale (turbo, cached), and serves
 * them in the background at the addresses Auth's links lead to (supabase/config.toml: site_url and
 * additional_redirect_urls): the site on 5173 (its adapter-node build), the console on 5174 (vite preview
 * of its static build). Their logs go to .sejahtera/logs/{site,console}.log, their process ids to
 * .sejahtera/apps.json. Stopping ends both, then the stack.
 *
 *   node scripts/apps.ts start | stop
 *
 * For hot reload while working on the site or the console, start the stack alone (`npm run stack -- start`)
 * and use `npm run dev -w @sejahtera/web` or `-w @sejahtera/admin` on the same ports instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.sejahtera');
const stateFile = join(dataDir, 'apps.json');
const stackCli = join(root, 'packages', 'stack', 'bin', 'sejahtera-stack.js');

interface App {
  name: 'site' | 'console';
  title: string;
  port: number;
  /** The command that serves the build, from the package's folder. */
  command: () => string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const apps: App[] = [
  {
    name: 'site',
    title: 'Public site',
    port: 5173,
    cwd: join(root, 'packages', 'web'),
    command: () => [join(root, 'packages', 'web', 'build', 'index.js')],
    env: { HOST: '127.0.0.1', PORT: '5173', ORIGIN: 'http://127.0.0.1:5173', NODE_ENV: 'production' },
  },
  {
    name: 'console',
    title: "Officers' console",
    port: 5174,
    cwd: join(root, 'packages', 'admin'),
    command: () => [
      join(dirname(createRequire(join(root, 'packages', 'admin', 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      '5174',
      '--strictPort',
    ],
    env: {},
  },
];

type Running = Partial<Record<App['name'], number>>;

const readRunning = (): Running => (existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Running) : {});

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], what: string) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${what} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

async function start() {
  run(process.execPath, [stackCli, 'start'], 'Starting the stack');

  const running = readRunning();
  const needed = apps.filter((app) => !alive(running[app.name]));
  if (needed.length === 0) {
    console.log('\nThe site and the console are already running.');
  } else {
    console.log('\n» building the site and the console (turbo: only what changed since the last build)');
    run(process.execPath, [join(root, 'node_modules', 'turbo', 'bin', 'turbo'), 'run', 'build', '--filter=@sejahtera/web', '--filter=@sejahtera/admin', '--output-logs=errors-only'], 'Building');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    for (const app of needed) {
      if (await answers(app.port)) {
        console.error(`\nPort ${app.port} (${app.title.toLowerCase()}) is already in use by another program; stop it and run npm start again.`);
        process.exit(1);
      }
      const log = openSync(join(dataDir, 'logs', `${app.name}.log`), 'a');
      const child = spawn(process.execPath, app.command(), { cwd: app.cwd, env: { ...process.env, ...app.env }, detached: true, stdio: ['ignore', log, log] });
      child.unref();
      running[app.name] = child.pid;
      console.log(`» starting the ${app.title.toLowerCase()} (log: .sejahtera/logs/${app.name}.log)`);
    }
    writeFileSync(stateFile, JSON.stringify(running));
    for (const app of needed) {
      const until = Date.now() + 60_000;
      while (!(await answers(app.port))) {
        if (!alive(running[app.name]) || Date.now() > until) {
          console.error(`\nThe ${app.title.toLowerCase()} did not start; see .sejahtera/logs/${app.name}.log`);
          process.exit(1);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
  console.log('');
  for (const app of apps) console.log(`${app.title.padStart(18)}: http://127.0.0.1:${app.port}`);
  console.log('\nDemo accounts and their password: README.md, "Demo accounts". Stop everything with `npm stop`.');
}

async function stop() {
  const running = readRunning();
  for (const app of apps) {
    const pid = running[app.name];
    if (!alive(pid)) continue;
    try {
      process.kill(-pid!, 'SIGTERM');
    } catch {
      process.kill(pid!, 'SIGTERM');
    }
    const until = Date.now() + 10_000;
    while (alive(pid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    if (alive(pid)) process.kill(pid!, 'SIGKILL');
    console.log(`Stopped the ${app.title.toLowerCase()}.`);
  }
  rmSync(stateFile, { force: true });
  run(process.execPath, [stackCli, 'stop'], 'Stopping the stack');
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') await stop();
else {
  console.error('usage: node scripts/apps.ts start | stop');
  process.exit(2);
}
