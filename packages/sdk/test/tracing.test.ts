/** sejahtera.tracing: cases, contacts, imports, line lists and officers' actions, through row-level security. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  NotFoundError,
  PermissionError,
  type SejahteraStaffClient,
  ValidationError,
  malaysianToday,
  newIdempotencyKey,
} from '../src/staff.ts';
import { answers, demoStaff, registered, staffSdk, unique, uniqueMykad, uniquePhone } from './support.ts';

function daysAgo(days: number): string {
  return new Date(Date.parse(malaysianToday()) - days * 86_400_000).toISOString().slice(0, 10);
}

function caseNumber(): string {
  return `T-${unique().toUpperCase()}`;
}

let officer: SejahteraStaffClient;
let johor: SejahteraStaffClient;
let analyst: SejahteraStaffClient;
let agent: SejahteraStaffClient;
let supervisor: SejahteraStaffClient;

beforeAll(async () => {
  [officer, johor, analyst, agent, supervisor] = await Promise.all(
    ['officer', 'officer.johor', 'analyst', 'agent', 'supervisor'].map((who) => demoStaff(`${who}@sejahtera.test`)),
  );
});

/** A new member of the public in Petaling (the demo officer's district) and a case of theirs. */
async function petalingCase() {
  const index = await registered('Index Case', staffSdk);
  const kase = await officer.tracing.createCase({ person_id: index.person.id, case_number: caseNumber(), diagnosis_date: daysAgo(1), source: 'local' });
  return { index, kase };
}

