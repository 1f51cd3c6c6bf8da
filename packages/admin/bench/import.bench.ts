/**
 * The console's contacts import at 10,000 rows (BENCH_IMPORT_ROWS), end to end through the console's own
 * path, against the database alone doing the same import, in one run:
 * - console: a CSV file's text parsed, its columns mapped (src/import/contactsFile.ts, the module the
 *   import page uses), then the SDK calls the page makes: tracing.previewImport (the dry run of every row)
 *   and tracing.importContacts, through supabase-js, the gateway and PostgREST, in set-based calls of
 *   ROWS_PER_CALL rows (each within the API's statement timeout);
 * - baseline: public.import_contacts called directly in SQL once for the whole file (no statement timeout),
 *   as the same officer, with rows of the same
 *   shape (other people, so both paths insert as many new persons), timed before and after the console's
 *   run (the database grows as it goes; the mean is the baseline).
 * Reports each part's time and the ratio console / baseline (the console runs the import twice by design:
 * the dry run the officer checks, then the import). Every row is then counted in the database.
 *
 * Runs on its own stack (ports 28021, 28022, 28024; data in .sejahtera/adminbench, removed afterwards);
 * SEJAHTERA_BENCH_STACK=running uses the running development stack.
 */
import { rmSync } from 'node:fs';
import { ANON_KEY, benchNumber, benchStack, mustRunStackCli } from '@sejahtera/stack/testing';
import { createSejahteraStaff } from '@sejahtera/sdk/staff';
import pg from 'pg';
import { ROWS_PER_CALL, applyMapping, guessMapping, importInParts, parseCsv } from '../src/import/contactsFile.ts';

const ROWS = Math.round(benchNumber('BENCH_IMPORT_ROWS', 10_000));
const OFFICER = 'officer@sejahtera.test';
const PASSWORD = 'Sejahtera-dev-2026';

const { useRunning, ports, dataDir, env: stackEnv, api } = benchStack('adminbench', 28021);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const step = (text: string) => console.log(`\n» ${text}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`;

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  process.stdout.write(`  ${label}…`);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  process.stdout.write(` ${seconds(ms)}\n`);
  return { result, ms };
}

/**
 * A contacts file as officers send them: Malay headers, phones written locally, a MyKad number for every
 * other row (valid dates and place-of-birth codes), Malaysian dates; `batch` keeps each file's people apart.
 */
