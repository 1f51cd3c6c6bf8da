/**
 * The dashboard's figures: they equal direct counts of the rows they summarise, stay within the caller's
 * jurisdiction, and are refused to the public and to call-centre agents.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { buildWorld, createUser, PETALING, type World } from './support/world.ts';

const QUESTIONS = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
  'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];
const answers = (...yes: string[]) => JSON.stringify(Object.fromEntries(QUESTIONS.map((q) => [q, yes.includes(q)])));

async function someActivity(tx: Tx, w: World) {
  await tx.as(w.actors.aminah);
  await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, answers(), randomUUID()]);
  await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, answers('cough'), randomUUID()]);
  await tx.as(w.actors.badrul);
  await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.badrul, answers('travelled_abroad'), randomUUID()]);
  await tx.as(w.actors.officer);
  const [kase] = await tx.query<{ id: string }>(
    `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today(), $3) returning id`,
    [w.persons.pending, `C-${randomUUID().slice(0, 8).toUpperCase()}`, PETALING],
  );
  await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today())`, [kase.id, w.persons.dependent]);
  await tx.asOwner();
}

/** The same figures, counted straight from the rows, optionally for one district. */
type Counts = {
  assessments: number;
  symptomatic_assessments: number;
  cases: number;
  contacts: number;
  dependent_registrations: number;
  monitored: number;
};
type Counted = Counts & { people_by_status: Record<string, number> };

async function counted(tx: Tx, district?: string): Promise<Counted> {
  const where = district ? `and p.district_code = '${district}'` : '';
  const [row] = await tx.query<Counts>(`
    select
      (select count(*)::int from public.assessments a join public.persons p on p.id = a.person_id where true ${where}) as assessments,
      (select count(*)::int from public.assessments a join public.persons p on p.id = a.person_id where a.symptomatic ${where}) as symptomatic_assessments,
      (select count(*)::int from public.cases c join public.persons p on p.id = c.person_id where true ${where.replace('p.district_code', 'c.district_code')}) as cases,
      (select count(*)::int from public.contacts ct join public.persons p on p.id = ct.person_id where true ${where}) as contacts,
      (select count(*)::int from public.dependents d join public.persons p on p.id = d.person_id where true ${where}) as dependent_registrations,
      (select count(*)::int from public.monitoring m join public.persons p on p.id = m.person_id where m.state = 'active' ${where}) as monitored`);
  const statuses = await tx.query<{ status: string; people: number }>(
    `select status::text, count(*)::int as people from public.persons p where true ${where} group by status`,
  );
  return { ...row, people_by_status: Object.fromEntries(statuses.map((s) => [s.status, s.people])) };
}

