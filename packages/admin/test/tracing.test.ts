/**
 * Tracing in the console, in Chromium against the test stack: a case opened from a person's page and
 * closed with a reason; a contact added with the live match preview, who then registers on the public
 * side (through the SDK) and shows as linked; a CSV import with good, bad and repeated rows (the report
 * before and after, the rejected rows downloaded, nothing added on re-import) and an XLSX one; the line
 * lists moving as the contact declares (through the SDK), the officers' actions on them, lab results
 * changing a person's status.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ANON_KEY, API_URL, INBOX_URL } from '@sejahtera/stack/testing';
import { type SejahteraClient, createSejahtera } from '@sejahtera/sdk';
import { type SejahteraStaffClient, createSejahteraStaff } from '@sejahtera/sdk/staff';
import { zipSync, strToU8 } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, DEMO_PASSWORD, expectAccessible, launchChromium, newPage, screenshot, serveConsole, signIn, sql } from './support.ts';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });
const PETALING = 'MY-10-07';
const OFFICER = 'officer@sejahtera.test';
const PASSWORD = 'Sejahtera2020';

let browser: Browser;
let app: Console;
let officerSdk: SejahteraStaffClient;

beforeAll(async () => {
  officerSdk = createSejahteraStaff({ url: API_URL, anonKey: ANON_KEY, auth: { persistSession: false, autoRefreshToken: false } });
  [browser, app] = await Promise.all([
    launchChromium(),
    serveConsole(),
    officerSdk.auth.signInWithPassword({ email: OFFICER, password: DEMO_PASSWORD }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const unique = () => `${Date.now().toString(36)}${randomInt(1e6).toString(36)}`.toUpperCase();
/**
 * A Malaysian mobile number nobody else has, in E.164; never one the persons list's tests search for
 * (console.test.ts: "5042", "011-2000 0003"), as these persons live in the same officer's districts.
 */