function contactsCsv(batch: number, rows: number, exposure: string): string {
  const [y, m, d] = exposure.split('-');
  const lines = ['Nama,No. Telefon,No. KP,Hubungan,Tarikh pendedahan terakhir'];
  for (let i = 0; i < rows; i++) {
    const serial = batch * 1_000_000 + i;
    const phone = `011-${String(2000 + batch).padStart(4, '0')} ${String(i).padStart(4, '0')}`;
    // Born on one of 28 days of one of 12 months of 1980-1999, with a serial unique within the batch.
    const born = `${80 + (i % 20)}${String(1 + (Math.floor(i / 20) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 240) % 28)).padStart(2, '0')}`;
    const mykad = i % 2 === 0 ? `${born}-10-${String(Math.floor(serial / 6720) % 10_000).padStart(3, '0')}${batch % 10}` : '';
    lines.push(`Kontak ${batch}-${i},${phone},${mykad},${i % 3 ? 'household' : 'workplace'},${i % 2 ? exposure : `${d}/${m}/${y}`}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function run(): Promise<void> {
  if (!useRunning) {
    step(`starting a stack of its own on ${api} (data in ${dataDir})`);
    await stack('stop').catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    await stack('start');
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ officer }] = (await db.query<{ officer: string }>(`select id as officer from auth.users where email = $1`, [OFFICER])).rows;
    const [{ today }] = (await db.query<{ today: string }>(`select private.today()::text as today`)).rows;
    const exposure = (await db.query<{ day: string }>(`select (private.today() - 1)::text as day`)).rows[0].day;
    /** An active case in Petaling, handled by the demo officer, for one path's rows. */
    const newCase = async (label: string) => {
      const person = (await db.query<{ id: string }>(`insert into public.persons (full_name, district_code) values ($1, 'MY-10-07') returning id`, [`Bench index ${label}`])).rows[0].id;
      return (
        await db.query<{ id: string }>(`insert into public.cases (person_id, case_number, diagnosis_date, handled_by) values ($1, $2, $3::date - 1, $4) returning id`, [
          person,
          `BENCH-${label}-${Date.now().toString(36).toUpperCase()}`,
          today,
          officer,
        ])
      ).rows[0].id;
    };
    /** import_contacts straight in SQL, as the officer (their JWT's claims, the authenticated role). */
    const sqlImport = async (caseId: string, rows: unknown[]) => {
      await db.query('begin');
      try {
        await db.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [JSON.stringify({ sub: officer, role: 'authenticated' })]);
        const { rows: [{ report }] } = await db.query<{ report: { inserted: number; rejected: number } }>(`select public.import_contacts($1, $2::jsonb) as report`, [caseId, JSON.stringify(rows)]);
        await db.query('commit');
        return report;
      } catch (error) {
        await db.query('rollback');
        throw error;
      }
    };

    step(`${ROWS.toLocaleString('en-US')} contacts per import; three files of different people`);
    const files = [1, 2, 3].map((batch) => contactsCsv(batch, ROWS, exposure));
    const asRows = (csv: string) => {
      const file = parseCsv(csv);
      return applyMapping(file, guessMapping(file.headers), 'mykad');
    };
    const cases = [await newCase('A'), await newCase('B'), await newCase('C')];
    console.log(`  files of ${(files[0].length / 1e6).toFixed(2)} MB each`);

    step('baseline, first: public.import_contacts in SQL');
    const before = await timed('import_contacts', () => sqlImport(cases[0], asRows(files[0])));
    if (before.result.inserted !== ROWS) throw new Error(`baseline inserted ${before.result.inserted} of ${ROWS}: ${JSON.stringify(before.result).slice(0, 300)}`);

    step("the console's path: parse and map the CSV, then the SDK's dry run and import (signed in as the officer)");
    const staff = createSejahteraStaff({ url: api, anonKey: ANON_KEY, auth: { persistSession: false, autoRefreshToken: false } });
    await staff.auth.signInWithPassword({ email: OFFICER, password: PASSWORD });
    const parse = await timed('parse and map the CSV', () => asRows(files[1]));
    const parts = (done: number, total: number) => process.stdout.write(` ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
    const preview = await timed(`dry run (tracing.previewImport, ${ROWS_PER_CALL.toLocaleString('en-US')} rows per call)`, () =>
      importInParts(parse.result, (part) => staff.tracing.previewImport(cases[1], part), parts),
    );
    if (preview.result.inserted !== ROWS) throw new Error(`the dry run would insert ${preview.result.inserted} of ${ROWS}`);
    const commit = await timed(`import (tracing.importContacts, ${ROWS_PER_CALL.toLocaleString('en-US')} rows per call)`, () =>
      importInParts(parse.result, (part) => staff.tracing.importContacts(cases[1], part), parts),
    );
    if (commit.result.inserted !== ROWS) throw new Error(`the import inserted ${commit.result.inserted} of ${ROWS}`);

    step('baseline, again: public.import_contacts in SQL');
    const after = await timed('import_contacts', () => sqlImport(cases[2], asRows(files[2])));
    if (after.result.inserted !== ROWS) throw new Error(`baseline inserted ${after.result.inserted} of ${ROWS}`);

    const counted = (await db.query<{ case_id: string; n: number }>(`select case_id, count(*)::int as n from public.contacts where case_id = any($1) group by case_id`, [cases])).rows;
    for (const id of cases) {
      const n = counted.find((row) => row.case_id === id)?.n ?? 0;
      if (n !== ROWS) throw new Error(`case ${id}: ${n} contacts in the database, not ${ROWS}`);
    }

    const baseline = (before.ms + after.ms) / 2;
    const total = parse.ms + preview.ms + commit.ms;
    step('results');
    console.log(`  baseline (SQL import_contacts, mean of two): ${seconds(baseline)}  (${Math.round(ROWS / (baseline / 1000)).toLocaleString('en-US')} rows/s)`);
    console.log(`  console: parse ${seconds(parse.ms)} + dry run ${seconds(preview.ms)} + import ${seconds(commit.ms)} = ${seconds(total)}`);
    console.log(`  ratio console / baseline: ${(total / baseline).toFixed(2)}x  (the import step alone: ${(commit.ms / baseline).toFixed(2)}x; the dry run alone: ${(preview.ms / baseline).toFixed(2)}x)`);
    console.log(`  every row of the three imports is in the database (${(ROWS * 3).toLocaleString('en-US')} contacts)`);
  } finally {
    await db.end();
    if (!useRunning) {
      step('stopping the stack');
      await stack('stop');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
