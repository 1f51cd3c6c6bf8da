/**
 * npm run bench (database): the database at national scale, measured in one run against baselines.
 * - Synthetic data: BENCH_PERSONS persons (default 100,000; the issue's target is 1,000,000) with
 *   BENCH_ASSESSMENTS_PER_PERSON declarations each (default 10) over BENCH_DAYS days (default 30).
 * - Dashboard figures, as an analyst (the country) and as an officer (their district), through PostgREST via
 *   the gateway with a signed JWT, and the same calls in SQL as PostgREST makes them: p50/p95 over BENCH_CALLS
 *   calls each (default 50). Goal: p95 < 100 ms.
 * - Declarations through the classification path (public.submit_assessment as the person's own account) vs
 *   bare inserts of the same columns into a copy of the table without triggers, foreign keys or RLS (same
 *   indexes), each on BENCH_CONNECTIONS connections (default 8) for BENCH_SECONDS (default 10), in alternating
 *   halves. Both go as PostgREST sends them: one transaction with the role and JWT claims set. Goal: ratio >= 0.5.
 *   Where the database runs on this machine, also the database CPU time each path costs per declaration (its
 *   connections' backends, from /proc): on a shared machine the rates swing with its other work, CPU time much less.
 * - Import of BENCH_IMPORT_ROWS contacts (default 10,000; 80% new people, 10% matched by document, 10% by
 *   phone) through public.import_contacts as the officer handling the case, in SQL and through PostgREST, vs a
 *   bare insert of the same rows into a plain table (median of 3). Goal: < 5 s. Where the database runs on this
 *   machine, the SQL import's database CPU time too (its backend's, from /proc): wall time on a shared machine
 *   counts the waiting for a core.
 *
 * Runs on its own stack instance (ports 27421, 27422, 27424; data in .sejahtera/dbbench, created for the run
 * and removed after it, unless BENCH_REUSE=1: then the database is kept, and reused when it already holds at
 * least BENCH_PERSONS synthetic persons; a kept database keeps the migrations it was made with, so after a
 * migration changes, run once without it). With DATABASE_URL that instance runs on that
 * Postgres (whose user must be a superuser) and data already there is reused; with SEJAHTERA_BENCH_STACK=running
 * the running development stack is used. Either way synthetic data is added if there is too little.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { ANON_KEY, JWT_SECRET, benchNumber, benchStack, mustRunStackCli } from '@sejahtera/stack/testing';
import { generate, report } from '../synthetic/generate.ts';
import { ANALYST_ID, idRange, officerId, personsSql, prepareModel, type Model } from '../synthetic/model.ts';


const PERSONS = benchNumber('BENCH_PERSONS', 100_000);
const PER_PERSON = benchNumber('BENCH_ASSESSMENTS_PER_PERSON', 10);
const DAYS = benchNumber('BENCH_DAYS', 30);
const CALLS = benchNumber('BENCH_CALLS', 50);
const WARM_UP = 5;
const SECONDS = benchNumber('BENCH_SECONDS', 10);
const CONNECTIONS = benchNumber('BENCH_CONNECTIONS', 8);
const IMPORT_ROWS = benchNumber('BENCH_IMPORT_ROWS', 10_000);
const REUSE = process.env.BENCH_REUSE === '1';
/** Linux's clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = 100;
/** BENCH_ONLY=declarations (or dashboards, import; comma-separated) measures only those parts, e.g. while tuning one. */
const PARTS = ['dashboards', 'declarations', 'import'] as const;
const ONLY = (process.env.BENCH_ONLY ?? PARTS.join(',')).split(',').map((part) => part.trim());
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: ${PARTS.join(', ')} (comma-separated), not ${part}`);
}
const measures = (part: (typeof PARTS)[number]) => ONLY.includes(part);

const { useRunning, ports, dataDir, env: stackEnv, api } = benchStack('dbbench', 27421);
const externalDatabase = Boolean(process.env.DATABASE_URL);
/** The stack's convention: DATABASE_URL's own user is the administrator; else the embedded cluster's superuser. */
const adminUrl = process.env.DATABASE_URL || `postgresql://supabase_admin:postgres@127.0.0.1:${ports.db}/postgres`;
/** As `postgres`, the role migrations run as and PostgREST's roles are granted to. */
const ownerUrl = (() => {
  const url = new URL(adminUrl);
  url.username = 'postgres';
  url.password = process.env.SEJAHTERA_DB_PASSWORD ?? 'postgres';
  return url.toString();
})();

