/**
 * Edge functions in real Deno: /functions/v1/<name> runs supabase/functions/<name>/index.ts.
 * Each function gets its own Deno process (as Supabase's edge runtime gives each its own worker),
 * started on first call, restarted when its code changes or after it dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config.ts';
import { databaseUrl } from './postgres.ts';

const require = createRequire(import.meta.url);
const workerScript = join(import.meta.dirname, '..', 'deno', 'worker.ts');
const FUNCTION_NAME = /^[A-Za-z0-9_-]+$/;
const BOOT_TIMEOUT_MS = 60_000;

export function denoBinary(): string {
  const platformPackage = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
  const dir = dirname(require.resolve(`${platformPackage}/package.json`));
  return join(dir, process.platform === 'win32' ? 'deno.exe' : 'deno');
}

/** KEY=VALUE lines, as the CLI reads supabase/functions/.env. */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    env[match[1]] = value;
  }
  return env;
}

export class FunctionBootError extends Error {
  override name = 'FunctionBootError';
}

interface Worker {
  child: ChildProcess;
  port: number;
  ready: Promise<void>;
  version: number;
}

export class FunctionsRunner {
  readonly #config: StackConfig;
  readonly #log: WriteStream;
  readonly #workers = new Map<string, Worker>();
  readonly #starting = new Map<string, Promise<Worker>>();
  #lastVersionCheck = new Map<string, { at: number; version: number }>();

  constructor(config: StackConfig, logFile: string) {
    this.#config = config;
    this.#log = createWriteStream(logFile, { flags: 'a' });
  }

  /** A function exists when <functions dir>/<name>/index.ts does (folders starting with _ are shared code). */
  exists(name: string): boolean {
    return FUNCTION_NAME.test(name) && !name.startsWith('_') && this.#dirOf(name) !== undefined;
  }

  /** The functions folder that holds `name`: supabase/functions first. */
  #dirOf(name: string): string | undefined {
    return this.#config.functionsDirs.find((dir) => existsSync(join(dir, name, 'index.ts')));
  }

  entry(name: string): string {
    return join(this.#dirOf(name) ?? this.#config.functionsDirs[0], name, 'index.ts');
  }

  verifyJwt(name: string): boolean {
    return this.#config.functions[name]?.verifyJwt ?? true;
  }

  /** The port of a running worker for `name`, starting one when needed. */
  async portFor(name: string): Promise<number> {
    const version = this.#codeVersion(name);
    const current = this.#workers.get(name);
    if (current && current.version === version && current.child.exitCode === null && current.child.signalCode === null) {
      await current.ready;
      return current.port;
    }
    if (current) this.#retire(name, current);
    let starting = this.#starting.get(name);
    if (!starting) {
      starting = this.#spawn(name, version).finally(() => this.#starting.delete(name));
      this.#starting.set(name, starting);
    }
    const worker = await starting;
    return worker.port;
  }

  /** Called when a request to a worker failed at the connection: the next call starts a fresh one. */
  forget(name: string): void {
    const worker = this.#workers.get(name);
    if (worker) this.#retire(name, worker);
  }

  pids(): number[] {
    return [...this.#workers.values()].map((w) => w.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.#workers.entries()].map(([name, worker]) => {
        const exited = new Promise((resolve) => worker.child.once('exit', resolve));
        this.#retire(name, worker);
        return worker.child.exitCode === null && worker.child.signalCode === null ? exited : undefined;
      }),
    );
    this.#log.end();
  }

  #retire(name: string, worker: Worker) {
    if (this.#workers.get(name) === worker) this.#workers.delete(name);
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  }

  /** Newest modification time across the function's folder and the shared folder, checked at most once a second. */
  #codeVersion(name: string): number {
    const cached = this.#lastVersionCheck.get(name);
    if (cached && Date.now() - cached.at < 1000) return cached.version;
    let newest = 0;
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else newest = Math.max(newest, statSync(path).mtimeMs);
      }
    };
    const functionsDir = this.#dirOf(name) ?? this.#config.functionsDirs[0];
    walk(join(functionsDir, name));
    walk(join(functionsDir, '_shared'));
    this.#lastVersionCheck.set(name, { at: Date.now(), version: newest });
    return newest;
  }

  #env(name: string): Record<string, string> {
    const dotEnv = join(dirname(dirname(this.entry(name))), '.env');
    const config = this.#config;
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      // What Deno needs to fetch npm: imports on this machine: its cache, the registry, proxies, certificates.
      ...passThrough(['DENO_DIR', 'DENO_CERT', 'NPM_CONFIG_REGISTRY', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']),
      // Trust the system's certificate store as well as Mozilla's, as curl and npm on the machine do.
      DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'mozilla,system',
      // The project's package.json is for Node: a function imports with npm: specifiers or its own deno.json.
      DENO_NO_PACKAGE_JSON: '1',
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
      // Mail the functions send (the daily reports) goes to the stack's inbox unless .env names a server.
      SMTP_HOST: config.host,
      SMTP_PORT: String(config.smtpPort),
      // Push settings given to the stack itself (supabase/functions/.env, read next, wins).
      ...passThrough(['FCM_SERVICE_ACCOUNT', 'FCM_API_URL', 'PUSH_RETRY_BASE_MS', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN',
        'TWILIO_MESSAGE_SERVICE_SID', 'TWILIO_API_URL', 'SITE_URL']),
      ...(existsSync(dotEnv) ? parseDotEnv(readFileSync(dotEnv, 'utf8')) : {}),
      SUPABASE_URL: `http://${config.host}:${config.apiPort}`,
      SUPABASE_ANON_KEY: config.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: config.serviceRoleKey,
      SUPABASE_DB_URL: databaseUrl(config, 'postgres'),
    };
  }

  async #spawn(name: string, version: number): Promise<Worker> {
    const port = await freePort();
    const dir = dirname(this.entry(name));
    const denoConfig = ['deno.json', 'deno.jsonc'].map((f) => join(dir, f)).find(existsSync);
    const args = [
      'run',
      '--allow-all',
      '--no-prompt',
      ...(denoConfig ? ['--config', denoConfig] : ['--no-config']),
      workerScript,
      this.entry(name),
      String(port),
    ];
    const child = spawn(denoBinary(), args, { cwd: dir, env: this.#env(name), stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${name}] `;
    let stderrTail = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new FunctionBootError(`Function ${name} did not start within ${BOOT_TIMEOUT_MS / 1000} s`));
      }, BOOT_TIMEOUT_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.includes('__sejahtera_worker_listening__')) {
          clearTimeout(timer);
          resolve();
        }
        this.#write(prefix, text.replace(/__sejahtera_worker_listening__ \d+\n?/, ''));
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        stderrTail = (stderrTail + text).slice(-2000);
        this.#write(prefix, text);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.#write(prefix, `worker exited (${signal ?? `code ${code}`})\n`);
        reject(new FunctionBootError(`Function ${name} failed to boot: ${lastLines(stderrTail) || `exit code ${code}`}`));
      });
    });
    const worker: Worker = { child, port, ready, version };
    this.#workers.set(name, worker);
    try {
      await ready;
    } catch (error) {
      this.#retire(name, worker);
      throw error;
    }
    return worker;
  }

  #write(prefix: string, text: string) {
    if (!text) return;
    this.#log.write(text.split('\n').filter(Boolean).map((line) => `${new Date().toISOString()} ${prefix}${line}\n`).join(''));
  }
}

function passThrough(names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
}

function lastLines(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-3).join(' | ');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