describe('tracing: cases', () => {
  it('an officer records, reads, lists and closes a case of a person in their district', async () => {
    const index = await registered('Index Case', staffSdk);
    const number = caseNumber();
    const kase = await officer.tracing.createCase({ person_id: index.person.id, case_number: number.toLowerCase(), diagnosis_date: daysAgo(2) });
    expect(kase).toMatchObject({ person_id: index.person.id, case_number: number, status: 'active', district_code: 'MY-10-07', source: 'unknown' });
    expect((await index.client.status.current()).status).toBe('confirmed');

    expect(await officer.tracing.getCase(kase.id)).toEqual(kase);
    const listed = await officer.tracing.listCases({ status: 'active', limit: 1000 });
    expect(listed.map((c) => c.id)).toContain(kase.id);
    expect(listed.every((c) => c.status === 'active')).toBe(true);
    // The supervisor of Selangor sees it too; the person sees their own case.
    expect((await supervisor.tracing.getCase(kase.id)).id).toBe(kase.id);
    expect((await index.client.tracing.listCases()).map((c) => c.id)).toEqual([kase.id]);

    const closed = await officer.tracing.closeCase(kase.id, { status: 'recovered' });
    expect(closed).toMatchObject({ id: kase.id, status: 'recovered' });
    expect(closed.closed_at).not.toBeNull();
    await expect(officer.tracing.closeCase(kase.id, { status: 'closed' })).rejects.toMatchObject({ name: 'ConflictError', field: 'status' });
    expect((await officer.tracing.listCases({ status: 'recovered', limit: 1000 })).map((c) => c.id)).toContain(kase.id);
  });

  it('a case is stored once per idempotency key; a key reused for another case is refused', async () => {
    const index = await registered('Test Person', staffSdk);
    const idempotencyKey = newIdempotencyKey();
    const input = { person_id: index.person.id, case_number: caseNumber(), diagnosis_date: daysAgo(1) };
    const first = await officer.tracing.createCase(input, { idempotencyKey });
    expect(first.id).toBe(idempotencyKey);
    expect(await officer.tracing.createCase(input, { idempotencyKey })).toEqual(first);
    const reused = await officer.tracing.createCase({ ...input, case_number: caseNumber() }, { idempotencyKey }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ConflictError);
    expect(reused).toMatchObject({ field: 'idempotencyKey' });
    await expect(officer.tracing.createCase(input, { idempotencyKey: 'not-a-uuid-key' })).rejects.toMatchObject({
      name: 'ValidationError',
      fields: { idempotencyKey: [expect.stringMatching(/uuid/)] },
    });
  });

  it('documented errors: bad input per field, a taken case number, a second active case', async () => {
    const { index, kase } = await petalingCase();
    const bad = await officer.tracing
      .createCase({ person_id: 'nobody', case_number: '#1', diagnosis_date: '2999-01-01' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(Object.keys((bad as ValidationError).fields).sort()).toEqual(['case_number', 'diagnosis_date', 'person_id']);

    const other = await registered('Test Person', staffSdk);
    await expect(officer.tracing.createCase({ person_id: other.person.id, case_number: kase.case_number, diagnosis_date: daysAgo(1) })).rejects.toMatchObject({
      name: 'ConflictError',
      field: 'case_number',
    });
    await expect(officer.tracing.createCase({ person_id: index.person.id, case_number: caseNumber(), diagnosis_date: daysAgo(1) })).rejects.toMatchObject({
      name: 'ConflictError',
      field: 'person_id',
      message: 'person_id: this person already has an active case',
    });
    await expect(officer.tracing.getCase(newIdempotencyKey())).rejects.toBeInstanceOf(NotFoundError);
    await expect(officer.tracing.closeCase(newIdempotencyKey(), { status: 'recovered' })).rejects.toBeInstanceOf(NotFoundError);
    // @ts-expect-error: a case closes as recovered, deceased or closed
    await expect(officer.tracing.closeCase(kase.id, { status: 'active' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('nobody outside the jurisdiction records, reads or closes a case; the person may read but not close their own', async () => {
    const { index, kase } = await petalingCase();
    const target = await registered('Target', staffSdk);
    const input = { person_id: target.person.id, case_number: caseNumber(), diagnosis_date: daysAgo(1) };
    for (const client of [johor, analyst, agent, index.client, target.client]) {
      await expect(client.tracing.createCase({ ...input, case_number: caseNumber() })).rejects.toBeInstanceOf(PermissionError);
    }
    for (const client of [johor, analyst, agent, target.client]) {
      await expect(client.tracing.getCase(kase.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(client.tracing.closeCase(kase.id, { status: 'closed' })).rejects.toBeInstanceOf(NotFoundError);
      expect((await client.tracing.listCases({ limit: 1000 })).map((c) => c.id)).not.toContain(kase.id);
    }
    await expect(index.client.tracing.closeCase(kase.id, { status: 'recovered' })).rejects.toBeInstanceOf(PermissionError);
    expect((await officer.tracing.getCase(kase.id)).status).toBe('active');

    const anon = staffSdk();
    for (const call of [() => anon.tracing.createCase(input), () => anon.tracing.getCase(kase.id), () => anon.tracing.listCases(), () => anon.tracing.closeCase(kase.id, { status: 'closed' })]) {
      await expect(call()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    }
    const { error } = await anon.supabase.from('cases').select('id').limit(1);
    expect(error).not.toBeNull();
  });
});

describe('tracing: contacts', () => {
  it('adds a person already known, and someone new by their details; again is already_listed', async () => {
    const { kase } = await petalingCase();
    const known = await registered('Known Contact', staffSdk);
    const added = await officer.tracing.addContact(kase.id, { person_id: known.person.id, last_exposure_date: daysAgo(1), setting: 'household' });
    expect(added).toMatchObject({ outcome: 'matched', contact: { case_id: kase.id, person_id: known.person.id, setting: 'household', proximity: 'close' } });
    expect((await officer.tracing.addContact(kase.id, { person_id: known.person.id, last_exposure_date: daysAgo(1) })).outcome).toBe('already_listed');
    expect((await known.client.status.current()).status).toBe('close_contact');

    const phone = uniquePhone();
    const fresh = await officer.tracing.addContact(kase.id, { full_name: 'Pending Contact', phone, setting: 'workplace', last_exposure_date: daysAgo(2) });
    expect(fresh.outcome).toBe('inserted');
    const again = await officer.tracing.addContact(kase.id, { full_name: 'Pending Contact', phone, last_exposure_date: daysAgo(2) });
    expect(again).toMatchObject({ outcome: 'already_listed', contact: { id: fresh.contact.id } });

    const contacts = await officer.tracing.listContacts(kase.id);
    expect(contacts.map((c) => [c.person?.full_name, c.monitoring?.state])).toEqual([
      ['Known Contact', 'active'],
      ['Pending Contact', 'active'],
    ]);
    expect(contacts[1].person).toMatchObject({ phone, status: 'close_contact' });
    expect(contacts[0].monitoring?.ends_on).toBe(new Date(Date.parse(daysAgo(1)) + 14 * 86_400_000).toISOString().slice(0, 10));
  });

  it('documented errors: bad input per field, rows the database rejects', async () => {
    const { kase } = await petalingCase();
    const bad = await officer.tracing.addContact(kase.id, { full_name: 'X', last_exposure_date: 'yesterday' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(Object.keys((bad as ValidationError).fields).sort()).toEqual(['full_name', 'last_exposure_date']);
    const noWayToReach = await officer.tracing.addContact(kase.id, { full_name: 'Unreachable', last_exposure_date: daysAgo(1) }).catch((e: unknown) => e);
    expect(noWayToReach).toBeInstanceOf(ValidationError);
    expect((noWayToReach as ValidationError).fields).toHaveProperty('phone');
    const mykad = await officer.tracing
      .addContact(kase.id, { full_name: 'Bad Document', identity_type: 'mykad', identity_number: '860314-00-5022', last_exposure_date: daysAgo(1) })
      .catch((e: unknown) => e);
    expect(mykad).toMatchObject({ name: 'ValidationError', fields: { identity_number: [expect.stringMatching(/place-of-birth/)] } });
    expect(JSON.stringify(mykad)).not.toMatch(/860314/);
    await expect(officer.tracing.addContact(kase.id, { person_id: newIdempotencyKey(), last_exposure_date: daysAgo(1) })).rejects.toBeInstanceOf(ValidationError);
  });

  it('only officers handling the case add contacts; others see none of them', async () => {
    const { index, kase } = await petalingCase();
    const known = await registered('Contact', staffSdk);
    await officer.tracing.addContact(kase.id, { person_id: known.person.id, last_exposure_date: daysAgo(1) });
    const other = await registered('Other', staffSdk);
    const row = { full_name: 'Someone', phone: uniquePhone(), last_exposure_date: daysAgo(1) };
    for (const client of [johor, analyst, agent, index.client, known.client]) {
      await expect(client.tracing.addContact(kase.id, { person_id: other.person.id, last_exposure_date: daysAgo(1) })).rejects.toBeInstanceOf(PermissionError);
      await expect(client.tracing.addContact(kase.id, row)).rejects.toMatchObject({
        name: 'PermissionError',
        message: 'case_id: no such case among the cases you handle',
      });
      expect(await client.tracing.listContacts(kase.id)).toEqual(client === known.client ? expect.any(Array) : []);
    }
    // The contact sees their own exposure, nobody else's.
    expect((await known.client.tracing.listContacts(kase.id)).map((c) => c.person_id)).toEqual([known.person.id]);
    await expect(staffSdk().tracing.addContact(kase.id, row)).rejects.toBeInstanceOf(AuthError);
    await expect(staffSdk().tracing.listContacts(kase.id)).rejects.toBeInstanceOf(AuthError);
  });
});

describe('tracing: importContacts', () => {
  it('reports every row: inserted, matched, already listed, rejected with a reason; a second import adds nothing', async () => {
    const { kase } = await petalingCase();
    const known = await registered('Known By Document', staffSdk);
    const mykad = uniqueMykad();
    await known.client.profile.update({ identity_type: 'mykad', identity_number: mykad.number });
    const phone = uniquePhone();
    const rows = [
      { full_name: 'New Contact', phone, setting: 'household', last_exposure_date: daysAgo(1) },
      { full_name: 'Known By Document', identity_type: 'MyKad', identity_number: mykad.number, last_exposure_date: daysAgo(1) },
      { full_name: 'Same Phone Again', phone, last_exposure_date: daysAgo(1) },
      { full_name: 'No Date', phone: uniquePhone() },
      { full_name: 'Future', phone: uniquePhone(), last_exposure_date: '2999-01-01' },
      { full_name: 'Bad Setting', phone: uniquePhone(), setting: 'stadium', last_exposure_date: daysAgo(1) },
    ];
    const report = await officer.tracing.importContacts(kase.id, rows);
    expect(report).toMatchObject({ inserted: 1, matched: 1, already_listed: 0, rejected: 4 });
    expect(report.rows.map((r) => [r.row_number, r.outcome, r.reason])).toEqual([
      [1, 'inserted', null],
      [2, 'matched', null],
      [3, 'rejected', 'row: the same contact as row 1'],
      [4, 'rejected', 'last_exposure_date: missing'],
      [5, 'rejected', 'last_exposure_date: cannot be in the future'],
      [6, 'rejected', expect.stringMatching(/^setting: must be/)],
    ]);
    expect(report.rows[1].person_id).toBe(known.person.id);
    expect(report.rows[0].contact_id).toEqual(expect.any(String));

    const again = await officer.tracing.importContacts(kase.id, rows.slice(0, 2));
    expect(again).toMatchObject({ inserted: 0, matched: 0, already_listed: 2, rejected: 0 });
    expect(again.rows.map((r) => r.contact_id)).toEqual(report.rows.slice(0, 2).map((r) => r.contact_id));
    expect((await officer.tracing.listContacts(kase.id)).length).toBe(2);
  });

  it('checks the rows\' shape before sending them', async () => {
    const { kase } = await petalingCase();
    await expect(officer.tracing.importContacts(kase.id, [])).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error: fields are text, as a file's cells are
    const error = await officer.tracing.importContacts(kase.id, [{ full_name: 'Numbered', phone: 123456789 }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', fields: { '0.phone': ['must be text'] } });
    // @ts-expect-error: rows are objects
    await expect(officer.tracing.importContacts(kase.id, 'a,b,c')).rejects.toBeInstanceOf(ValidationError);
    await expect(officer.tracing.importContacts('not-a-case', [{ full_name: 'A B' }])).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses callers who do not handle the case, with the database\'s message', async () => {
    const { index, kase } = await petalingCase();
    const rows = [{ full_name: 'Someone', phone: uniquePhone(), last_exposure_date: daysAgo(1) }];
    for (const client of [johor, analyst, agent, index.client]) {
      await expect(client.tracing.importContacts(kase.id, rows)).rejects.toMatchObject({
        name: 'PermissionError',
        status: 403,
        message: 'case_id: no such case among the cases you handle',
      });
    }
    await expect(staffSdk().tracing.importContacts(kase.id, rows)).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    expect(await officer.tracing.listContacts(kase.id)).toEqual([]);
  });
});

describe('tracing: line lists and monitoring', () => {
  it('a contact moves between the lists as they report, are reviewed, contacted and closed', async () => {
    const { kase } = await petalingCase();
    const contact = await registered('Monitored Contact', staffSdk);
    await contact.client.assessments.submit({ answers: await answers(contact.client) });
    // Exposed two days ago and silent since: non-reporting.
    await officer.tracing.addContact(kase.id, { person_id: contact.person.id, last_exposure_date: daysAgo(2) });
    const find = async (list: 'symptomatic' | 'non_reporting' | 'asymptomatic' | 'test_advised' | 'closed') => {
      const rows = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await officer.tracing.lineList({ list, limit: 1000, offset });
        rows.push(...page.rows);
        if (!page.hasMore) break;
      }
      return rows.find((r) => r.person_id === contact.person.id);
    };
    const silent = await find('non_reporting');
    expect(silent).toMatchObject({ full_name: 'Monitored Contact', case_id: kase.id, case_number: kase.case_number, line_list: 'non_reporting', state: 'active' });
    const id = silent!.monitoring_id;

    const attempted = await officer.tracing.recordContactAttempt(id);
    expect(attempted).toMatchObject({ id, contact_attempts: 1 });
    expect((await officer.tracing.recordContactAttempt(id)).contact_attempts).toBe(2);

    // A report without symptoms: asymptomatic. With symptoms: a PUI, advised a test.
    await contact.client.assessments.submit({ answers: await answers(contact.client) });
    expect(await find('asymptomatic')).toMatchObject({ monitoring_id: id, contact_attempts: 2 });
    await contact.client.assessments.submit({ answers: await answers(contact.client, ['cough']) });
    expect(await find('test_advised')).toMatchObject({ monitoring_id: id, status: 'pui' });
    // A negative test: no longer a PUI, but the symptoms need review until an officer has seen them.
    await officer.labs.enter({ person_id: contact.person.id, test_type: 'pcr', result: 'negative', sampled_on: malaysianToday() });
    expect(await find('symptomatic')).toMatchObject({ monitoring_id: id, symptomatic: true });
    const reviewed = await officer.tracing.markReviewed(id);
    expect(reviewed.reviewed_at).not.toBeNull();
    expect(await officer.tracing.markReviewed(id)).toMatchObject({ id });
    expect(await find('symptomatic')).toBeUndefined();

    const closed = await officer.tracing.closeMonitoring(id, '  PCR negative after review  ');
    expect(closed).toMatchObject({ id, state: 'closed_by_officer', close_reason: 'PCR negative after review' });
    expect(await find('closed')).toMatchObject({ monitoring_id: id, state: 'closed_by_officer', days_left: expect.any(Number) });
    await expect(officer.tracing.closeMonitoring(id, 'again')).rejects.toMatchObject({ name: 'ConflictError', field: 'monitoring_id' });
  });

  it('counts every list, and pages through one', async () => {
    const counts = await officer.tracing.lineListCounts();
    expect(Object.keys(counts).sort()).toEqual(['asymptomatic', 'closed', 'non_reporting', 'symptomatic', 'test_advised']);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    const list = (Object.keys(counts) as Array<keyof typeof counts>).find((l) => counts[l] >= 2)!;
    const first = await officer.tracing.lineList({ list, limit: 1 });
    const second = await officer.tracing.lineList({ list, limit: 1, offset: 1 });
    expect(first.rows).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    expect(second.rows[0].monitoring_id).not.toBe(first.rows[0].monitoring_id);
    const all = await officer.tracing.lineList({ list, limit: 1000 });
    expect(all.rows.length).toBe(counts[list]);
    expect(all.rows.every((r) => r.line_list === list)).toBe(true);
    await expect(officer.tracing.lineList({ list, limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error: not a line list
    await expect(officer.tracing.lineList({ list: 'everyone' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('outside the jurisdiction, and for analysts, agents and the public, there is nothing to list or act on', async () => {
    const { kase } = await petalingCase();
    const contact = await registered('Guarded Contact', staffSdk);
    const { contact: row } = await officer.tracing.addContact(kase.id, { person_id: contact.person.id, last_exposure_date: daysAgo(1) });
    const { data } = await officer.supabase.from('monitoring').select('id').eq('contact_id', row.id).single();
    const id = data!.id;
    for (const client of [johor, analyst, agent, contact.client]) {
      const counts = await client.tracing.lineListCounts();
      if (client !== johor) expect(Object.values(counts).every((n) => n === 0)).toBe(true);
      for (const list of ['non_reporting', 'asymptomatic'] as const) {
        expect((await client.tracing.lineList({ list, limit: 1000 })).rows.map((r) => r.monitoring_id)).not.toContain(id);
      }
      const outOfReach = { name: 'PermissionError', message: 'monitoring_id: no such monitoring period in your jurisdiction' };
      await expect(client.tracing.closeMonitoring(id, 'not mine to close')).rejects.toMatchObject(outOfReach);
      await expect(client.tracing.markReviewed(id)).rejects.toMatchObject(outOfReach);
      await expect(client.tracing.recordContactAttempt(id)).rejects.toMatchObject(outOfReach);
    }
    // Nothing changed.
    const { data: after } = await officer.supabase.from('monitoring').select('state, reviewed_at, contact_attempts').eq('id', id).single();
    expect(after).toEqual({ state: 'active', reviewed_at: null, contact_attempts: 0 });

    await expect(officer.tracing.closeMonitoring(id, '   ')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(officer.tracing.markReviewed('nope')).rejects.toBeInstanceOf(ValidationError);
    const anon = staffSdk();
    for (const call of [
      () => anon.tracing.lineList({ list: 'closed' }),
      () => anon.tracing.lineListCounts(),
      () => anon.tracing.closeMonitoring(id, 'anon'),
      () => anon.tracing.markReviewed(id),
      () => anon.tracing.recordContactAttempt(id),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    }
  });
});

describe('tracing: outbreaks', () => {
  it('every signed-in user reads the outbreaks; anon cannot', async () => {
    const { client } = await registered('Test Person', staffSdk);
    for (const reader of [officer, analyst, client]) {
      const outbreaks = await reader.tracing.listOutbreaks();
      expect(outbreaks.find((o) => o.code === 'COVID-19')).toMatchObject({ monitoring_days: 14, name: { ms: 'COVID-19', en: 'COVID-19' } });
    }
    await expect(staffSdk().tracing.listOutbreaks()).rejects.toBeInstanceOf(AuthError);
  });
});
