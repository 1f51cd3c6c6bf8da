/** sejahtera.tracing's dry runs for the console: previewImport and matchContact write nothing; closeCase keeps a reason. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type SejahteraStaffClient, malaysianToday } from '../src/staff.ts';
import { demoStaff, registered, staffSdk, unique, uniqueMykad, uniquePhone } from './support.ts';

function daysAgo(days: number): string {
  return new Date(Date.parse(malaysianToday()) - days * 86_400_000).toISOString().slice(0, 10);
}

let officer: SejahteraStaffClient;
let johor: SejahteraStaffClient;

beforeAll(async () => {
  [officer, johor] = await Promise.all(['officer', 'officer.johor'].map((who) => demoStaff(`${who}@sejahtera.test`)));
});

async function petalingCase() {
  const index = await registered('Index Case', staffSdk);
  const kase = await officer.tracing.createCase({ person_id: index.person.id, case_number: `T-${unique().toUpperCase()}`, diagnosis_date: daysAgo(1) });
  return { index, kase };
}

describe('tracing: previewImport', () => {
  it('reports what the import would do, row by row, and writes nothing', async () => {
    const { kase } = await petalingCase();
    const phone = uniquePhone();
    const rows = [
      { full_name: 'New Contact', phone, last_exposure_date: daysAgo(1) },
      { full_name: 'Same Phone Again', phone, last_exposure_date: daysAgo(1) },
      { full_name: 'No Date', phone: uniquePhone() },
    ];
    const preview = await officer.tracing.previewImport(kase.id, rows);
    expect(preview).toMatchObject({ dry_run: true, inserted: 1, matched: 0, already_listed: 0, rejected: 2 });
    expect(preview.rows.map((r) => [r.row_number, r.outcome, r.reason, r.person_id, r.contact_id])).toEqual([
      [1, 'inserted', null, null, null],
      [2, 'rejected', 'row: the same contact as row 1', null, null],
      [3, 'rejected', 'last_exposure_date: missing', null, null],
    ]);
    expect(await officer.tracing.listContacts(kase.id)).toEqual([]);
    // The import itself then does what the preview said; a second preview says it is all listed.
    expect(await officer.tracing.importContacts(kase.id, rows)).toMatchObject({ inserted: 1, rejected: 2 });
    expect(await officer.tracing.previewImport(kase.id, rows)).toMatchObject({ inserted: 0, already_listed: 1, rejected: 2 });
    await expect(johor.tracing.previewImport(kase.id, rows)).rejects.toMatchObject({ name: 'PermissionError' });
  });
});

describe('tracing: matchContact', () => {
  it('says whether a phone or document matches a person, naming them only when the officer may see them', async () => {
    const { kase } = await petalingCase();
    expect(await officer.tracing.matchContact(kase.id, {})).toEqual({ outcome: null, reason: null, person: null });
    expect(await officer.tracing.matchContact(kase.id, { phone: uniquePhone() })).toEqual({ outcome: 'inserted', reason: null, person: null });

    // Someone registered in Petaling with a MyKad: matched by the document, named.
    const known = await registered('Known By Document', staffSdk);
    const mykad = uniqueMykad();
    await known.client.profile.update({ identity_type: 'mykad', identity_number: mykad.number });
    const match = await officer.tracing.matchContact(kase.id, { identity_type: 'mykad', identity_number: mykad.number });
    expect(match).toMatchObject({ outcome: 'matched', reason: null, person: { visible: true, id: known.person.id, full_name: 'Known By Document' } });

    // Johor Bahru's officer, on a case of their own, learns that the document matches someone, not who.
    const jbIndex = await registered('Johor Index', staffSdk);
    await jbIndex.client.profile.update({ district_code: 'MY-01-02' });
    const jbCase = await johor.tracing.createCase({ person_id: jbIndex.person.id, case_number: `T-${unique().toUpperCase()}`, diagnosis_date: daysAgo(1) });
    expect(await johor.tracing.matchContact(jbCase.id, { identity_type: 'mykad', identity_number: mykad.number })).toEqual({
      outcome: 'matched',
      reason: null,
      person: { visible: false },
    });

    // A bad document is explained; nothing was added by any of this.
    expect(await officer.tracing.matchContact(kase.id, { identity_type: 'mykad', identity_number: '123' })).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^identity_number: a MyKad number has 12 digits/),
    });
    expect(await officer.tracing.listContacts(kase.id)).toEqual([]);
    await expect(johor.tracing.matchContact(kase.id, { phone: uniquePhone() })).rejects.toMatchObject({ name: 'PermissionError' });
  });
});

describe('tracing: closeCase with a reason', () => {
  it('keeps the officer\'s reason with the closed case', async () => {
    const { kase } = await petalingCase();
    const closed = await officer.tracing.closeCase(kase.id, { status: 'closed', reason: '  Diagnosis withdrawn  ' });
    expect(closed).toMatchObject({ status: 'closed', close_reason: 'Diagnosis withdrawn' });
  });
});
