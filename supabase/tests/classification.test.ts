/**
 * Classification in the database: every combination of symptom groups and exposures, the precedence
 * of statuses, the monitoring clock, lab results, idempotent submissions and what bad answers get.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUrlFor } from '@sejahtera/stack/testing';
import { inTransaction, type Tx } from './support/db.ts';
import { buildWorld, PETALING, type World } from './support/world.ts';

const GROUP1 = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste'];
const GROUP2 = ['fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea'];
const EXPOSURES = ['close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];

/** Answers to every question of version 1: the named ones yes, the rest no. */
function answers(...yes: string[]): Record<string, boolean> {
  return Object.fromEntries([...GROUP1, ...GROUP2, ...EXPOSURES].map((code) => [code, yes.includes(code)]));
}

async function submit(tx: Tx, person: string, yes: string[], key = randomUUID()) {
  const [row] = await tx.query<{ id: string; kind: string; symptomatic: boolean; exposed: boolean; classification: string }>(
    `select * from public.submit_assessment($1, $2, $3)`,
    [person, JSON.stringify(answers(...yes)), key],
  );
  return row;
}

/** Declarations counted for today in a district: the daily counts plus the ledger not yet folded into them. */
const TODAYS_DECLARATIONS = `select ((select coalesce(sum(value), 0) from private.daily_counts where day = private.today() and district_code = $1 and metric = 'assessments')
  + (select coalesce(sum(value), 0) from private.daily_count_deltas where day = private.today() and district_code = $1 and metric = 'assessments'))::int as n`;
/** A district (Sabah's) no other test declares in, so its figures move only with the test that uses it. */
const QUIET_DISTRICT = 'MY-12-05';

async function statusOf(tx: Tx, person: string) {
  await tx.asOwner();
  const [row] = await tx.query<{ status: string; symptomatic: boolean }>(`select status::text, symptomatic from public.persons where id = $1`, [person]);
  return row;
}

/** A case of a person in Petaling, handled by the world's officer, with `person` as its contact. */
async function contactOfCase(tx: Tx, w: World, person: string, proximity: 'close' | 'casual' = 'close', exposed = 'private.today() - 2') {
  await tx.asOwner();
  const [index] = await tx.query<{ id: string }>(`insert into public.persons (full_name, district_code) values ('Index Case', $1) returning id`, [PETALING]);
  await tx.as(w.actors.officer);
  const [kase] = await tx.query<{ id: string }>(
    `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today() - 1, $3) returning id`,
    [index.id, `C-${randomUUID().slice(0, 8).toUpperCase()}`, PETALING],
  );
  await tx.query(`insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, $3, 'household', ${exposed})`, [
    kase.id,
    person,
    proximity,
  ]);
  return kase.id;
}

describe('classification of an assessment', () => {
  const symptomCombos: [string, string[]][] = [
    ['no symptoms', []],
    ['one group-2 symptom', ['fever']],
    ['two group-2 symptoms', ['fever', 'headache']],
    ['all group-2 symptoms', GROUP2],
    ['one group-1 symptom', ['cough']],
    ['each group-1 symptom alone', ['loss_of_smell_or_taste']],
    ['group 1 and group 2', ['breathing_difficulty', 'chills']],
  ];
  const exposureCombos: [string, string[], 'close' | 'casual' | null][] = [
    ['no exposure', [], null],
    ['a declared close contact', ['close_contact'], null],
    ['declared travel', ['travelled_abroad'], null],
    ['a declared cluster', ['cluster_gathering'], null],
    ['a surveillance order', ['home_surveillance_order'], null],
    ['an officer\'s close contact record', [], 'close'],
    ['an officer\'s casual contact record', [], 'casual'],
  ];
  const cases = symptomCombos.flatMap(([symptomName, symptoms]) =>
    exposureCombos.map(([exposureName, declared, record]) => {
      const symptomatic = symptoms.some((s) => GROUP1.includes(s)) || symptoms.filter((s) => GROUP2.includes(s)).length >= 2;
      const exposed = declared.length > 0 || record !== null;
      const expected = symptomatic && exposed ? 'pui' : declared.length > 0 || record === 'close' ? 'close_contact' : record === 'casual' ? 'casual_contact' : 'low_risk';
      return { name: `${symptomName} with ${exposureName}`, symptoms, declared, record, symptomatic, expected };
    }),
  );

  it.each(cases)('$name -> $expected', async ({ symptoms, declared, record, symptomatic, expected }) => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      if (record) await contactOfCase(tx, w, w.persons.aminah, record);
      await tx.as(w.actors.aminah);
      const assessment = await submit(tx, w.persons.aminah, [...symptoms, ...declared]);
      expect(assessment).toMatchObject({ kind: 'day0', symptomatic, exposed: declared.length > 0, classification: expected });
      expect(await statusOf(tx, w.persons.aminah)).toEqual({ status: expected, symptomatic });
    });
  });
});

