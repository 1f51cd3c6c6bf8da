/**
 * The dashboard's load at national scale: every query a dashboard load makes (src/dashboard/queries.ts,
 * the same SDK calls the widgets make: the summary, four day-by-day series, the high-risk table by
 * area), run at once as the page runs them, through supabase-js, the gateway and PostgREST, for each role
 * the dashboard is for: an administrator and an analyst (the whole country, the widest scope), a state
 * supervisor and a district officer; against the baseline measured
 * in the same run: one count of every person in SQL (`select count(*) from persons` as postgres), what a
 * single figure costs when counted from the rows (measured before and after the dashboards; the mean). Goal: a whole dashboard load under 10x that count
 * (met/missed is printed). Also shown, for reading the ratio: one API round trip that reads almost nothing
 * (the 16 states, through supabase-js, the gateway and PostgREST), the fixed cost every call pays, which at
 * 100,000 persons is larger than the count itself. (Counting persons through the API instead, the
 * administrator's persons_summary with count=exact, exceeds the API's 8 s statement timeout at 100,000
 * persons: row-level security of persons per row; so it cannot be the baseline.) Each time is the median of
 * BENCH_ROUNDS runs (default 7) after one warm-up; each call's own time is shown too.
 *
 * Population: BENCH_PERSONS synthetic persons (default 100,000; the issue's size is
 * BENCH_PERSONS=1000000, about ten times as long to generate), made by the synthetic generator
 * (`npm run seed:synthetic -- --persons N`, supabase/tests/synthetic) beside the demo seed.
 *
 * Runs on its own stack (ports 27921, 27922, 27924, data in .sejahtera/dashbench, removed afterwards;
 * BENCH_KEEP=1 keeps it to rerun without generating again); SEJAHTERA_BENCH_STACK=running uses the
 * running development stack and adds synthetic persons there only if it has fewer than BENCH_PERSONS.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ANON_KEY, benchNumber, benchStack, mustRunStackCli, projectDir } from '@sejahtera/stack/testing';
import { createSejahteraStaff } from '@sejahtera/sdk/staff';
import pg from 'pg';
import { dashboardCalls, defaultFilters } from '../src/dashboard/queries.ts';

const PERSONS = Math.round(benchNumber('BENCH_PERSONS', 100_000));
const ROUNDS = Math.round(benchNumber('BENCH_ROUNDS', 7));
const KEEP = process.env.BENCH_KEEP === '1';
const PASSWORD = 'Sejahtera-dev-2026';
const GOAL = 10;

const { useRunning, ports, dataDir, env: stackEnv, api } = benchStack('dashbench', 27921);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const step = (text: string) => console.log(`\n» ${text}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timedRounds(label: string, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up: plans, caches, the connection
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
    process.stdout.write(`\r  ${label}: round ${i + 1}/${ROUNDS}`);
  }
  const value = median(times);
  process.stdout.write(`\r  ${label}: median ${ms(value)} of ${ROUNDS} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})\n`);
  return value;
}

function generate(persons: number, databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', '--workspace', '@sejahtera/database-tests', 'seed:synthetic', '--', '--persons', String(persons)], {
      cwd: projectDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed:synthetic exited with ${code}`))));
  });
}

async function signedIn(email: string) {
  const client = createSejahteraStaff({ url: api, anonKey: ANON_KEY });
  await client.auth.signInWithPassword({ email, password: PASSWORD });
  return client;
}

export async function run(): Promise<void> {
  if (!useRunning) {
    step(`starting a stack of its own on ${api} (data in ${dataDir})`);
    await stack('stop').catch(() => {});
    if (!KEEP) rmSync(dataDir, { recursive: true, force: true });
    await stack('start');
  }
  const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres` });
  await db.connect();
  db.on('error', () => {}); // the stack stopping under an idle connection is expected at the end
  try {
    const present = Number((await db.query<{ n: string }>('select count(*) as n from public.persons')).rows[0].n);
    if (present < PERSONS) {
      step(`generating ${(PERSONS - present).toLocaleString('en')} synthetic persons (npm run seed:synthetic)`);
      await generate(PERSONS - present, `postgresql://supabase_admin:postgres@127.0.0.1:${ports.db}/postgres`);
    }
    await db.query('vacuum analyze');
    const [{ n: persons }] = (await db.query<{ n: string }>('select count(*) as n from public.persons')).rows;
    const [{ n: assessments }] = (await db.query<{ n: string }>('select count(*) as n from public.assessments')).rows;
    step(`population: ${Number(persons).toLocaleString('en')} persons, ${Number(assessments).toLocaleString('en')} assessments`);

    step('baseline: one count of every person in SQL');
    const countPersons = () => timedRounds('select count(*) from persons', () => db.query('select count(*) from public.persons'));
    const baselineBefore = await countPersons();
    step('for reference: one API round trip reading almost nothing (the states)');
    const analyst = await signedIn('analyst@sejahtera.test');
    const roundTrip = await timedRounds('states through the API', async () => {
      const { error } = await analyst.supabase.from('states').select('code');
      if (error) throw new Error(`states through the API: ${error.message}`);
    });
    await analyst.auth.signOut();

    const filters = defaultFilters();
    const roles = [
      ['administrator (the whole country)', 'admin@sejahtera.test'],
      ['analyst (the whole country)', 'analyst@sejahtera.test'],
      ['supervisor (Selangor, a state)', 'supervisor@sejahtera.test'],
      ['officer (two districts)', 'officer@sejahtera.test'],
    ] as const;
    // The stack has just started: API connections, their compiled functions and the rollups' pages are warmed
    // by a few loads of every role first, or whichever role came first would pay for them (1.3-2x the others).
    step('warming up: a few dashboard loads of every role');
    for (const [, email] of roles) {
      const client = await signedIn(email);
      for (let i = 0; i < 3; i++) await Promise.all(dashboardCalls(client.analytics, filters).map((call) => call()));
      await client.auth.signOut();
    }
    const results: Array<{ who: string; value: number }> = [];
    for (const [who, email] of roles) {
      step(`dashboard load as the ${who}: ${dashboardCalls({} as never, filters).length} SDK calls at once, ${filters.from_date} to ${filters.to_date}`);
      const client = await signedIn(email);
      const value = await timedRounds('all widgets at once', () => Promise.all(dashboardCalls(client.analytics, filters).map((call) => call())));
      const names = ['summary', 'daily registrations', 'daily assessments', 'daily symptomatic assessments', 'daily cases', 'high risk by area'];
      const calls = dashboardCalls(client.analytics, filters);
      for (const [i, call] of calls.entries()) await timedRounds(`  ${names[i] ?? `call ${i + 1}`} alone`, call);
      results.push({ who, value });
      await client.auth.signOut();
    }

    // The machine is shared: the baseline is measured before and after the dashboards, and their mean used.
    step('baseline again');
    const baseline = (baselineBefore + (await countPersons())) / 2;

    step('result');
    console.log(`  baseline, one count of ${Number(persons).toLocaleString('en')} persons in SQL: ${ms(baseline)}; one API round trip: ${ms(roundTrip)}`);
    for (const { who, value } of results) {
      const ratio = value / baseline;
      console.log(
        `  dashboard as the ${who}: ${ms(value)} = ${ratio.toFixed(2)}x the count; goal < ${GOAL}x: ${ratio < GOAL ? 'met' : 'missed'} ` +
          `(${(value / roundTrip).toFixed(2)}x one API round trip)`,
      );
    }
  } finally {
    await db.end().catch(() => {});
    if (!useRunning) {
      step('stopping the stack');
      await stack('stop');
      if (!KEEP) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
