/**
 * Checks that bulk-loaded synthetic data is what the database's own rules would have made of the same facts,
 * inside a transaction that is rolled back:
 * - statuses: private.reclassify, run on a sample of persons (every one with a status other than low risk or
 *   pending, up to a limit, and as many others), changes neither status nor symptom flag;
 * - persons: the persons trigger accepts the sample's rows (dates, district in state), and each document
 *   number, recomputed from the model, is valid, masked as the trigger masks it and held under its hash;
 * - contacts: each has its monitoring period;
 * - rollups: private.daily_counts and private.status_counts equal a recount from the rows, private.total_counts
 *   the daily counts summed.
 */
import type pg from 'pg';
import { idRange, personsSql, prepareModel } from './model.ts';

export interface Verification {
  check: string;
  checked: number;
  wrong: number;
}

export async function verify(db: pg.Client, sample = 5000): Promise<Verification[]> {
  const [lo, hi] = idRange('person');
  const results: Verification[] = [];
  const record = (check: string, row: { checked: string | number; wrong: string | number }) =>
    results.push({ check, checked: Number(row.checked), wrong: Number(row.wrong) });
  await db.query('begin');
  try {
    await db.query('set local session_replication_role = origin');
    await db.query(
      `create temporary table syn_sample on commit drop as
       (select id, status, symptomatic from public.persons
        where id between $1 and $2 and status not in ('low_risk', 'pending_assessment') limit $3)
       union
       (select id, status, symptomatic from public.persons tablesample system (1)
        where id between $1 and $2 limit $3)`,
      [lo, hi, sample],
    );
    await db.query(`select private.reclassify(id, 'verification', 'system') from syn_sample`);
    record(
      'statuses agree with private.reclassify',
      (
        await db.query(`
          select count(*) as checked, count(*) filter (where p.status <> s.status or p.symptomatic <> s.symptomatic) as wrong
          from syn_sample s join public.persons p using (id)`)
      ).rows[0],
    );
    await db.query(`update public.persons p set full_name = p.full_name from syn_sample s where s.id = p.id`);
    record('persons pass the persons trigger', { checked: (await db.query('select count(*) from syn_sample')).rows[0].count, wrong: 0 });

    // The document numbers: the model recomputes them from each person's number.
    const model = await prepareModel(db, { base: 0, persons: 1, days: 30, assessmentsPerPerson: 1 });
    record(
      'documents valid, masked and hashed',
      (
        await db.query(`
          with k as (select ('x' || right(s.id::text, 12))::bit(48)::bigint as k from syn_sample s),
          m as (
            select m.* from k cross join lateral (select * from ${personsSql(model, 'k.k', 'k.k')} p) m
            where m.identity_number is not null)
          select count(*) as checked,
            count(*) filter (where private.identity_problem(m.identity_type, m.identity_number) is not null
              or (p.identity_masked is not null and (
                p.identity_masked <> private.mask_identity(m.identity_type, m.identity_number)
                or i.identity_hash is distinct from private.identity_hash(m.identity_type, m.identity_number, m.nationality)))
              or p.date_of_birth <> case when m.identity_type = 'mykad' then private.mykad_birth_date(m.identity_number) else p.date_of_birth end
            ) as wrong
          from m join public.persons p on p.id = m.id
          left join private.person_identities i on i.person_id = p.id`)
      ).rows[0],
    );

    record(
      'every contact has its monitoring period, in their district',
      (
        await db.query(`
          select count(*) as checked,
                 count(*) filter (where m.id is null or m.district_code is distinct from p.district_code) as wrong
          from public.contacts ct
          join public.persons p on p.id = ct.person_id
          left join public.monitoring m on m.contact_id = ct.id`)
      ).rows[0],
    );

    // The rollups against a recount by the analytics migration's own functions.
    record(
      'private.daily_counts (with the ledger not yet folded) equal a recount',
      (
        await db.query(`
          with recount as (select * from private.recount_daily_counts())
          select count(*) as checked, count(*) filter (where r.value is distinct from c.value) as wrong
          from recount r
          full join (select day, district_code, metric, sum(value) as value
                     from (select day, district_code, metric, value from private.daily_counts
                           union all select day, district_code, metric, value from private.daily_count_deltas) counted
                     group by 1, 2, 3 having sum(value) <> 0) c
            on c.day = r.day and c.district_code is not distinct from r.district_code and c.metric = r.metric`)
      ).rows[0],
    );
    record(
      'private.total_counts equal the daily counts summed over every day',
      (
        await db.query(`
          select count(*) as checked, count(*) filter (where d.value is distinct from t.value) as wrong
          from (select district_code, metric, sum(value) as value from private.daily_counts group by 1, 2) d
          full join private.total_counts t on t.district_code is not distinct from d.district_code and t.metric = d.metric`)
      ).rows[0],
    );
    record(
      'private.status_counts equal a recount',
      (
        await db.query(`
          with recount as (select * from private.recount_status_counts())
          select count(*) as checked, count(*) filter (where r.people is distinct from c.people) as wrong
          from recount r
          full join (select district_code, status, symptomatic, sum(people) as people from private.status_counts
                     group by 1, 2, 3 having sum(people) <> 0) c
            on c.district_code is not distinct from r.district_code and c.status = r.status and c.symptomatic = r.symptomatic`)
      ).rows[0],
    );
  } finally {
    await db.query('rollback');
  }
  return results;
}
