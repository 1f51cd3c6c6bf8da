/**
 * npm run bench (database, daily reports): generating daily reports at national scale, against the
 * simplest thing a report must at least do, one count of the persons table, measured in the same run.
 * - Synthetic data: BENCH_PERSONS persons (default 100,000; the target is 1,000,000), as the
 *   database bench makes them (BENCH_ASSESSMENTS_PER_PERSON, BENCH_DAYS).
 * - Per kind of subscription, the median of BENCH_REPORT_CALLS generations (default 5) of
 *   private.daily_report_data, in a rolled-back transaction: an analyst's (the whole country, aggregates
 *   only), an administrator's (the whole country, with the people behind the high-risk figures), a
 *   supervisor's (a state) and an officer's (the busiest district). Each printed as a ratio to the median
 *   of `select count(*) from public.persons`.
 * - The daily-reports function end to end for those four subscriptions (generate, render CSV and
 *   document, email over SMTP into the stack's inbox, store, announce), once.
 * - The reminder job's busiest window: everyone's preferred time is 09:00 unless they chose another, so
 *   private.send_reminders over (08:55, 09:00] reminds most of the population at once (rolled back):
 *   reminders per second, against the same selection of who is due without notifying anyone.
 *
 * Runs on its own stack instance (ports 27821, 27822, 27824; data in .sejahtera/reportsbench, removed
 * after the run unless BENCH_REUSE=1, which keeps it and reuses its synthetic persons next time). With
 * DATABASE_URL the instance runs on that Postgres (a superuser's URL); with SEJAHTERA_BENCH_STACK=running,
 * the running development stack is used. At 1,000,000 persons:
 *
 *   BENCH_PERSONS=1000000 npm run bench:reports -w @sejahtera/database-tests     # about 5 minutes, most of it making the data
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SERVICE_ROLE_KEY, benchNumber, benchStack, mustRunStackCli } from '@sejahtera/stack/testing';
import { generate } from '../synthetic/generate.ts';
import { ADMIN_ID, ANALYST_ID, idRange, officerId } from '../synthetic/model.ts';

const PERSONS = benchNumber('BENCH_PERSONS', 100_000);
const PER_PERSON = benchNumber('BENCH_ASSESSMENTS_PER_PERSON', 10);
const DAYS = benchNumber('BENCH_DAYS', 30);
const CALLS = benchNumber('BENCH_REPORT_CALLS', 5);
const REUSE = process.env.BENCH_REUSE === '1';

const { useRunning, ports, dataDir, env: stackEnv, api } = benchStack('reportsbench', 27821);
const externalDatabase = Boolean(process.env.DATABASE_URL);
const adminUrl = process.env.DATABASE_URL || `postgresql://supabase_admin:postgres@127.0.0.1:${ports.db}/postgres`;
const ownerUrl = (() => {
  const url = new URL(adminUrl);
  url.username = 'postgres';
  url.password = process.env.SEJAHTERA_DB_PASSWORD ?? 'postgres';
  return url.toString();
})();

const step = (text: string) => console.log(`\n» ${text}`);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

async function main() {
  if (!useRunning) {
    step(`starting the reports bench stack (API ${api}${externalDatabase ? ', on DATABASE_URL' : ''})`);
    await stack('stop').catch(() => {});
    if (!externalDatabase && !REUSE) rmSync(dataDir, { recursive: true, force: true });
    await stack('start', '--no-seed');
  }
  try {
    await measure();
  } finally {
    if (!useRunning) {
      step('stopping the reports bench stack');
      await stack('stop');
      if (!externalDatabase && !REUSE) rmSync(join(dataDir, 'db'), { recursive: true, force: true });
    }
  }
}

async function measure() {
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'sejahtera reports bench' });
  await admin.connect();
  admin.on('error', () => {});
  const [lo, hi] = idRange('person');
  const present = Number((await admin.query(`select count(*) as n from public.persons where id between $1 and $2`, [lo, hi])).rows[0].n);
  if (present >= PERSONS && (REUSE || externalDatabase || useRunning)) {
    step(`reusing ${fmt(present)} synthetic persons already in the database`);
  } else {
    step(`synthetic data: ${fmt(PERSONS - present)} persons, ${PER_PERSON} declarations each over ${DAYS} days`);
    await generate({ databaseUrl: adminUrl, persons: PERSONS - present, days: DAYS, assessmentsPerPerson: PER_PERSON, log: (line) => console.log(`  ${line}`) });
  }
  const { rows: [size] } = await admin.query(`
    select (select count(*) from public.persons) as persons, (select count(*) from public.assessments) as assessments,
           (select count(*) from public.monitoring where state = 'active') as monitoring,
           (select count(*) from public.persons where status = 'pui') as pui`);
  console.log(`  database: ${fmt(size.persons)} persons, ${fmt(size.assessments)} assessments, ${fmt(size.monitoring)} under active monitoring, ${fmt(size.pui)} PUI`);
  await admin.end();

  const owner = new pg.Client({ connectionString: ownerUrl, application_name: 'sejahtera reports bench' });
  await owner.connect();
  owner.on('error', () => {});
  const { rows: [busiest] } = await owner.query<{ district_code: string; state_code: string }>(`
    select m.district_code, d.state_code from public.monitoring m join public.districts d on d.code = m.district_code
    where m.state = 'active' group by 1, 2 order by count(*) desc, 1 limit 1`);
  const { rows: [supervisor] } = await owner.query<{ user_id: string }>(
    `select user_id from public.staff where role = 'supervisor' and state_code = $1 and active limit 1`, [busiest.state_code]);
  const subscribers = [
    { kind: 'analyst (country, aggregates)', staff: ANALYST_ID, districts: [] as string[] },
    { kind: 'administrator (country, named)', staff: ADMIN_ID, districts: [] },
    { kind: `supervisor (${busiest.state_code})`, staff: supervisor?.user_id, districts: [] },
    { kind: `officer (${busiest.district_code})`, staff: officerId(busiest.district_code), districts: [busiest.district_code] },
  ].filter((s) => s.staff);

  step(`generating each kind of report ${CALLS} times (private.daily_report_data, rolled back), against select count(*) from public.persons`);
  const countMs: number[] = [];
  for (let i = 0; i < CALLS + 1; i++) {
    const ms = await timed(() => owner.query(`select count(*) from public.persons`));
    if (i > 0) countMs.push(ms); // the first warms the cache
  }
  const baseline = median(countMs);
  console.log(`  baseline: select count(*) from public.persons, median ${baseline.toFixed(1)} ms`);
  const rows: { kind: string; ms: number; kB: number }[] = [];
  await owner.query('begin');
  try {
    for (const s of subscribers) {
      const { rows: [sub] } = await owner.query<{ id: string }>(
        `insert into public.report_subscriptions (staff_id, districts) values ($1, $2) returning id`, [s.staff, s.districts]);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < CALLS + 1; i++) {
        let data = '';
        const ms = await timed(async () => {
          data = (await owner.query(`select private.daily_report_data($1, private.today() - 1)::text as data`, [sub.id])).rows[0].data;
        });
        bytes = data.length;
        if (i > 0) times.push(ms);
      }
      rows.push({ kind: s.kind, ms: median(times), kB: bytes / 1024 });
    }
  } finally {
    await owner.query('rollback');
  }
  for (const r of rows) {
    console.log(`  ${r.kind.padEnd(34)} ${r.ms.toFixed(1).padStart(8)} ms   ${(r.ms / baseline).toFixed(2).padStart(6)} × the count   (${r.kB.toFixed(0)} kB of data)`);
  }

  step('the reminder job at 09:00, when everyone who kept the default time is due (rolled back)');
  const window = `((private.today() + time '08:55') at time zone 'Asia/Kuala_Lumpur'), ((private.today() + time '09:00') at time zone 'Asia/Kuala_Lumpur')`;
  let due = 0;
  const selectMs = await timed(async () => {
    due = Number((await owner.query(`
      select count(*) as n from public.persons p
      where p.reminder_time > '08:55' and p.reminder_time <= '09:00'
        and (p.account_id is not null or exists (select 1 from public.dependents d where d.person_id = p.id))
        and not exists (select 1 from public.assessments a where a.person_id = p.id
                        and a.submitted_at >= (private.today()::timestamp at time zone 'Asia/Kuala_Lumpur'))`)).rows[0].n);
  });
  await owner.query('begin');
  try {
    let sent = 0;
    const sendMs = await timed(async () => {
      sent = (await owner.query(`select private.send_reminders(${window}) as sent`)).rows[0].sent;
    });
    console.log(`  ${fmt(sent)} reminders (${fmt(due)} persons due) in ${(sendMs / 1000).toFixed(2)} s: ${fmt(sent / (sendMs / 1000))} reminders/s; `
      + `${(sendMs / selectMs).toFixed(1)} × selecting who is due (${selectMs.toFixed(0)} ms)`);
  } finally {
    await owner.query('rollback');
  }

  step('the daily-reports function end to end: generate, render, email over SMTP, store, announce');
  const ids: string[] = [];
  for (const s of subscribers) {
    ids.push((await owner.query<{ id: string }>(
      `insert into public.report_subscriptions (staff_id, districts, email) values ($1, $2, $3) returning id`,
      [s.staff, s.districts, `bench-${s.staff}@reports.example.test`])).rows[0].id);
  }
  try {
    // The first call also boots the function's worker (and fetches its npm packages once): not what is measured.
    await fetch(`${api}/functions/v1/daily-reports`, { method: 'POST', headers: { authorization: `Bearer ${SERVICE_ROLE_KEY}`, apikey: SERVICE_ROLE_KEY }, body: '{"report_date":"boot"}' });
    let answer: unknown;
    const ms = await timed(async () => {
      const res = await fetch(`${api}/functions/v1/daily-reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_ROLE_KEY}`, apikey: SERVICE_ROLE_KEY, 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(10 * 60_000),
      });
      answer = await res.json();
    });
    console.log(`  ${subscribers.length} reports in ${(ms / 1000).toFixed(2)} s (${(ms / baseline).toFixed(1)} × the count): ${JSON.stringify(answer)}`);
  } finally {
    await owner.query(`delete from public.notifications where kind = 'report_ready' and data ->> 'report_id' in (select id::text from public.reports where subscription_id = any ($1))`, [ids]);
    await owner.query(`delete from public.reports where subscription_id = any ($1)`, [ids]);
    await owner.query(`delete from public.report_subscriptions where id = any ($1)`, [ids]);
    await owner.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
