/**
 * Contact tracing: importing a case's contacts (good, bad and repeated rows), the officers' line lists,
 * and who may see and change cases, contacts, monitoring, lab results, assessments and status history.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { changedBy, visibleTo } from './support/matrix.ts';
import { buildWorld, createUser, JOHOR_BAHRU, MYKAD, PETALING, type World } from './support/world.ts';

async function caseOf(tx: Tx, w: World, person: string, district = PETALING) {
  await tx.as(district === PETALING ? w.actors.officer : w.actors.officerElsewhere);
  const [kase] = await tx.query<{ id: string; case_number: string }>(
    `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today() - 1, $3) returning id, case_number`,
    [person, `C-${randomUUID().slice(0, 8).toUpperCase()}`, district],
  );
  return kase;
}

interface ImportResult {
  row_number: number;
  outcome: string;
  person_id: string | null;
  contact_id: string | null;
  reason: string | null;
}

async function importRows(tx: Tx, caseId: string, rows: unknown[]) {
  const [{ report }] = await tx.query<{ report: { rows: ImportResult[]; inserted: number; matched: number; already_listed: number; rejected: number } }>(
    `select public.import_contacts($1, $2) as report`,
    [caseId, JSON.stringify(rows)],
  );
  const outcomes = report.rows.map((r) => r.outcome);
  // The totals agree with the rows.
  expect([report.inserted, report.matched, report.already_listed, report.rejected]).toEqual(
    ['inserted', 'matched', 'already_listed', 'rejected'].map((o) => outcomes.filter((x) => x === o).length),
  );
  return report.rows;
}

const today = new Date().toISOString().slice(0, 10);

describe('importing contacts', () => {
  it('reports every row: new pending persons, matches by document and by verified phone, rejections with reasons', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.asOwner();
      await tx.query(`update public.persons set phone_verified_at = now() where id = $1`, [w.persons.aminah]);
      const kase = await caseOf(tx, w, w.persons.pending);
      const results = await importRows(tx, kase.id, [
        { full_name: 'Ali bin Abu', phone: '012-777 8888', last_exposure_date: today, setting: 'household' },
        { full_name: 'Badrul Again', identity_type: 'mykad', identity_number: MYKAD.badrul, last_exposure_date: today },
        { full_name: 'Aminah by phone', phone: '+60123456701', last_exposure_date: today, proximity: 'casual' },
        { full_name: 'No Way To Reach', last_exposure_date: today },
        { full_name: 'Bad Card', identity_type: 'mykad', identity_number: '990231-10-1234', last_exposure_date: today },
        { full_name: 'Future', phone: '+60111111111', last_exposure_date: '2999-01-01' },
        { full_name: 'Bad Date', phone: '+60111111112', last_exposure_date: '31/12/2026' },
        { full_name: 'Bad Setting', phone: '+60111111113', last_exposure_date: today, setting: 'cinema' },
        { full_name: 'Ali Twice', phone: '0127778888', last_exposure_date: today },
        'not an object',
      ]);
      expect(results.map((r) => [r.row_number, r.outcome, r.reason])).toEqual([
        [1, 'inserted', null],
        [2, 'matched', null],
        [3, 'matched', null],
        [4, 'rejected', 'phone or identity_number: give at least one, to find or invite the contact'],
        [5, 'rejected', 'identity_number: the first six digits of a MyKad number are a date of birth (YYMMDD), and these are not a real date'],
        [6, 'rejected', 'last_exposure_date: cannot be in the future'],
        [7, 'rejected', 'last_exposure_date: not a date (use YYYY-MM-DD)'],
        [8, 'rejected', 'setting: must be household, workplace, school, social, healthcare, travel, religious or other'],
        [9, 'rejected', 'row: the same contact as row 1'],
        [10, 'rejected', 'row: must be an object of named fields'],
      ]);
      expect(results[1].person_id).toBe(w.persons.badrul);
      expect(results[2].person_id).toBe(w.persons.aminah);
      await tx.asOwner();
      const [ali] = await tx.query<{ phone: string; account_id: string | null; district_code: string; status: string }>(
        `select phone, account_id, district_code, status::text from public.persons where id = $1`,
        [results[0].person_id],
      );
      expect(ali).toEqual({ phone: '+60127778888', account_id: null, district_code: PETALING, status: 'close_contact' });
      const monitored = await tx.query(`select 1 from public.monitoring m join public.contacts c on c.id = m.contact_id where c.case_id = $1`, [kase.id]);
      expect(monitored).toHaveLength(3);
      expect((await tx.query<{ status: string }>(`select status::text from public.persons where id = $1`, [w.persons.aminah]))[0].status).toBe('casual_contact');
    });
  });

  it('importing the same file again creates nothing new', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      const rows = [
        { full_name: 'Ali bin Abu', phone: '012-777 8888', last_exposure_date: today },
        { full_name: 'Siti Nurhaliza', identity_type: 'mykad', identity_number: '790311-08-5566', last_exposure_date: today },
      ];
      const first = await importRows(tx, kase.id, rows);
      const again = await importRows(tx, kase.id, rows);
      expect(first.map((r) => r.outcome)).toEqual(['inserted', 'inserted']);
      expect(again.map((r) => r.outcome)).toEqual(['already_listed', 'already_listed']);
      expect(again.map((r) => r.contact_id)).toEqual(first.map((r) => r.contact_id));
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.contacts where case_id = $1`, [kase.id])).toHaveLength(2);
      expect(await tx.query(`select 1 from public.persons where full_name in ('Ali bin Abu', 'Siti Nurhaliza')`)).toHaveLength(2);
    });
  });

  it('leaves a new contact exactly as an officer adding them by hand would: person, identity, status history, monitoring, invitation, audit', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      // By hand: the person (the persons trigger validates, hashes and masks the number), then the contact.
      await tx.as(w.actors.officer);
      const [byHand] = await tx.query<{ id: string }>(
        `insert into public.persons (full_name, phone, identity_type, identity_number, nationality, district_code)
         values ('Hand Made', '+60127770101', 'mykad', '790311-10-5569', 'ID', $1) returning id`,
        [PETALING],
      );
      await tx.query(`insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, 'casual', 'household', $3)`, [
        kase.id,
        byHand.id,
        today,
      ]);
      // Imported: the same kind of contact, in one row.
      const [imported] = await importRows(tx, kase.id, [
        { full_name: 'Imported One', phone: '012-777 0102', identity_type: 'mykad', identity_number: '790311-08-5567', nationality: 'ID', proximity: 'casual', setting: 'household', last_exposure_date: today },
      ]);
      expect(imported.outcome).toBe('inserted');
      await tx.asOwner();
      const person = (id: string) =>
        tx.query(
          `select p.account_id, p.identity_type::text, regexp_replace(p.identity_masked, '[0-9]', '9', 'g') as masked, p.nationality, p.date_of_birth::text,
                  p.gender::text, p.phone_verified_at, p.district_code, p.state_code, p.preferred_language::text, p.status::text, p.symptomatic,
                  p.status_since = now() as status_since_now, p.created_by,
                  exists (select 1 from private.person_identities i where i.person_id = p.id) as identity_kept,
                  (select jsonb_agg(jsonb_build_object('from', h.from_status, 'to', h.to_status, 'symptomatic', h.symptomatic, 'reason', h.reason,
                     'source', h.source, 'changed_by', h.changed_by) order by h.id) from public.status_history h where h.person_id = p.id) as history,
                  (select jsonb_agg(jsonb_build_object('state', m.state, 'starts_on', m.starts_on, 'ends_on', m.ends_on, 'district', m.district_code))
                     from public.monitoring m where m.person_id = p.id) as monitoring,
                  (select jsonb_agg(jsonb_build_object('status', i.status, 'language', i.language)) from private.contact_invitations i where i.person_id = p.id) as invitation,
                  (select jsonb_agg(jsonb_build_object('actor', l.actor_id, 'role', l.actor_role, 'action', l.action, 'table', l.table_name,
                     'columns', l.changed_columns, 'details', l.details) order by l.table_name, l.action)
                     from public.audit_log l where l.person_id = p.id) as audit
           from public.persons p where p.id = $1`,
          [id],
        );
      const [expected] = await person(byHand.id);
      expect(expected).toMatchObject({
        masked: '******-**-9999',
        nationality: 'MY',
        date_of_birth: '1979-03-11',
        gender: 'male',
        state_code: 'MY-10',
        status: 'casual_contact',
        identity_kept: true,
        history: [{ from: 'pending_assessment', to: 'casual_contact', reason: `contact of case ${kase.case_number}`, source: 'contact', changed_by: w.users.officer }],
      });
      expect(await person(imported.person_id!)).toEqual([expected]);
      // The document's hash was kept: the same number again finds the imported person.
      await tx.as(w.actors.officer);
      const [again] = await importRows(tx, kase.id, [
        { full_name: 'Imported One', identity_type: 'mykad', identity_number: '790311085567', last_exposure_date: today },
      ]);
      expect([again.outcome, again.person_id]).toEqual(['already_listed', imported.person_id]);
    });
  });

  it('the dry run reports what the import then does, row by row, and writes nothing', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.asOwner();
      await tx.query(`update public.persons set phone_verified_at = now() where id = $1`, [w.persons.aminah]);
      const kase = await caseOf(tx, w, w.persons.pending);
      // Aminah is already listed for the case; the rest are new, matched or rejected.
      await tx.query(`insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, 'close', 'household', $3)`, [
        kase.id,
        w.persons.aminah,
        today,
      ]);
      const rows = [
        { full_name: 'Ali bin Abu', phone: '012-777 8888', identity_type: 'mykad', identity_number: '790311-08-5567', last_exposure_date: today },
        { full_name: 'Badrul Again', identity_type: 'mykad', identity_number: MYKAD.badrul, last_exposure_date: today },
        { full_name: 'Aminah by phone', phone: '+60123456701', last_exposure_date: today },
        { full_name: 'Bad Card', identity_type: 'mykad', identity_number: '990231-10-1234', last_exposure_date: today },
        { full_name: 'Chong Baru', phone: '012-777 9999', last_exposure_date: today },
      ];
      const written = async () => {
        await tx.asOwner();
        const [counts] = await tx.query(
          `select (select count(*) from public.persons) as persons, (select count(*) from public.contacts) as contacts,
                  (select count(*) from public.monitoring) as monitoring, (select count(*) from public.status_history) as history,
                  (select count(*) from public.audit_log) as audit, (select count(*) from private.contact_invitations) as invitations,
                  (select count(*) from private.person_identities) as identities`,
        );
        return counts;
      };
      const before = await written();
      await tx.as(w.actors.officer);
      const [{ preview }] = await tx.query<{ preview: { dry_run: boolean; inserted: number; matched: number; already_listed: number; rejected: number; rows: ImportResult[] } }>(
        `select public.preview_contact_import($1, $2) as preview`,
        [kase.id, JSON.stringify(rows)],
      );
      expect(await written()).toEqual(before);
      await tx.as(w.actors.officer);
      const imported = await importRows(tx, kase.id, rows);
      expect(preview).toMatchObject({ dry_run: true, inserted: 2, matched: 1, already_listed: 1, rejected: 1 });
      // The same outcome and reason for every row; the ids of what exists already (matched persons, listed contacts).
      expect(preview.rows.map((r) => [r.row_number, r.outcome, r.reason])).toEqual(imported.map((r) => [r.row_number, r.outcome, r.reason]));
      expect(preview.rows.map((r) => [r.person_id, r.contact_id])).toEqual([
        [null, null],
        [w.persons.badrul, null],
        [w.persons.aminah, imported[2].contact_id],
        [null, null],
        [null, null],
      ]);
    });
  });

  it('only an officer who handles the case imports into it', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      for (const name of ['officerElsewhere', 'aminah', 'analyst', 'agent']) {
        await tx.as(w.actors[name]);
        const error = await tx.fails(`select public.import_contacts($1, '[]')`, [kase.id]);
        expect(error.message, name).toBe('case_id: no such case among the cases you handle');
      }
      await tx.as(w.actors.officer);
      expect((await tx.fails(`select public.import_contacts($1, '{"not": "rows"}')`, [kase.id])).message).toBe('rows: must be an array of contact objects');
    });
  });
});

describe('line lists', () => {
  it('puts each monitored contact on exactly one list, and counts them', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      const results = await importRows(
        tx,
        kase.id,
        ['Symptomatic One', 'Silent One', 'Well One', 'Pui One', 'Closed One'].map((full_name, i) => ({
          full_name,
          phone: `+6011000000${i}`,
          last_exposure_date: today,
        })),
      );
      const [symptomatic, silent, well, pui, closed] = results.map((r) => r.person_id!);
      await tx.asOwner();
      const submit = (person: string, yes: string[]) =>
        tx.query(`insert into public.assessments (person_id, answers, idempotency_key) values ($1, $2, $3)`, [
          person,
          JSON.stringify(Object.fromEntries(
            ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
             'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'].map((c) => [c, yes.includes(c)]))),
          randomUUID(),
        ]);
      await submit(symptomatic, ['fever']);
      await submit(well, []);
      await submit(pui, ['cough']);
      // Symptoms make a PUI; a negative test leaves a symptomatic close contact, who needs review.
      await submit(symptomatic, ['fever', 'chills']);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`, [symptomatic]);
      await tx.query(`update public.monitoring set last_report_at = now() - interval '2 days' where person_id = $1`, [silent]);
      await tx.query(`update public.monitoring set last_report_at = now() - interval '1 hour' where person_id in ($1, $2)`, [symptomatic, well]);
      await tx.as(w.actors.officer);
      const [{ id: toClose }] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [closed]);
      await tx.query(`select public.close_monitoring($1, 'moved abroad')`, [toClose]);
      const lists = Object.fromEntries(
        (await tx.query<{ person_id: string; line_list: string }>(`select person_id, line_list from public.monitoring_summary where case_id = $1`, [kase.id])).map(
          (r) => [r.person_id, r.line_list],
        ),
      );
      expect([lists[symptomatic], lists[silent], lists[well], lists[pui], lists[closed]]).toEqual([
        'symptomatic',
        'non_reporting',
        'asymptomatic',
        'test_advised',
        'closed',
      ]);
      const [{ id: symptomaticMonitoring }] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [symptomatic]);
      const reviewed = await tx.query<{ reviewed_at: Date }>(`select * from public.mark_monitoring_reviewed($1)`, [symptomaticMonitoring]);
      expect(reviewed[0].reviewed_at).toBeTruthy();
      const [afterReview] = await tx.query<{ line_list: string }>(`select line_list from public.monitoring_summary where monitoring_id = $1`, [symptomaticMonitoring]);
      expect(afterReview.line_list).toBe('asymptomatic');
      const [attempted] = await tx.query<{ contact_attempts: number }>(`select * from public.record_contact_attempt($1)`, [symptomaticMonitoring]);
      expect(attempted.contact_attempts).toBe(1);
      // The counts are the lists' sizes (over everything the officer sees: other tests' committed rows too).
      const counts = Object.fromEntries(
        (await tx.query<{ line_list: string; monitored: number }>(`select * from public.monitoring_list_counts`)).map((r) => [r.line_list, r.monitored]),
      );
      const sizes = Object.fromEntries(
        (await tx.query<{ line_list: string; monitored: number }>(`select line_list, count(*)::int as monitored from public.monitoring_summary group by 1`)).map(
          (r) => [r.line_list, r.monitored],
        ),
      );
      expect(counts).toEqual(sizes);
      expect(counts.closed).toBeGreaterThanOrEqual(1);
      expect(counts.non_reporting).toBeGreaterThanOrEqual(1);
      await tx.as(w.actors.officerElsewhere);
      expect(await tx.query(`select 1 from public.monitoring_summary where case_id = $1`, [kase.id])).toHaveLength(0);
      // An officer elsewhere is refused, not answered with an empty row.
      for (const action of ['mark_monitoring_reviewed', 'record_contact_attempt']) {
        const refused = await tx.fails(`select * from public.${action}($1)`, [symptomaticMonitoring]);
        expect([refused.code, refused.message], action).toEqual(['42501', 'monitoring_id: no such monitoring period in your jurisdiction']);
      }
    });
  });
});

describe('cases', () => {
  it('close once, stamped by the database; a case number and an active case per person are unique, said in words', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      const again = await tx.fails(`insert into public.cases (person_id, case_number, diagnosis_date) values ($1, $2, private.today())`, [
        w.persons.aminah,
        kase.case_number,
      ]);
      expect([again.code, again.message]).toEqual(['23505', `case_number: ${kase.case_number} is already recorded`]);
      const second = await tx.fails(`insert into public.cases (person_id, case_number, diagnosis_date) values ($1, 'C-SECOND-1', private.today())`, [
        w.persons.pending,
      ]);
      expect([second.code, second.message]).toEqual(['23505', 'person_id: this person already has an active case']);
      const [closed] = await tx.query<{ status: string; closed_at: Date }>(`select * from public.close_case($1, 'recovered')`, [kase.id]);
      expect(closed.status).toBe('recovered');
      expect(closed.closed_at).toBeInstanceOf(Date);
      expect((await tx.fails(`select public.close_case($1)`, [kase.id])).message).toBe('case_id: this case is already closed');
      expect((await tx.fails(`select public.close_case($1, 'active')`, [kase.id])).message).toBe('status: a case closes as recovered, deceased or closed');
      await tx.as(w.actors.officerElsewhere);
      const [other] = await tx.query<{ id: string }>(`select id from public.cases where handled_by = $1 limit 1`, [w.users.officer]);
      expect(other).toBeUndefined();
      expect((await tx.fails(`select public.close_case($1)`, [kase.id])).code).toBe('42501');
    });
  });
});

describe('RLS matrix: tracing', () => {
  it('cases, contacts, monitoring, lab results, assessments and status history follow jurisdiction and ownership', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      // A case in Johor Bahru (Badrul) whose contact lives in Petaling (Aminah): the Johor officer
      // handles it and sees the contact; the Petaling officer sees Aminah as their resident.
      const kase = await caseOf(tx, w, w.persons.badrul, JOHOR_BAHRU);
      await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today() - 1)`, [kase.id, w.persons.aminah]);
      await tx.as(w.actors.aminah);
      await tx.query(`select public.submit_assessment($1, $2, $3)`, [
        w.persons.aminah,
        JSON.stringify(Object.fromEntries(
          ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
           'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'].map((c) => [c, false]))),
        randomUUID(),
      ]);
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`, [w.persons.aminah]);
      await tx.asOwner();
      const ids = async (sql: string) => (await tx.query<{ id: string }>(sql, [w.persons.aminah]))[0].id;
      const rows = {
        cases: { kase: kase.id },
        contacts: { contact: await ids(`select id from public.contacts where person_id = $1`) },
        monitoring: { monitoring: await ids(`select id from public.monitoring where person_id = $1`) },
        lab_results: { result: await ids(`select id from public.lab_results where person_id = $1`) },
        assessments: { assessment: await ids(`select id from public.assessments where person_id = $1`) },
        status_history: { history: await ids(`select id::text as id from public.status_history where person_id = $1 order by id limit 1`) },
      };
      const seen: Record<string, Record<string, unknown>> = {};
      for (const [table, named] of Object.entries(rows)) {
        seen[table] = {};
        for (const [name, actor] of Object.entries(w.actors)) {
          const visible = await visibleTo(tx, actor, `public.${table}`, named);
          seen[table][name] = visible === 'denied' ? 'denied' : visible.length > 0;
        }
      }
      const everyone = (yes: string[]) =>
        Object.fromEntries(Object.keys(w.actors).map((n) => [n, n === 'anon' ? 'denied' : yes.includes(n) || n === 'service_role']));
      // Badrul is the case: he sees his case, not his contacts' records.
      expect(seen.cases).toEqual(everyone(['badrul', 'officerElsewhere', 'admin']));
      expect(seen.contacts).toEqual(everyone(['aminah', 'officer', 'supervisor', 'officerElsewhere', 'admin']));
      for (const table of ['monitoring', 'lab_results', 'assessments', 'status_history']) {
        expect(seen[table], table).toEqual(everyone(['aminah', 'officer', 'supervisor', 'officerElsewhere', 'admin']));
      }

      // Changes: the public and other staff cannot change tracing records; denied rows stay unchanged.
      // Assessments are never deleted through the API (only by the retention purge).
      const contactUpdate = `update public.contacts set setting = 'workplace' where id = $1::uuid`;
      const monitoringUpdate = `update public.monitoring set contact_attempts = 5 where id = $1::uuid`;
      const labUpdate = `update public.lab_results set laboratory = 'Changed Lab' where id = $1::uuid`;
      const changed: Record<string, unknown> = {};
      for (const [name, actor] of Object.entries(w.actors)) {
        changed[name] = [
          await changedBy(tx, actor, 'public.contacts', contactUpdate, rows.contacts),
          await changedBy(tx, actor, 'public.monitoring', monitoringUpdate, rows.monitoring),
          await changedBy(tx, actor, 'public.lab_results', labUpdate, rows.lab_results),
          await changedBy(tx, actor, 'public.assessments', `delete from public.assessments where id = $1::uuid`, rows.assessments),
        ].map((r) => (r === 'denied' ? 'denied' : r.length > 0));
      }
      expect(changed).toEqual({
        anon: ['denied', 'denied', 'denied', 'denied'],
        service_role: [true, true, true, true],
        aminah: [false, false, false, 'denied'],
        badrul: [false, false, false, 'denied'],
        guardian: [false, false, false, 'denied'],
        officer: [false, true, false, 'denied'],
        officerElsewhere: [true, true, false, 'denied'],
        supervisor: [false, true, false, 'denied'],
        analyst: [false, false, false, 'denied'],
        agent: [false, false, false, 'denied'],
        admin: [true, true, true, 'denied'],
      });
    });
  });

  it('the public cannot open cases, add contacts or enter results', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const newcomer = await createUser(tx);
      void newcomer;
      await tx.as(w.actors.aminah);
      const kaseError = await tx.fails(
        `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, 'C-SELF-1', private.today(), $2)`,
        [w.persons.aminah, PETALING],
      );
      expect(kaseError.code).toBe('42501');
      const labError = await tx.fails(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`, [w.persons.aminah]);
      expect(labError.code).toBe('42501');
    });
  });

  it('a monitoring period belongs to its person\'s district, and moves with them', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseOf(tx, w, w.persons.pending);
      await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today() - 1)`, [kase.id, w.persons.aminah]);
      await tx.asOwner();
      const district = async () =>
        (await tx.query<{ district_code: string }>(`select district_code from public.monitoring where person_id = $1`, [w.persons.aminah]))[0].district_code;
      expect(await district()).toBe(PETALING);
      await tx.as(w.actors.aminah);
      await tx.query(`update public.persons set district_code = $1, state_code = null where id = $2`, [JOHOR_BAHRU, w.persons.aminah]);
      await tx.asOwner();
      expect(await district()).toBe(JOHOR_BAHRU);
    });
  });

  it('a case is filed under its person\'s district, whoever records it and whatever district they give', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      // aminah (Petaling) is a contact of badrul's case, handled in Johor Bahru: that officer traces her.
      const badrulsCase = await caseOf(tx, w, w.persons.badrul, JOHOR_BAHRU);
      await tx.query(`insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, 'close', 'workplace', private.today() - 2)`, [
        badrulsCase.id,
        w.persons.aminah,
      ]);
      const aminahsCase = await caseOf(tx, w, w.persons.aminah, JOHOR_BAHRU);
      await tx.asOwner();
      const [filed] = await tx.query<{ district_code: string }>(`select district_code from public.cases where id = $1`, [aminahsCase.id]);
      expect(filed.district_code).toBe(PETALING);
      // So Petaling's officer, who lives with her, sees it.
      await tx.as(w.actors.officer);
      expect(await tx.query(`select 1 from public.cases where id = $1`, [aminahsCase.id])).toHaveLength(1);
    });
  });
});
