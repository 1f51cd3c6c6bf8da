/**
 * The console in Chromium against the test stack: staff-only sign-in, menus by role, the persons
 * list's search and filters, a person's page and its audit row, accessibility and Malay.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, expectAccessible, launchChromium, menuEntries, newPage, serveConsole, signIn, sql } from './support.ts';

/** expect.poll with room for a busy machine (its default gives up after one second). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });

let browser: Browser;
let app: Console;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchChromium(), serveConsole()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

describe('sign-in and menus by role', () => {
  const cases: Array<{ email: string; menu: string[]; name: string }> = [
    {
      email: 'officer@sejahtera.test',
      menu: ['#/', '#/announcements', '#/cases', '#/contacts', '#/lab_results', '#/monitoring', '#/persons', '#/report_subscriptions'],
      name: 'officer',
    },
    {
      email: 'supervisor@sejahtera.test',
      menu: ['#/', '#/announcements', '#/cases', '#/contacts', '#/lab_results', '#/monitoring', '#/persons', '#/report_subscriptions', '#/staff'],
      name: 'supervisor',
    },
    {
      email: 'admin@sejahtera.test',
      menu: [
        '#/',
        '#/announcements',
        '#/audit_log',
        '#/cases',
        '#/contacts',
        '#/feedback_tickets',
        '#/lab_results',
        '#/monitoring',
        '#/persons',
        '#/questionnaires',
        '#/report_subscriptions',
        '#/rule_sets',
        '#/staff',
      ],
      name: 'admin',
    },
    // Aggregates only: the dashboard and their own daily report subscriptions.
    { email: 'analyst@sejahtera.test', menu: ['#/', '#/report_subscriptions'], name: 'analyst' },
    // The call centre's tickets only.
    { email: 'agent@sejahtera.test', menu: ['#/feedback_tickets'], name: 'agent' },
  ];

  for (const { email, menu, name } of cases) {
    it(`the ${name} signs in and sees only their menu`, async () => {
      const page = await newPage(browser);
      await signIn(page, app.url, email);
      await page.getByText(/^Welcome, /).waitFor();
      expect(await menuEntries(page)).toEqual(menu);
      await expectAccessible(page, `dashboard-${name}`);
      await closePage(page);
    });
  }

  it('the analyst is refused the persons list even by its address', async () => {
    const page = await newPage(browser);
    await signIn(page, app.url, 'analyst@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.goto(`${app.url}/#/persons`);
    await page.getByText('Access denied').waitFor();
    expect(await page.locator('table').count()).toBe(0);
    await closePage(page);
  });

  it('the call-centre agent signs in without the persons or the dashboard in the menu', async () => {
    const page = await newPage(browser);
    await signIn(page, app.url, 'agent@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    const links = await page.locator('.RaMenu-open a, .RaMenu-closed a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).not.toContain('#/persons');
    expect(links).not.toContain('#/');
    // The landing page greets the agent without the dashboard's jurisdiction or figures.
    await page.getByText('Role: Call-centre agent').waitFor();
    expect(await page.getByText(/^Jurisdiction/).count()).toBe(0);
    await closePage(page);
  });

  it('a public account is refused with a message and signed out', async () => {
    const page = await newPage(browser);
    await signIn(page, app.url, 'aminah@sejahtera.test');
    await page.getByText('This console is for health staff only.', { exact: false }).waitFor();
    expect(page.url()).toContain('#/login');
    // Signed out: no session is kept, and reloading stays on the sign-in page.
    const session = await page.evaluate(() => localStorage.getItem('sejahtera-console-auth'));
    expect(session).toBeNull();
    await page.reload();
    await page.locator('input[name="email"]').waitFor();
    await expectAccessible(page, 'sign-in-refused');
    await closePage(page);
  });

  it('a wrong password is told as such', async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/#/login`);
    await page.locator('input[name="email"]').fill('officer@sejahtera.test');
    await page.locator('input[name="password"]').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    await page.getByText('Wrong email or password.').waitFor();
    await closePage(page);
  });
});

describe('persons', () => {
  it('an officer searches by name and by phone, filters by status, and sees only their districts', async () => {
    const page = await newPage(browser);
    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.goto(`${app.url}/#/persons`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    const visible = await sql<{ count: string }>(
      `select count(*) from persons p where p.district_code in (
         select sd.district_code from staff_districts sd join auth.users u on u.id = sd.staff_id where u.email = 'officer@sejahtera.test')`,
    );
    await poll(() => page.getByText(new RegExp(`of ${visible[0].count}$`)).count()).toBe(1);

    const search = page.getByPlaceholder('Name, phone or last digits of ID');
    const names = async () => (await rows.allInnerTexts()).map((text) => text.split('\t')[0].trim());
    await search.fill('Mohd Faizal');
    await poll(names).toEqual(['Mohd Faizal bin Rahman', 'Muhammad Adam bin Mohd Faizal']);

    // A phone number as people write it locally.
    await search.fill('011-2000 0003');
    await poll(names).toEqual(['Mohd Faizal bin Rahman']);

    // The masked identity number's last four digits.
    await search.fill('5042');
    await poll(names).toEqual(['Tan Mei Ling']);

    // Characters that mean something to PostgREST are only text.
    await search.fill('Tan),status.eq.pui,(x');
    await page.getByText('No Persons found', { exact: false }).waitFor();

    // A person outside the officer's districts is not found.
    const [outside] = await sql<{ full_name: string }>(`select full_name from persons where district_code like 'MY-01-%' order by full_name limit 1`);
    await search.fill(outside.full_name);
    await page.getByText('No Persons found', { exact: false }).waitFor();

    await search.fill('');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'PUI' }).click();
    const puis = await sql<{ count: string }>(
      `select count(*) from persons p where p.status = 'pui' and p.district_code in (
         select sd.district_code from staff_districts sd join auth.users u on u.id = sd.staff_id where u.email = 'officer@sejahtera.test')`,
    );
    await poll(() => rows.count()).toBe(Number(puis[0].count));
    for (const text of await rows.allInnerTexts()) expect(text).toContain('PUI');
    await expectAccessible(page, 'persons-list-officer');
    await closePage(page);
  });

  it("an officer opens a person's page, which shows the record and writes an audit row", async () => {
    const [person] = await sql<{ id: string }>(`select id from persons where full_name = 'Mohd Faizal bin Rahman'`);
    const [officer] = await sql<{ id: string }>(`select id from auth.users where email = 'officer@sejahtera.test'`);
    const before = await sql<{ count: string }>(
      `select count(*) from audit_log where action = 'read' and table_name = 'persons' and person_id = $1 and actor_id = $2`,
      [person.id, officer.id],
    );
    const page = await newPage(browser);
    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.goto(`${app.url}/#/persons`);
    await page.getByPlaceholder('Name, phone or last digits of ID').fill('Mohd Faizal bin Rahman');
    await poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.locator('tbody tr').first().click();
    await page.waitForURL(new RegExp(`#/persons/${person.id}/show$`));
    const cases = page.getByRole('region', { name: 'Cases' });
    await cases.locator('tbody tr').first().waitFor();
    const [caseRow] = await sql<{ case_number: string }>(`select case_number from cases where person_id = $1`, [person.id]);
    expect(await cases.innerText()).toContain(caseRow.case_number);
    await page.getByRole('region', { name: 'Status history' }).getByText('Confirmed case').first().waitFor();
    expect(await page.getByRole('region', { name: 'Assessments' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Lab results' }).waitFor();

    const after = await sql<{ count: string; role: string }>(
      `select count(*), max(actor_role) as role from audit_log where action = 'read' and table_name = 'persons' and person_id = $1 and actor_id = $2`,
      [person.id, officer.id],
    );
    expect(Number(after[0].count)).toBeGreaterThan(Number(before[0].count));
    expect(after[0].role).toBe('officer');
    await expectAccessible(page, 'person-show-officer');
    await closePage(page);
  });

  it("a person outside the officer's districts is refused by address, and the officer stays signed in", async () => {
    const [outside] = await sql<{ id: string }>(`select id from persons where district_code like 'MY-01-%' order by full_name limit 1`);
    const page = await newPage(browser);
    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.goto(`${app.url}/#/persons/${outside.id}/show`);
    await page.getByText('no such person in your jurisdiction', { exact: false }).waitFor();
    expect(page.url()).not.toContain('#/login');
    await closePage(page);
  });
});

describe('themes', () => {
  it('switches to the dark theme, still accessible', async () => {
    const page = await newPage(browser);
    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.goto(`${app.url}/#/persons`);
    await page.locator('tbody tr').first().waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Toggle light/dark mode' }).click();
    await poll(background).not.toBe(light);
    await expectAccessible(page, 'persons-list-dark');
    await closePage(page);
  });
});

describe('Malay', () => {
  it('switches to Malay on the sign-in page and in the console', async () => {
    const page = await newPage(browser, 'en-US');
    await page.goto(`${app.url}/#/login`);
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('menuitem', { name: 'Bahasa Melayu' }).click();
    await page.getByText('Log masuk', { exact: true }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ms');
    await page.locator('input[name="email"]').fill('aminah@sejahtera.test');
    await page.locator('input[name="password"]').fill('Sejahtera-dev-2026');
    await page.locator('button[type="submit"]').click();
    await page.getByText('Konsol ini untuk kakitangan kesihatan sahaja.', { exact: false }).waitFor();

    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Selamat datang, /).waitFor();
    await page.goto(`${app.url}/#/persons`);
    await page.getByPlaceholder('Nama, telefon atau digit akhir ID').waitFor();
    await page.getByRole('columnheader', { name: 'Nama' }).waitFor();
    await expectAccessible(page, 'persons-list-ms');
    await closePage(page);
  });

  it('a browser asking for Malay gets Malay first', async () => {
    const page = await newPage(browser, 'ms-MY');
    await page.goto(`${app.url}/#/login`);
    await page.getByText('Untuk pegawai kesihatan', { exact: false }).waitFor();
    await closePage(page);
  });
});
