/**
 * The built package, as apps receive it, in each runtime it promises: tsup's ESM and CommonJS builds of
 * both entries (the public `@sejahtera/sdk` and `@sejahtera/sdk/staff`) in Node, each exposing its
 * factory, the two entries of one format sharing one copy of each class, errors recognised across the
 * two formats' copies; no Node built-in in any file of the build, no staff code in what the public entry
 * loads; and the ESM builds in real Deno reading from the stack through npm:@supabase/supabase-js.
 */
import { execFile } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANON_KEY, API_URL, DEMO_PASSWORD, randomIp } from './support.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const bin = join(root, '..', '..', 'node_modules', '.bin');
// Inside the package, so that the bundles' bare imports (supabase-js, zod) resolve as they do from dist/.
const out = join(root, 'node_modules', '.cache', 'portability');
const esm = join(out, 'index.js');
const cjs = join(out, 'index.cjs');
const staffEsm = join(out, 'staff.js');
const staffCjs = join(out, 'staff.cjs');

beforeAll(async () => {
  // The package's own tsup config, into a folder of this test's (dist/ may be in use by other runs).
  await run(join(bin, 'tsup'), ['--out-dir', out, '--silent'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' } });
}, 180_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function node(source: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', source], { cwd: root });
  return stdout.trim();
}

it('the ESM builds import and the CommonJS builds require in Node, each with its factory; the entries of one format share their classes, and each format recognises the other\'s errors', async () => {
  const answer = await node(`
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const esm = await import(${JSON.stringify(esm)});
    const esmStaff = await import(${JSON.stringify(staffEsm)});
    const cjs = require(${JSON.stringify(cjs)});
    const cjsStaff = require(${JSON.stringify(staffCjs)});
    const fromCjs = new cjs.ValidationError('bad', { phone: ['must be a Malaysian mobile number'] });
    const fromEsm = new esm.RateLimitError('slow down', { retryAfterMs: 1000 });
    const options = { url: 'http://127.0.0.1:1', anonKey: 'k' };
    const namespaces = (client) => ['assessments', 'tracing', 'labs', 'analytics'].filter((n) => client[n] !== undefined).join(' ')
      + (typeof client.feedback.queue === 'function' ? ' feedback.queue' : '') + (typeof client.privacy.personDetail === 'function' ? ' privacy.personDetail' : '');
    console.log(JSON.stringify({
      factories: [typeof esm.createSejahtera, typeof cjs.createSejahtera, typeof esmStaff.createSejahteraStaff, typeof cjsStaff.createSejahteraStaff],
      publicHasNoStaff: [esm.createSejahteraStaff, cjs.createSejahteraStaff, esm.Tracing, cjs.createCaseSchema].every((x) => x === undefined),
      distinctClasses: esm.ValidationError !== cjs.ValidationError,
      esmKnowsCjs: [esm.isSejahteraError(fromCjs), esm.isValidationError(fromCjs), fromCjs instanceof esm.ValidationError],
      cjsKnowsEsm: [cjs.isSejahteraError(fromEsm), cjs.isRateLimitError(fromEsm), cjs.isValidationError(fromEsm)],
      sharedEsm: [esmStaff.ValidationError === esm.ValidationError, esmStaff.SejahteraClient === esm.SejahteraClient, esmStaff.createSejahtera === esm.createSejahtera],
      sharedCjs: [cjsStaff.ValidationError === cjs.ValidationError, cjsStaff.SejahteraClient === cjs.SejahteraClient, cjsStaff.createSejahtera === cjs.createSejahtera],
      clients: [namespaces(esm.createSejahtera(options)), namespaces(cjs.createSejahtera(options))],
      staffClients: [namespaces(esmStaff.createSejahteraStaff(options)), namespaces(cjsStaff.createSejahteraStaff(options))],
      staffIsClient: [esmStaff.createSejahteraStaff(options) instanceof esm.SejahteraClient, cjsStaff.createSejahteraStaff(options) instanceof cjs.SejahteraClient],
    }));
  `);
  expect(JSON.parse(answer)).toEqual({
    factories: ['function', 'function', 'function', 'function'],
    publicHasNoStaff: true,
    distinctClasses: true, // two copies of the SDK, as an app bundling both formats would have
    esmKnowsCjs: [true, true, false], // the guards see through what instanceof cannot
    cjsKnowsEsm: [true, true, false],
    sharedEsm: [true, true, true], // one copy of each class, in a chunk both entries load
    sharedCjs: [true, true, true],
    clients: ['assessments', 'assessments'],
    staffClients: Array(2).fill('assessments tracing labs analytics feedback.queue privacy.personDetail'),
    staffIsClient: [true, true],
  });
  // And the CommonJS builds load in this process too (no top-level await, no ESM-only syntax).
  expect(typeof createRequire(import.meta.url)(cjs).createSejahtera).toBe('function');
  expect(typeof createRequire(import.meta.url)(staffCjs).createSejahteraStaff).toBe('function');
});

/** The bare and relative specifiers a built file imports or requires. */
function specifiersOf(text: string): string[] {
  return [
    ...[...text.matchAll(/\b(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]),
  ];
}

/** The entry's file and every chunk it loads, transitively. */
async function loadedBy(entry: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const visit = async (file: string) => {
    if (files.has(file)) return;
    const text = await readFile(file, 'utf8');
    files.set(file, text);
    for (const specifier of specifiersOf(text).filter((s) => s.startsWith('./'))) await visit(join(out, specifier));
  };
  await visit(entry);
  return files;
}

it('no file of the build imports a Node built-in, only supabase-js, zod and its own chunks', async () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const files = (await readdir(out)).filter((f) => /\.c?js$/.test(f));
  expect(files).toEqual(expect.arrayContaining(['index.js', 'index.cjs', 'staff.js', 'staff.cjs']));
  for (const file of files) {
    const text = await readFile(join(out, file), 'utf8');
    const specifiers = specifiersOf(text);
    expect(specifiers.length, `${file} imports something`).toBeGreaterThan(0);
    for (const specifier of specifiers) {
      expect(builtins.has(specifier), `${file} imports the Node built-in ${specifier}`).toBe(false);
      if (specifier.startsWith('./')) expect(files, `${file} imports ${specifier}`).toContain(specifier.slice(2));
      else expect(['@supabase/supabase-js', 'zod/mini'], `${file} imports ${specifier}`).toContain(specifier);
    }
    expect(text, `${file} reads process`).not.toMatch(/\bprocess\.(env|versions|platform)\b/);
  }
});

it('what the public entry loads holds no staff code, in either format; the staff entry loads it', async () => {
  // Database functions only the staff namespaces call.
  const staffOnly = /\b(import_contacts|dashboard_summary|person_detail|publish_announcement|feedback_queue)\b|from\("lab_results"\)/;
  for (const entry of [esm, cjs]) {
    const loaded = await loadedBy(entry);
    expect(loaded.size, `${entry} loads its chunk`).toBeGreaterThan(1);
    for (const [file, text] of loaded) expect(text, `${file}, loaded by ${entry}`).not.toMatch(staffOnly);
  }
  for (const entry of [staffEsm, staffCjs]) {
    expect([...(await loadedBy(entry)).values()].join('\n')).toMatch(/import_contacts/);
  }
});

it('the ESM builds run in Deno with npm:@supabase/supabase-js: the public entry reads the questionnaire, the staff entry the line lists\' counts', async () => {
  const versions = async (pkg: string) => JSON.parse(await readFile(join(root, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
  const dir = await mkdtemp(join(tmpdir(), 'sejahtera-deno-'));
  try {
    // The bundle's bare imports mapped to npm: specifiers, as a Deno app (or an edge function) maps them.
    await writeFile(join(dir, 'deno.json'), JSON.stringify({
      imports: {
        '@supabase/supabase-js': `npm:@supabase/supabase-js@${await versions('@supabase/supabase-js')}`,
        'zod/mini': `npm:zod@${await versions('zod')}/mini`,
      },
    }));
    await writeFile(join(dir, 'main.ts'), `
      import { createSejahtera, isSejahteraError } from ${JSON.stringify(`file://${esm}`)};
      import { createSejahteraStaff } from ${JSON.stringify(`file://${staffEsm}`)};
      const options = {
        url: Deno.env.get('SEJAHTERA_URL')!, anonKey: Deno.env.get('SEJAHTERA_ANON_KEY')!,
        auth: { persistSession: false, autoRefreshToken: false }, headers: { 'x-forwarded-for': Deno.env.get('CLIENT_IP')! },
      };
      const sejahtera = createSejahtera(options);
      const refused = await sejahtera.assessments.questionnaire().catch((error) => error);
      await sejahtera.auth.signInWithPassword({ email: 'aminah@sejahtera.test', password: Deno.env.get('DEMO_PASSWORD')! });
      const questionnaire = await sejahtera.assessments.questionnaire({ language: 'en' });
      const staff = createSejahteraStaff(options);
      await staff.auth.signInWithPassword({ email: 'officer@sejahtera.test', password: Deno.env.get('DEMO_PASSWORD')! });
      const counts = await staff.tracing.lineListCounts();
      console.log(JSON.stringify({ runtime: 'deno ' + Deno.version.deno, refused: isSejahteraError(refused) ? refused.code : String(refused),
        version: questionnaire.version, questions: questionnaire.questions.length, first: questionnaire.questions[0]?.text,
        lists: Object.keys(counts).sort() }));
    `);
    const { stdout } = await run(join(bin, 'deno'), ['run', '--config', join(dir, 'deno.json'), '--allow-net', '--allow-env', '--allow-read', join(dir, 'main.ts')], {
      cwd: dir,
      env: {
        ...process.env,
        DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'mozilla,system',
        DENO_NO_PACKAGE_JSON: '1',
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
        SEJAHTERA_URL: API_URL,
        SEJAHTERA_ANON_KEY: ANON_KEY,
        DEMO_PASSWORD,
        CLIENT_IP: randomIp(),
      },
      timeout: 150_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.runtime).toMatch(/^deno 2\./);
    expect(result.refused).toBe('not_signed_in');
    expect(result.questions).toBeGreaterThan(5);
    expect(typeof result.first).toBe('string');
    expect(result.lists).toEqual(['asymptomatic', 'closed', 'non_reporting', 'symptomatic', 'test_advised']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
