/**
 * node bench/instructions.ts: what one declaration costs the database, in instructions, against a bare insert,
 * counted by Valgrind's callgrind on a single-user backend. Rates and CPU times on a shared two-core machine
 * swing by 10-20% between runs; instruction counts mostly repeat within 1%, so a change of 2% shows. Run each
 * version twice: about one run in ten came out a quarter higher (after autovacuum had analyzed the grown
 * tables between runs, it seems). Use it to decide between two versions of the declaration path;
 * `npm run bench` stays the measure of record.
 *
 * Needs Valgrind (Debian: valgrind) and the benchmark's kept database: run
 * `BENCH_REUSE=1 BENCH_ONLY=declarations node bench/run.ts` once first (BENCH_PERSONS as you like; a kept
 * database keeps the functions it was made with, so remove .sejahtera/dbbench after a migration changes). Then this
 * starts that instance to pick 400 account holders and make a bare copy of the assessments table, stops it, and
 * runs the same Postgres binary as a single-user backend under callgrind: 430 declarations, all no (every one
 * of the 400 declares once, so their statuses settle), then 100 more, counted: all no again (the commonest
 * declaration), or with an exposure (each one changes its person's status); the same for the bare inserts. Each
 * transaction is what PostgREST sends: the claims and role set, the call, commit. Prints instructions per
 * transaction of each (under exec_simple_query: the backend's start and shutdown are not counted) and their ratio
 * to the bare insert's.
 * The bare table stays in the kept database (schema bench_instructions), replaced on the next run.
 * BENCH_PROFILE_DIR=<folder> keeps the callgrind profiles there (submit.callgrind, changing.callgrind, bare.callgrind) to read
 * with callgrind_annotate --inclusive=yes, e.g. to see which part of the declaration path costs what.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { benchStack, mustRunStackCli, postgresBinary } from '@sejahtera/stack/testing';

const WARM_UP = 430;
const COUNTED = 100;
const PEOPLE = 400;

/**
 * submit: the commonest declaration, all no from a low-risk person (after the warm-up, everyone not monitored;
 * on a database that imports have run on, more of the 400 are monitored and the count rises).
 * changing: the counted declarations declare an exposure, so each one makes its low-risk person a close
 * contact (the warm-up declared all no): judged by the trigger, stored with history and a notification.
 * bare: the insert into a copy of the table without triggers, foreign keys or RLS.
 */
type Path = 'submit' | 'changing' | 'bare';

// BENCH_PATHS=changing (comma-separated) counts only those, e.g. while tuning one.
const paths = (process.env.BENCH_PATHS ?? 'submit,changing,bare').split(',') as Path[];
for (const path of paths) {
  if (!['submit', 'changing', 'bare'].includes(path)) throw new Error(`BENCH_PATHS: "${path}" is not one of submit, changing, bare`);
}

const { dataDir, env: stackEnv, ports } = benchStack('dbbench', 27421);
const databaseDir = join(dataDir, 'db');

function step(text: string) {
  console.log(`» ${text}`);
}

if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
  throw new Error(`No kept benchmark database in ${databaseDir}: run BENCH_REUSE=1 BENCH_ONLY=declarations node bench/run.ts first.`);
}
if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('Valgrind is missing (Debian: apt install valgrind).');