function uniquePhone(): string {
  for (;;) {
    const phone = `+6011${String(randomInt(1e8)).padStart(8, '0')}`;
    if (!/5042|0003/.test(phone)) return phone;
  }
}
/** The same number as people write it locally: 011-2345 6789. */
const localPhone = (e164: string) => `0${e164.slice(3, 5)}-${e164.slice(5, 9)} ${e164.slice(9)}`;
const malaysianDay = (daysAgo = 0) => new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** A pending person in Petaling (the demo officer's district), and optionally an active case of theirs. */
async function petalingPerson(name: string): Promise<string> {
  const [row] = await sql<{ id: string }>(`insert into public.persons (full_name, phone, district_code) values ($1, $2, $3) returning id`, [name, uniquePhone(), PETALING]);
  return row.id;
}
async function petalingCase(): Promise<{ caseId: string; caseNumber: string; personId: string }> {
  const personId = await petalingPerson(`Index ${unique()}`);
  const caseNumber = `T-${unique()}`;
  const [row] = await sql<{ id: string }>(`insert into public.cases (person_id, case_number, diagnosis_date) values ($1, $2, $3) returning id`, [
    personId,
    caseNumber,
    malaysianDay(1),
  ]);
  return { caseId: row.id, caseNumber, personId };
}

/** A member of the public who signs up by phone through the SDK (the code from the stack's SMS inbox). */
async function signUpByPhone(phone: string): Promise<SejahteraClient> {
  const client = createSejahtera({ url: API_URL, anonKey: ANON_KEY, auth: { persistSession: false, autoRefreshToken: false } });
  await client.auth.signUpWithPhone({ phone: localPhone(phone), password: PASSWORD });
  let code: string | undefined;
  for (let i = 0; i < 100 && !code; i++) {
    const messages = (await (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(phone)}`)).json()) as Array<{ kind: string; code?: string }>;
    code = messages.find((m) => m.kind === 'sms_otp' && m.code)?.code;
    if (!code) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!code) throw new Error(`no code reached ${phone}`);
  await client.auth.verifyPhone({ phone, code });
  return client;
}

async function answersOf(client: SejahteraClient, yes: string[] = []): Promise<Record<string, boolean>> {
  const { questions } = await client.assessments.questionnaire();
  return Object.fromEntries(questions.map((q) => [q.code, yes.includes(q.code)]));
}

async function officerPage(): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, app.url, OFFICER);
  await page.getByText(/^Welcome, /).waitFor({ timeout: 30_000 });
  return page;
}

/** Picks `option` in the MUI select labelled `label`. */
async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
  await menuGone(page);
}

/**
 * A select's menu fades out after a choice, hidden from the accessibility tree but still in the page: it
 * is gone before anything is checked (axe would judge its half-faded options).
 */
async function menuGone(page: Page): Promise<void> {
  await poll(() => page.locator('ul[role="listbox"]').count()).toBe(0);
}

describe('cases', () => {
  it('an officer opens a case from a person\'s page, finds it in the list and closes it with a reason', async () => {
    const name = `Opened ${unique()}`;
    const personId = await petalingPerson(name);
    const page = await officerPage();
    await page.goto(`${app.url}/#/persons/${personId}/show`);
    await page.getByRole('link', { name: 'Open a case' }).click();
    const caseNumber = `sel-${unique()}`;
    await page.locator('input[name="case_number"]').fill(caseNumber);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: `Case ${caseNumber.toUpperCase()}`, level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByText(name).first().waitFor();
    const [kase] = await sql<{ id: string; status: string; district_code: string }>(`select id, status, district_code from public.cases where case_number = $1`, [caseNumber.toUpperCase()]);
    expect(kase).toMatchObject({ status: 'active', district_code: PETALING });
    await expectAccessible(page, 'case-show-officer');

    await page.goto(`${app.url}/#/cases`);
    await page.getByRole('textbox', { name: 'Case number' }).fill(caseNumber.toUpperCase());
    await page.getByRole('cell', { name: caseNumber.toUpperCase() }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'cases-list-officer');
    await page.getByRole('cell', { name: caseNumber.toUpperCase() }).click();

    await page.getByRole('button', { name: 'Close the case' }).click();
    await choose(page, 'How it ended', 'Closed');
    // "Closed" needs a reason before the dialog lets the officer confirm.
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Close the case' });
    await poll(() => confirm.isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Reason' }).fill('Diagnosis withdrawn after review');
    await screenshot(page, 'case-close-dialog');
    await confirm.click();
    await page.getByText('The case is closed.').waitFor();
    await poll(async () => (await sql(`select status, close_reason from public.cases where id = $1`, [kase.id]))[0]).toEqual({
      status: 'closed',
      close_reason: 'Diagnosis withdrawn after review',
    });
    await page.getByText('Diagnosis withdrawn after review').waitFor();
    await page.context().close();
  });

  it('an officer does not reach a case outside their districts', async () => {
    const [outside] = await sql<{ id: string }>(
      `with officer as (select id from auth.users where email = $1)
       select c.id from public.cases c
       where c.district_code <> all (select sd.district_code from public.staff_districts sd where sd.staff_id = (select id from officer))
         and c.handled_by is distinct from (select id from officer)
       limit 1`,
      [OFFICER],
    );
    expect(outside).toBeDefined();
    const page = await officerPage();
    await page.goto(`${app.url}/#/cases/${outside.id}/show`);
    await page.getByText(/not found|doesn't exist|does not exist/i).first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { name: /^Case /, level: 1 }).count()).toBe(0);
    await page.context().close();
  });
});

describe('contacts', () => {
  it('adds a contact with the live match preview; they register on the public side and show as linked', async () => {
    const { caseId, caseNumber } = await petalingCase();
    const page = await officerPage();
    await page.goto(`${app.url}/#/contacts/create?case_id=${caseId}`);
    const preview = page.getByTestId('match-preview');
    const phone = page.locator('input[name="phone"]');
    await page.getByText('Type a phone number or an identity number').waitFor({ timeout: 30_000 });

    // A phone someone verified (a demo account in Petaling): named, with their masked document.
    await phone.fill('011-2000 0001');
    await poll(() => preview.textContent()).toMatch(/^Matches an existing person: Nurul Izzah binti Kamal, \*{6}-\*{2}-\d{4}, Petaling \(has an account\)/);
    // A malformed MyKad: the database's reason.
    await phone.fill('');
    await choose(page, 'Document', 'MyKad');
    await page.locator('input[name="identity_number"]').fill('12345');
    await poll(() => preview.textContent()).toMatch(/^Cannot be added as typed: Identity number: a MyKad number has 12 digits/);
    await page.locator('input[name="identity_number"]').fill('');

    const newPhone = uniquePhone();
    const name = `Contact ${unique()}`;
    await page.locator('input[name="full_name"]').fill(name);
    await phone.fill(localPhone(newPhone));
    await poll(() => preview.textContent()).toMatch(/^No known person has this phone or document/);
    await expectAccessible(page, 'contact-create-preview');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Contact added: a new person, invited to register.').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: `Case ${caseNumber}`, level: 1 }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.getByLabel('No').count()).toBe(1);

    // The contact signs up with that phone on the public side: the pending person becomes theirs.
    const contact = await signUpByPhone(newPhone);
    const profile = await contact.profile.get();
    expect(profile).toMatchObject({ full_name: name, phone: newPhone });
    await page.reload();
    await poll(() => row.getByLabel('Yes').count()).toBe(1);
    await expectAccessible(page, 'case-contacts-linked');
    await page.context().close();
  });
});

/** A CSV of contacts with Malay headers: `good` new persons, then bad and repeated rows. */
function contactsCsv(good: number): { csv: string; bad: Array<[number, RegExp]>; repeated: number[] } {
  const lines = ['Nama,No. Telefon,No. KP,Hubungan,Tarikh pendedahan terakhir'];
  const yesterday = malaysianDay(1);
  const [y, m, d] = yesterday.split('-');
  for (let i = 0; i < good; i++) {
    // Dates as Malaysians write them for half the rows.
    lines.push(`Kontak ${unique()} ${i},${localPhone(uniquePhone())},,${i % 2 ? 'household' : 'workplace'},${i % 2 ? yesterday : `${d}/${m}/${y}`}`);
  }
  const firstPhone = lines[1].split(',')[1];
  const bad: Array<[number, RegExp]> = [];
  const repeated: number[] = [];
  lines.push(`Tiada Tarikh,${localPhone(uniquePhone())},,household,`);
  bad.push([lines.length - 1, /^Last exposure: missing$/]);
  lines.push(`Masa Depan,${localPhone(uniquePhone())},,household,2999-01-01`);
  bad.push([lines.length - 1, /^Last exposure: cannot be in the future$/]);
  lines.push(`KP Salah,,12345,household,${yesterday}`);
  bad.push([lines.length - 1, /^Identity number: a MyKad number has 12 digits/]);
  lines.push(`,${localPhone(uniquePhone())},,household,${yesterday}`);
  bad.push([lines.length - 1, /^Name: missing$/]);
  lines.push(`Ulangan,${firstPhone},,household,${yesterday}`);
  repeated.push(lines.length - 1);
  return { csv: `${lines.join('\r\n')}\r\n`, bad, repeated };
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer });
}