describe('status over time', () => {
  it('starts as pending assessment, and every change is kept as history with its reason', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('pending_assessment');
      await tx.as(w.actors.aminah);
      const first = await submit(tx, w.persons.aminah, []);
      const second = await submit(tx, w.persons.aminah, ['cough', 'travelled_abroad']);
      expect([first.kind, second.kind]).toEqual(['day0', 'daily']);
      const history = await tx.query<{ from_status: string | null; to_status: string; reason: string; source: string }>(
        `select from_status::text, to_status::text, reason, source from public.status_history where person_id = $1 order by id`,
        [w.persons.aminah],
      );
      expect(history).toEqual([
        { from_status: 'pending_assessment', to_status: 'low_risk', reason: 'day-0 declaration', source: 'assessment' },
        { from_status: 'low_risk', to_status: 'pui', reason: 'daily assessment', source: 'assessment' },
      ]);
    });
  });

  it('an officer\'s contact record makes a person a close contact before any assessment, and opens 14 days of monitoring', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.pending, 'close', `'2026-11-20'`);
      expect((await statusOf(tx, w.persons.pending)).status).toBe('close_contact');
      const [monitoring] = await tx.query<{ starts_on: Date; ends_on: Date; state: string }>(
        `select starts_on, ends_on, state::text from public.monitoring where person_id = $1`,
        [w.persons.pending],
      );
      expect(monitoring.state).toBe('active');
      expect((monitoring.ends_on.getTime() - monitoring.starts_on.getTime()) / 86_400_000).toBe(14);
    });
  });

  it('a contact is monitored for their case\'s outbreak\'s period, else the rule set\'s, and a changed exposure date moves the end', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.asOwner();
      const [measles] = await tx.query<{ id: string }>(
        `insert into public.outbreaks (code, name, monitoring_days, started_on) values ('MEASLES-TEST', '{"ms": "Campak", "en": "Measles"}', 21, private.today() - 30) returning id`,
      );
      const [flu] = await tx.query<{ id: string }>(
        `insert into public.outbreaks (code, name, started_on) values ('FLU-TEST', '{"ms": "Influenza", "en": "Influenza"}', private.today() - 30) returning id`,
      );
      const measlesCase = await contactOfCase(tx, w, w.persons.aminah, 'close', `'2026-11-20'`);
      const fluCase = await contactOfCase(tx, w, w.persons.pending, 'close', `'2026-11-20'`);
      await tx.asOwner();
      // Contacts entered before the case's outbreak was known keep their period; these are entered after.
      await tx.query(`update public.cases set outbreak_id = $1 where id = $2`, [measles.id, measlesCase]);
      await tx.query(`update public.cases set outbreak_id = $1 where id = $2`, [flu.id, fluCase]);
      await tx.as(w.actors.officer);
      await tx.query(`update public.contacts set last_exposure_date = '2026-11-21' where case_id = any ($1)`, [[measlesCase, fluCase]]);
      const periods = await tx.query<{ person_id: string; starts_on: string; ends_on: string }>(
        `select person_id, starts_on::text, ends_on::text from public.monitoring where person_id = any ($1) order by ends_on`,
        [[w.persons.aminah, w.persons.pending]],
      );
      expect(periods).toEqual([
        { person_id: w.persons.pending, starts_on: '2026-11-21', ends_on: '2026-12-05' }, // the rule set's 14 days
        { person_id: w.persons.aminah, starts_on: '2026-11-21', ends_on: '2026-12-12' }, // measles: 21 days
      ]);

      // A case recorded in an outbreak from the start: its contacts get the outbreak's period at once.
      const [direct] = await tx.query<{ id: string }>(
        `insert into public.cases (person_id, outbreak_id, case_number, diagnosis_date) values ($1, $2, 'C-MEASLES-2', private.today()) returning id`,
        [w.persons.dependent, measles.id],
      );
      await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, '2026-11-22')`, [direct.id, w.persons.pending]);
      const [fresh] = await tx.query<{ ends_on: string }>(`select m.ends_on::text from public.monitoring m join public.contacts c on c.id = m.contact_id where c.case_id = $1`, [
        direct.id,
      ]);
      expect(fresh.ends_on).toBe('2026-12-13');
    });
  });

  it('symptoms during monitoring make a PUI at once; a negative test afterwards clears it back to close contact', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.aminah);
      await tx.as(w.actors.aminah);
      expect((await submit(tx, w.persons.aminah, ['fever', 'chills'])).classification).toBe('pui');
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`, [w.persons.aminah]);
      expect(await statusOf(tx, w.persons.aminah)).toEqual({ status: 'close_contact', symptomatic: true });
    });
  });

  it('a positive test makes a confirmed case, ends monitoring as became_case, and outranks everything', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.aminah);
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'antigen', 'positive', private.today())`, [w.persons.aminah]);
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('confirmed');
      const [kase] = await tx.query<{ case_number: string; status: string; district_code: string }>(
        `select case_number, status::text, district_code from public.cases where person_id = $1`,
        [w.persons.aminah],
      );
      expect(kase).toMatchObject({ status: 'active', district_code: PETALING });
      expect(kase.case_number).toMatch(/^LAB-\d{8}-[0-9A-F]{8}$/);
      const [monitoring] = await tx.query<{ state: string }>(`select state::text from public.monitoring where person_id = $1`, [w.persons.aminah]);
      expect(monitoring.state).toBe('became_case');
      await tx.as(w.actors.aminah);
      expect((await submit(tx, w.persons.aminah, [])).classification).toBe('confirmed');
      // A second positive result does not open a second case.
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'positive', private.today())`, [w.persons.aminah]);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.cases where person_id = $1`, [w.persons.aminah])).toHaveLength(1);
    });
  });

  it('monitoring completes after its period without symptoms, and the person returns to low risk', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.aminah, 'close', 'private.today() - 3');
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, []);
      await tx.asOwner();
      // The job works on the whole database (other data may be there): look at this person's period.
      const stateOf = async () =>
        (await tx.query<{ state: string }>(`select state::text from public.monitoring where person_id = $1`, [w.persons.aminah]))[0].state;
      await tx.query(`select * from private.close_finished_monitoring(private.today())`);
      expect(await stateOf()).toBe('active');
      const [late] = await tx.query<{ completed: number }>(`select * from private.close_finished_monitoring(private.today() + 12)`);
      expect(await stateOf()).toBe('completed');
      expect(late.completed).toBeGreaterThanOrEqual(1);
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('low_risk');
    });
  });

  it('a symptomatic contact stays monitored past the period; 30 days of silence make them lost to follow-up', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.aminah, 'close', 'private.today() - 3');
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, ['cough']);
      await tx.asOwner();
      const stateOf = async () =>
        (await tx.query<{ state: string }>(`select state::text from public.monitoring where person_id = $1`, [w.persons.aminah]))[0].state;
      await tx.query(`select * from private.close_finished_monitoring(private.today() + 12)`);
      expect(await stateOf()).toBe('active');
      const [lost] = await tx.query<{ lost: number }>(`select * from private.close_finished_monitoring(private.today() + 31)`);
      expect(await stateOf()).toBe('lost_to_follow_up');
      expect(lost.lost).toBeGreaterThanOrEqual(1);
    });
  });

  it('an officer closes monitoring only with a reason, and only in their jurisdiction', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await contactOfCase(tx, w, w.persons.aminah);
      await tx.asOwner();
      const [{ id }] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [w.persons.aminah]);
      await tx.as(w.actors.officerElsewhere);
      expect((await tx.fails(`select public.close_monitoring($1, 'moved away')`, [id])).message).toContain('no such monitoring period in your jurisdiction');
      await tx.as(w.actors.officer);
      expect((await tx.fails(`select public.close_monitoring($1, '  ')`, [id])).message).toBe('reason: say why the monitoring is closed');
      const [closed] = await tx.query<{ state: string; close_reason: string }>(`select * from public.close_monitoring($1, 'admitted to hospital')`, [id]);
      expect(closed).toMatchObject({ state: 'closed_by_officer', close_reason: 'admitted to hospital' });
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('pending_assessment');
    });
  });
});

describe('submissions', () => {
  it('a retried submission with the same idempotency key stores nothing twice', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const key = randomUUID();
      const first = await submit(tx, w.persons.aminah, ['fever'], key);
      const again = await submit(tx, w.persons.aminah, ['fever'], key);
      expect(again).toEqual(first);
      // The same key with other answers is not a retry but a reused key: refused, nothing stored.
      const reused = await tx.fails(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, JSON.stringify(answers('cough')), key]);
      expect([reused.code, reused.message]).toEqual(['23505', 'idempotency_key: already used for a different declaration; use a new key for a new declaration']);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.assessments where person_id = $1`, [w.persons.aminah])).toHaveLength(1);
    });
  });

  it('the commonest declaration (low risk, all no, for oneself) is stored as the trigger would judge it, counted once, and a retry counts nothing', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      // In a district no other test declares in: the figure below counts committed rows of other suites too.
      await tx.query(`update public.persons set state_code = $1, district_code = $2 where id = $3`, [QUIET_DISTRICT.slice(0, 5), QUIET_DISTRICT, w.persons.aminah]);
      const today = async () => {
        await tx.asOwner();
        const [row] = await tx.query<{ n: number }>(
          TODAYS_DECLARATIONS,
          [QUIET_DISTRICT],
        );
        return row.n;
      };
      const judged = async (id: string) => {
        await tx.asOwner();
        const [row] = await tx.query(
          `select kind, questionnaire_id = public.current_questionnaire_id() as current_questionnaire, rule_set_id = public.current_rule_set_id() as current_rules,
                  symptomatic, exposed, classification, submitted_by from public.assessments where id = $1`,
          [id],
        );
        return row;
      };
      const history = async () => (await tx.query(`select count(*)::int as n from public.status_history where person_id = $1`, [w.persons.aminah]))[0].n;
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, []); // day 0: low risk from here on
      const before = await today();
      const changes = await history();

      await tx.as(w.actors.aminah);
      const key = randomUUID();
      const plain = await submit(tx, w.persons.aminah, [], key);
      expect(await today()).toBe(before + 1);
      // The same declaration judged by the trigger (a client's own insert, which always goes through it).
      await tx.as(w.actors.aminah);
      const [inserted] = await tx.query<{ id: string }>(`insert into public.assessments (person_id, answers, idempotency_key) values ($1, $2, $3) returning id`, [
        w.persons.aminah,
        JSON.stringify(answers()),
        randomUUID(),
      ]);
      expect(await today()).toBe(before + 2);
      const expected = { kind: 'daily', current_questionnaire: true, current_rules: true, symptomatic: false, exposed: false, classification: 'low_risk', submitted_by: w.users.aminah };
      expect(await judged(plain.id)).toEqual(expected);
      expect(await judged(inserted.id)).toEqual(expected);
      expect(await statusOf(tx, w.persons.aminah)).toEqual({ status: 'low_risk', symptomatic: false });
      expect(await history()).toBe(changes);

      // A retry returns the first, stores and counts nothing.
      await tx.as(w.actors.aminah);
      expect(await submit(tx, w.persons.aminah, [], key)).toEqual(plain);
      expect(await today()).toBe(before + 2);
      expect((await tx.query(`select count(*)::int as n from public.assessments where person_id = $1`, [w.persons.aminah]))[0].n).toBe(3);
    });
  });

  it('a person low risk only by their own last declaration is judged again by every fact once flagged symptomatic or monitored', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, []);
      await contactOfCase(tx, w, w.persons.aminah, 'casual');
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('casual_contact');
      // Low risk no more: all no is judged with the monitoring, and reported on it.
      await tx.as(w.actors.aminah);
      expect(await submit(tx, w.persons.aminah, [])).toMatchObject({ kind: 'daily', classification: 'casual_contact' });
      await tx.asOwner();
      const [monitoring] = await tx.query<{ reported: boolean }>(
        `select last_report_at is not null as reported from public.monitoring where person_id = $1 and state = 'active'`,
        [w.persons.aminah],
      );
      expect(monitoring.reported).toBe(true);
      // A guardian's declaration for a dependent goes the general way too, and is kept as the dependent's day 0.
      await tx.as(w.actors.guardian);
      expect(await submit(tx, w.persons.dependent, [])).toMatchObject({ kind: 'day0', classification: 'low_risk' });
      expect(await submit(tx, w.persons.dependent, [])).toMatchObject({ kind: 'daily', classification: 'low_risk' });
    });
  });

  it('a retry racing its first submission waits for it: the declaration changes the status and counts once', async () => {
    const connect = async () => {
      const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
      await client.connect();
      return client;
    };
    const [owner, first, retry] = await Promise.all([connect(), connect(), connect()]);
    const user = randomUUID();
    try {
      await owner.query(`insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', $2, now(), now())`, [
        user,
        `${user}@example.test`,
      ]);
      const {
        rows: [person],
      } = await owner.query<{ id: string }>(`insert into public.persons (account_id, created_by, full_name, district_code) values ($1, $1, 'Racing Retry', $2) returning id`, [
        user,
        QUIET_DISTRICT,
      ]);
      const figure = async () => (await owner.query<{ n: number }>(TODAYS_DECLARATIONS, [QUIET_DISTRICT])).rows[0].n;
      const before = await figure();
      const retryPid = (await retry.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      for (const client of [first, retry]) {
        await client.query('begin');
        await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user, role: 'authenticated', aud: 'authenticated' })]);
        await client.query('set local role authenticated');
      }
      const call = 'select * from public.submit_assessment($1, $2, $3)';
      const params = [person.id, JSON.stringify(answers('cough', 'close_contact')), randomUUID()];
      const {
        rows: [stored],
      } = await first.query(call, params);
      const retried = retry.query(call, params);
      await expect
        .poll(async () => (await owner.query(`select wait_event_type from pg_stat_activity where pid = $1`, [retryPid])).rows[0]?.wait_event_type, {
          timeout: 10_000,
        })
        .toBe('Lock');
      await first.query('commit');
      const {
        rows: [again],
      } = await retried;
      await retry.query('commit');
      expect(again).toEqual(stored);
      const { rows: history } = await owner.query(`select from_status::text, to_status::text from public.status_history where person_id = $1`, [person.id]);
      expect(history).toEqual([{ from_status: 'pending_assessment', to_status: 'pui' }]);
      expect((await owner.query(`select count(*)::int as n from public.assessments where person_id = $1`, [person.id])).rows[0].n).toBe(1);
      expect(await figure()).toBe(before + 1);
    } finally {
      // The account and its person stay, like other suites' committed rows: deleting them would leave the
      // declaration counted in the day's figures without its row (the daily reports' test compares the two).
      await Promise.all([owner, first, retry].map((c) => c.end()));
    }
  });

  it('a declaration held offline keeps the moment it was made (up to 48 hours, never later than now), and the latest declared counts', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const submit = (yes: string[], declaredAt: string | null) =>
        tx.query<{ submitted_at: Date; declared_at: Date | null }>(`select * from public.submit_assessment($1, $2, $3, null, $4)`, [
          w.persons.aminah,
          JSON.stringify(answers(...yes)),
          randomUUID(),
          declaredAt,
        ]);
      // Her first, held offline two hours: the latest she has, so her status.
      await submit(['close_contact'], new Date(Date.now() - 2 * 3600_000).toISOString());
      expect(await statusOf(tx, w.persons.aminah)).toEqual({ status: 'close_contact', symptomatic: false });
      await tx.as(w.actors.aminah);
      await submit(['fever', 'chills'], null); // today, online: symptomatic
      const yesterday = new Date(Date.now() - 20 * 3600_000).toISOString();
      const [late] = await submit([], yesterday); // yesterday's, arriving now: no symptoms
      expect(late.submitted_at.toISOString()).toBe(yesterday);
      // Today's declaration is still the latest: the late one does not make her well again.
      expect((await statusOf(tx, w.persons.aminah)).symptomatic).toBe(true);
      await tx.as(w.actors.aminah);
      // A device clock running ahead declares "now".
      const [ahead] = await tx.query<{ submitted_at: Date; now: Date }>(
        `select a.submitted_at, clock_timestamp() as now from public.submit_assessment($1, $2, $3, null, now() + interval '1 hour') a`,
        [w.persons.aminah, JSON.stringify(answers('fever', 'chills')), randomUUID()],
      );
      expect(ahead.submitted_at.getTime()).toBeLessThanOrEqual(ahead.now.getTime());
      const stale = await tx.fails(`select public.submit_assessment($1, $2, $3, null, now() - interval '3 days')`, [w.persons.aminah, JSON.stringify(answers()), randomUUID()]);
      expect(stale.message).toBe('declared_at: more than 48 hours ago; declare again for today');
    });
  });

  it('a guardian removes a dependent: deleted when nobody else holds anything about them, else unlinked', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.guardian);
      const [mistake] = await tx.query<{ id: string }>(`select id from public.add_dependent(full_name => 'Typo Name', relationship => 'child')`);
      expect(await tx.query(`select public.remove_dependent($1) as outcome`, [mistake.id])).toEqual([{ outcome: 'deleted' }]);
      await contactOfCase(tx, w, w.persons.dependent);
      await tx.as(w.actors.guardian);
      expect(await tx.query(`select public.remove_dependent($1) as outcome`, [w.persons.dependent])).toEqual([{ outcome: 'unlinked' }]);
      expect(await tx.query(`select 1 from public.persons where id = $1`, [w.persons.dependent])).toHaveLength(0);
      const notMine = await tx.fails(`select public.remove_dependent($1)`, [w.persons.aminah]);
      expect([notMine.code, notMine.message]).toEqual(['42501', 'person_id: not one of your dependents']);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.persons where id = $1`, [w.persons.dependent])).toHaveLength(1);
    });
  });

  it('every status has a label and advice in Malay and English', async () => {
    await inTransaction(async (tx) => {
      const rows = await tx.query<{ status: string; text: { label: Record<string, string>; advice: Record<string, string> } }>(
        `select s::text as status, public.status_text(s) as text from unnest(enum_range(null::public.risk_status)) s`,
      );
      expect(rows).toHaveLength(6);
      for (const { status, text } of rows) {
        for (const part of [text.label, text.advice]) expect(Object.keys(part).sort(), status).toEqual(['en', 'ms']);
      }
      expect(rows.find((r) => r.status === 'pui')?.text.advice.en).toContain('COVID-19 test');
    });
  });

  it('a guardian assesses a dependent; nobody assesses a stranger', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.guardian);
      expect((await submit(tx, w.persons.dependent, [])).classification).toBe('low_risk');
      const error = await tx.fails(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, JSON.stringify(answers()), randomUUID()]);
      expect(error.code).toBe('42501');
    });
  });

  it('a declaration names the account that made it; deleting that account keeps the declaration without its name', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.guardian);
      const forDependent = await submit(tx, w.persons.dependent, ['fever', 'chills']);
      await tx.as(w.actors.aminah);
      const own = await submit(tx, w.persons.aminah, []);
      await tx.asOwner();
      const submitters = async () =>
        Object.fromEntries(
          (await tx.query<{ id: string; submitted_by: string | null }>(`select id, submitted_by from public.assessments where id = any($1)`, [[forDependent.id, own.id]])).map(
            (r) => [r.id, r.submitted_by],
          ),
        );
      expect(await submitters()).toEqual({ [forDependent.id]: w.users.guardian, [own.id]: w.users.aminah });
      await tx.query(`delete from auth.users where id = $1`, [w.users.guardian]);
      expect(await submitters()).toEqual({ [forDependent.id]: null, [own.id]: w.users.aminah });
      // The person the declaration was about keeps it, and the status it gave them.
      expect(await statusOf(tx, w.persons.dependent)).toEqual({ status: 'low_risk', symptomatic: true });
    });
  });

  it.each([
    ['a missing answer', { ...answers(), fever: undefined }, 'answers: no answer to "fever"'],
    ['an unknown question', { ...answers(), sneezing: true }, 'answers: "sneezing" is not a question of questionnaire version 1'],
    ['an answer that is not yes or no', { ...answers(), cough: 'sometimes' }, 'answers: the answer to "cough" must be true or false'],
    ['answers that are not an object', ['cough'], 'answers: must be an object'],
    // All no is judged by one comparison with the version's all-no answers: an extra no is no match.
    ['an unknown question answered no', { ...answers(), sneezing: false }, 'answers: "sneezing" is not a question of questionnaire version 1'],
    ['an idempotency key shorter than 8 characters', answers(), 'idempotency_key: 8 to 100 characters', 'short'],
  ])('refuses %s with a message naming it, and stores nothing', async (_case, given, message, key: string = randomUUID()) => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const error = await tx.fails(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, JSON.stringify(given), key]);
      expect(error.message).toContain(message);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.assessments where person_id = $1`, [w.persons.aminah])).toHaveLength(0);
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('pending_assessment');
    });
  });

  it('nobody forges a classification through the API', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const error = await tx.fails(
        `insert into public.assessments (person_id, answers, idempotency_key, classification) values ($1, $2, 'forged-key-1', 'low_risk')`,
        [w.persons.aminah, JSON.stringify(answers())],
      );
      expect(error.code).toBe('42501');
      await tx.query(`insert into public.assessments (person_id, answers, idempotency_key, questionnaire_id) values ($1, $2, 'plain-insert-1', null)`, [
        w.persons.aminah,
        JSON.stringify(answers('cough', 'close_contact')),
      ]);
      expect((await statusOf(tx, w.persons.aminah)).status).toBe('pui');
    });
  });
});
