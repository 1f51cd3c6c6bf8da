/**
 * Privacy and trust: the audit log of staff writes and reads (and who may read it), audited opening of
 * a person's record, the retention purge, and the subject-access export.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { changedBy, visibleTo } from './support/matrix.ts';
import { buildWorld, createUser, MYKAD, PETALING, type World } from './support/world.ts';

interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  table_name: string;
  row_id: string | null;
  person_id: string | null;
  changed_columns: string[] | null;
  details: Record<string, unknown>;
}

const QUESTIONS = [
  'cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
  'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order',
];

/** Submits an assessment as whoever the transaction acts as: the named answers yes, the rest no. */
async function submit(tx: Tx, person: string, ...yes: string[]) {
  const answers = Object.fromEntries(QUESTIONS.map((code) => [code, yes.includes(code)]));
  const [row] = await tx.query<{ id: string; classification: string }>(`select * from public.submit_assessment($1, $2, $3)`, [
    person,
    JSON.stringify(answers),
    randomUUID(),
  ]);
  return row;
}

/** As the world's officer: a case for a new index person in Petaling, with `person` as a close contact. Returns the case. */
async function caseWithContact(tx: Tx, w: World, person: string, indexName = 'Index Case Person') {
  await tx.asOwner();
  const [index] = await tx.query<{ id: string }>(`insert into public.persons (full_name, district_code) values ($1, $2) returning id`, [indexName, PETALING]);
  await tx.as(w.actors.officer);
  const caseNumber = `C-${randomUUID().slice(0, 8).toUpperCase()}`;
  const [kase] = await tx.query<{ id: string }>(
    `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, current_date - 1, $3) returning id`,
    [index.id, caseNumber, PETALING],
  );
  const [contact] = await tx.query<{ id: string }>(
    `insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, 'close', 'household', current_date - 2) returning id`,
    [kase.id, person],
  );
  await tx.asOwner();
  return { id: kase.id, caseNumber, indexId: index.id, contactId: contact.id };
}

/** The audit rows written since `after` (an audit id), oldest first, read as the owner. */
async function auditSince(tx: Tx, after: string, where = 'true', params: unknown[] = []) {
  await tx.asOwner();
  return tx.query<AuditRow>(
    `select l.id::text, l.actor_id::text, l.actor_role, l.action, l.table_name, l.row_id, l.person_id::text, l.changed_columns, l.details
     from public.audit_log l where l.id > $1::bigint and (${where}) order by l.id`,
    [after, ...params],
  );
}

async function lastAuditId(tx: Tx) {
  await tx.asOwner();
  const [row] = await tx.query<{ id: string }>(`select coalesce(max(id), 0)::text as id from public.audit_log`);
  return row.id;
}

