/**
 * npm run bench (SDK): what embedding the SDK costs, measured in one run against baselines.
 * - Size of the browser build, minified and gzipped, without supabase-js (a peer dependency the app
 *   already ships): each entry with zod/mini, as an app's bundler includes it. The public entry
 *   (`@sejahtera/sdk`, what the web site and third-party apps ship): goal < 25 kB. The staff entry
 *   (`@sejahtera/sdk/staff`, the admin console's) for information.
 * - Submissions per second through `sejahtera.assessments.submit` (validation, idempotency key, the
 *   person's id, retry policy, error mapping) vs raw supabase-js `rpc('submit_assessment')` with the same
 *   payloads and the same idempotency-key scheme, from BENCH_CLIENTS signed-in clients (default 8) for
 *   BENCH_SECONDS per path (default 10), in BENCH_SLICES slices per path (default 4) alternating ABBA, so
 *   that the database's growth during the run, and whatever else the machine runs meanwhile, weighs on
 *   both alike. Goal: ratio >= 0.9. Every submission is then counted in the database: none lost, none
 *   stored twice.
 *
 * Runs on its own stack instance (ports 27521, 27522, 27524; data in .sejahtera/sdkbench, removed after the
 * run). With SEJAHTERA_BENCH_STACK=running the running development stack is used instead.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ANON_KEY, SERVICE_ROLE_KEY, benchNumber, benchStack, mustRunStackCli } from '@sejahtera/stack/testing';
import { type SupabaseClient, createClient } from '@supabase/supabase-js';
import { build } from 'esbuild';
import pg from 'pg';
import { type Database, type SejahteraClient, createSejahtera } from '../src/index.ts';

const SECONDS = benchNumber('BENCH_SECONDS', 10);
const CLIENTS = benchNumber('BENCH_CLIENTS', 8);
const SLICES = Math.round(benchNumber('BENCH_SLICES', 4));
const SIZE_GOAL_KB = 25;
const RATIO_GOAL = 0.9;

const root = join(import.meta.dirname, '..');
const { useRunning, ports, dataDir, env: stackEnv, api } = benchStack('sdkbench', 27521);
const auth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

const step = (text: string) => console.log(`\n» ${text}`);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const kB = (bytes: number) => Number((bytes / 1000).toFixed(1));

// Bundle size -----------------------------------------------------------------------------------------------

/** The browser build of `entry`, minified: its bytes and gzipped bytes. */
async function minified(contents: string, external: string[]): Promise<{ min: number; gzip: number; largest: string }> {
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    external,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  // Where the bytes come from (minified, before gzip), for whoever has to make it smaller.
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([file, { bytesInOutput }]) => [file.replace(/^.*node_modules\//, ''), bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  const largest = inputs.slice(0, 6).map(([file, bytes]) => `${file} ${kB(bytes)}`).join(', ');
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, largest };
}

async function sizes() {
  step('bundle size: the browser build of each entry, minified and gzipped (esbuild, as an app bundler would)');
  const entries = { public: './src/index.ts', staff: './src/staff.ts' } as const;
  const everything = (entry: string) => `export * from '${entry}';`;
  const sdk = await minified(everything(entries.public), ['@supabase/supabase-js', 'zod', 'zod/*']);
  const withZod = await minified(everything(entries.public), ['@supabase/supabase-js']);
  const factoryOnly = await minified(`export { createSejahtera } from '${entries.public}';`, ['@supabase/supabase-js']);
  const staff = await minified(everything(entries.staff), ['@supabase/supabase-js']);
  const staffFactoryOnly = await minified(`export { createSejahteraStaff } from '${entries.staff}';`, ['@supabase/supabase-js']);
  const supabase = await minified(`export { createClient } from '@supabase/supabase-js';`, []);
  console.log(`  @sejahtera/sdk with zod/mini: ${kB(withZod.gzip)} kB gzipped (${kB(withZod.min)} kB minified); supabase-js alone: ${kB(supabase.gzip)} kB`);
  console.log(`  largest parts, kB minified: ${withZod.largest}`);
  console.log(`  @sejahtera/sdk/staff with zod/mini: ${kB(staff.gzip)} kB gzipped (${kB(staff.min)} kB minified)`);
  console.log(`  largest parts, kB minified: ${staff.largest}`);
  return {
    '@sejahtera/sdk with zod/mini, without supabase-js, kB min+gzip': {
      value: kB(withZod.gzip),
      goal: `< ${SIZE_GOAL_KB}: ${withZod.gzip / 1000 < SIZE_GOAL_KB ? 'met' : 'MISSED'}`,
    },
    '@sejahtera/sdk alone (zod and supabase-js external), kB min+gzip': { value: kB(sdk.gzip), goal: '' },
    'an app importing only createSejahtera, kB min+gzip': { value: kB(factoryOnly.gzip), goal: '' },
    '@sejahtera/sdk/staff with zod/mini, without supabase-js, kB min+gzip': { value: kB(staff.gzip), goal: '(for information)' },
    'an app importing only createSejahteraStaff, kB min+gzip': { value: kB(staffFactoryOnly.gzip), goal: '' },
    'supabase-js itself (for scale), kB min+gzip': { value: kB(supabase.gzip), goal: '' },
  };
}

// Submissions ------------------------------------------------------------------------------------------------

interface Submitter {
  sdk: SejahteraClient;
  raw: SupabaseClient<Database>;
  personId: string;
}

/** A new account with a profile, signed in twice: once through the SDK, once through raw supabase-js. */
async function submitter(admin: SupabaseClient<Database>, tag: string, i: number): Promise<Submitter> {
  const email = `sdk-bench-${tag}-${i}@bench.sejahtera.test`;
  const password = 'Sejahtera-bench-2026';
  const { error } = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  if (error) throw error;
  // Each client signs in from its own address, so Auth's per-address limit measures nothing here.
  const headers = { 'x-forwarded-for': `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` };
  const sdk = createSejahtera({ url: api, anonKey: ANON_KEY, auth, headers });
  await sdk.auth.signInWithPassword({ email, password });
  const person = await sdk.profile.register({ full_name: `Bench Person ${i}`, district_code: 'MY-10-07', preferred_language: 'en' });
  const raw = createClient<Database>(api, ANON_KEY, { auth, global: { headers } });
  const signIn = await raw.auth.signInWithPassword({ email, password });
  if (signIn.error) throw signIn.error;
  return { sdk, raw, personId: person.id };
}

async function submissions() {
  step(`submissions: ${CLIENTS} signed-in clients, each with a profile`);
  const admin = createClient<Database>(api, SERVICE_ROLE_KEY, { auth });
  const tag = Date.now().toString(36);
  const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => submitter(admin, tag, i)));
  const { questions } = await clients[0].sdk.assessments.questionnaire();
  // A few answer patterns, taken in turn by both paths alike: mostly well, now and then a symptom or an exposure.
  const none = Object.fromEntries(questions.map((q) => [q.code, false]));
  const symptom = questions.find((q) => q.kind === 'symptom')?.code;
  const exposure = questions.find((q) => q.kind === 'exposure')?.code;
  const patterns = [none, none, none, none, none, none, none, symptom ? { ...none, [symptom]: true } : none, none, exposure ? { ...none, [exposure]: true } : none];
  let sequence = 0;
  const payload = (personId: string, path: string) => {
    const n = ++sequence;
    return { person_id: personId, answers: patterns[n % patterns.length], idempotency_key: `sdk-bench-${tag}-${path}-${n}` };
  };

  const viaSdk = async (c: Submitter) => {
    const { person_id, answers, idempotency_key } = payload(c.personId, 'sdk');
    await c.sdk.assessments.submit({ person_id, answers }, { idempotencyKey: idempotency_key });
  };
  const viaRaw = async (c: Submitter) => {
    const { data, error } = await c.raw.rpc('submit_assessment', payload(c.personId, 'raw'));
    if (error || !data) throw new Error(`submit_assessment: ${error?.message ?? 'no row'}`);
  };
  const counted = { sdk: 0, raw: 0 };
  const perSecond = async (path: 'sdk' | 'raw', seconds: number) => {
    const work = path === 'sdk' ? viaSdk : viaRaw;
    const end = Date.now() + seconds * 1000;
    let done = 0;
    const started = Date.now();
    await Promise.all(
      clients.map(async (c) => {
        while (Date.now() < end) {
          await work(c);
          done += 1;
        }
      }),
    );
    counted[path] += done;
    return { done, seconds: (Date.now() - started) / 1000 };
  };

  const slice = SECONDS / SLICES;
  step(`warming up both paths (1 s each), then ${SECONDS} s per path in ${SLICES} slices of ${slice.toFixed(1)} s, alternating ABBA`);
  await perSecond('sdk', 1);
  await perSecond('raw', 1);
  const totals = { sdk: { done: 0, seconds: 0 }, raw: { done: 0, seconds: 0 } };
  const order = Array.from({ length: SLICES * 2 }, (_, i) => ([0, 3].includes(i % 4) ? 'sdk' : 'raw') as 'sdk' | 'raw');
  const rates: Record<'sdk' | 'raw', number[]> = { sdk: [], raw: [] };
  for (const [i, path] of order.entries()) {
    const r = await perSecond(path, slice);
    totals[path].done += r.done;
    totals[path].seconds += r.seconds;
    rates[path].push(r.done / r.seconds);
    console.log(`  ${i + 1}/${order.length} ${path === 'sdk' ? 'sejahtera.assessments.submit        ' : "supabase-js rpc('submit_assessment')"}: ${fmt(r.done / r.seconds)}/s (${fmt(r.done)} in ${r.seconds.toFixed(1)} s)`);
  }
  // Each slice's ratio to its neighbour of the other path: how much the machine's load moved under the run.
  const pairRatios = rates.sdk.map((rate, i) => rate / rates.raw[i]);

  step('counting what was stored');
  const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres` });
  await db.connect();
  const { rows } = await db.query<{ path: string; stored: string; keys: string }>(
    `select split_part(idempotency_key, '-', 4) as path, count(*) as stored, count(distinct idempotency_key) as keys
     from public.assessments where idempotency_key like $1 group by 1`,
    [`sdk-bench-${tag}-%`],
  );
  await db.end();
  const stored = Object.fromEntries(rows.map((r) => [r.path, { stored: Number(r.stored), keys: Number(r.keys) }]));
  const exact = (['sdk', 'raw'] as const).every((p) => stored[p]?.stored === counted[p] && stored[p]?.keys === counted[p]);
  console.log(`  submitted sdk ${fmt(counted.sdk)}, raw ${fmt(counted.raw)}; stored sdk ${fmt(stored.sdk?.stored ?? 0)}, raw ${fmt(stored.raw?.stored ?? 0)}`);
  await Promise.all(clients.map((c) => c.sdk.auth.signOut({ scope: 'local' })));

  const sdkRate = totals.sdk.done / totals.sdk.seconds;
  const rawRate = totals.raw.done / totals.raw.seconds;
  return {
    'sejahtera.assessments.submit, per s': { value: Math.round(sdkRate), goal: '' },
    "raw supabase-js rpc('submit_assessment'), per s": { value: Math.round(rawRate), goal: '' },
    'SDK / raw ratio': { value: Number((sdkRate / rawRate).toFixed(3)), goal: `>= ${RATIO_GOAL}: ${sdkRate / rawRate >= RATIO_GOAL ? 'met' : 'MISSED'}` },
    'ratio of neighbouring slices, min - max': { value: `${Math.min(...pairRatios).toFixed(2)} - ${Math.max(...pairRatios).toFixed(2)}`, goal: '' },
    'every submission stored once': { value: exact ? 'yes' : 'NO', goal: exact ? 'met' : 'MISSED' },
  };
}

async function main() {
  const started = Date.now();
  const size = await sizes();
  if (!useRunning) {
    step(`starting the bench stack (API ${api}, data in ${dataDir})`);
    await stack('stop').catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    await stack('start', '--no-seed');
  }
  let throughput;
  try {
    throughput = await submissions();
  } finally {
    if (!useRunning) {
      step('stopping the bench stack');
      await stack('stop');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log('\nResults (one run, this machine)');
  console.log('\nBrowser build, without supabase-js (goal for @sejahtera/sdk, the public entry: < 25 kB min+gzip)');
  console.table(size);
  console.log(`\nSubmissions, ${CLIENTS} signed-in clients, ${SECONDS} s per path in ${SLICES} alternating slices (goal: ratio >= ${RATIO_GOAL})`);
  console.table(throughput);
  console.log(`\nBench done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
