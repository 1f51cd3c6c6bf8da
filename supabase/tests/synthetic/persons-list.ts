/**
 * node synthetic/persons-list.ts [--runs 5] [--explain] [--search Nadia]
 *
 * The console's persons list at scale: its first page (by name, as it opens; by status since; and by name
 * filtered by a search as the console filters, name or phone containing `search`) and its count, as
 * PostgREST runs them (the role
 * `authenticated` with the JWT's claims in `request.jwt.claims`, one transaction), for the synthetic data's
 * administrator, the supervisor of its most populous state and the officer of its most populous district.
 * Prints the median of `runs` for the page and for the count, with the number of rows counted and the same
 * count as the table's owner (no row-level security) measured in the same run as a baseline; `--explain`
 * prints EXPLAIN (ANALYZE, BUFFERS) of each count.
 *
 * Database: DATABASE_URL (a superuser, e.g. supabase_admin), else the running development stack.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from './generate.ts';

const PAGE = `select p.* from public.persons_summary p order by p.full_name asc, p.id asc limit 25 offset 0`;
const PAGE_BY_STATUS = `select p.* from public.persons_summary p order by p.status_since desc, p.id asc limit 25 offset 0`;
const COUNT = `select count(*) from public.persons_summary`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    explain: { type: 'boolean', default: false },
    search: { type: 'string', default: 'Nadia' },
  },
});
const runs = Number(values.runs);
const term = values.search.replace(/[%_\\']/g, '');
const PAGE_SEARCH = `select p.* from public.persons_summary p where p.full_name ilike '%${term}%' or p.phone ilike '%${term}%'
  order by p.full_name asc nulls first, p.id asc limit 25 offset 0`; // as the console orders a search (packages/admin/src/providers/persons.ts)
const db = new pg.Client({ connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
await db.connect();

async function staffMember(where: string): Promise<{ id: string; label: string }> {
  const { rows } = await db.query(`select s.user_id as id, ${where} `);
  if (!rows[0]) throw new Error('no synthetic staff found: run `npm run seed:synthetic -- --persons N` first');
  return rows[0];
}
const actors = [
  await staffMember(`'admin' as label from public.staff s where s.role = 'admin' and s.active order by s.user_id desc limit 1`),
  await staffMember(`'supervisor of ' || s.state_code as label from public.staff s
    where s.role = 'supervisor' and s.active
    order by (select count(*) from public.persons p join public.districts d on d.code = p.district_code where d.state_code = s.state_code) desc, s.user_id desc limit 1`),
  await staffMember(`'officer of ' || string_agg(sd.district_code, ',') as label from public.staff s join public.staff_districts sd on sd.staff_id = s.user_id
    where s.role = 'officer' and s.active group by s.user_id
    order by sum((select count(*) from public.persons p where p.district_code = sd.district_code)) desc, s.user_id desc limit 1`),
];

async function timed(actor: string | null, sql: string): Promise<{ ms: number; rows: pg.QueryResultRow[] }> {
  await db.query('begin');
  try {
    if (actor) {
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: actor, role: 'authenticated', aud: 'authenticated' }),
      ]);
      await db.query('set local role authenticated');
    }
    const started = performance.now();
    const { rows } = await db.query(sql);
    return { ms: performance.now() - started, rows };
  } finally {
    await db.query('rollback');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(actor: string | null, sql: string) {
  const times: number[] = [];
  let rows: pg.QueryResultRow[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await timed(actor, sql);
    times.push(result.ms);
    rows = result.rows;
  }
  return { ms: median(times), rows };
}

const total = (await db.query('select count(*)::int as n from public.persons')).rows[0].n as number;
console.log(`persons list at ${total.toLocaleString('en')} persons, median of ${runs} (ms)`);
const baseline = await measure(null, COUNT);
console.log(`  baseline: count(*) of persons_summary as owner, no RLS: ${baseline.ms.toFixed(1)} ms`);
for (const actor of actors) {
  const page = await measure(actor.id, PAGE);
  const byStatus = await measure(actor.id, PAGE_BY_STATUS);
  const search = await measure(actor.id, PAGE_SEARCH);
  const count = await measure(actor.id, COUNT);
  console.log(
    `  ${actor.label.padEnd(28)} page ${page.ms.toFixed(1).padStart(8)}  by status ${byStatus.ms.toFixed(1).padStart(8)}  ` +
      `"${term}" ${search.ms.toFixed(1).padStart(8)}  count ${count.ms.toFixed(1).padStart(8)} ` +
      `(${Number(count.rows[0].count).toLocaleString('en')} rows)  count/baseline ${(count.ms / baseline.ms).toFixed(1)}x`,
  );
  if (values.explain) {
    const plan = await timed(actor.id, `explain (analyze, buffers, costs off) ${COUNT}`);
    console.log(plan.rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n'));
  }
}
await db.end();