describe('audit of staff writes', () => {
  it('logs staff inserts, updates and deletes of persons with the changed column names, never their values', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.officer);
      const id = randomUUID();
      await tx.query(
        `insert into public.persons (id, full_name, identity_type, identity_number, phone, address, district_code)
         values ($1, 'Rahimah binti Yusof', 'mykad', '880808-10-4322', '+60127770001', '12 Jalan Mawar', $2)`,
        [id, PETALING],
      );
      await tx.query(`update public.persons set full_name = 'Rahimah binti Yusuf', phone = '+60127770002' where id = $1`, [id]);
      await tx.as(w.actors.admin);
      await tx.query(`delete from public.persons where id = $1`, [id]);

      const rows = await auditSince(tx, start, `table_name = 'persons'`);
      expect(rows.map(({ actor_id, actor_role, action, row_id, person_id, changed_columns, details }) => ({ actor_id, actor_role, action, row_id, person_id, changed_columns, details }))).toEqual([
        { actor_id: w.users.officer, actor_role: 'officer', action: 'insert', row_id: id, person_id: id, changed_columns: null, details: {} },
        { actor_id: w.users.officer, actor_role: 'officer', action: 'update', row_id: id, person_id: id, changed_columns: ['full_name', 'phone'], details: {} },
        { actor_id: w.users.admin, actor_role: 'admin', action: 'delete', row_id: id, person_id: id, changed_columns: null, details: {} },
      ]);
      const text = JSON.stringify(await tx.query(`select to_jsonb(l) as row from public.audit_log l where id > $1::bigint`, [start]));
      for (const personal of ['Rahimah', 'Yusuf', '6012777', '880808', '**-4322', 'Mawar']) expect(text).not.toContain(personal);
    });
  });

  it('logs cases, contacts and lab results written by staff, and what their writes make the database change', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      const kase = await caseWithContact(tx, w, w.persons.aminah);
      await tx.as(w.actors.officer);
      await tx.query(`update public.contacts set setting = 'workplace' where id = $1`, [kase.contactId]);
      const [result] = await tx.query<{ id: string }>(
        `insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory) values ($1, 'pcr', 'negative', private.today(), 'Makmal A') returning id`,
        [w.persons.aminah],
      );
      await tx.as(w.actors.admin);
      await tx.query(`update public.lab_results set laboratory = 'Makmal B' where id = $1`, [result.id]);
      await tx.query(`delete from public.lab_results where id = $1`, [result.id]);
      await tx.as(w.actors.officer);
      await tx.query(`delete from public.contacts where id = $1`, [kase.contactId]);

      const rows = await auditSince(tx, start, `table_name in ('cases', 'contacts', 'lab_results') and not details ? 'by_trigger'`);
      expect(rows.map((r) => [r.actor_role, r.action, r.table_name, r.row_id, r.person_id, r.changed_columns])).toEqual([
        ['officer', 'insert', 'cases', kase.id, kase.indexId, null],
        ['officer', 'insert', 'contacts', kase.contactId, w.persons.aminah, null],
        ['officer', 'update', 'contacts', kase.contactId, w.persons.aminah, ['setting']],
        ['officer', 'insert', 'lab_results', result.id, w.persons.aminah, null],
        ['admin', 'update', 'lab_results', result.id, w.persons.aminah, ['laboratory']],
        ['admin', 'delete', 'lab_results', result.id, w.persons.aminah, null],
        ['officer', 'delete', 'contacts', kase.contactId, w.persons.aminah, null],
      ]);
      // The contact opened a monitoring period: the officer's doing, marked as written by the database.
      const derived = await auditSince(tx, start, `details ? 'by_trigger' and person_id = $2::uuid`, [w.persons.aminah]);
      expect(derived.find((r) => r.table_name === 'monitoring' && r.action === 'insert')).toMatchObject({ actor_id: w.users.officer, details: { by_trigger: true } });
      // It also made Aminah a close contact: a status the database derives, recorded with who caused it in
      // status_history rather than the audit log.
      expect(derived.filter((r) => r.table_name === 'persons')).toEqual([]);
      const [history] = await tx.query<{ to_status: string; changed_by: string }>(
        `select to_status::text, changed_by from public.status_history where person_id = $1 order by id limit 1`,
        [w.persons.aminah],
      );
      expect(history).toEqual({ to_status: 'close_contact', changed_by: w.users.officer });
    });
  });

  it('logs a staff update of a person\'s details, naming the changed columns', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.officer);
      await tx.query(`update public.persons set phone = '+60123450000', address = 'Jalan Contoh 2' where id = $1`, [w.persons.pending]);
      const rows = await auditSince(tx, start, `table_name = 'persons'`);
      expect(rows.map((r) => [r.actor_role, r.action, r.row_id, r.changed_columns])).toEqual([['officer', 'update', w.persons.pending, ['address', 'phone']]]);
    });
  });

  it('logs staff writes made through an RPC, and staff management', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await caseWithContact(tx, w, w.persons.aminah);
      const [monitoring] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1`, [w.persons.aminah]);
      const newcomer = await createUser(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.officer);
      await tx.query(`select public.close_monitoring($1, 'admitted to hospital')`, [monitoring.id]);
      await tx.as(w.actors.supervisor);
      await tx.query(`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'Officer Baru', 'MY-10')`, [newcomer]);
      await tx.query(`insert into public.staff_districts (staff_id, district_code) values ($1, $2)`, [newcomer, PETALING]);

      const rows = await auditSince(tx, start, `table_name in ('monitoring', 'staff', 'staff_districts')`);
      expect(rows.map((r) => [r.actor_role, r.action, r.table_name, r.row_id, r.person_id, r.changed_columns])).toEqual([
        ['officer', 'update', 'monitoring', monitoring.id, w.persons.aminah, ['close_reason', 'closed_at', 'closed_by', 'state']],
        ['supervisor', 'insert', 'staff', newcomer, null, null],
        ['supervisor', 'insert', 'staff_districts', `${newcomer}:${PETALING}`, null, null],
      ]);
    });
  });

  it('logs nothing for people\'s writes to their own data, the service role, or database jobs', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.aminah);
      await tx.query(`update public.persons set phone = '+60123456799' where id = $1`, [w.persons.aminah]);
      await submit(tx, w.persons.aminah, 'cough', 'travelled_abroad');
      await tx.as(w.actors.guardian);
      await tx.query(`select public.add_dependent(full_name => 'Nur Aisyah', relationship => 'child')`);
      await tx.query(`update public.persons set full_name = 'Chong Wei Meng' where id = $1`, [w.persons.dependent]);
      await tx.as(w.actors.service_role);
      await tx.query(`update public.persons set address = 'Somewhere' where id = $1`, [w.persons.badrul]);
      await tx.asOwner();
      await tx.query(`update public.persons set postcode = '47300' where id = $1`, [w.persons.badrul]);
      await tx.query(`select private.close_finished_monitoring(current_date + 60)`);
      expect(await auditSince(tx, start)).toEqual([]);
    });
  });
});

describe('opening a person\'s record', () => {
  it('gives an officer the person with history, assessments, contacts, monitoring, results and cases, and logs one read', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const kase = await caseWithContact(tx, w, w.persons.aminah);
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, 'fever', 'chills');
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'antigen', 'negative', private.today())`, [w.persons.aminah]);
      const start = await lastAuditId(tx);

      await tx.as(w.actors.officer);
      const [{ detail }] = await tx.query<{ detail: Record<string, any> }>(`select public.person_detail($1) as detail`, [w.persons.aminah]);
      expect(detail).toMatchObject({ id: w.persons.aminah, full_name: 'Aminah binti Ahmad', identity_masked: '******-**-5678', status: 'close_contact' });
      expect(detail).not.toHaveProperty('identity_number');
      expect(detail.status_history.map((h: { to_status: string }) => h.to_status)).toEqual(['close_contact', 'pui', 'close_contact']);
      expect(detail.assessments).toHaveLength(1);
      expect(detail.contacts).toEqual([expect.objectContaining({ id: kase.contactId, case_number: kase.caseNumber })]);
      expect(detail.monitoring).toEqual([expect.objectContaining({ contact_id: kase.contactId, state: 'active' })]);
      expect(detail.lab_results).toEqual([expect.objectContaining({ test_type: 'antigen', result: 'negative' })]);
      expect(detail.cases).toEqual([]);

      const [{ index }] = await tx.query<{ index: Record<string, any> }>(`select public.person_detail($1) as index`, [kase.indexId]);
      expect(index.cases).toEqual([expect.objectContaining({ id: kase.id, case_number: kase.caseNumber, contact_count: 1 })]);

      const reads = await auditSince(tx, start);
      expect(reads.map((r) => [r.actor_id, r.actor_role, r.action, r.table_name, r.row_id, r.person_id])).toEqual([
        [w.users.officer, 'officer', 'read', 'persons', w.persons.aminah, w.persons.aminah],
        [w.users.officer, 'officer', 'read', 'persons', kase.indexId, kase.indexId],
      ]);
    });
  });

  it('refuses a person outside the caller\'s reach, or unknown, and logs nothing', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      for (const [name, person] of [
        ['officerElsewhere', w.persons.aminah],
        ['officer', w.persons.badrul],
        ['analyst', w.persons.aminah],
        ['agent', w.persons.aminah],
        ['badrul', w.persons.aminah],
        ['admin', randomUUID()],
      ] as const) {
        await tx.as(w.actors[name]);
        const error = await tx.fails(`select public.person_detail($1)`, [person]);
        expect(error.code, name).toBe('42501');
        expect(error.message, name).toBe('person_id: no such person in your jurisdiction');
      }
      expect(await auditSince(tx, start)).toEqual([]);
    });
  });

  it('lets people open their own and their dependents\' records without an audit row', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.aminah);
      expect((await tx.query<{ d: { id: string } }>(`select public.person_detail($1) as d`, [w.persons.aminah]))[0].d.id).toBe(w.persons.aminah);
      await tx.as(w.actors.guardian);
      expect((await tx.query<{ d: { id: string } }>(`select public.person_detail($1) as d`, [w.persons.dependent]))[0].d.id).toBe(w.persons.dependent);
      expect(await auditSince(tx, start)).toEqual([]);
    });
  });

  it('returns the latest 30 assessments, newest first', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const submitted: string[] = [];
      for (let i = 0; i < 32; i++) submitted.push((await submit(tx, w.persons.aminah)).id);
      await tx.as(w.actors.officer);
      const [{ d }] = await tx.query<{ d: { assessments: { id: string }[] } }>(`select public.person_detail($1) as d`, [w.persons.aminah]);
      expect(d.assessments.map((a) => a.id)).toEqual(submitted.slice(2).reverse());
    });
  });

  it('answers bad input with the field and why', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.officer);
      const missing = await tx.fails(`select public.person_detail(null)`);
      expect([missing.code, missing.message]).toEqual(['22004', 'person_id: say which person to open']);
      const malformed = await tx.fails(`select public.person_detail('not-a-uuid')`);
      expect(malformed.code).toBe('22P02');
      await tx.as(w.actors.anon);
      expect((await tx.fails(`select public.person_detail($1)`, [w.persons.aminah])).code).toBe('42501');
    });
  });
});

