/**
 * The examples must keep working: examples/node.ts run as a user runs it, and examples/browser.html served
 * by examples/serve.ts and used in real headless Chromium (driven over the DevTools protocol), both against
 * the test stack as a new guardian with a dependent (the seed's guardian is left alone).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, API_URL, PASSWORD, registered } from './support.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const bin = join(root, '..', '..', 'node_modules', '.bin');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let guardian: Awaited<ReturnType<typeof registered>>;
let dependentId: string;

beforeAll(async () => {
  // The examples load the built package, as an app does.
  await run(join(bin, 'tsup'), ['--silent'], { cwd: root });
  guardian = await registered('Example Guardian');
  const { person } = await guardian.client.dependents.add({ full_name: 'Example Child', relationship: 'child' });
  dependentId = person.id;
}, 180_000);

/** The newest declaration of a person, as the guardian sees it. */
async function latest(personId: string) {
  const [assessment] = await guardian.client.assessments.list({ person_id: personId, limit: 1 });
  return assessment;
}

it('examples/node.ts signs in, declares for the guardian and the dependent, and prints each status and advice', async () => {
  const startedAt = new Date();
  const { stdout } = await run(process.execPath, [join(root, 'examples', 'node.ts')], {
    cwd: root,
    env: { ...process.env, SEJAHTERA_URL: API_URL, SEJAHTERA_ANON_KEY: ANON_KEY, SEJAHTERA_EMAIL: guardian.email, SEJAHTERA_PASSWORD: PASSWORD },
    timeout: 60_000,
  });
  expect(stdout).toContain(`Signed in as ${guardian.email}`);
  expect(stdout).toMatch(/Example Guardian: day0 declaration, classified low_risk/);
  expect(stdout).toMatch(/Example Child: day0 declaration, classified low_risk/);
  expect(stdout.match(/^ {2}status: .+$/gm)).toHaveLength(2);
  expect(stdout.match(/^ {2}advice: .{20,}$/gm)).toHaveLength(2);
  for (const person of [guardian.person.id, dependentId]) {
    expect(new Date((await latest(person)).submitted_at).getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 5_000);
  }
});

/** A minimal DevTools-protocol client over the page's WebSocket. */
class Page {
  #socket: WebSocket;
  #next = 0;
  #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** What the page logged and threw, for failure messages. */
  readonly console: string[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; method?: string; params?: any; result?: unknown; error?: { message: string } };
      if (message.method === 'Runtime.consoleAPICalled') this.console.push(`${message.params.type}: ${message.params.args.map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(' ')}`);
      if (message.method === 'Runtime.exceptionThrown') this.console.push(`exception: ${message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text}`);
      const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  static async connect(url: string): Promise<Page> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new Page(socket);
  }

  send(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.#next;
    this.#socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /** Evaluates `expression` in the page and returns its value (awaiting a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    return result.result.value as T;
  }

  /** Waits until `expression` is truthy in the page, then returns its value. */
  async waitFor<T>(expression: string, what: string, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.evaluate<T>(expression);
      if (value) return value;
      if (Date.now() > end) {
        const state = await this.evaluate<string>(`document.body.dataset.state + ' / ' + document.getElementById('error')?.textContent`);
        throw new Error(`Timed out waiting for ${what} (page: ${state})\n${this.console.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    this.#socket.close();
  }
}

/** Starts a process and resolves with the first match of `pattern` in its output. */
function startUntil(command: string, args: string[], pattern: RegExp, options: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not print ${pattern}:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}):\n${output}`));
    });
  });
}

describe('examples/browser.html in headless Chromium', () => {
  const children: ChildProcess[] = [];
  let profile: string;
  let page: Page;
  let browserSocket: string;
  let pageUrl: string;

  beforeAll(async () => {
    const server = await startUntil(process.execPath, [join(root, 'examples', 'serve.ts')], /Serving (http:\/\/\S+)/, {
      cwd: root,
      env: { ...process.env, PORT: '0' },
    });
    children.push(server.child);
    pageUrl = `${server.match[1]}?url=${encodeURIComponent(API_URL)}&anonKey=${encodeURIComponent(ANON_KEY)}`;
    profile = await mkdtemp(join(tmpdir(), 'sejahtera-chromium-'));
    const browser = await startUntil(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, pageUrl],
      /DevTools listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/,
      {},
    );
    children.push(browser.child);
    browserSocket = browser.match[1];
    const targets = (await (await fetch(`http://127.0.0.1:${browser.match[2]}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
    const target = targets.find((t) => t.type === 'page' && t.url.includes('browser.html'));
    if (!target) throw new Error(`No page for ${pageUrl}: ${JSON.stringify(targets)}`);
    page = await Page.connect(target.webSocketDebuggerUrl);
    await page.send('Runtime.enable');
  }, 120_000);

  afterAll(async () => {
    page?.close();
    // Closed through the protocol, Chromium ends its own helper processes (a kill would orphan them).
    if (browserSocket) {
      const browser = await Page.connect(browserSocket).catch(() => undefined);
      await browser?.send('Browser.close').catch(() => {});
    }
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill())))));
    // Chromium's helpers may still be writing to the profile for a moment after it exits.
    if (profile) await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('loads the SDK bundle as an ES module (the page script ran)', async () => {
    // 'ready' is set by the page's module script, after its import of ../dist/index.js resolved.
    await page.waitFor(`location.pathname.endsWith('/browser.html') && document.body?.dataset.state === 'ready'`, 'the page script');
    expect(await page.evaluate('typeof document.querySelector("script[type=importmap]")?.textContent')).toBe('string');
    expect(await page.evaluate(`document.querySelector('#sign-in [name=url]').value`)).toBe(API_URL);
  });

  it('signs in, shows the questionnaire and the status, and submits a declaration for the dependent', async () => {
    await page.evaluate(`(() => {
      const form = document.getElementById('sign-in');
      form.email.value = ${JSON.stringify(guardian.email)};
      form.password.value = ${JSON.stringify(PASSWORD)};
      form.requestSubmit();
    })()`);
    await page.waitFor(`document.body.dataset.state === 'signed-in'`, 'sign-in');
    const questions = await page.evaluate<number>(`document.querySelectorAll('#questions input[type=checkbox]').length`);
    expect(questions).toBeGreaterThan(5);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#declaration select option')].map((o) => o.textContent)`)).toEqual([
      'Example Guardian',
      'Example Child (child)',
    ]);
    expect(await page.evaluate('document.getElementById("status-card").hidden')).toBe(false);

    await page.evaluate(`(() => {
      const form = document.getElementById('declaration');
      form.person.value = ${JSON.stringify(dependentId)};
      form.requestSubmit();
    })()`);
    await page.waitFor(`document.body.dataset.state === 'submitted'`, 'the declaration');
    const card = await page.evaluate<{ name: string; label: string; advice: string; status: string }>(`({
      name: document.getElementById('status-name').textContent,
      label: document.getElementById('status-label').textContent,
      advice: document.getElementById('status-advice').textContent,
      status: document.getElementById('status-card').dataset.status,
    })`);
    expect(card.name).toBe('Example Child (child)');
    expect(card.status).toBe('low_risk');
    expect(card.label.length).toBeGreaterThan(3);
    expect(card.advice.length).toBeGreaterThan(20);
    expect((await latest(dependentId)).classification).toBe('low_risk');
  });
});
