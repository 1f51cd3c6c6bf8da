/** The built site on a free port against the test stack, and Chromium through playwright-core. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { createSejahtera, type SejahteraClient } from '@sejahtera/sdk';
import { ANON_KEY, API_URL, INBOX_URL } from '@sejahtera/stack/testing';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'Sejahtera-dev-2026';
const packageDir = join(import.meta.dirname, '..');
export const screenshotDir = join(packageDir, 'test', 'screenshots');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Site {
  url: string;
  stop(): Promise<void>;
}

/** Starts the adapter-node build (made by the global setup) and waits until it answers; `env` adds to its environment. */
export async function startSite(env: Record<string, string> = {}): Promise<Site> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(packageDir, process.env.SEJAHTERA_WEB_OUT ? join(process.env.SEJAHTERA_WEB_OUT, 'build') : 'build', 'index.js')], {
    cwd: packageDir,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SUPABASE_URL: API_URL, SUPABASE_ANON_KEY: ANON_KEY, ORIGIN: url, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`The site exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/sign-in`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile (no cookies) whose browser asks for `language` first. */
export function newVisitor(browser: Browser, language: 'ms-MY' | 'en-US', options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: language, viewport: { width: 390, height: 844 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** No serious or critical axe-core violation on the page, and its screenshots at both widths under `name`. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshots(page, name);
}

/** Screenshots of the page at a phone's width (390 px) and a desktop's (1280 px), whole pages. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** The newest SMS code sent to `phone`, from the stack's inbox. */
export async function smsCodeSentTo(phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(phone)}`);
    const found = ((await response.json()) as Array<{ kind: string; code?: string }>).find((m) => m.kind === 'sms_otp' && m.code);
    if (found?.code) return found.code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No code to ${phone} arrived in the inbox`);
}

/** A Malaysian mobile number no one has: +6019 and eight random digits. */
export function newPhone(): string {
  return `+6019${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/**
 * A valid MyKad number nobody else is likely to hold: a random birth date in 1950–1999, a state's birthplace
 * code (01–14) and four random digits, some 2.4 billion numbers. (A fixed date and place left 10,000, and
 * a suite's few dozen users met one another's number about once in thirty runs.)
 */
export function newMykad(): string {
  const pick = (from: number, to: number) => String(from + Math.floor(Math.random() * (to - from + 1))).padStart(2, '0');
  return `${pick(50, 99)}${pick(1, 12)}${pick(1, 28)}-${pick(1, 14)}-${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
}

/** Opens a page and, where JavaScript runs, waits until its forms are enhanced (a click before that posts natively). */
export async function open(page: Page, url: string, { javaScript = true } = {}): Promise<void> {
  await page.goto(url);
  if (javaScript) await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
}

/** Signs in through the sign-in page (`javaScript: false` for a context without it). */
export async function signIn(page: Page, site: Site, identifier: string, password = DEMO_PASSWORD, { javaScript = true } = {}): Promise<void> {
  await open(page, `${site.url}/sign-in`, { javaScript });
  await page.locator('input[name=identifier]').fill(identifier);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.locator('form[action="?/signIn"] button[type=submit]').click()]);
}

/**
 * An address of one's own for a person the tests make through the SDK: Auth limits sign-ups per address
 * (30 in 5 minutes), and these people are not the browser's visitor, whose requests the site passes on.
 */
export function personAddress(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

/**
 * A new account with a registered profile, made through the SDK (the registration pages have their own
 * test): its phone and password for signing in, and its signed-in SDK client for checking what was stored.
 */
export async function newUserWithProfile(fullName: string, language: 'ms' | 'en'): Promise<{ phone: string; password: string; sejahtera: SejahteraClient }> {
  const sejahtera = createSejahtera({ url: API_URL, anonKey: ANON_KEY, headers: { 'X-Forwarded-For': personAddress() } });
  const phone = newPhone();
  const password = 'Sejahtera2020';
  await sejahtera.auth.signUpWithPhone({ phone, password });
  await sejahtera.auth.verifyPhone({ phone, code: await smsCodeSentTo(phone) });
  await sejahtera.profile.register({ full_name: fullName, identity_type: 'mykad', identity_number: newMykad(), preferred_language: language });
  return { phone, password, sejahtera };
}
