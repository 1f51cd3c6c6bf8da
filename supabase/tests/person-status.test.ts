/**
 * public.person_status: the signed-in user and each of their dependents at a glance. Whether today's
 * declaration is due (day 0 not yet made; no daily one yet on Malaysia's date), when the last was, and the
 * monitoring period with its days left and its case's outbreak, which only the monitored person and their
 * guardian are told.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { buildWorld, JOHOR_BAHRU, type World } from './support/world.ts';

const CODES = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
  'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];
const WELL = JSON.stringify(Object.fromEntries(CODES.map((code) => [code, false])));

interface Row {
  person_id: string;
  relationship: string | null;
  status: string;
  declaration: { kind: string; due: boolean; declared_today: boolean; last_declared_at: string | null };
  monitoring: {
    id: string;
    starts_on: string;
    ends_on: string;
    state: string;
    days_left: number;
    outbreak: { code: string; name: { ms: string; en: string } } | null;
  } | null;
}

async function statusAs(tx: Tx, w: World, actor: keyof World['users']): Promise<Row[]> {
  await tx.as(w.actors[actor]);
  const rows = await tx.query<Row>(
    `select person_id, relationship, status::text, declaration, monitoring from public.person_status order by relationship nulls first`,
  );
  await tx.asOwner();
  return rows;
}

/** Badrul a case of a measles outbreak in Johor Bahru, Aminah and the guardian's dependent his close contacts. */
async function measlesContacts(tx: Tx, w: World, exposedDaysAgo: number) {
  await tx.asOwner();
  const [outbreak] = await tx.query<{ id: string }>(
    `insert into public.outbreaks (code, name, monitoring_days, started_on) values ($1, '{"ms": "Campak", "en": "Measles"}', 21, private.today() - 30) returning id`,
    [`MEASLES-${randomUUID().slice(0, 6).toUpperCase()}`],
  );
  const [kase] = await tx.query<{ id: string }>(
    `insert into public.cases (person_id, outbreak_id, case_number, diagnosis_date, district_code) values ($1, $2, $3, private.today() - 1, $4) returning id`,
    [w.persons.badrul, outbreak.id, `C-${randomUUID().slice(0, 8).toUpperCase()}`, JOHOR_BAHRU],
  );
  for (const person of [w.persons.aminah, w.persons.dependent]) {
    await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today() - $3::int)`, [kase.id, person, exposedDaysAgo]);
  }
}

describe('person_status', () => {
  it('day 0 is due until the first declaration; then the daily one, made today or still due', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const [before] = await statusAs(tx, w, 'aminah');
      expect(before).toEqual({
        person_id: w.persons.aminah,
        relationship: null,
        status: 'pending_assessment',
        declaration: { kind: 'day0', due: true, declared_today: false, last_declared_at: null },
        monitoring: null,
      });

      // Made 30 hours ago (held offline): always an earlier Malaysian date than today's.
      await tx.as(w.actors.aminah);
      await tx.query(`select public.submit_assessment($1, $2, $3, null, now() - interval '30 hours')`, [w.persons.aminah, WELL, randomUUID()]);
      const [yesterday] = await statusAs(tx, w, 'aminah');
      expect(yesterday.declaration).toMatchObject({ kind: 'daily', declared_today: false, due: true });
      expect(Date.parse(yesterday.declaration.last_declared_at!)).toBeLessThan(Date.now() - 29 * 3600_000);

      await tx.as(w.actors.aminah);
      await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, WELL, randomUUID()]);
      const [today] = await statusAs(tx, w, 'aminah');
      expect(today).toMatchObject({ status: 'low_risk', declaration: { kind: 'daily', declared_today: true, due: false } });
      expect(Date.parse(today.declaration.last_declared_at!)).toBeGreaterThan(Date.parse(yesterday.declaration.last_declared_at!));
    });
  });

  it('a guardian sees their dependent, with the relationship; nobody sees anyone else', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      expect(await statusAs(tx, w, 'guardian')).toMatchObject([{ person_id: w.persons.dependent, relationship: 'child', declaration: { due: true } }]);
      expect((await statusAs(tx, w, 'badrul')).map((r) => r.person_id)).toEqual([w.persons.badrul]);
      // Officers see these persons in the persons table; this view is only of whom one acts for.
      expect(await statusAs(tx, w, 'officer')).toEqual([]);
      await tx.as(w.actors.officer);
      expect(await tx.query(`select 1 from public.person_status where person_id = $1`, [w.persons.aminah])).toEqual([]);
    });
  });

  it('a close contact\'s monitoring: its dates, the days left today included, and the outbreak of the case, told to the contact and their guardian only', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await measlesContacts(tx, w, 3);
      const [aminah] = await statusAs(tx, w, 'aminah');
      const [{ start, end }] = await tx.query<{ start: string; end: string }>(
        `select (private.today() - 3)::text as start, (private.today() - 3 + 21)::text as end`,
      );
      // Exposed three days ago, 21 days of measles: the 19th day from today is the last.
      expect(aminah).toMatchObject({
        status: 'close_contact',
        monitoring: { starts_on: start, ends_on: end, state: 'active', days_left: 21 - 3 + 1, outbreak: { code: expect.stringMatching(/^MEASLES-/), name: { ms: 'Campak', en: 'Measles' } } },
      });
      expect(await statusAs(tx, w, 'guardian')).toMatchObject([{ monitoring: { state: 'active', days_left: 19, outbreak: aminah.monitoring!.outbreak } }]);

      // The case is Badrul's: his own row has no monitoring, and he is told nothing of his contacts'.
      expect(await statusAs(tx, w, 'badrul')).toMatchObject([{ status: 'confirmed', monitoring: null }]);
      await tx.as(w.actors.badrul);
      const [period] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [w.persons.aminah]);
      expect(period).toBeUndefined();
      await tx.asOwner();
      const [{ id }] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [w.persons.aminah]);
      for (const stranger of ['badrul', 'guardian', 'officer'] as const) {
        await tx.as(w.actors[stranger]);
        expect(await tx.query(`select * from private.monitoring_outbreak($1)`, [id])).toEqual([]);
      }
      await tx.as(w.actors.aminah);
      expect(await tx.query(`select code from private.monitoring_outbreak($1)`, [id])).toEqual([{ code: aminah.monitoring!.outbreak!.code }]);
      await tx.as(w.actors.anon);
      expect((await tx.fails(`select * from private.monitoring_outbreak($1)`, [id])).code).toBe('42501');
    });
  });

  it('a period that has ended is still told, with how it closed and no days left', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await measlesContacts(tx, w, 25);
      await tx.query(`select private.close_finished_monitoring()`);
      const [aminah] = await statusAs(tx, w, 'aminah');
      expect(aminah.monitoring).toMatchObject({ state: 'completed', days_left: 0, outbreak: { code: expect.stringMatching(/^MEASLES-/) } });
    });
  });
});