async function countOf(page: Page, outcome: string): Promise<number> {
  const text = (await page.locator(`[data-outcome="${outcome}"]`).textContent()) ?? '';
  return Number(/(\d+)$/.exec(text.trim())?.[1] ?? Number.NaN);
}

describe('importing contacts', () => {
  it('an officer imports a CSV with good, bad and repeated rows: the report before and after, rejected rows downloadable, and a re-import adds nothing', async () => {
    const { caseId } = await petalingCase();
    const good = 310;
    const { csv, bad, repeated } = contactsCsv(good);
    const page = await officerPage();
    await page.goto(`${app.url}/#/cases/${caseId}/show`);
    await page.getByRole('link', { name: 'Import contacts' }).click();
    await upload(page, 'kontak.csv', 'text/csv', Buffer.from(csv));
    await page.getByText(`kontak.csv: ${good + bad.length + repeated.length} rows`).waitFor({ timeout: 30_000 });

    // The mapping, guessed from the Malay headers; the document type defaults to MyKad for the "No. KP" column.
    const mapped = async (field: string) => (await page.locator(`#map-${field}`).textContent())?.trim();
    expect(await mapped('full_name')).toBe('Nama');
    expect(await mapped('phone')).toBe('No. Telefon');
    expect(await mapped('identity_number')).toBe('No. KP');
    expect(await mapped('setting')).toBe('Hubungan');
    expect(await mapped('last_exposure_date')).toBe('Tarikh pendedahan terakhir');
    await expectAccessible(page, 'import-mapping');

    // The dry run: every row judged by the database, nothing written yet.
    await page.getByRole('button', { name: `Check ${good + bad.length + repeated.length} rows` }).click();
    await page.getByText('Some rows cannot be imported').waitFor({ timeout: 60_000 });
    expect(await countOf(page, 'inserted')).toBe(good);
    expect(await countOf(page, 'rejected')).toBe(bad.length + repeated.length);
    expect(Number((await sql<{ n: string }>(`select count(*) as n from public.contacts where case_id = $1`, [caseId]))[0].n)).toBe(0);
    for (const [rowNumber, reason] of bad) {
      await expect.soft(page.locator(`tr[data-row="${rowNumber}"] td`).nth(3).textContent()).resolves.toMatch(reason);
    }
    for (const rowNumber of repeated) {
      expect(await page.locator(`tr[data-row="${rowNumber}"] td`).nth(3).textContent()).toBe('Row: the same contact as row 1');
    }
    await expectAccessible(page, 'import-preview');

    // The rejected rows as CSV, with their reasons, before committing.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click()]);
    const rejectedCsv = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '');
    const rejectedLines = rejectedCsv.trim().split(/\r?\n/);
    expect(rejectedLines[0]).toBe('Nama,No. Telefon,No. KP,Hubungan,Tarikh pendedahan terakhir,Row,Reason');
    expect(rejectedLines).toHaveLength(1 + bad.length + repeated.length);
    expect(rejectedLines[1]).toMatch(/^Tiada Tarikh,.*,\d+,Last exposure: missing$/);
    expect(download.suggestedFilename()).toBe('kontak-rejected.csv');

    // The import itself, one call, and its report.
    await page.getByRole('button', { name: `Import ${good} contacts` }).click();
    await page.getByText('The import is done.').waitFor({ timeout: 60_000 });
    expect(await countOf(page, 'inserted')).toBe(good);
    expect(await countOf(page, 'rejected')).toBe(bad.length + repeated.length);
    await expectAccessible(page, 'import-result');
    const contacts = async () => Number((await sql<{ n: string }>(`select count(*) as n from public.contacts where case_id = $1`, [caseId]))[0].n);
    expect(await contacts()).toBe(good);
    const [dated] = await sql<{ n: string }>(
      `select count(*) as n from public.contacts where case_id = $1 and last_exposure_date = $2::date`,
      [caseId, malaysianDay(1)],
    );
    expect(Number(dated.n)).toBe(good);

    // The same file again: the dry run finds every good row already listed, and there is nothing to import.
    await upload(page, 'kontak.csv', 'text/csv', Buffer.from(csv));
    await page.getByRole('button', { name: `Check ${good + bad.length + repeated.length} rows` }).click();
    await page.getByText('Some rows cannot be imported').waitFor({ timeout: 60_000 });
    expect(await countOf(page, 'already_listed')).toBe(good);
    expect(await countOf(page, 'inserted')).toBe(0);
    expect(await page.getByRole('button', { name: /^Import \d+ contact/ }).isDisabled()).toBe(true);
    expect(await contacts()).toBe(good);
    await page.context().close();
  });

  it('the import page in Malay: a column mapped by hand, the report and its reasons in Malay', async () => {
    const { caseId } = await petalingCase();
    const page = await newPage(browser, 'ms-MY');
    await signIn(page, app.url, OFFICER);
    await page.getByText(/^Selamat datang, /).waitFor({ timeout: 30_000 });
    await page.goto(`${app.url}/#/cases/${caseId}/import`);
    await page.getByText('Pilih fail CSV atau XLSX').waitFor({ timeout: 30_000 });
    // "Nombor" is no header the console knows: the officer maps it to the phone by hand.
    const csv = `Nama,Nombor,Tarikh pendedahan terakhir\r\nSiti Aminah,${localPhone(uniquePhone())},${malaysianDay(1)}\r\nTanpa Tarikh,${localPhone(uniquePhone())},\r\n`;
    await upload(page, 'kontak.csv', 'text/csv', Buffer.from(csv));
    // Not in the file: MUI shows an empty select as a zero-width space.
    expect((await page.locator('#map-phone').textContent())?.replace(/\u200b/g, '').trim()).toBe('');
    await page.locator('#map-phone').click();
    await page.getByRole('option', { name: 'Nombor' }).click();
    await menuGone(page);
    expect((await page.locator('#map-phone').textContent())?.trim()).toBe('Nombor');
    await page.getByRole('button', { name: 'Semak 2 baris' }).click();
    await page.getByText('Sesetengah baris tidak boleh diimport').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-outcome="inserted"]').textContent()).toBe('Orang baharu: 1');
    // The database's reason, in Malay.
    expect(await page.locator('tr[data-row="2"] td').nth(3).textContent()).toBe('Pendedahan terakhir: tiada');
    await expectAccessible(page, 'import-preview-ms');
    await page.context().close();
  });

  it('reads an XLSX file (English headers, a date cell) the same way', async () => {
    const { caseId } = await petalingCase();
    const phones = [uniquePhone(), uniquePhone()];
    const page = await officerPage();
    await page.goto(`${app.url}/#/cases/${caseId}/import`);
    await upload(
      page,
      'contacts.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      xlsx([
        ['Full name', 'Phone number', 'Setting', 'Last exposure date'],
        ['Excel One', localPhone(phones[0]), 'school', { date: malaysianDay(2) }],
        ['Excel Two', phones[1], 'school', malaysianDay(2)],
      ]),
    );
    await page.getByText('contacts.xlsx: 2 rows').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Check 2 rows' }).click();
    await page.getByText('Every row can be imported.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Import 2 contacts' }).click();
    await page.getByText('The import is done.').waitFor({ timeout: 30_000 });
    const rows = await sql<{ full_name: string; phone: string; setting: string; last_exposure_date: string }>(
      `select p.full_name, p.phone, ct.setting, ct.last_exposure_date::text from public.contacts ct join public.persons p on p.id = ct.person_id where ct.case_id = $1 order by p.full_name`,
      [caseId],
    );
    expect(rows).toEqual([
      { full_name: 'Excel One', phone: phones[0], setting: 'school', last_exposure_date: malaysianDay(2) },
      { full_name: 'Excel Two', phone: phones[1], setting: 'school', last_exposure_date: malaysianDay(2) },
    ]);
    await page.context().close();
  });
});

