/**
 * Daily reports in the database: subscriptions (within the subscriber's jurisdiction, known sections,
 * staff only, their own), reports generated per subscription and day (figures equal to direct SQL counts,
 * people named as the reader's row-level security shows them, none for analysts), idempotent generation,
 * a failing subscription recorded without stopping the others, and report_ready told once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { buildWorld, JOHOR_BAHRU, MYKAD, PETALING, SELANGOR, type World } from './support/world.ts';

const QUESTIONS = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
  'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];
const answers = (...yes: string[]) => JSON.stringify(Object.fromEntries(QUESTIONS.map((q) => [q, yes.includes(q)])));

type Json = Record<string, any>;

async function subscribe(tx: Tx, w: World, who: 'officer' | 'analyst' | 'supervisor' | 'admin', fields: Record<string, unknown> = {}): Promise<string> {
  await tx.as(w.actors[who]);
  const columns = Object.keys(fields);
  const [row] = await tx.query<{ id: string }>(
    `insert into public.report_subscriptions (${['email', ...columns].join(', ')}) values ($1${columns.map((_, i) => `, $${i + 2}`).join('')}) returning id`,
    [`${who}@example.test`, ...Object.values(fields)],
  );
  await tx.asOwner();
  return row.id;
}

/** Activity in Petaling today: declarations (one making Aminah a PUI contact), a case with contacts. */
async function activity(tx: Tx, w: World) {
  await tx.as(w.actors.officer);
  const [kase] = await tx.query<{ id: string }>(
    `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today(), $3) returning id`,
    [w.persons.pending, `C-${randomUUID().slice(0, 8).toUpperCase()}`, PETALING],
  );
  await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today()), ($1, $3, private.today())`, [
    kase.id, w.persons.aminah, w.persons.dependent,
  ]);
  await tx.as(w.actors.aminah);
  await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, answers('cough'), randomUUID()]);
  await tx.as(w.actors.guardian);
  await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.dependent, answers(), randomUUID()]);
  await tx.asOwner();
}

async function generate(tx: Tx): Promise<Map<string, Json>> {
  const rows = await tx.query<{ subscription_id: string } & Json>(`select * from public.generate_daily_reports(private.today())`);
  return new Map(rows.map((r) => [r.subscription_id, r]));
}

describe('report subscriptions', () => {
  it('are for staff who report, within their jurisdiction, with known sections; each error names its field', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const refused = async (who: string, sql: string, params: unknown[] = []) => {
        await tx.as(w.actors[who]);
        const error = await tx.fails(sql, params);
        await tx.asOwner();
        return [error.code, error.message];
      };
      const insert = `insert into public.report_subscriptions (states, districts, sections) values ($1, $2, $3)`;
      expect(await refused('officer', insert, [[], [JOHOR_BAHRU], ['figures']])).toEqual(['42501', `districts: ${JOHOR_BAHRU} is outside your jurisdiction`]);
      expect(await refused('officer', insert, [['MY-01'], [], ['figures']])).toEqual(['42501', 'states: MY-01 is outside your jurisdiction']);
      expect(await refused('supervisor', insert, [[], [JOHOR_BAHRU], ['figures']])).toEqual(['42501', `districts: ${JOHOR_BAHRU} is outside your jurisdiction`]);
      expect(await refused('analyst', insert, [['MY-99'], [], ['figures']])).toEqual(['22023', 'states: there is no state MY-99']);
      expect(await refused('analyst', insert, [[], [], []])).toEqual(['23514', 'sections: choose at least one of high_risk, figures']);
      expect(await refused('analyst', insert, [[], [], ['figures', 'gossip']])).toEqual(['23514', 'sections: only high_risk and figures exist, not gossip']);
      expect((await refused('agent', insert, [[], [], ['figures']]))[1]).toMatch(/^staff_id: daily reports are for/);
      expect((await refused('aminah', insert, [[], [], ['figures']]))[0]).toBe('42501');
      expect((await refused('analyst', `insert into public.report_subscriptions (email) values ('not an address')`))[1]).toMatch(/report_subscriptions_email_format/);
      expect((await refused('analyst', `insert into public.report_subscriptions (language) values ('zh')`))[1]).toMatch(/report_subscriptions_language_written/);
      // Someone else's name on it: refused by the policy.
      expect((await refused('officer', `insert into public.report_subscriptions (staff_id) values ($1)`, [w.users.analyst]))[0]).toBe('42501');
      // A district inside a chosen state is held by the state; duplicates go.
      const id = await subscribe(tx, w, 'analyst', { states: [SELANGOR, SELANGOR], districts: [PETALING, JOHOR_BAHRU], sections: ['high_risk', 'figures', 'figures'] });
      expect(await tx.query(`select states, districts, sections from public.report_subscriptions where id = $1`, [id])).toEqual([
        { states: [SELANGOR], districts: [JOHOR_BAHRU], sections: ['figures', 'high_risk'] },
      ]);
    });
  });

  it('are seen and changed by their subscriber, and seen by administrators', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const officers = await subscribe(tx, w, 'officer');
      const analysts = await subscribe(tx, w, 'analyst');
      const seen = async (who: string) => {
        await tx.as(w.actors[who]);
        const rows = await tx.query<{ id: string }>(`select id from public.report_subscriptions where id = any ($1) order by id`, [[officers, analysts]]);
        await tx.asOwner();
        return rows.map((r) => r.id);
      };
      expect(await seen('officer')).toEqual([officers]);
      expect(await seen('analyst')).toEqual([analysts]);
      expect(await seen('admin')).toEqual([officers, analysts].sort());
      expect(await seen('supervisor')).toEqual([]);
      expect(await seen('aminah')).toEqual([]);
      await tx.as(w.actors.analyst);
      expect(await tx.query(`update public.report_subscriptions set language = 'ms' where id = $1 returning id`, [officers])).toHaveLength(0);
      expect(await tx.query(`delete from public.report_subscriptions where id = $1 returning id`, [officers])).toHaveLength(0);
      expect(await tx.query(`update public.report_subscriptions set language = 'ms' where id = $1 returning id`, [analysts])).toHaveLength(1);
      await tx.as(w.actors.admin);
      expect(await tx.query(`delete from public.report_subscriptions where id = $1 returning id`, [analysts])).toHaveLength(0);
      await tx.asOwner();
      expect(await tx.query(`select language::text from public.report_subscriptions where id = any ($1) order by language`, [[officers, analysts]])).toEqual([
        { language: 'en' },
        { language: 'ms' },
      ]);
    });
  });
});

describe('daily reports', () => {
  it('carry the day’s figures equal to direct SQL counts, and name the people an officer may see', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await activity(tx, w);
      const officers = await subscribe(tx, w, 'officer', { districts: [PETALING] });
      const report = (await generate(tx)).get(officers)!;
      expect(report).toMatchObject({ status: 'generated', personal_data: true, email_to: 'officer@example.test' });
      const data = report.data as Json;

      const [direct] = await tx.query<Json>(`
        select
          (select count(*)::int from public.assessments a join public.persons p on p.id = a.person_id
            where p.district_code = $1 and private.malaysian_day(a.submitted_at) = private.today()) as assessments,
          (select count(*)::int from public.assessments a join public.persons p on p.id = a.person_id
            where p.district_code = $1 and a.symptomatic and private.malaysian_day(a.submitted_at) = private.today()) as symptomatic_assessments,
          (select count(*)::int from public.cases c where c.district_code = $1 and c.diagnosis_date = private.today()) as cases,
          (select count(*)::int from public.monitoring m where m.district_code = $1 and m.state = 'active') as monitored,
          (select count(*)::int from public.monitoring m join public.persons p on p.id = m.person_id
            where m.district_code = $1 and m.state = 'active' and p.status = 'pui') as test_advised,
          (select count(*)::int from public.monitoring m
            where m.district_code = $1 and m.state = 'active' and coalesce(m.last_report_at, m.starts_on::timestamptz) < now() - interval '24 hours') as non_reporting,
          (select count(*)::int from public.persons p where p.district_code = $1 and p.status = 'pui') as pui`, [PETALING]);
      const statuses = await tx.query<{ status: string; people: number }>(
        `select status::text, count(*)::int as people from public.persons where district_code = $1 group by 1`, [PETALING],
      );
      const [area] = data.figures.areas;
      expect(area.code).toBe(PETALING);
      for (const metric of ['assessments', 'symptomatic_assessments', 'cases']) {
        expect(Number(area.events[metric] ?? 0), metric).toBe(direct[metric]);
        expect(Number(data.figures.totals.events[metric] ?? 0), metric).toBe(direct[metric]);
      }
      expect(Object.fromEntries(Object.entries(area.people_by_status).map(([k, v]) => [k, Number(v)]))).toEqual(
        Object.fromEntries(statuses.map((s) => [s.status, s.people])),
      );
      expect(Number(area.monitoring.active)).toBe(direct.monitored);
      expect(Number(data.high_risk.counts.pui)).toBe(direct.pui);
      expect(Number(data.high_risk.counts.test_advised)).toBe(direct.test_advised);
      expect(Number(data.high_risk.counts.non_reporting)).toBe(direct.non_reporting);
      // Aminah: a contact with a group-1 symptom, so a PUI advised to test; named with her masked document.
      expect(data.high_risk.people.test_advised).toEqual(
        expect.arrayContaining([expect.objectContaining({ person_id: w.persons.aminah, full_name: 'Aminah binti Ahmad', identity_masked: expect.stringMatching(/5678$/) })]),
      );
      expect(data.high_risk.people.pui.map((p: Json) => p.person_id)).toContain(w.persons.aminah);
      // Only Petaling's people.
      for (const list of Object.values(data.high_risk.people) as Json[][]) for (const p of list) expect(p.district_code).toBe(PETALING);
      expect(await tx.query(`select 1 from public.persons where id = $1 and status = 'pui'`, [w.persons.aminah])).toHaveLength(1);
    });
  });

  it('carry no personal data for analysts: aggregates only, country-wide figures equal to SQL counts', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await activity(tx, w);
      const analysts = await subscribe(tx, w, 'analyst');
      const report = (await generate(tx)).get(analysts)!;
      expect(report.personal_data).toBe(false);
      const text = JSON.stringify(report.data);
      expect(report.data.high_risk.people).toBeUndefined();
      for (const secret of ['Aminah', 'Badrul', 'Chong', 'Pending Contact', '+60123456701', '+60199999001', MYKAD.aminah, '5678', MYKAD.chong, 'person_id', 'full_name', 'phone']) {
        expect(text, secret).not.toContain(secret);
      }
      // Sixteen states, and the country's totals equal direct counts.
      expect(report.data.figures.areas).toHaveLength(16);
      const [direct] = await tx.query<Json>(`
        select (select count(*)::int from public.assessments a where private.malaysian_day(a.submitted_at) = private.today()) as assessments,
               (select count(*)::int from public.persons p where p.status = 'pui') as pui,
               (select count(*)::int from public.monitoring m where m.state = 'active') as monitored`);
      expect(Number(report.data.figures.totals.events.assessments)).toBe(direct.assessments);
      expect(Number(report.data.high_risk.counts.pui)).toBe(direct.pui);
      expect(Number(report.data.figures.totals.monitoring.active)).toBe(direct.monitored);
      const states = report.data.figures.areas as Json[];
      expect(states.reduce((sum, s) => sum + Number(s.events.assessments ?? 0), 0)).toBeLessThanOrEqual(direct.assessments);
    });
  });

  it('are generated once per subscription and day; a failing subscription is recorded and the others go on', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const officers = await subscribe(tx, w, 'officer', { districts: [PETALING], sections: ['figures'] });
      const analysts = await subscribe(tx, w, 'analyst', { sections: ['high_risk'] });
      // The officer has since lost Petaling: their subscription now reaches outside their jurisdiction.
      await tx.query(`delete from public.staff_districts where staff_id = $1`, [w.users.officer]);
      const first = await generate(tx);
      expect(first.get(analysts)).toMatchObject({ status: 'generated' });
      expect(first.get(analysts)!.data.figures).toBeUndefined();
      expect(first.get(officers)).toBeUndefined();
      expect(await tx.query(`select status, error from public.reports where subscription_id = $1`, [officers])).toEqual([
        { status: 'failed', error: `districts: ${PETALING} is outside your jurisdiction` },
      ]);
      // Handed out once: a second run (overlapping the first) gets nothing the first is sending.
      expect((await generate(tx)).get(analysts)).toBeUndefined();
      expect(await tx.query(`select 1 from public.reports where subscription_id = any ($1)`, [[officers, analysts]])).toHaveLength(2);
      // Whoever runs after the first run's hold lapses (it died) gets it.
      await tx.query(`update public.reports set claimed_until = now() - interval '1 second' where subscription_id = $1`, [analysts]);
      expect((await generate(tx)).get(analysts)).toMatchObject({ status: 'generated' });
      const error = await tx.fails(`select * from public.generate_daily_reports(private.today() + 1)`);
      expect([error.code, error.message.split(':')[0]]).toEqual(['22023', 'report_date']);
      const batch = await tx.fails(`select * from public.generate_daily_reports(private.today(), 0)`);
      expect([batch.code, batch.message.split(':')[0]]).toEqual(['22023', 'max_new']);
    });
  });

  it('are generated in batches of max_new, each subscription once', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const ids = [await subscribe(tx, w, 'officer'), await subscribe(tx, w, 'analyst'), await subscribe(tx, w, 'supervisor')];
      // Other suites' committed subscriptions may share the database: count ours only.
      const ours = async () => Number((await tx.query<{ n: number }>(`select count(*)::int as n from public.reports where subscription_id = any ($1)`, [ids]))[0].n);
      const counts: number[] = [];
      for (let i = 0; i < 10 && (await ours()) < 3; i++) {
        await tx.query(`select * from public.generate_daily_reports(private.today(), 1)`);
        counts.push(await ours());
      }
      expect(counts.at(-1)).toBe(3);
      expect(counts.every((n, i) => i === 0 || n - counts[i - 1] <= 1)).toBe(true);
    });
  });

  it('once rendered, are told to their reader once (report_ready), and seen by them and administrators only', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const analysts = await subscribe(tx, w, 'analyst');
      const report = (await generate(tx)).get(analysts)!;
      await tx.as(w.actors.service_role);
      const [finished] = await tx.query<Json>(`select * from public.finish_daily_report($1, 'csv', '<html></html>')`, [report.id]);
      expect(finished).toMatchObject({ status: 'delivered', csv: 'csv', email_error: null });
      expect(finished.emailed_at).not.toBeNull();
      await tx.query(`select * from public.finish_daily_report($1, 'other', 'other')`, [report.id]);
      await tx.asOwner();
      const told = await tx.query<Json>(`select kind, data from public.notifications where account_id = $1 and kind = 'report_ready'`, [w.users.analyst]);
      const [{ day }] = await tx.query<{ day: string }>(`select private.today()::text as day`);
      expect(told).toEqual([{ kind: 'report_ready', data: { report_id: report.id, report_date: day } }]);
      expect(await tx.query(`select csv from public.reports where id = $1`, [report.id])).toEqual([{ csv: 'csv' }]);
      expect(await tx.query(`select 1 from public.generate_daily_reports(private.today()) where id = $1`, [report.id])).toHaveLength(0);

      const seen = async (who: string) => {
        await tx.as(w.actors[who]);
        const rows = await tx.query(`select id from public.reports where id = $1`, [report.id]);
        await tx.asOwner();
        return rows.length;
      };
      expect([await seen('analyst'), await seen('admin'), await seen('officer'), await seen('supervisor'), await seen('aminah')]).toEqual([1, 1, 0, 0, 0]);
      for (const who of ['analyst', 'admin']) {
        await tx.as(w.actors[who]);
        expect((await tx.fails(`select * from public.generate_daily_reports()`)).code).toBe('42501');
        expect((await tx.fails(`select * from public.finish_daily_report($1, 'x', 'y')`, [report.id])).code).toBe('42501');
        expect((await tx.fails(`update public.reports set csv = 'forged' where id = $1`, [report.id])).code).toBe('42501');
      }
    });
  });
});
