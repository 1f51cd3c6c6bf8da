/**
 * sejahtera.privacy: the subject-access export (the public entry), and staff's audited read of a person's
 * record (the staff entry's StaffPrivacy).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type SejahteraStaffClient, ValidationError, malaysianToday } from '../src/staff.ts';
import { demo, demoStaff, registered, sdk, signedIn, staffSdk, unique } from './support.ts';

let officer: SejahteraStaffClient;
let johor: SejahteraStaffClient;
let analyst: SejahteraStaffClient;
let agent: SejahteraStaffClient;
let admin: SejahteraStaffClient;

beforeAll(async () => {
  [officer, johor, analyst, agent, admin] = await Promise.all(
    ['officer', 'officer.johor', 'analyst', 'agent', 'admin'].map((who) => demoStaff(`${who}@sejahtera.test`)),
  );
});

async function auditOf(personId: string, action: string) {
  const { data, error } = await admin.supabase.from('audit_log').select('actor_id, actor_role, action, table_name').eq('person_id', personId).eq('action', action);
  expect(error).toBeNull();
  return data ?? [];
}

describe('privacy: exportMyData', () => {
  it('the demo guardian downloads herself and her two dependents, identity masked, and the export is logged', async () => {
    const aminah = await demo('aminah@sejahtera.test');
    const data = await aminah.privacy.exportMyData();
    expect(data.account).toMatchObject({ email: 'aminah@sejahtera.test' });
    expect(data.persons.map((p) => p.relationship)).toEqual(['self', expect.any(String), expect.any(String)]);
    expect(data.persons.slice(1).map((p) => p.relationship).sort()).toEqual(['child', 'parent']);
    expect(data.persons[0].assessments.length).toBeGreaterThan(0);
    expect(data.persons[0].identity_masked).toMatch(/^\*{6}-\*{2}-\d{4}$/);
    expect(data.feedback_tickets.length).toBeGreaterThan(0);
    expect(data.staff).toBeNull();
    expect(JSON.stringify(data)).not.toMatch(/"identity_number"|"identity_hash"|"submitted_by"|"handled_by"/);
    expect((await auditOf(data.persons[0].id, 'export')).length).toBeGreaterThan(0);
  });

  it('a new account without a profile gets its account and nothing else; staff get their staff record', async () => {
    const { client, email } = await signedIn();
    const data = await client.privacy.exportMyData();
    expect(data).toMatchObject({ account: { email }, persons: [], devices: [], notifications: [], feedback_tickets: [], staff: null });
    expect(Date.parse(data.exported_at)).toBeGreaterThan(Date.now() - 60_000);

    const staff = await officer.privacy.exportMyData();
    expect(staff.staff).toMatchObject({ role: 'officer', districts: ['MY-10-02', 'MY-10-07'] });
    // An officer's export holds nobody they trace.
    expect(staff.persons).toEqual([]);
  });

  it('anon must sign in', async () => {
    await expect(sdk().privacy.exportMyData()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
  });
});

describe('privacy: personDetail', () => {
  it('an officer opens a person of their district: the whole record, and the read is logged', async () => {
    const index = await registered('Detail Index', staffSdk);
    const contact = await registered('Detail Contact', staffSdk);
    const kase = await officer.tracing.createCase({ person_id: index.person.id, case_number: `D-${unique().toUpperCase()}`, diagnosis_date: malaysianToday() });
    await officer.tracing.addContact(kase.id, { person_id: contact.person.id, last_exposure_date: malaysianToday() });
    await officer.labs.enter({ person_id: contact.person.id, test_type: 'antigen', result: 'negative', sampled_on: malaysianToday() });

    const record = await officer.privacy.personDetail(contact.person.id);
    expect(record).toMatchObject({ id: contact.person.id, full_name: 'Detail Contact', status: 'close_contact' });
    expect(record).not.toHaveProperty('identity_number');
    expect(record.contacts).toEqual([expect.objectContaining({ case_id: kase.id, case_number: kase.case_number })]);
    expect(record.monitoring.map((m) => m.state)).toEqual(['active']);
    expect(record.lab_results.map((r) => r.result)).toEqual(['negative']);
    expect(record.status_history.length).toBeGreaterThan(0);
    expect(record.cases).toEqual([]);
    const indexRecord = await officer.privacy.personDetail(index.person.id);
    expect(indexRecord.cases).toEqual([expect.objectContaining({ id: kase.id, contact_count: 1 })]);

    const reads = await auditOf(contact.person.id, 'read');
    expect(reads).toContainEqual({ actor_id: expect.any(String), actor_role: 'officer', action: 'read', table_name: 'persons' });
  });

  it('refused outside the jurisdiction and to analysts, agents and other people; a person may open their own', async () => {
    const { client, person } = await registered('Private Person', staffSdk);
    const stranger = await registered('Stranger', staffSdk);
    for (const who of [johor, analyst, agent, stranger.client]) {
      await expect(who.privacy.personDetail(person.id)).rejects.toMatchObject({
        name: 'PermissionError',
        message: 'person_id: no such person in your jurisdiction',
      });
    }
    expect((await auditOf(person.id, 'read')).length).toBe(0);
    expect((await client.privacy.personDetail(person.id)).id).toBe(person.id);
    // A member of the public reading their own record is not a staff read: nothing is logged.
    expect((await auditOf(person.id, 'read')).length).toBe(0);
    await expect(officer.privacy.personDetail('not-an-id')).rejects.toBeInstanceOf(ValidationError);
    await expect(staffSdk().privacy.personDetail(person.id)).rejects.toBeInstanceOf(AuthError);
  });
});