describe('monitoring line lists and lab results', () => {
  it('a contact moves through the line lists as they declare and as the officer acts, and a negative test takes them off "test advised"', async () => {
    // A registered member of the public in Petaling, a contact of a case since three days ago.
    const phone = uniquePhone();
    const contact = await signUpByPhone(phone);
    const name = `Monitored ${unique()}`;
    const person = await contact.profile.register({ full_name: name, district_code: PETALING, preferred_language: 'en' });
    const { caseId } = await petalingCase();
    const added = await officerSdk.tracing.addContact(caseId, { person_id: person.id, last_exposure_date: malaysianDay(3) });
    expect(added.outcome).toBe('matched');
    const [{ id: monitoringId }] = await sql<{ id: string }>(`select id from public.monitoring where person_id = $1`, [person.id]);

    const page = await officerPage();
    await page.goto(`${app.url}/#/monitoring`);
    const tab = (list: string) => page.locator(`[role="tab"][data-list="${list}"]`);
    const rowOf = () => page.getByRole('row', { name: new RegExp(name) });
    const showList = async (list: string) => {
      await page.reload();
      await tab(list).click();
      await poll(() => tab(list).getAttribute('aria-selected')).toBe('true');
    };
    const countOn = async (list: string) => Number(/\((\d+)\)$/.exec((await tab(list).textContent()) ?? '')?.[1]);

    // Silent for three days: not reporting. The officer records a call.
    await showList('non_reporting');
    await rowOf().waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'monitoring-non-reporting');
    await rowOf().getByRole('button', { name: 'Record a call' }).click();
    await page.getByText('Contact attempt recorded.').waitFor();
    await poll(async () => (await sql<{ contact_attempts: number }>(`select contact_attempts from public.monitoring where id = $1`, [monitoringId]))[0].contact_attempts).toBe(1);

    // A declaration without symptoms: asymptomatic. Then with a cough: a PUI, advised to take a test.
    const before = await countOn('asymptomatic');
    await contact.assessments.submit({ answers: await answersOf(contact) });
    await showList('asymptomatic');
    await rowOf().waitFor({ timeout: 30_000 });
    await poll(() => countOn('asymptomatic')).toBe(before + 1);
    await contact.assessments.submit({ answers: await answersOf(contact, ['cough']) });
    await showList('test_advised');
    await rowOf().waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'monitoring-test-advised');

    // The officer enters a negative PCR from the person's page: no longer a PUI, still symptomatic, so on
    // the symptomatic list until reviewed.
    await page.goto(`${app.url}/#/persons/${person.id}/show`);
    await page.getByRole('link', { name: 'Enter a lab result' }).click();
    await choose(page, 'Result', 'Negative');
    await page.locator('input[name="laboratory"]').fill('Makmal Kesihatan Awam Sungai Buloh');
    await expectAccessible(page, 'lab-result-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Close contact (PUS)').first().waitFor({ timeout: 30_000 });
    await poll(async () => (await sql<{ status: string }>(`select status from public.persons where id = $1`, [person.id]))[0].status).toBe('close_contact');

    await page.goto(`${app.url}/#/monitoring`);
    await showList('symptomatic');
    await rowOf().getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByText('Marked as reviewed.').waitFor();
    await showList('asymptomatic');
    await rowOf().waitFor({ timeout: 30_000 });

    // Closed early, with a reason: on the closed list, and the database has the reason.
    await rowOf().getByRole('button', { name: 'Close' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Close the monitoring' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Negative PCR; exposure was brief and masked');
    await screenshot(page, 'monitoring-close-dialog');
    await dialog.getByRole('button', { name: 'Close the monitoring' }).click();
    await page.getByText('Monitoring closed.').waitFor();
    await poll(async () => (await sql(`select state, close_reason from public.monitoring where id = $1`, [monitoringId]))[0]).toEqual({
      state: 'closed_by_officer',
      close_reason: 'Negative PCR; exposure was brief and masked',
    });
    await showList('closed');
    await rowOf().waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  it('a positive lab result entered in the console makes the person a confirmed case', async () => {
    const name = `Tested ${unique()}`;
    const personId = await petalingPerson(name);
    const page = await officerPage();
    await page.goto(`${app.url}/#/lab_results/create?person_id=${personId}`);
    await choose(page, 'Result', 'Positive');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Confirmed case').first().waitFor({ timeout: 30_000 });
    await poll(async () => (await sql<{ status: string }>(`select status from public.persons where id = $1`, [personId]))[0].status).toBe('confirmed');
    const [kase] = await sql<{ case_number: string }>(`select case_number from public.cases where person_id = $1 and status = 'active'`, [personId]);
    expect(kase.case_number).toMatch(/^LAB-/);
    await page.goto(`${app.url}/#/lab_results`);
    await page.getByRole('row', { name: new RegExp(name) }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'lab-results-list');
    await page.context().close();
  });
});

/** A minimal XLSX workbook of one sheet (inline strings; `{ date }` cells as Excel date serials, styled as dates). */
function xlsx(rows: Array<Array<string | { date: string }>>): Buffer {
  const column = (i: number) => String.fromCharCode(65 + i);
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const cells = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row
          .map((cell, c) =>
            typeof cell === 'string'
              ? `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escape(cell)}</t></is></c>`
              : `<c r="${column(c)}${r + 1}" s="1"><v>${Date.parse(cell.date) / 86_400_000 + 25_569}</v></c>`,
          )
          .join('')}</row>`,
    )
    .join('');
  const files = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`,
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)]))));
}