step('starting the bench stack to choose account holders');
await mustRunStackCli(['start'], stackEnv);
const owner = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres` });
await owner.connect();
const { rows: people } = await owner.query<{ person: string; account: string }>(
  `select id as person, account_id as account from public.persons
   where account_id is not null and status <> 'pending_assessment' order by id limit $1`,
  [PEOPLE],
);
const { rows: [current] } = await owner.query<{ questionnaire: string; rule_set: string; answers: string; exposed: string }>(
  `select q.id as questionnaire, public.current_rule_set_id() as rule_set,
          (select jsonb_object_agg(x.code, false) from public.questions x where x.questionnaire_id = q.id)::text as answers,
          (select jsonb_object_agg(x.code, x.code = (select min(e.code) from public.questions e where e.questionnaire_id = q.id and e.kind = 'exposure'))
           from public.questions x where x.questionnaire_id = q.id)::text as exposed
   from public.questionnaires q where q.id = public.current_questionnaire_id()`,
);
await owner.query(`
  drop schema if exists bench_instructions cascade;
  create schema bench_instructions;
  create table bench_instructions.assessments (like public.assessments including defaults including indexes including identity);
  grant usage on schema bench_instructions to authenticated;
  grant insert on bench_instructions.assessments to authenticated;`);
await owner.end();
step('stopping it: a single-user backend needs the data folder to itself');
await mustRunStackCli(['stop'], stackEnv);

const work = mkdtempSync(join(tmpdir(), 'sejahtera-instructions-'));
chmodSync(work, 0o777);
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

function transactions(path: Path): string {
  const one = (i: number) => {
    const { person, account } = people[i % people.length];
    const claims = JSON.stringify({ sub: account, role: 'authenticated', aud: 'authenticated' });
    const answers = path === 'changing' && i >= WARM_UP ? current.exposed : current.answers;
    const call =
      path !== 'bare'
        ? `select public.submit_assessment(${literal(person)}, ${literal(answers)}, ${literal(randomUUID())})`
        : `insert into bench_instructions.assessments (person_id, kind, questionnaire_id, rule_set_id, answers, idempotency_key,
             symptomatic, exposed, classification, submitted_by, submitted_at)
           values (${literal(person)}, 'daily', ${literal(current.questionnaire)}, ${literal(current.rule_set)}, ${literal(current.answers)},
             ${literal(randomUUID())}, false, false, 'low_risk', ${literal(account)}, now())`;
    // One line per transaction: the single-user backend runs each line as one query string.
    return `begin; select set_config('request.jwt.claims', ${literal(claims)}, true), set_config('role', 'authenticated', true); ${call.replaceAll(/\s+/g, ' ')}; commit;`;
  };
  const lines = Array.from({ length: WARM_UP }, (_, i) => one(i));
  // Callgrind writes what was counted so far when pg_sleep is entered: the warm-up, apart from what follows.
  lines.push('select pg_sleep(0);');
  for (let i = WARM_UP; i < WARM_UP + COUNTED; i++) lines.push(one(i));
  return `${lines.join('\n')}\n`;
}

function count(path: Path): number {
  const what = { submit: 'public.submit_assessment, all no', changing: 'public.submit_assessment, an exposure that changes the status', bare: 'bare insert' }[path];
  step(`${what}: ${WARM_UP} transactions, then ${COUNTED} counted, under callgrind`);
  const input = join(work, `${path}.sql`);
  const out = join(work, `${path}.callgrind`);
  writeFileSync(input, transactions(path));
  const command = [
    'valgrind', '--tool=callgrind', '--dump-before=pg_sleep', `--callgrind-out-file=${out}`,
    postgresBinary, '--single', '-D', databaseDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', 'postgres',
  ];
  // The cluster belongs to the operating-system user the stack runs Postgres as (postgres, when run as root).
  const asRoot = process.getuid?.() === 0;
  const run = asRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `${command.map((c) => `'${c}'`).join(' ')} < '${input}'`], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command[0], command.slice(1), { input: readFileSync(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`the single-user backend failed:\n${run.stderr.slice(-2000)}`);
  const failed = /ERROR: .*/.exec(run.stdout + run.stderr);
  if (failed) throw new Error(`a statement failed: ${failed[0]}`);
  // The final dump holds what came after the warm-up.
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = annotated.stdout.split('\n').find((l) => /\?\?\?:exec_simple_query /.test(l));
  if (!line) throw new Error('callgrind_annotate found no exec_simple_query: is the Postgres binary stripped?');
  return Number(line.trim().split(/\s+/)[0].replaceAll(',', '')) / COUNTED;
}

try {
  const counted = new Map(paths.map((path) => [path, count(path)]));
  const bare = counted.get('bare');
  const names = { submit: 'submit_assessment, all no (the commonest)', changing: 'submit_assessment, status changes', bare: 'bare insert, same columns' };
  console.log('\nInstructions per transaction (callgrind, single-user backend; repeatable within about 1%)');
  console.table(
    Object.fromEntries(
      [...counted].map(([path, instructions]) => [
        names[path],
        { instructions: Math.round(instructions), ...(bare ? { 'bare / this': Number((bare / instructions).toFixed(3)) } : {}) },
      ]),
    ),
  );
} finally {
  const keep = process.env.BENCH_PROFILE_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    for (const name of ['submit.callgrind', 'changing.callgrind', 'bare.callgrind']) if (existsSync(join(work, name))) copyFileSync(join(work, name), join(keep, name));
    step(`profiles kept in ${keep}`);
  }
  rmSync(work, { recursive: true, force: true });
}