const step = (text: string) => console.log(`\n» ${text}`);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const ms = (x: number) => Number(x.toFixed(1));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const median = (values: number[]) => percentile(values, 50);

/** An access token as the stack's Auth would issue it, signed with the local JWT secret. */
async function accessToken(userId: string): Promise<string> {
  return new SignJWT({ role: 'authenticated', aal: 'aal1', session_id: randomUUID(), is_anonymous: false })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience('authenticated')
    .setIssuer(`${api}/auth/v1`)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** SQL run as PostgREST runs a request: one transaction, the role and the JWT claims set first. */
function asUser(db: pg.Client, userId: string, statement: string): string {
  const claims = JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' });
  return `begin; select set_config('request.jwt.claims', ${db.escapeLiteral(claims)}, true), set_config('role', 'authenticated', true); ${statement}; commit;`;
}

async function rest(path: string, token: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${api}/rest/v1${path}`, {
    method: 'POST',
    headers: { apikey: ANON_KEY, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function syntheticPersons(db: pg.Client): Promise<number> {
  const [lo, hi] = idRange('person');
  const { rows } = await db.query<{ n: string }>(`select count(*) as n from public.persons where id between $1 and $2`, [lo, hi]);
  return Number(rows[0].n);
}

async function main() {
  const started = Date.now();
  if (!useRunning) {
    step(`starting the bench stack (API ${api}${externalDatabase ? ', on DATABASE_URL' : ''})`);
    await stack('stop').catch(() => {});
    if (!externalDatabase && !REUSE) rmSync(dataDir, { recursive: true, force: true });
    await stack('start', '--no-seed');
  }
  try {
    await measure(started);
  } finally {
    if (!useRunning) {
      step('stopping the bench stack');
      await stack('stop');
      // A national-scale database takes gigabytes: kept only when asked to reuse it.
      if (!externalDatabase && !REUSE) rmSync(join(dataDir, 'db'), { recursive: true, force: true });
    }
  }
}

async function measure(started: number) {
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'sejahtera bench' });
  await admin.connect();
  admin.on('error', () => {}); // the stack stopping under an idle connection is expected at the end

  // Data ---------------------------------------------------------------------------------------------------
  const present = await syntheticPersons(admin);
  let generation: { seconds: number; assessments: number } | undefined;
  if (present >= PERSONS && (REUSE || externalDatabase || useRunning)) {
    step(`reusing ${fmt(present)} synthetic persons already in the database`);
  } else {
    step(`synthetic data: ${fmt(PERSONS - present)} persons, ${PER_PERSON} declarations each over ${DAYS} days`);
    const result = await generate({
      databaseUrl: adminUrl,
      persons: PERSONS - present,
      days: DAYS,
      assessmentsPerPerson: PER_PERSON,
      log: (line) => console.log(`  ${line}`),
    });
    generation = { seconds: result.seconds, assessments: result.assessments };
    if (process.env.BENCH_VERIFY !== '0') await report(admin, (line) => console.log(`  ${line}`));
  }
  const { rows: sizes } = await admin.query<{ persons: string; assessments: string; contacts: string; monitoring: string }>(`
    select (select count(*) from public.persons) as persons, (select count(*) from public.assessments) as assessments,
           (select count(*) from public.contacts) as contacts, (select count(*) from public.monitoring where state = 'active') as monitoring`);
  const size = sizes[0];
  console.log(`  database: ${fmt(Number(size.persons))} persons, ${fmt(Number(size.assessments))} assessments, ${fmt(Number(size.contacts))} contacts, ${fmt(Number(size.monitoring))} under active monitoring`);

  // The model's constants, for recomputing synthetic persons' documents (the database keeps only hashes).
  const model = await prepareModel(admin, { base: 0, persons: 1, days: DAYS, assessmentsPerPerson: PER_PERSON });
  const { rows: busiest } = await admin.query<{ district_code: string; people: string }>(`
    select district_code, sum(people) as people from private.status_counts where district_code is not null
    group by 1 order by 2 desc, 1 limit 1`);
  const district = busiest[0].district_code;
  const officer = officerId(district);
  const actors = { analyst: ANALYST_ID, officer };
  const tokens = { analyst: await accessToken(ANALYST_ID), officer: await accessToken(officer) };
  // PostgREST may still be loading its schema cache right after start.
  for (let i = 0; ; i++) {
    try {
      await rest('/rpc/high_risk_summary', tokens.analyst, {});
      break;
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const owner = new pg.Client({ connectionString: ownerUrl, application_name: 'sejahtera bench' });
  await owner.connect();
  owner.on('error', () => {});

  // The baselines: the same columns, indexes and defaults as public.assessments, with no triggers, foreign keys or
  // RLS; and the import's rows as a plain table.
  await admin.query(`
    drop schema if exists bench cascade;
    create schema bench;
    create table bench.assessments (like public.assessments including all);
    create table bench.contact_rows (full_name text, phone text, identity_type text, identity_number text, nationality text,
      setting text, proximity text, last_exposure_date date, district_code text);
    grant usage on schema bench to authenticated;
    grant insert on bench.assessments, bench.contact_rows to authenticated;`);
  const figures = measures('dashboards') ? await dashboards(owner, tokens, actors, district) : undefined;
  const inserts = measures('declarations') ? await assessmentInserts(admin, owner, model) : undefined;
  const imports = measures('import') ? await contactImports(admin, owner, model, district, officer, tokens.officer) : undefined;

  await admin.query('drop schema if exists bench cascade');
  await owner.end();
  await admin.end();

  // Results ---------------------------------------------------------------------------------------------------
  console.log(`\nResults (one run, this machine): ${fmt(Number(size.persons))} persons, ${fmt(Number(size.assessments))} assessments` +
    (generation ? `; generated in ${(generation.seconds / 60).toFixed(1)} min (${fmt(generation.assessments / generation.seconds)} assessments/s overall)` : ''));
  if (figures) {
    console.log(`\nDashboard figures, ${CALLS} calls each (goal: p95 < 100 ms). The officer covers ${district}.`);
    console.table(figures);
  }
  if (inserts) {
    console.log(`\nDeclarations, ${CONNECTIONS} connections, ${SECONDS} s each path (goal: ratio >= 0.5)`);
    console.table(inserts);
  }
  if (imports) {
    console.log(`\nImport of ${fmt(IMPORT_ROWS)} contacts as the officer handling the case, median of 3 (goal: < 5 s)`);
    console.table(imports);
  }
  console.log(`\nBench done in ${((Date.now() - started) / 60_000).toFixed(1)} min.`);
}

// Dashboard figures ---------------------------------------------------------------------------------------------

async function dashboards(
  owner: pg.Client,
  tokens: Record<'analyst' | 'officer', string>,
  actors: Record<'analyst' | 'officer', string>,
  district: string,
) {
  const { rows: today } = await owner.query<{ today: string }>(`select to_char((now() at time zone 'Asia/Kuala_Lumpur')::date, 'YYYY-MM-DD') as today`);
  const to = today[0].today;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const figures = [
    { name: 'dashboard_summary, 30 days', path: '/rpc/dashboard_summary', body: { from_date: from, to_date: to },
      sql: `select public.dashboard_summary('${from}', '${to}')` },
    { name: 'dashboard_daily assessments, 30 days', path: '/rpc/dashboard_daily', body: { metric: 'assessments', from_date: from, to_date: to },
      sql: `select * from public.dashboard_daily('assessments', '${from}', '${to}')` },
    { name: 'high_risk_summary', path: '/rpc/high_risk_summary', body: {}, sql: `select * from public.high_risk_summary()` },
  ];
  const roles = ['analyst', 'officer'] as const;
  step(`dashboard figures: ${figures.length} figures x ${roles.length} roles, ${CALLS} calls each through PostgREST and in SQL (officer of ${district})`);
  const timings = new Map<string, { rest: number[]; sql: number[] }>();
  for (let round = 0; round < WARM_UP + CALLS; round++) {
    for (const figure of figures) {
      for (const role of roles) {
        const key = `${figure.name} · ${role}`;
        if (!timings.has(key)) timings.set(key, { rest: [], sql: [] });
        let t = performance.now();
        const answer = await rest(figure.path, tokens[role], figure.body);
        const restMs = performance.now() - t;
        if (round === 0 && (answer === null || (Array.isArray(answer) && answer.length === 0))) throw new Error(`${key}: empty answer`);
        t = performance.now();
        await owner.query(asUser(owner, actors[role], figure.sql));
        const sqlMs = performance.now() - t;
        if (round >= WARM_UP) {
          timings.get(key)!.rest.push(restMs);
          timings.get(key)!.sql.push(sqlMs);
        }
      }
    }
  }
  const table: Record<string, Record<string, number | string>> = {};
  for (const [key, t] of timings) {
    const p95 = percentile(t.rest, 95);
    table[key] = {
      'REST p50 ms': ms(median(t.rest)),
      'REST p95 ms': ms(p95),
      'SQL p50 ms': ms(median(t.sql)),
      'SQL p95 ms': ms(percentile(t.sql, 95)),
      'goal p95 < 100 ms': p95 < 100 ? 'met' : 'MISSED',
    };
  }
  return table;
}

// Declarations: the classification path vs bare inserts ---------------------------------------------------------------

async function assessmentInserts(admin: pg.Client, owner: pg.Client, model: Model) {
  step(`declarations: submit_assessment vs bare inserts, ${CONNECTIONS} connections, ${SECONDS} s each in alternating halves`);
  const [lo, hi] = idRange('person');
  const { rows: people } = await owner.query<{ id: string; account_id: string }>(
    `select id, account_id from public.persons tablesample system (5)
     where id between $1 and $2 and account_id is not null and status <> 'pending_assessment' limit $3`,
    [lo, hi, CONNECTIONS * 50],
  );
  if (people.length < CONNECTIONS) throw new Error('Too few synthetic account holders to submit declarations for.');
  const { rows: current } = await owner.query<{ questionnaire_id: string; rule_set_id: string }>(
    'select public.current_questionnaire_id() as questionnaire_id, public.current_rule_set_id() as rule_set_id',
  );
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: ownerUrl, application_name: 'sejahtera bench' });
      await client.connect();
      client.on('error', () => {});
      return client;
    }),
  );
  // The database CPU time each path costs (user + system of the connections' backends, from /proc where the
  // database runs on this machine): on a machine shared with other work, rates count the waiting for a core too.
  const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid));
  const databaseCpuMs = (): number | undefined => {
    try {
      return pids.reduce((sum, pid) => {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
      }, 0);
    } catch {
      return undefined;
    }
  };
  const tag = randomUUID().slice(0, 8);
  let sequence = 0;
  const answers = () => {
    const r = Math.random();
    let pick = model.patterns[0];
    for (const p of model.patterns) if (r >= p.start) pick = p;
    return pick;
  };
  const classified = async (worker: number, db: pg.Client) => {
    const mine = people.filter((_, i) => i % CONNECTIONS === worker);
    const person = mine[sequence % mine.length];
    const pattern = answers();
    await db.query(asUser(db, person.account_id,
      `select public.submit_assessment(${db.escapeLiteral(person.id)}, ${db.escapeLiteral(pattern.answers)}::jsonb, ${db.escapeLiteral(`bench-${tag}-${++sequence}`)})`));
  };
  const bare = async (worker: number, db: pg.Client) => {
    const mine = people.filter((_, i) => i % CONNECTIONS === worker);
    const person = mine[sequence % mine.length];
    const pattern = answers();
    await db.query(asUser(db, person.account_id,
      `insert into bench.assessments (person_id, kind, questionnaire_id, rule_set_id, answers, idempotency_key, symptomatic, exposed,
         classification, submitted_by, submitted_at)
       values (${db.escapeLiteral(person.id)}, 'daily', ${db.escapeLiteral(current[0].questionnaire_id)}, ${db.escapeLiteral(current[0].rule_set_id)},
         ${db.escapeLiteral(pattern.answers)}::jsonb, ${db.escapeLiteral(`bench-${tag}-${++sequence}`)}, ${pattern.symptomatic}, ${pattern.exposed},
         ${db.escapeLiteral(pattern.classification)}, ${db.escapeLiteral(person.account_id)}, now())`));
  };
  const perSecond = async (work: (worker: number, db: pg.Client) => Promise<void>, seconds: number) => {
    const end = Date.now() + seconds * 1000;
    let done = 0;
    const t = Date.now();
    const cpuBefore = databaseCpuMs();
    await Promise.all(
      clients.map(async (db, worker) => {
        while (Date.now() < end) {
          await work(worker, db);
          done += 1;
        }
      }),
    );
    const cpuAfter = databaseCpuMs();
    return { done, seconds: (Date.now() - t) / 1000, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  };
  await perSecond(classified, 1); // warm-up
  await perSecond(bare, 1);
  const totals = { classified: { done: 0, seconds: 0, cpuMs: 0 }, bare: { done: 0, seconds: 0, cpuMs: 0 } };
  let cpuKnown = true;
  for (let half = 0; half < 2; half++) {
    for (const [name, work] of [['classified', classified], ['bare', bare]] as const) {
      const r = await perSecond(work, SECONDS / 2);
      totals[name].done += r.done;
      totals[name].seconds += r.seconds;
      if (r.cpuMs === undefined) cpuKnown = false;
      else totals[name].cpuMs += r.cpuMs;
      const cpuText = r.cpuMs === undefined ? '' : `, database CPU ${Math.round((r.cpuMs * 1000) / r.done)} µs each`;
      console.log(`  ${name === 'classified' ? 'submit_assessment' : 'bare insert      '} half ${half + 1}: ${fmt(r.done / r.seconds)}/s${cpuText}`);
    }
  }
  await Promise.all(clients.map((c) => c.end()));
  const classifiedRate = totals.classified.done / totals.classified.seconds;
  const bareRate = totals.bare.done / totals.bare.seconds;
  return {
    'submit_assessment (classification path), per s': { value: Math.round(classifiedRate) },
    'bare insert, same columns, per s': { value: Math.round(bareRate) },
    'ratio (goal >= 0.5)': { value: Number((classifiedRate / bareRate).toFixed(3)), goal: classifiedRate / bareRate >= 0.5 ? 'met' : 'MISSED' },
    ...(cpuKnown
      ? {
          'submit_assessment, database CPU µs each': { value: Math.round((totals.classified.cpuMs * 1000) / totals.classified.done) },
          'bare insert, database CPU µs each': { value: Math.round((totals.bare.cpuMs * 1000) / totals.bare.done) },
          'database CPU ratio, bare / submit_assessment': {
            value: Number((totals.bare.cpuMs / totals.bare.done / (totals.classified.cpuMs / totals.classified.done)).toFixed(3)),
          },
        }
      : {}),
  };
}

// Contact import ----------------------------------------------------------------------------------------------------------

async function contactImports(admin: pg.Client, owner: pg.Client, model: Model, district: string, officer: string, officerToken: string) {
  step(`contact import: ${fmt(IMPORT_ROWS)} rows through public.import_contacts (SQL and PostgREST) vs a bare insert, 3 rounds`);
  const [lo, hi] = idRange('person');
  const matchEach = Math.floor(IMPORT_ROWS / 10);
  // Existing people to match: by their document (recomputed from the model; even numbers) and by phone (odd
  // numbers, so that no row finds the person another row found).
  const { rows: byDocument } = await admin.query<{ identity_type: string; identity_number: string; nationality: string; full_name: string }>(
    `with k as (
       select ('x' || right(p.id::text, 12))::bit(48)::bigint as k from public.persons p tablesample system (5)
       where p.id between $1 and $2 and p.identity_masked is not null
         and ('x' || right(p.id::text, 12))::bit(48)::bigint % 2 = 0 limit $3)
     select m.identity_type::text, m.identity_number, m.nationality, m.full_name
     from k cross join lateral (select * from ${personsSql(model, 'k.k', 'k.k')} p) m`,
    [lo, hi, matchEach * 3],
  );
  const { rows: byPhone } = await admin.query<{ phone: string; full_name: string }>(
    `select p.phone, p.full_name from public.persons p tablesample system (5)
     where p.id between $1 and $2 and p.phone is not null and p.phone_verified_at is not null
       and ('x' || right(p.id::text, 12))::bit(48)::bigint % 2 = 1 limit $3`,
    [lo, hi, matchEach * 3],
  );
  const { rows: today } = await admin.query<{ today: string }>(`select to_char((now() at time zone 'Asia/Kuala_Lumpur')::date, 'YYYY-MM-DD') as today`);
  const day = (back: number) => new Date(Date.parse(`${today[0].today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
  const settings = ['household', 'workplace', 'social', 'school', 'religious', 'other'];
  if (byDocument.length < matchEach || byPhone.length < matchEach) throw new Error('Too few synthetic persons to match imported contacts to.');
  let batch = 0;
  // New people get phones and MyKad numbers nobody has: a random start per run, then the batch and the row.
  const seed = Math.floor(Math.random() * 1000);
  const rowsFor = () => {
    batch += 1;
    const tag = String(10 + ((seed + batch) % 90)).padStart(2, '0');
    return Array.from({ length: IMPORT_ROWS }, (_, i) => {
      const common = {
        last_exposure_date: day(i % 3),
        proximity: i % 10 < 7 ? 'close' : 'casual',
        setting: settings[i % settings.length],
      };
      if (i % 10 === 8) {
        const p = byDocument[((batch - 1) * matchEach + Math.floor(i / 10)) % byDocument.length];
        return { ...common, full_name: p.full_name, identity_type: p.identity_type, identity_number: p.identity_number, nationality: p.nationality };
      }
      if (i % 10 === 9) {
        const p = byPhone[((batch - 1) * matchEach + Math.floor(i / 10)) % byPhone.length];
        return { ...common, full_name: p.full_name, phone: p.phone };
      }
      // Someone new: a phone nobody has (+6018, the batch, the row), and for half of them a MyKad number.
      const born = new Date(Date.UTC(1950 + (i % 60), i % 12, 1 + (i % 28)));
      const mykad = `${born.toISOString().slice(2, 4)}${born.toISOString().slice(5, 7)}${born.toISOString().slice(8, 10)}10${String((seed + i) % 1000).padStart(3, '0')}${(seed + batch) % 10}`;
      return {
        ...common,
        full_name: `Kontak Sintetik ${batch}-${i}`,
        phone: `018-${tag}${String(i).padStart(6, '0').slice(0, 2)} ${String(i).padStart(6, '0').slice(2)}`,
        ...(i % 2 === 0 ? { identity_type: 'mykad', identity_number: mykad } : {}),
        district_code: i % 4 === 0 ? undefined : district,
      };
    });
  };
  const newCase = async () => {
    const { rows } = await owner.query<{ id: string }>(
      `insert into public.cases (person_id, case_number, diagnosis_date, district_code, handled_by)
       select p.id, 'BENCH-' || upper(substr(md5(random()::text), 1, 10)), (now() at time zone 'Asia/Kuala_Lumpur')::date, p.district_code, $2
       from public.persons p
       where p.district_code = $1 and p.account_id is null and p.status not in ('confirmed')
         and not exists (select 1 from public.cases c where c.person_id = p.id and c.status = 'active')
       limit 1
       returning id`,
      [district, officer],
    );
    return rows[0].id;
  };
  const times = { sql: [] as number[], rest: [] as number[], bare: [] as number[], sqlCpu: [] as number[] };
  // The SQL import's database CPU time (user + system of its backend process), read from /proc where the
  // database runs on this machine: on a machine shared with other work, wall time counts the waiting too.
  const [{ pid }] = (await owner.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
  const backendCpuMs = (): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  };
  let totals: Record<string, number> = {};
  let restReturned = 0;
  let restFailure = '';
  for (let round = 0; round < 3; round++) {
    let rows = rowsFor();
    let kase = await newCase();
    const cpuBefore = backendCpuMs();
    let t = performance.now();
    const results = await owner.query(
      asUser(owner, officer, `select public.import_contacts(${owner.escapeLiteral(kase)}, ${owner.escapeLiteral(JSON.stringify(rows))}::jsonb) - 'rows' as totals`),
    );
    times.sql.push(performance.now() - t);
    const cpuAfter = backendCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) times.sqlCpu.push(cpuAfter - cpuBefore);
    const report = (results as unknown as pg.QueryResult[]).find((r) => r.fields.some((f) => f.name === 'totals'));
    if (round === 0) totals = report?.rows[0]?.totals ?? {};
    if (totals.rejected) throw new Error(`The benchmark's own rows were rejected: ${JSON.stringify(totals)}`);

    t = performance.now();
    await owner.query(asUser(owner, officer,
      `insert into bench.contact_rows select * from jsonb_to_recordset(${owner.escapeLiteral(JSON.stringify(rows))}::jsonb)
         as r (full_name text, phone text, identity_type text, identity_number text, nationality text, setting text, proximity text,
               last_exposure_date date, district_code text)`));
    times.bare.push(performance.now() - t);

    rows = rowsFor();
    kase = await newCase();
    t = performance.now();
    try {
      const answer = (await rest('/rpc/import_contacts', officerToken, { case_id: kase, rows })) as { rows: unknown[] };
      times.rest.push(performance.now() - t);
      restReturned = answer.rows.length;
    } catch (error) {
      // PostgREST applies the role's statement_timeout (8 s for authenticated on Supabase); SQL here does not.
      times.rest.push(Number.POSITIVE_INFINITY);
      restFailure = `failed after ${((performance.now() - t) / 1000).toFixed(1)} s: ${(error as Error).message.slice(0, 160)}`;
    }
    const restText = Number.isFinite(times.rest[round]) ? `${(times.rest[round] / 1000).toFixed(2)} s` : restFailure;
    const cpuText = times.sqlCpu[round] === undefined ? '' : ` (database CPU ${(times.sqlCpu[round] / 1000).toFixed(2)} s)`;
    console.log(`  round ${round + 1}: SQL ${(times.sql[round] / 1000).toFixed(2)} s${cpuText}, bare insert ${(times.bare[round] / 1000).toFixed(3)} s, PostgREST ${restText}`);
  }
  console.log(`  totals of the first import: ${JSON.stringify(totals)}` +
    (restReturned ? `; PostgREST returned ${fmt(restReturned)} row results of ${fmt(IMPORT_ROWS)}` : ''));
  const sql = median(times.sql);
  const restMs = median(times.rest);
  const bare = median(times.bare);
  return {
    'import_contacts in SQL, s': { value: Number((sql / 1000).toFixed(2)), goal: sql < 5000 ? 'met' : 'MISSED' },
    'import_contacts through PostgREST, s': Number.isFinite(restMs)
      ? { value: Number((restMs / 1000).toFixed(2)), goal: restMs < 5000 ? 'met' : 'MISSED' }
      : { value: 'failed', goal: 'MISSED' },
    ...(times.sqlCpu.length === 3 ? { 'import_contacts in SQL, database CPU, s': { value: Number((median(times.sqlCpu) / 1000).toFixed(2)), goal: '' } } : {}),
    'bare insert of the same rows, s': { value: Number((bare / 1000).toFixed(3)), goal: '' },
    'import / bare insert time ratio': { value: Number((sql / bare).toFixed(1)), goal: '' },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