describe('who may read the audit log', () => {
  it('administrators read it; nobody inserts, changes or deletes rows through the API', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.officer);
      await tx.query(`select public.person_detail($1)`, [w.persons.aminah]);
      await tx.query(`update public.persons set postcode = '47301' where id = $1`, [w.persons.aminah]);
      await tx.asOwner();
      const [read] = await tx.query<{ id: string }>(`select id::text from public.audit_log where action = 'read' and actor_id = $1`, [w.users.officer]);
      const [write] = await tx.query<{ id: string }>(`select id::text from public.audit_log where action = 'update' and actor_id = $1`, [w.users.officer]);
      const rows = { read: read.id, write: write.id };

      const expected = {
        select: {
          anon: 'denied', service_role: 'denied', aminah: [], badrul: [], guardian: [], officer: [], officerElsewhere: [],
          supervisor: [], analyst: [], agent: [], admin: ['read', 'write'],
        },
        insert: Object.fromEntries(Object.keys(w.actors).map((name) => [name, false])),
        update: Object.fromEntries(Object.keys(w.actors).map((name) => [name, 'denied'])),
        delete: Object.fromEntries(Object.keys(w.actors).map((name) => [name, 'denied'])),
      };
      const actual: Record<keyof typeof expected, Record<string, unknown>> = { select: {}, insert: {}, update: {}, delete: {} };
      for (const [name, actor] of Object.entries(w.actors)) {
        actual.select[name] = await visibleTo(tx, actor, 'public.audit_log', rows);
        await tx.as(actor);
        const insertError = await tx
          .fails(`insert into public.audit_log (actor_id, actor_role, action, table_name) values (null, 'system', 'read', 'persons')`)
          .catch(() => undefined);
        actual.insert[name] = insertError === undefined;
        await tx.asOwner();
        actual.update[name] = await changedBy(tx, actor, 'public.audit_log', `update public.audit_log set details = '{"forged": true}' where id = $1::bigint`, rows);
        actual.delete[name] = await changedBy(tx, actor, 'public.audit_log', `delete from public.audit_log where id = $1::bigint`, rows);
      }
      expect(actual).toEqual(expected);
    });
  });

  it('refuses to change an audit record even for the owner', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.officer);
      await tx.query(`select public.person_detail($1)`, [w.persons.aminah]);
      await tx.asOwner();
      const error = await tx.fails(`update public.audit_log set actor_id = null where actor_id = $1`, [w.users.officer]);
      expect(error.message).toBe('audit_log: audit records are never changed');
    });
  });

  it('keeps the retention settings out of the API', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const name of ['anon', 'aminah', 'admin', 'service_role']) {
        await tx.as(w.actors[name]);
        expect((await tx.fails(`select * from private.retention_settings`)).code, name).toBe('42501');
      }
    });
  });
});

