/**
 * npm run bench (stack): throughput measured in one run, as ratios against a baseline.
 * - REST reads through the gateway vs the same reads straight to PostgREST (goal: ratio >= 0.9)
 * - Auth: password sign-ins per second and token refreshes per second (with bcrypt cost 10, as GoTrue)
 * Runs on its own stack instance (ports 27321...) unless SEJAHTERA_BENCH_STACK=running.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../src/keys.ts';
import { benchNumber, benchStack, mustRunStackCli, projectDir } from '../src/testing.ts';

const { useRunning, ports, env, api } = benchStack('bench', 27321);
const postgrest = `http://127.0.0.1:${ports.api + 10}`;
const seconds = benchNumber('BENCH_SECONDS', 5);

const step = (text: string) => console.log(`\n» ${text}`);
const stack = (...args: string[]) => mustRunStackCli(args, env);

async function readsPerSecond(url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, headers, connections: 16, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return result.requests.average;
}

/** Runs `work` from `concurrency` loops for `seconds`, returning completed operations per second. */
async function opsPerSecond(concurrency: number, work: (worker: number) => Promise<void>): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) {
        await work(worker);
        done += 1;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

async function main() {
  if (!useRunning) {
    mkdirSync(join(projectDir, '.sejahtera'), { recursive: true });
    step('starting the bench stack');
    await stack('start');
  }
  try {
    step('preparing 1,000 rows to read');
    const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres` });
    await db.connect();
    db.on('error', () => {}); // the stack stopping under an idle connection is expected at the end
    await db.query(`
      drop table if exists public.stack_bench_items;
      create table public.stack_bench_items (id bigint primary key, name text not null, quantity int not null);
      insert into public.stack_bench_items select i, 'item ' || i, i % 97 from generate_series(1, 1000) i;
      alter table public.stack_bench_items enable row level security;
      create policy "bench rows are public" on public.stack_bench_items for select to anon using (true);
      notify pgrst, 'reload schema';`);
    const path = '/stack_bench_items?select=id,name,quantity&quantity=gt.10&order=id&limit=20';
    for (let i = 0; i < 50; i++) {
      const r = await fetch(`${postgrest}${path}`);
      if (r.ok) break;
      await new Promise((res) => setTimeout(res, 100));
    }

    const viaGateway = () => readsPerSecond(`${api}/rest/v1${path}`, { apikey: LOCAL_ANON_KEY, authorization: `Bearer ${LOCAL_ANON_KEY}` });
    const viaPostgrest = () => readsPerSecond(`${postgrest}${path}`, { authorization: `Bearer ${LOCAL_ANON_KEY}` });
    step('warming up both paths');
    await viaGateway();
    await viaPostgrest();
    step(`REST reads, ${seconds} s each, 16 connections, alternating gateway and PostgREST (3 rounds)`);
    const gateway: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < 3; round++) {
      gateway.push(await viaGateway());
      direct.push(await viaPostgrest());
      console.log(`  round ${round + 1}: gateway ${gateway[round].toFixed(0)}/s, PostgREST ${direct[round].toFixed(0)}/s`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const readRatio = mean(gateway) / mean(direct);
    if (process.env.BENCH_ONLY === 'reads') {
      await db.end();
      console.log(`\nREST reads: gateway ${mean(gateway).toFixed(0)}/s, PostgREST ${mean(direct).toFixed(0)}/s, ratio ${readRatio.toFixed(3)}`);
      return;
    }

    step('Auth: creating 8 users');
    const password = 'bench-Password-123';
    const emails = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const email = `bench-${Date.now()}-${i}@example.test`;
        const res = await fetch(`${api}/auth/v1/admin/users`, {
          method: 'POST',
          headers: { apikey: LOCAL_SERVICE_ROLE_KEY, authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, email_confirm: true }),
        });
        if (!res.ok) throw new Error(`creating a bench user: ${res.status} ${await res.text()}`);
        return email;
      }),
    );
    // Each loop signs in from its own address, so the per-IP rate limit measures nothing here.
    const authHeaders = (worker: number) => ({
      apikey: LOCAL_ANON_KEY,
      'content-type': 'application/json',
      'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.${worker + 1}`,
    });
    const tokens: string[] = [];
    step(`Auth: password sign-ins, ${seconds} s, 8 concurrent`);
    const signIns = await opsPerSecond(8, async (worker) => {
      const res = await fetch(`${api}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: authHeaders(worker),
        body: JSON.stringify({ email: emails[worker], password }),
      });
      const body = (await res.json()) as { refresh_token?: string };
      if (!res.ok || !body.refresh_token) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(body)}`);
      tokens[worker] = body.refresh_token;
    });

    step(`Auth: token refreshes (rotating), ${seconds} s, 8 concurrent`);
    const refreshes = await opsPerSecond(8, async (worker) => {
      const res = await fetch(`${api}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: authHeaders(worker),
        body: JSON.stringify({ refresh_token: tokens[worker] }),
      });
      const body = (await res.json()) as { refresh_token?: string };
      if (!res.ok || !body.refresh_token) throw new Error(`refresh failed: ${res.status} ${JSON.stringify(body)}`);
      tokens[worker] = body.refresh_token;
    });
    await db.query('drop table public.stack_bench_items');
    await db.end();

    console.log('\nResults (one run, this machine):');
    console.table({
      'REST reads via gateway (req/s)': { value: Math.round(mean(gateway)) },
      'REST reads via PostgREST directly (req/s)': { value: Math.round(mean(direct)) },
      'gateway / PostgREST ratio (goal >= 0.9)': { value: Number(readRatio.toFixed(3)) },
      'password sign-ins (per s)': { value: Number(signIns.toFixed(1)) },
      'token refreshes (per s)': { value: Number(refreshes.toFixed(1)) },
      'refreshes / sign-ins ratio': { value: Number((refreshes / signIns).toFixed(2)) },
    });
  } finally {
    if (!useRunning) {
      step('stopping the bench stack');
      await stack('stop');
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
