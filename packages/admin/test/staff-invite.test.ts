/**
 * Inviting staff in Chromium against the test stack (the invite-staff edge function in real Deno, our
 * Auth, the inbox): an administrator invites an officer with a district, the invitation arrives in the
 * inbox, its link leads to the console's set-password page, the officer chooses a password, is signed in
 * and sees the officer's menu, and signs in again with it; the link works once. An officer cannot reach
 * the invite page and the function refuses them; a supervisor may invite only officers of their state;
 * bad input shows field errors and creates nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { PermissionError, createSejahteraStaff } from '@sejahtera/sdk/staff';
import { ANON_KEY, API_URL, INBOX_URL } from '@sejahtera/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, DEMO_PASSWORD, expectAccessible, launchChromium, menuEntries, newPage, screenshot, serveConsole, signIn, sql } from './support.ts';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

const OFFICER_MENU = ['#/', '#/announcements', '#/cases', '#/contacts', '#/lab_results', '#/monitoring', '#/persons', '#/report_subscriptions'];

let browser: Browser;
let app: Console;
const invited: string[] = [];

beforeAll(async () => {
  [browser, app] = await Promise.all([launchChromium(), serveConsole()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (invited.length) await sql('delete from auth.users where email = any($1)', [invited]);
});

function newEmail(): string {
  const email = `invited-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@sejahtera.test`;
  invited.push(email);
  return email;
}

async function signedIn(email: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, app.url, email);
  await page.getByText(/^Welcome, /).waitFor();
  return page;
}

async function inbox(to: string): Promise<Array<{ kind: string; link?: string }>> {
  return (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(to)}`)).json();
}

/** Accounts, staff rows and emails for the address. */
async function traces(email: string): Promise<{ accounts: number; staff: number; emails: number }> {
  const [row] = await sql<{ accounts: number; staff: number }>(
    `select (select count(*)::int from auth.users where email = $1) as accounts,
            (select count(*)::int from staff s join auth.users u on u.id = s.user_id where u.email = $1) as staff`,
    [email],
  );
  return { ...row, emails: (await inbox(email)).length };
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: field }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('inviting staff', () => {
  it('an administrator invites an officer with a district; the officer sets a password from the email and sees the officer menu', async () => {
    const email = newEmail();
    const page = await signedIn('admin@sejahtera.test');
    await page.goto(`${app.url}/#/staff`);
    await page.getByRole('link', { name: 'Invite staff member' }).click();
    await page.waitForURL(/#\/staff\/create$/);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="full_name"]').fill('Farid bin Osman');
    await choose(page, 'Role', 'Health officer');
    await choose(page, 'State', 'Selangor');
    await choose(page, 'Districts', 'Petaling');
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'staff-invite-admin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Invitation sent to ${email}.`).waitFor();
    await page.waitForURL(/#\/staff$/);
    // The staff list tells the new member, who has not signed in yet, from those who have.
    const listed = `${app.url}/#/staff?filter=${encodeURIComponent(JSON.stringify({ 'full_name@ilike': 'Farid bin Osman' }))}`;
    await page.goto(listed);
    const row = page.getByRole('row', { name: /Farid bin Osman/ });
    await row.getByText('Invitation not accepted').waitFor();
    await screenshot(page, 'staff-list-pending');

    const [member] = await sql<{ role: string; full_name: string; state_code: string; districts: string[] }>(
      `select s.role, s.full_name, s.state_code, array(select d.name from staff_districts sd join districts d on d.code = sd.district_code where sd.staff_id = s.user_id) as districts
       from staff s join auth.users u on u.id = s.user_id where u.email = $1`,
      [email],
    );
    expect(member).toEqual({ role: 'officer', full_name: 'Farid bin Osman', state_code: 'MY-10', districts: ['Petaling'] });

    let link = '';
    await poll(async () => (link = (await inbox(email)).find((m) => m.kind === 'invite')?.link ?? '')).not.toBe('');
    expect(new URL(link).searchParams.get('redirect_to')).toBe(`${app.url}/#/set-password`);

    // The officer follows the link in a browser of their own.
    const officer = await newPage(browser);
    await officer.goto(link);
    await officer.getByRole('heading', { name: 'Choose your password' }).waitFor();
    // The tokens leave the address bar at once.
    await poll(() => officer.url()).toBe(`${app.url}/#/set-password`);
    await officer.locator('input[name="password"]').fill('Sejahtera2027');
    await officer.locator('input[name="confirmation"]').fill('Sejahtera2028');
    await officer.getByRole('button', { name: 'Save password and sign in' }).click();
    await officer.getByText('The two passwords differ.').waitFor();
    await officer.locator('input[name="password"]').fill('short1');
    await officer.locator('input[name="confirmation"]').fill('short1');
    await officer.getByRole('button', { name: 'Save password and sign in' }).click();
    await officer.getByText('At least 8 characters.').waitFor();
    await expectAccessible(officer, 'staff-set-password');
    await officer.locator('input[name="password"]').fill('Sejahtera2027');
    await officer.locator('input[name="confirmation"]').fill('Sejahtera2027');
    await officer.getByRole('button', { name: 'Save password and sign in' }).click();
    await officer.getByText(/^Welcome, /).waitFor();
    expect(await menuEntries(officer)).toEqual(OFFICER_MENU);
    await screenshot(officer, 'staff-invited-officer-dashboard');

    // The new password signs them in again; the link does not work twice.
    await officer.evaluate(() => localStorage.clear());
    await officer.goto(`${app.url}/#/login`);
    await officer.locator('input[name="email"]').fill(email);
    await officer.locator('input[name="password"]').fill('Sejahtera2027');
    await officer.locator('button[type="submit"]').click();
    await officer.getByText(/^Welcome, /).waitFor();
    expect(await menuEntries(officer)).toEqual(OFFICER_MENU);
    await officer.context().close();

    // Now the administrator's list says when they joined.
    await page.goto(`${app.url}/#/`);
    await page.goto(listed);
    const [{ joined_at }] = await sql<{ joined_at: Date }>(
      `select s.joined_at from staff s join auth.users u on u.id = s.user_id where u.email = $1`,
      [email],
    );
    // Shown in Malaysian time, e.g. "28 Nov 2026, 5:20 am".
    await row.getByText(new Intl.DateTimeFormat('en-MY', { timeZone: 'Asia/Kuala_Lumpur', dateStyle: 'medium' }).format(joined_at)).waitFor();
    expect(await row.getByText('Invitation not accepted').count()).toBe(0);
    await screenshot(page, 'staff-list-joined');
    await page.context().close();

    const again = await newPage(browser);
    await again.goto(link);
    await again.getByText('This link has expired or was already used. Ask your administrator for a new invitation.').waitFor();
    expect(await again.locator('input[name="password"]').count()).toBe(0);
    await again.context().close();
  });

  it('an officer cannot reach the invite page, and the function refuses them', async () => {
    const page = await signedIn('officer@sejahtera.test');
    await page.goto(`${app.url}/#/staff/create`);
    await page.getByText('Access denied').waitFor();
    expect(await page.locator('input[name="email"]').count()).toBe(0);
    await page.context().close();

    const email = newEmail();
    const officer = createSejahteraStaff({ url: API_URL, anonKey: ANON_KEY, auth: { persistSession: false, autoRefreshToken: false } });
    await officer.auth.signInWithPassword({ email: 'officer@sejahtera.test', password: DEMO_PASSWORD });
    const refused = await officer.staff
      .invite({ email, full_name: 'Tidak Dibenarkan', role: 'officer', state_code: 'MY-10', districts: ['MY-10-07'] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionError);
    expect(await traces(email)).toEqual({ accounts: 0, staff: 0, emails: 0 });
  });

  it('a supervisor is offered only officers of their state', async () => {
    const page = await signedIn('supervisor@sejahtera.test');
    await page.goto(`${app.url}/#/staff/create`);
    await page.getByRole('combobox', { name: 'Role' }).click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['Health officer']);
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'State' }).click();
    expect((await page.getByRole('option').allInnerTexts()).filter((t) => t.trim() !== '-')).toEqual(['Selangor']);
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('bad input shows field errors and creates nothing', async () => {
    const page = await signedIn('admin@sejahtera.test');
    await page.goto(`${app.url}/#/staff/create`);
    await page.locator('input[name="email"]').waitFor();

    // Not an email, and the name and role left out: each field says what is wrong.
    await page.locator('input[name="email"]').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.locator('.MuiFormHelperText-root.Mui-error').allInnerTexts()).toEqual(['Not an email address.', 'Required', 'Required']);

    // An officer without a state.
    await page.locator('input[name="full_name"]').fill('Rosli bin Hamid');
    await choose(page, 'Role', 'Health officer');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not an email address.').waitFor();
    await page.getByText('Officers and supervisors need a state.').waitFor();
    await screenshot(page, 'staff-invite-errors');

    // An address that already has an account: the function refuses it, beside the email field.
    await page.locator('input[name="email"]').fill('officer@sejahtera.test');
    await choose(page, 'State', 'Selangor');
    await choose(page, 'Districts', 'Petaling');
    await page.keyboard.press('Escape');
    const before = await traces('officer@sejahtera.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('This address already belongs to a staff member. Change their role or districts in the staff list.').waitFor();
    expect(page.url()).toMatch(/#\/staff\/create$/);
    expect(await traces('officer@sejahtera.test')).toEqual(before);
    expect(await sql(`select 1 from staff where full_name = 'Rosli bin Hamid'`)).toEqual([]);
    await page.context().close();
  });
});