describe('retention', () => {
  const TABLES = ['public.assessments', 'public.monitoring', 'public.notifications', 'public.audit_log'] as const;
  type Ids = Record<(typeof TABLES)[number], Set<string>>;

  async function snapshot(tx: Tx): Promise<Ids> {
    await tx.asOwner();
    const entries = [];
    for (const table of TABLES) entries.push([table, new Set((await tx.query<{ id: string }>(`select id::text from ${table}`)).map((r) => r.id))]);
    return Object.fromEntries(entries);
  }

  /**
   * Aminah: a monitored close contact whose three assessments are all old. Badrul: low risk, two old
   * assessments and one 89 days old. The dependent: a PUI whose only assessment is old. Monitoring
   * periods closed 91 and 89 days ago; audit rows 731 and 729 days old; notifications 181 and 179 days old.
   * `mine` is every row the world added, so that rows already in the database never count.
   */
  async function agedWorld(tx: Tx) {
    const baseline = await snapshot(tx);
    const w = await buildWorld(tx);
    await caseWithContact(tx, w, w.persons.aminah);
    const assessments: Record<'aminah' | 'badrul' | 'dependent', string[]> = { aminah: [], badrul: [], dependent: [] };
    await tx.as(w.actors.aminah);
    for (let i = 0; i < 3; i++) assessments.aminah.push((await submit(tx, w.persons.aminah)).id);
    await tx.as(w.actors.badrul);
    for (let i = 0; i < 3; i++) assessments.badrul.push((await submit(tx, w.persons.badrul)).id);
    await tx.as(w.actors.guardian);
    assessments.dependent.push((await submit(tx, w.persons.dependent, 'cough', 'close_contact')).id);
    await tx.asOwner();
    expect((await tx.query<{ status: string }>(`select status::text from public.persons where id = $1`, [w.persons.dependent]))[0].status).toBe('pui');
    await tx.query(`update public.assessments set submitted_at = now() - interval '100 days' where id = any($1)`, [
      [...assessments.aminah, ...assessments.badrul.slice(0, 2), ...assessments.dependent],
    ]);
    await tx.query(`update public.assessments set submitted_at = now() - interval '89 days' where id = $1`, [assessments.badrul[2]]);

    const oldCase = await caseWithContact(tx, w, w.persons.badrul, 'Old Index Case');
    const recentCase = await caseWithContact(tx, w, w.persons.pending, 'Recent Index Case');
    const monitoringOf = async (contact: string) =>
      (await tx.query<{ id: string }>(`select id from public.monitoring where contact_id = $1`, [contact]))[0].id;
    const monitoring = { old: await monitoringOf(oldCase.contactId), recent: await monitoringOf(recentCase.contactId) };
    await tx.query(`update public.monitoring set state = 'completed', closed_at = now() - interval '91 days' where id = $1`, [monitoring.old]);
    await tx.query(`update public.monitoring set state = 'completed', closed_at = now() - interval '89 days' where id = $1`, [monitoring.recent]);

    const [oldAudit] = await tx.query<{ id: string }>(
      `insert into public.audit_log (at, actor_role, action, table_name) values (now() - interval '731 days', 'system', 'read', 'persons') returning id::text`,
    );
    const [keptAudit] = await tx.query<{ id: string }>(
      `insert into public.audit_log (at, actor_role, action, table_name) values (now() - interval '729 days', 'system', 'read', 'persons') returning id::text`,
    );
    const notifications = await tx.query<{ id: string }>(`select id from public.notifications where account_id = any($1) order by id`, [Object.values(w.users)]);
    expect(notifications.length).toBeGreaterThanOrEqual(2);
    await tx.query(`update public.notifications set created_at = now() - interval '181 days' where id = $1`, [notifications[0].id]);
    await tx.query(`update public.notifications set created_at = now() - interval '179 days' where id = $1`, [notifications[1].id]);

    const all = await snapshot(tx);
    const mine = Object.fromEntries(TABLES.map((t) => [t, new Set([...all[t]].filter((id) => !baseline[t].has(id)))])) as Ids;
    return { w, mine, assessments, monitoring, audit: { old: oldAudit.id, kept: keptAudit.id }, notifications: notifications.map((n) => n.id) };
  }

  /** Purges as the service role, and returns the counts, the ids of the world's rows it deleted, and the one audit row it added. */
  async function purge(tx: Tx, aged: Awaited<ReturnType<typeof agedWorld>>, asOf = 'now()') {
    const before = await snapshot(tx);
    await tx.as(aged.w.actors.service_role);
    const [{ counts }] = await tx.query<{ counts: Record<string, number> }>(`select private.purge_expired(${asOf}) as counts`);
    const after = await snapshot(tx);
    const gone = Object.fromEntries(TABLES.map((t) => [t, [...before[t]].filter((id) => !after[t].has(id))])) as Record<(typeof TABLES)[number], string[]>;
    expect(counts).toEqual({
      assessments: gone['public.assessments'].length,
      monitoring: gone['public.monitoring'].length,
      notifications: gone['public.notifications'].length,
      audit_log: gone['public.audit_log'].length,
    });
    const added = [...after['public.audit_log']].filter((id) => !before['public.audit_log'].has(id));
    expect(added).toHaveLength(1);
    const [logged] = await tx.query<AuditRow>(`select * from public.audit_log where id = $1::bigint`, [added[0]]);
    const mineGone = (t: (typeof TABLES)[number]) => gone[t].filter((id) => aged.mine[t].has(id)).sort();
    return { counts, logged, mineGone };
  }

  it('deletes exactly what is older than its period, keeping the latest assessment of monitored and PUI persons', async () => {
    await inTransaction(async (tx) => {
      const aged = await agedWorld(tx);
      const { counts, logged, mineGone } = await purge(tx, aged);
      expect(mineGone('public.assessments')).toEqual([...aged.assessments.aminah.slice(0, 2), ...aged.assessments.badrul.slice(0, 2)].sort());
      expect(mineGone('public.monitoring')).toEqual([aged.monitoring.old]);
      expect(mineGone('public.notifications')).toEqual([aged.notifications[0]]);
      expect(mineGone('public.audit_log')).toEqual([aged.audit.old]);
      expect(logged).toMatchObject({ action: 'delete', table_name: 'retention', actor_role: 'service_role', actor_id: null, details: counts });
    });
  });

  it('as of years ahead, deletes all but the latest assessment of those still monitored, PUI or confirmed', async () => {
    await inTransaction(async (tx) => {
      const aged = await agedWorld(tx);
      await tx.as(aged.w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'positive', private.today())`, [aged.w.persons.badrul]);
      await tx.asOwner();
      const [active] = await tx.query<{ id: string }>(`select id from public.monitoring where person_id = $1 and state = 'active'`, [aged.w.persons.aminah]);
      const { mineGone } = await purge(tx, aged, `now() + interval '5 years'`);
      // Aminah is monitored, the dependent is a PUI, Badrul is now confirmed.
      const kept = [aged.assessments.aminah[2], aged.assessments.dependent[0], aged.assessments.badrul[2]];
      const all = (t: (typeof TABLES)[number], except: string[] = []) => [...aged.mine[t]].filter((id) => !except.includes(id)).sort();
      expect(mineGone('public.assessments')).toEqual(all('public.assessments', kept));
      expect(mineGone('public.monitoring')).toEqual(all('public.monitoring', [active.id]));
      expect(mineGone('public.notifications')).toEqual(all('public.notifications'));
      expect(mineGone('public.audit_log')).toEqual(all('public.audit_log'));
    });
  });

  it('is run by the service role only, and refuses a missing moment', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const name of ['anon', 'aminah', 'officer', 'admin']) {
        await tx.as(w.actors[name]);
        expect((await tx.fails(`select private.purge_expired()`)).code, name).toBe('42501');
      }
      await tx.as(w.actors.service_role);
      const missing = await tx.fails(`select private.purge_expired(null)`);
      expect([missing.code, missing.message]).toEqual(['22004', 'now_: give the moment to purge as of']);
    });
  });

  it('never keeps audit records for less than two years', async () => {
    await inTransaction(async (tx) => {
      const error = await tx.fails(`update private.retention_settings set audit_days = 365`);
      expect(error.constraint).toBe('retention_settings_audit_days');
    });
  });
});

describe('subject-access export', () => {
  async function exportAs(tx: Tx, actor: World['actors'][string]) {
    await tx.as(actor);
    const [{ data }] = await tx.query<{ data: Record<string, any> }>(`select public.export_my_data() as data`);
    await tx.asOwner();
    return data;
  }

  async function hashesOf(tx: Tx, persons: string[]) {
    await tx.asOwner();
    const rows = await tx.query<{ hex: string; b64: string }>(
      `select encode(identity_hash, 'hex') as hex, encode(identity_hash, 'base64') as b64 from private.person_identities where person_id = any($1)`,
      [persons],
    );
    expect(rows.length).toBe(persons.length);
    return rows.flatMap((r) => [r.hex, r.b64]);
  }

  it('holds everything about the caller, with exposures by case number only, and nothing of anyone else', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.query(`update auth.users set last_sign_in_at = '2026-11-01T08:00:00Z' where id = $1`, [w.users.aminah]);
      const kase = await caseWithContact(tx, w, w.persons.aminah, 'Zainal Index');
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah, 'cough');
      await tx.as(w.actors.officer);
      await tx.query(`insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`, [w.persons.aminah]);
      await tx.as(w.actors.aminah);
      const [ticket] = await tx.query<{ id: string }>(`select * from public.open_feedback_ticket('question', 'About my status', 'Why am I a close contact?')`);
      await tx.as(w.actors.agent);
      await tx.query(`insert into public.feedback_messages (ticket_id, body) values ($1, 'Because you were exposed at home.')`, [ticket.id]);
      await tx.as(w.actors.aminah);
      await tx.query(`select public.register_device('fcm-token-of-aminah', 'android')`);
      await tx.as(w.actors.badrul);
      await submit(tx, w.persons.badrul, 'fever', 'headache');
      await tx.query(`select public.register_device('fcm-token-of-badrul', 'ios')`);
      const start = await lastAuditId(tx);

      const data = await exportAs(tx, w.actors.aminah);
      const [account] = await tx.query<{ email: string }>(`select email from auth.users where id = $1`, [w.users.aminah]);
      expect(data.account).toMatchObject({ id: w.users.aminah, email: account.email, phone: null });
      expect(new Date(data.first_sign_in).toISOString()).toBe('2026-11-01T08:00:00.000Z');
      expect(data.persons).toHaveLength(1);
      const [me] = data.persons;
      expect(me).toMatchObject({ id: w.persons.aminah, relationship: 'self', full_name: 'Aminah binti Ahmad', identity_masked: '******-**-5678', status: 'close_contact' });
      expect(me).not.toHaveProperty('identity_number');
      expect(me.assessments).toEqual([expect.objectContaining({ kind: 'day0', symptomatic: true, answers: expect.objectContaining({ cough: true }) })]);
      // Exposed, then symptomatic (PUI), then cleared by a negative test.
      expect(me.status_history.map((h: { to_status: string }) => h.to_status)).toEqual(['close_contact', 'pui', 'close_contact']);
      expect(me.contacts).toEqual([{ id: kase.contactId, case_number: kase.caseNumber, proximity: 'close', setting: 'household', last_exposure_date: expect.any(String), created_at: expect.any(String) }]);
      expect(me.monitoring).toEqual([expect.objectContaining({ contact_id: kase.contactId, state: 'active' })]);
      expect(me.lab_results).toEqual([expect.objectContaining({ test_type: 'pcr', result: 'negative' })]);
      expect(me.cases).toEqual([]);
      expect(data.staff).toBeNull();
      expect(data.devices).toEqual([expect.objectContaining({ platform: 'android' })]);
      expect(JSON.stringify(data)).not.toContain('fcm-token-of-aminah');
      expect(data.notifications.length).toBeGreaterThanOrEqual(2);
      expect(data.notifications.every((n: { account_id: string }) => n.account_id === w.users.aminah)).toBe(true);
      expect(data.feedback_tickets).toEqual([
        expect.objectContaining({
          id: ticket.id,
          subject: 'About my status',
          messages: [
            expect.objectContaining({ body: 'Why am I a close contact?', from_staff: false }),
            expect.objectContaining({ body: 'Because you were exposed at home.', from_staff: true }),
          ],
        }),
      ]);

      const text = JSON.stringify(data);
      for (const other of [w.persons.badrul, 'Badrul', w.users.badrul, 'fcm-token-of-badrul', kase.indexId, 'Zainal', kase.id, w.users.officer, w.users.agent, w.persons.dependent]) {
        expect(text).not.toContain(other);
      }
      for (const hash of await hashesOf(tx, [w.persons.aminah])) expect(text.toLowerCase()).not.toContain(hash.toLowerCase());
      expect(text).not.toMatch(/identity_hash|\\\\x[0-9a-f]{64}/i);
      expect(text).not.toContain(MYKAD.aminah.replace(/-/g, ''));

      const logged = await auditSince(tx, start);
      expect(logged.map((r) => [r.actor_id, r.actor_role, r.action, r.table_name, r.person_id])).toEqual([
        [w.users.aminah, 'public', 'export', 'persons', w.persons.aminah],
      ]);
      expect(logged[0].details).toEqual({ assessments: 1, status_history: 3, contacts: 1, monitoring: 1, lab_results: 1, cases: 0 });
    });
  });

  it('gives a guardian their dependents\' data, each export logged against the dependent', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.guardian);
      await submit(tx, w.persons.dependent, 'fever', 'chills');
      await tx.as(w.actors.aminah);
      await submit(tx, w.persons.aminah);
      const start = await lastAuditId(tx);
      const data = await exportAs(tx, w.actors.guardian);
      expect(data.persons).toEqual([
        expect.objectContaining({ id: w.persons.dependent, relationship: 'child', full_name: 'Chong Wei Ming', identity_masked: '******-**-4321' }),
      ]);
      expect(data.persons[0].assessments).toHaveLength(1);
      const text = JSON.stringify(data);
      for (const other of [w.persons.aminah, 'Aminah', w.persons.pending, 'Pending Contact']) expect(text).not.toContain(other);
      for (const hash of await hashesOf(tx, [w.persons.dependent])) expect(text.toLowerCase()).not.toContain(hash.toLowerCase());
      expect((await auditSince(tx, start)).map((r) => [r.action, r.person_id])).toEqual([['export', w.persons.dependent]]);
    });
  });

  it('gives staff their own account and staff record only, not the people they may see', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      const data = await exportAs(tx, w.actors.officer);
      expect(data.account.id).toBe(w.users.officer);
      expect(data.staff).toMatchObject({ role: 'officer', state_code: 'MY-10', districts: [PETALING] });
      expect(data.persons).toEqual([]);
      const text = JSON.stringify(data);
      for (const person of Object.values(w.persons)) expect(text).not.toContain(person);
      expect((await auditSince(tx, start)).map((r) => [r.actor_role, r.action, r.table_name, r.row_id, r.person_id])).toEqual([
        ['officer', 'export', 'account', w.users.officer, null],
      ]);
    });
  });

  it('refuses callers who are not signed in', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const start = await lastAuditId(tx);
      await tx.as(w.actors.anon);
      expect((await tx.fails(`select public.export_my_data()`)).code).toBe('42501');
      await tx.as(w.actors.service_role);
      expect((await tx.fails(`select public.export_my_data()`)).code).toBe('42501');
      // A token for the authenticated role without a user in it.
      await tx.asOwner();
      await tx.query(`select set_config('request.jwt.claims', '{"role": "authenticated"}', true)`);
      await tx.query(`set local role authenticated`);
      const error = await tx.fails(`select public.export_my_data()`);
      expect([error.code, error.message]).toEqual(['42501', 'Sign in to download your data']);
      expect(await auditSince(tx, start)).toEqual([]);
    });
  });
});