describe('dashboard figures', () => {
  // Events are counted as they happen (a dependent registered and later removed still registered), and
  // the shared test database holds other suites' committed rows: the event figures are checked by what
  // the activity added; the status tally and active monitoring, which follow deletions, as a whole.
  it('equal direct counts country-wide for an analyst, and carry no personal data', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const summaryNow = async () => {
        await tx.as(w.actors.analyst);
        const [{ summary }] = await tx.query<{ summary: Record<string, any> }>(
          `select public.dashboard_summary(private.today() - 3650, private.today() + 1) as summary`,
        );
        await tx.asOwner();
        return summary;
      };
      const [countedBefore, summaryBefore] = [await counted(tx), await summaryNow()];
      await someActivity(tx, w);
      const expected = await counted(tx);
      const summary = await summaryNow();
      for (const metric of ['assessments', 'symptomatic_assessments', 'cases', 'contacts', 'dependent_registrations']) {
        const key = metric as keyof Counts;
        expect(Number(summary.all_time[metric] ?? 0) - Number(summaryBefore.all_time[metric] ?? 0), metric).toBe(expected[key] - countedBefore[key]);
      }
      expect(Object.fromEntries(Object.entries(summary.people_by_status).map(([k, v]) => [k, Number(v)]))).toEqual(expected.people_by_status);
      expect(Number(summary.monitoring.active)).toBe(expected.monitored);
      const text = JSON.stringify(summary);
      expect(text).not.toContain('Aminah');
      expect(text).not.toContain(w.persons.aminah);
    });
  });

  it('equal direct counts of their districts for an officer, who may not ask for elsewhere', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const summaryNow = async () => {
        await tx.as(w.actors.officer);
        const [{ summary }] = await tx.query<{ summary: Record<string, any> }>(`select public.dashboard_summary(private.today(), private.today()) as summary`);
        await tx.asOwner();
        return summary;
      };
      const [countedBefore, summaryBefore] = [await counted(tx, PETALING), await summaryNow()];
      await someActivity(tx, w);
      const expected = await counted(tx, PETALING);
      const summary = await summaryNow();
      for (const metric of ['assessments', 'cases', 'contacts']) {
        const key = metric as keyof Counts;
        expect(Number(summary.all_time[metric] ?? 0) - Number(summaryBefore.all_time[metric] ?? 0), metric).toBe(expected[key] - countedBefore[key]);
      }
      await tx.as(w.actors.officer);
      expect(Number(summary.people_by_status.close_contact ?? 0)).toBe(expected.people_by_status.close_contact ?? 0);
      // Johor Bahru is not the officer's: asking for it is refused (see the next tests).
      const refused = await tx.fails(`select public.dashboard_summary(private.today(), private.today(), district_code => 'MY-01-02')`);
      expect(refused.code).toBe('42501');
    });
  });

  it('give a day-by-day series whose sum is the range\'s total, with empty days as zero', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await someActivity(tx, w);
      await tx.as(w.actors.admin);
      const series = await tx.query<{ day: Date; value: string }>(`select * from public.dashboard_daily('assessments', private.today() - 6, private.today())`);
      expect(series).toHaveLength(7);
      const [{ summary }] = await tx.query<{ summary: Record<string, any> }>(`select public.dashboard_summary(private.today() - 6, private.today()) as summary`);
      expect(series.reduce((sum, r) => sum + Number(r.value), 0)).toBe(Number(summary.in_range.assessments));
      expect(Number(series[0].value)).toBeGreaterThanOrEqual(0);
    });
  });

  it('stay the same when the ledger of declarations is folded into the daily counts', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await someActivity(tx, w);
      const figures = async () => {
        await tx.as(w.actors.admin);
        const [{ summary }] = await tx.query<{ summary: Record<string, any> }>(`select public.dashboard_summary(private.today() - 6, private.today()) as summary`);
        const series = await tx.query<{ value: string }>(`select * from public.dashboard_daily('symptomatic_assessments', private.today() - 6, private.today())`);
        await tx.asOwner();
        return { in_range: summary.in_range, all_time: summary.all_time, series: series.map((r) => Number(r.value)) };
      };
      const [{ ledger }] = await tx.query<{ ledger: number }>(`select count(*)::int as ledger from private.daily_count_deltas`);
      expect(ledger).toBeGreaterThanOrEqual(4); // the activity's three declarations and its one symptomatic one
      const before = await figures();
      await tx.query(`select private.fold_daily_counts()`);
      const [{ left }] = await tx.query<{ left: number }>(`select count(*)::int as left from private.daily_count_deltas`);
      expect(left).toBe(0);
      expect(await figures()).toEqual(before);
    });
  });

  it('follow a backdated row to its day', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await someActivity(tx, w);
      await tx.as(w.actors.admin);
      const before = await tx.query<{ value: string }>(`select * from public.dashboard_daily('assessments', private.today() - 10, private.today() - 10)`);
      await tx.asOwner();
      await tx.query(`update public.assessments set submitted_at = now() - interval '10 days' where person_id = $1`, [w.persons.badrul]);
      await tx.as(w.actors.admin);
      const after = await tx.query<{ value: string }>(`select * from public.dashboard_daily('assessments', private.today() - 10, private.today() - 10)`);
      expect(Number(after[0].value) - Number(before[0].value)).toBe(1);
    });
  });

  it('keep all-time totals equal to the daily counts summed over every day, through new, folded, moved and rebuilt counts', async () => {
    await inTransaction(async (tx) => {
      const drift = () =>
        tx.query<{ district_code: string | null; metric: string; daily: string | null; total: string | null }>(`
          select coalesce(d.district_code, t.district_code) as district_code, coalesce(d.metric, t.metric) as metric, d.value as daily, t.value as total
          from (select district_code, metric, sum(value) as value from private.daily_counts group by 1, 2) d
          full join private.total_counts t on t.district_code is not distinct from d.district_code and t.metric = d.metric
          where d.value is distinct from t.value`);
      const w = await buildWorld(tx);
      await someActivity(tx, w);
      await tx.query('select private.fold_daily_counts()');
      expect(await drift()).toEqual([]);
      // Cases count in their diagnosis day: moving one moves a count between two daily rows, the total stays.
      await tx.query(`update public.cases set diagnosis_date = diagnosis_date - 3 where person_id = $1`, [w.persons.pending]);
      expect(await drift()).toEqual([]);
      // Rebuilt from the rows (events of rows deleted since, e.g. by other tests, are no longer counted).
      await tx.query('select private.rebuild_rollups()');
      expect(await drift()).toEqual([]);
      const [{ total, cases }] = await tx.query<{ total: string; cases: string }>(
        `select (select sum(value) from private.total_counts where metric = 'cases') as total, (select count(*) from public.cases) as cases`,
      );
      expect(total).toBe(cases);
    });
  });

  it('count a first sign-in in the district of the profile registered after it', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const firstSignIns = async (actor: string) => {
        await tx.as(w.actors[actor]);
        const [{ summary }] = await tx.query<{ summary: Record<string, any> }>(
          `select public.dashboard_summary(private.today() - 3, private.today()) as summary`,
        );
        await tx.asOwner();
        return [Number(summary.in_range.first_sign_ins ?? 0), Number(summary.all_time.first_sign_ins ?? 0)];
      };
      const [officerBefore, analystBefore] = [await firstSignIns('officer'), await firstSignIns('analyst')];
      // An account signs in for the first time (GoTrue stamps last_sign_in_at) two days ago, with no profile yet...
      const user = await createUser(tx);
      await tx.query(`update auth.users set last_sign_in_at = now() - interval '2 days' where id = $1`, [user]);
      expect(await firstSignIns('officer')).toEqual(officerBefore);
      // ...then registers its profile in Petaling: the officer's dashboard counts it, the country's total is unchanged.
      await tx.as({ role: 'authenticated', sub: user, email: `${user}@example.test` });
      await tx.query(`select public.register_profile('Nurul Izzah', district_code => $1, postcode => '47301')`, [PETALING]);
      await tx.asOwner();
      expect(await firstSignIns('officer')).toEqual(officerBefore.map((n) => n + 1));
      expect(await firstSignIns('analyst')).toEqual(analystBefore.map((n) => n + 1));
    });
  });

  it('summarise high risk per state for the country and per district for an officer', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await someActivity(tx, w);
      await tx.as(w.actors.admin);
      const states = await tx.query<{ area_code: string; pui: string }>(`select * from public.high_risk_summary()`);
      expect(states).toHaveLength(16);
      await tx.as(w.actors.officer);
      const districts = await tx.query<{ area_code: string; close_contacts: string }>(`select * from public.high_risk_summary()`);
      expect(districts.map((d) => d.area_code)).toEqual([PETALING]);
      await tx.asOwner();
      const [{ n }] = await tx.query<{ n: number }>(`select count(*)::int as n from public.persons where district_code = $1 and status = 'close_contact'`, [PETALING]);
      expect(Number(districts[0].close_contacts)).toBe(n);
    });
  });

  it('are refused to the public, agents and anonymous callers, and answer bad input clearly', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const name of ['aminah', 'guardian', 'agent']) {
        await tx.as(w.actors[name]);
        const error = await tx.fails(`select public.dashboard_summary(private.today(), private.today())`);
        expect(error.message, name).toBe('The dashboard is for officers, supervisors, analysts and administrators');
      }
      await tx.as(w.actors.anon);
      expect((await tx.fails(`select public.dashboard_summary(private.today(), private.today())`)).code).toBe('42501');
      await tx.as(w.actors.analyst);
      expect((await tx.fails(`select public.dashboard_summary(private.today(), private.today() - 1)`)).message).toContain('from_date, to_date');
      expect((await tx.fails(`select * from public.dashboard_daily('hugs', private.today(), private.today())`)).message).toContain('metric: must be');
      expect((await tx.fails(`select public.dashboard_summary(private.today(), private.today(), 'MY-99')`)).message).toBe('state_code: no such state');
      // An area outside an officer's jurisdiction is refused, not answered with zeros.
      await tx.as(w.actors.officer);
      const elsewhere = await tx.fails(`select public.dashboard_summary(private.today(), private.today(), null, 'MY-01-02')`);
      expect([elsewhere.code, elsewhere.message]).toEqual(['42501', 'district_code: outside your jurisdiction']);
      const otherState = await tx.fails(`select * from public.high_risk_summary('MY-01')`);
      expect([otherState.code, otherState.message]).toEqual(['42501', 'state_code: outside your jurisdiction']);
    });
  });
});
