/**
 * The account's own pages end to end, in Chromium, against the test stack: a forgotten password reset by
 * phone (a code by SMS) and by email (a code by email), without telling who has an account; the profile
 * edited, with field messages in the reader's language; the subject-access export downloaded; the web
 * app manifest, and the offline page the service worker keeps; web push through Firebase's own SDK, with
 * only Google's servers and the browser's push service stood in for; and expired sessions sent to
 * sign-in and back. axe-core checks each page; screenshots at 390 and 1280 px go to test/screenshots.
 */
import { createECDH, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createClient } from '@supabase/supabase-js';
import { createSejahtera } from '@sejahtera/sdk';
import { ANON_KEY, API_URL, INBOX_URL, SERVICE_ROLE_KEY } from '@sejahtera/stack/testing';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Site, expectAccessible, launchChromium, newPhone, newUserWithProfile, newVisitor, open, personAddress, signIn, startSite } from './support.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface InboxMessage {
  kind: string;
  code?: string;
  link?: string;
  createdAt: string;
}

/** The messages sent to `to` (a phone or an email), newest first. */
async function inbox(to: string): Promise<InboxMessage[]> {
  return (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(to)}`)).json() as Promise<InboxMessage[]>;
}

/** The code of the newest message of `kind` to `to` sent after `after`, waiting for it to arrive. */
async function codeSentTo(to: string, kind: string, after: Date): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const found = (await inbox(to)).find((m) => m.kind === kind && m.code && Date.parse(m.createdAt) >= after.getTime());
    if (found?.code) return found.code;
    await sleep(100);
  }
  throw new Error(`No ${kind} code to ${to} arrived in the inbox`);
}

/** Auth sends one account at most one SMS code per 5 s (config.toml's sms.max_frequency); waits out the sign-up's. */
async function afterSmsInterval(since: number): Promise<void> {
  await sleep(Math.max(0, since + 5_500 - Date.now()));
}

/** An account registered by email (Auth confirms emails at once in this project), with a profile. */
async function newEmailUser(fullName: string): Promise<{ email: string; password: string }> {
  const email = `reset-${randomUUID().slice(0, 8)}@sejahtera.test`;
  const password = 'Sejahtera2020';
  const sejahtera = createSejahtera({ client: createClient(API_URL, ANON_KEY, { auth: { persistSession: false }, global: { headers: { 'X-Forwarded-For': personAddress() } } }) });
  const { error } = await sejahtera.supabase.auth.signUp({ email, password });
  if (error) throw error;
  await sejahtera.profile.register({ full_name: fullName, preferred_language: 'ms' });
  return { email, password };
}

/** Whether these credentials sign in, through the SDK as any app would. */
async function signsIn(credentials: { phone: string; password: string } | { email: string; password: string }): Promise<boolean> {
  try {
    await createSejahtera({ url: API_URL, anonKey: ANON_KEY, headers: { 'X-Forwarded-For': personAddress() } }).auth.signInWithPassword(credentials);
    return true;
  } catch {
    return false;
  }
}

async function submit(page: Page, action: string): Promise<void> {
  await page.locator(`form[action="${action}"] button[type=submit]`).click();
}

describe('change password', () => {
  test('a signed-in user changes the password after giving the current one; a wrong current one changes nothing; other sessions end', async () => {
    const user = await newUserWithProfile('Hafiz bin Razak', 'en');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile`);
    await Promise.all([page.waitForURL('**/profile/password'), page.getByRole('link', { name: 'Change password' }).click()]);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await expect(page.locator('h1').textContent()).resolves.toBe('Change your password');
    await expectAccessible(page, 'change-password-en');

    // Nothing typed: both fields say so; a weak new one is refused before the current one is checked.
    await submit(page, '?/save');
    await expect(page.locator('#field-current_password-error').textContent()).resolves.toBe('This field is required.');
    await expect(page.locator('#field-password-error').textContent()).resolves.toBe('This field is required.');
    await page.locator('input[name=current_password]').fill(user.password);
    await page.locator('input[name=password]').fill('nodigits-here');
    await submit(page, '?/save');
    // The answer replaces the errors shown: wait for its words.
    await page.locator('#field-password-error', { hasText: 'letter' }).waitFor();
    await expect(page.locator('#field-password-error').textContent()).resolves.toBe('Include at least one letter and one digit.');
    await expect(page.locator('#field-current_password-error').count()).resolves.toBe(0);

    // A wrong current password: refused at its field, the password unchanged.
    await page.locator('input[name=current_password]').fill('Not-the-password-1');
    await page.locator('input[name=password]').fill('Changed-passw0rd');
    await submit(page, '?/save');
    await page.locator('#field-current_password-error').waitFor();
    await expect(page.locator('#field-current_password-error').textContent()).resolves.toBe('This is not your current password.');
    await expectAccessible(page, 'change-password-error-en');
    expect(await signsIn({ phone: user.phone, password: user.password })).toBe(true);
    expect(await signsIn({ phone: user.phone, password: 'Changed-passw0rd' })).toBe(false);

    // The right one: changed, this browser still signed in, the SDK's own session (another device) ended.
    await page.locator('input[name=current_password]').fill(user.password);
    await page.locator('input[name=password]').fill('Changed-passw0rd');
    await Promise.all([page.waitForURL(`${site.url}/profile`), submit(page, '?/save')]);
    await expect(page.locator('p[role=status]').first().textContent()).resolves.toContain('Your password was changed.');
    expect(await signsIn({ phone: user.phone, password: 'Changed-passw0rd' })).toBe(true);
    expect(await signsIn({ phone: user.phone, password: user.password })).toBe(false);
    expect((await user.sejahtera.supabase.auth.refreshSession()).error).not.toBeNull();
    await open(page, `${site.url}/`);
    await expect(page.locator('article.status-card').count()).resolves.toBe(1);
    await context.close();
  });
});

describe('password reset', () => {
  test('a phone account gets a code by SMS, chooses a new password and ends signed in with it', async () => {
    const since = Date.now();
    const user = await newUserWithProfile('Farah binti Kamal', 'en');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await open(page, `${site.url}/sign-in`);
    await Promise.all([page.waitForURL('**/forgot-password'), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await expectAccessible(page, 'forgot-password-en');

    await afterSmsInterval(since);
    const asked = new Date();
    await page.locator('input[name=identifier]').fill(`0${user.phone.slice(3)}`);
    await submit(page, '?/request');
    await page.locator('input[name=code]').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Choose a new password');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(`If an account is registered with ${user.phone}, we have sent it a 6-digit code by SMS.`);
    await expectAccessible(page, 'forgot-password-code-en');
    const code = await codeSentTo(user.phone, 'sms_otp', asked);

    // A wrong code: said at the code, the password not changed.
    await page.locator('input[name=code]').fill(code === '000000' ? '111111' : '000000');
    await page.locator('input[name=password]').fill('Brand-new-2026');
    await submit(page, '?/reset');
    await expect(page.locator('#field-code-error').textContent()).resolves.toContain('The code is wrong or has expired.');
    // A weak password: refused before the code is used, so the same code still works after.
    await page.locator('input[name=code]').fill(code);
    await page.locator('input[name=password]').fill('short');
    await submit(page, '?/reset');
    await expect(page.locator('#field-password-error').textContent()).resolves.toContain('Use at least 8 characters.');
    await expect(page.locator('input[name=code]').inputValue()).resolves.toBe(code);
    await expectAccessible(page, 'forgot-password-errors-en');
    expect(await signsIn({ phone: user.phone, password: user.password })).toBe(true);

    await page.locator('input[name=password]').fill('Brand-new-2026');
    await Promise.all([page.waitForURL(`${site.url}/`), submit(page, '?/reset')]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your password was changed. You are signed in.');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1);

    expect(await signsIn({ phone: user.phone, password: user.password })).toBe(false);
    expect(await signsIn({ phone: user.phone, password: 'Brand-new-2026' })).toBe(true);
    // Whoever was signed in elsewhere (here the SDK client that made the account) is signed out; this browser is not.
    await expect(user.sejahtera.auth.user()).rejects.toMatchObject({ name: 'AuthError' });
    await open(page, `${site.url}/profile`);
    expect(new URL(page.url()).pathname).toBe('/profile');
    await context.close();
  });

  test('an email account gets its code by email, in Malay and without JavaScript', async () => {
    const user = await newEmailUser('Siti binti Omar');
    const context = await newVisitor(browser, 'ms-MY', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/forgot-password`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Tetapkan semula kata laluan');
    const asked = new Date();
    await page.locator('input[name=identifier]').fill(user.email.toUpperCase());
    await Promise.all([page.waitForNavigation(), submit(page, '?/request')]);
    await expect(page.locator('p[role=status]').textContent()).resolves.toContain(`Jika ada akaun yang didaftarkan dengan ${user.email.toUpperCase()}`);
    const code = await codeSentTo(user.email, 'recovery', asked);

    await page.locator('input[name=code]').fill(code);
    await page.locator('input[name=password]').fill('tiadadigit');
    await Promise.all([page.waitForNavigation(), submit(page, '?/reset')]);
    await expect(page.locator('#field-password-error').textContent()).resolves.toBe('Sertakan sekurang-kurangnya satu huruf dan satu digit.');
    await expect(page.locator('input[name=code]').inputValue()).resolves.toBe(code);

    await page.locator('input[name=password]').fill('Kata-laluan-2026');
    await Promise.all([page.waitForURL(`${site.url}/`), submit(page, '?/reset')]);
    await expect(page.locator('p[role=status]').first().textContent()).resolves.toContain('Kata laluan anda telah ditukar.');
    expect(await signsIn({ email: user.email, password: 'Kata-laluan-2026' })).toBe(true);
    expect(await signsIn({ email: user.email, password: user.password })).toBe(false);
    await context.close();
  });

  test('the email\'s link, opened in the browser that asked, leads to choosing a new password, signed in', async () => {
    const user = await newEmailUser('Mei Ling binti Abdullah');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await open(page, `${site.url}/forgot-password`);
    const asked = new Date();
    await page.locator('input[name=identifier]').fill(user.email);
    await submit(page, '?/request');
    await page.locator('input[name=code]').waitFor();
    await codeSentTo(user.email, 'recovery', asked);
    const [{ link }] = (await inbox(user.email)).filter((m) => m.kind === 'recovery');

    // Auth sends links only to the addresses its config allows, else to its site_url; a deployment lists
    // the site's, but the test site's port is a new one each run: its site_url stands for this site here.
    await context.route(/^http:\/\/127\.0\.0\.1:5173[/?]/, (route) =>
      route.fulfill({ status: 303, headers: { location: `${site.url}/reset-password${new URL(route.request().url()).search}` } }),
    );
    await page.goto(link!);
    await page.waitForURL(`${site.url}/reset-password`);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await expect(page.locator('h1').textContent()).resolves.toBe('Choose a new password');
    await expectAccessible(page, 'reset-password-en');

    await page.locator('input[name=password]').fill(user.password);
    await submit(page, '?/save');
    await expect(page.locator('#field-password-error').textContent()).resolves.toBe('Choose a password different from your old one.');
    await page.locator('input[name=password]').fill('From-the-link-2026');
    await Promise.all([page.waitForURL(`${site.url}/`), submit(page, '?/save')]);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your password was changed.');
    expect(await signsIn({ email: user.email, password: 'From-the-link-2026' })).toBe(true);

    // A link whose code is spent (or opened in another browser) says so, and leads back to asking for a code.
    const elsewhere = await newVisitor(browser, 'en-US');
    const other = await elsewhere.newPage();
    await open(other, `${site.url}/reset-password?code=${randomUUID()}`);
    await expect(other.getByRole('alert').textContent()).resolves.toContain('The link is wrong or has expired.');
    await expect(other.locator('input[name=password]').count()).resolves.toBe(0);
    await expectAccessible(other, 'reset-password-expired-en');
    await elsewhere.close();
    await context.close();
  });

  test('the answer is the same whether or not an account has the number or email, and nothing is sent to no one', async () => {
    const since = Date.now();
    const known = await newUserWithProfile('Lim Wei Ling', 'en');
    const { email: knownEmail } = await newEmailUser('Kavitha a/p Raman');
    const unknownPhone = newPhone();
    const unknownEmail = `nobody-${randomUUID().slice(0, 8)}@sejahtera.test`;
    await afterSmsInterval(since);
    const asked = new Date();

    const answers: Array<{ status: number; said: string }> = [];
    // The known number twice: the second likely within Auth's 5 s between codes, whose refusal would tell
    // who has an account (whether it was within is up to this machine's speed: the answer must not differ).
    for (const identifier of [known.phone, unknownPhone, known.phone, knownEmail, unknownEmail]) {
      const context = await newVisitor(browser, 'en-US');
      const page = await context.newPage();
      await open(page, `${site.url}/forgot-password`);
      await page.locator('input[name=identifier]').fill(identifier);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('?/request')), submit(page, '?/request')]);
      await page.locator('input[name=code]').waitFor();
      const said = (await page.locator('p[role=status]').textContent()) ?? '';
      answers.push({ status: response.status(), said: said.replace(identifier, '<who>') });
      await context.close();
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[4]).toEqual(answers[3]);
    // The known ones got their codes; no one else got anything.
    await codeSentTo(known.phone, 'sms_otp', asked);
    await codeSentTo(knownEmail, 'recovery', asked);
    await expect(inbox(unknownPhone)).resolves.toEqual([]);
    await expect(inbox(unknownEmail)).resolves.toEqual([]);
  });

  test('bad input gets a message at the field in the page\'s language, keeping what was typed', async () => {
    for (const [language, typed, message] of [
      ['ms-MY', '12345', 'Masukkan nombor telefon bimbit Malaysia'],
      ['en-US', 'name@', 'Enter an email address, e.g. name@example.com.'],
      ['en-US', '+6591234567', 'Enter a Malaysian mobile number'],
    ] as const) {
      const context = await newVisitor(browser, language);
      const page = await context.newPage();
      await open(page, `${site.url}/forgot-password`);
      await page.locator('input[name=identifier]').fill(typed);
      await submit(page, '?/request');
      await expect(page.locator('#field-identifier-error').textContent()).resolves.toContain(message);
      await expect(page.locator('input[name=identifier]').inputValue()).resolves.toBe(typed);
      await expect(page.locator('input[name=identifier]').getAttribute('aria-invalid')).resolves.toBe('true');
      if (language === 'ms-MY') await expectAccessible(page, 'forgot-password-error-ms');
      await context.close();
    }
  });
});

describe('profile', () => {
  test('wrong input is refused per field in the reader\'s language, keeping what was typed and storing nothing (without JavaScript)', async () => {
    const user = await newUserWithProfile('Nurul Huda binti Ismail', 'ms');
    const before = await user.sejahtera.profile.get();
    const context = await newVisitor(browser, 'ms-MY', { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password, { javaScript: false });
    await page.goto(`${site.url}/profile`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Kemas kini profil' }).click()]);
    await expect(page.locator('input[name=full_name]').inputValue()).resolves.toBe('Nurul Huda binti Ismail');

    await page.locator('input[name=full_name]').fill('Nurul Huda binti Ismail Yusof');
    await page.locator('input[name=phone]').fill('telefon saya');
    await page.locator('input[name=identity_number]').fill('901301-14-1234');
    await page.locator('input[name=postcode]').fill('123');
    await page.locator('input[name=reminder_time]').fill('20:30');
    await Promise.all([page.waitForNavigation(), submit(page, '?/save')]);

    await expect(page.getByRole('alert').textContent()).resolves.toContain('Sila betulkan medan yang ditanda di bawah.');
    await expect(page.locator('#field-phone-error').textContent()).resolves.toContain('Masukkan nombor telefon');
    await expect(page.locator('#field-identity_number-error').textContent()).resolves.toContain('Enam digit pertama nombor MyKad ialah tarikh lahir');
    await expect(page.locator('#field-postcode-error').textContent()).resolves.toContain('Poskod mempunyai 5 digit.');
    await expect(page.locator('input[name=full_name]').inputValue()).resolves.toBe('Nurul Huda binti Ismail Yusof');
    await expect(page.locator('input[name=phone]').inputValue()).resolves.toBe('telefon saya');
    await expect(page.locator('input[name=reminder_time]').inputValue()).resolves.toBe('20:30');
    await expect(user.sejahtera.profile.get()).resolves.toEqual(before);
    await context.close();
  });

  test('a profile is edited (name, contact phone, identity document, language, reminder time) and the site follows the new language', async () => {
    const user = await newUserWithProfile('Ahmad bin Razak', 'ms');
    const passport = `a${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const context = await newVisitor(browser, 'ms-MY');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile/edit`);
    await expectAccessible(page, 'profile-edit-ms');

    await page.locator('input[name=full_name]').fill('Ahmad bin Abdul Razak');
    await page.locator('input[name=phone]').fill('03-2345 6789');
    await page.locator('select[name=identity_type]').selectOption('passport');
    await page.locator('input[name=identity_number]').fill(passport);
    await page.locator('input[name=nationality]').fill('sg');
    await page.locator('input[name=postcode]').fill('50480');
    await page.getByRole('radio', { name: 'English' }).check();
    await page.locator('input[name=reminder_time]').fill('20:30');
    await Promise.all([page.waitForURL(`${site.url}/profile`), submit(page, '?/save')]);

    await expect(page.getByRole('status').first().textContent()).resolves.toBe('Your profile was saved.');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    const stored = await user.sejahtera.profile.get();
    const facts = (await page.locator('dl.facts').textContent())?.replace(/\s+/g, ' ');
    for (const shown of ['Ahmad bin Abdul Razak', `Passport ${stored?.identity_masked}`, '+60323456789', '50480', 'English', '20:30']) expect(facts).toContain(shown);
    await expectAccessible(page, 'profile-en');
    expect(stored).toMatchObject({
      full_name: 'Ahmad bin Abdul Razak',
      phone: '+60323456789',
      identity_type: 'passport',
      nationality: 'SG',
      postcode: '50480',
      preferred_language: 'en',
      reminder_time: '20:30:00',
    });
    // Passports are shown by their first letter and last two characters.
    expect(stored?.identity_masked).toBe(`A*****${passport.slice(-2)}`);

    // An optional field emptied is removed; the document's empty box keeps the stored one.
    await open(page, `${site.url}/profile/edit`);
    await page.locator('input[name=postcode]').fill('');
    await Promise.all([page.waitForURL(`${site.url}/profile`), submit(page, '?/save')]);
    await expect(user.sejahtera.profile.get()).resolves.toMatchObject({ postcode: null, phone: '+60323456789', identity_masked: stored?.identity_masked });
    await context.close();
  });
});

describe('download my data', () => {
  test('the export of oneself and one\'s dependents downloads as a JSON file', async () => {
    const user = await newUserWithProfile('Rosnah binti Ali', 'en');
    await user.sejahtera.dependents.add({ full_name: 'Adam bin Hafiz', relationship: 'child', date_of_birth: '2019-05-09' });
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile`);
    await Promise.all([page.waitForURL('**/my-data'), page.getByRole('link', { name: 'Download my data' }).click()]);
    await expectAccessible(page, 'my-data-en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sejahtera-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const text = JSON.stringify(exported);
    expect(text).toContain('Rosnah binti Ali');
    expect(text).toContain('Adam bin Hafiz');
    // The same document the SDK gives the account (generated_at aside): nothing added, nothing left out.
    const direct = await user.sejahtera.privacy.exportMyData();
    expect(Object.keys(exported).sort()).toEqual(Object.keys(direct).sort());
    await context.close();
  });

  test('another visitor, signed out, gets the sign-in page and no file', async () => {
    const response = await fetch(`${site.url}/my-data/export`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?redirectTo=%2Fmy-data%2Fexport');
  });
});

describe('installable and offline', () => {
  test('the manifest names the app, its colours, start and icons', async () => {
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await open(page, `${site.url}/sign-in`);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await fetch(new URL(href!, site.url))).json();
    expect(manifest).toMatchObject({ name: 'Sejahtera', start_url: '/', display: 'standalone', theme_color: '#0b4f8a' });
    const sizes = [];
    for (const icon of manifest.icons as Array<{ src: string; sizes: string; type: string }>) {
      const response = await fetch(new URL(icon.src, site.url));
      expect(response.headers.get('content-type'), icon.src).toBe(icon.type);
      sizes.push(icon.sizes);
    }
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await context.close();
  });

  test('with no connection, a page opens as the offline page, in both languages; back online, the page itself', async () => {
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await open(page, `${site.url}/sign-in`);
    // The service worker installs (the shell and the offline page cached) and takes this page over.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

    await context.setOffline(true);
    await page.goto(`${site.url}/register`);
    await expect(page.locator('h1').textContent()).resolves.toBe('You are offline');
    await expect(page.locator('[lang=ms] h2').textContent()).resolves.toBe('Anda di luar talian');
    // Styled from the cache: the shell's stylesheet applies.
    await expect(page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor)).resolves.toBe('rgb(11, 79, 138)');
    await expectAccessible(page, 'offline-en');

    await context.setOffline(false);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Try again/ }).click()]);
    expect(new URL(page.url()).pathname).toBe('/register');
    await expect(page.locator('h1').textContent()).resolves.toBe('Register');
    await context.close();
  });

  test('signed in, a link followed without a connection shows the offline page, and no page with personal data is kept', async () => {
    const user = await newUserWithProfile('Hafizah binti Said', 'ms');
    const context = await newVisitor(browser, 'ms-MY');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

    await context.setOffline(true);
    // A client-side navigation: SvelteKit cannot fetch the page's data, loads the page in full, and gets the offline page.
    await page.getByRole('navigation').getByRole('link', { name: 'Status saya' }).click();
    await page.locator('h1', { hasText: 'Anda di luar talian' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessible(page, 'offline-ms');

    const kept = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      return paths;
    });
    expect(kept).toContain('/offline');
    expect(kept.filter((path) => !path.startsWith('/_app/') && !/\.(png|svg|webmanifest)$/.test(path))).toEqual(['/offline']);
    await context.close();
  });
});

describe('web push', () => {
  /** Whether any script the page loaded holds Firebase Messaging. */
  function watchForFirebase(page: Page): () => Promise<boolean> {
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''));
    });
    return async () => (await Promise.all(scripts)).some((source) => source.includes('fcmregistrations.googleapis.com'));
  }

  test('a push FCM delivers is shown by the site\'s service worker, opening only pages of this site', async () => {
    const context = await newVisitor(browser, 'en-US');
    await context.grantPermissions(['notifications'], { origin: site.url });
    const page = await context.newPage();
    await open(page, `${site.url}/sign-in`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    // Chromium's DevTools protocol delivers a push message to the worker as the push service would.
    const cdp = await context.newCDPSession(page);
    const registered = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${site.url}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registered;
    const deliver = (message: object) => cdp.send('ServiceWorker.deliverPushMessage', { origin: site.url, registrationId, data: JSON.stringify(message) });
    const shown = async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, link: (n.data as { link: string }).link })),
      );
    // One at a time, each shown before the next is sent: two deliveries racing the worker's start-up on a
    // loaded machine once left one of them unshown.
    await deliver({ notification: { title: 'Status berubah', body: 'Status anda kini Kontak rapat.' }, data: { link: '/notifications' }, from: '123456789012' });
    await expect.poll(shown, { timeout: 15_000 }).toHaveLength(1);
    await deliver({ notification: { title: 'Elsewhere' }, fcmOptions: { link: 'https://example.com/phish' } });
    await expect.poll(shown, { timeout: 15_000 }).toHaveLength(2);
    expect(await shown()).toEqual(
      expect.arrayContaining([
        { title: 'Status berubah', body: 'Status anda kini Kontak rapat.', link: '/notifications' },
        { title: 'Elsewhere', body: '', link: '/' },
      ]),
    );
    await cdp.detach();
    await context.close();
  });

  test('without FCM settings the control is not offered and no Firebase code is loaded', async () => {
    const user = await newUserWithProfile('Tan Mei Ling', 'en');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    const loadedFirebase = watchForFirebase(page);
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile`);
    await page.locator('h1').waitFor();
    await expect(page.getByRole('button', { name: 'Turn on notifications' }).count()).resolves.toBe(0);
    await expect(loadedFirebase()).resolves.toBe(false);
    await context.close();
  });

  test('with FCM settings, turning notifications on registers this browser\'s FCM token through the SDK, and signing out unregisters it', async () => {
    // A real P-256 key pair's public half, as the Firebase console gives a web push certificate.
    const vapidKey = createECDH('prime256v1').generateKeys().toString('base64url');
    const pushSite = await startSite({
      PUBLIC_FIREBASE_API_KEY: 'test-api-key',
      PUBLIC_FIREBASE_PROJECT_ID: 'sejahtera-test',
      PUBLIC_FIREBASE_MESSAGING_SENDER_ID: '123456789012',
      PUBLIC_FIREBASE_APP_ID: '1:123456789012:web:0123456789abcdef',
      PUBLIC_FIREBASE_VAPID_KEY: vapidKey,
    });
    try {
      const user = await newUserWithProfile('Siva a/l Muthu', 'en');
      const context = await newVisitor(browser, 'en-US');
      await context.grantPermissions(['notifications'], { origin: pushSite.url });
      // The browser's push service (Google's, for Chromium) is out of reach: the subscription it would give.
      await context.addInitScript(() => {
        const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256).buffer;
        const subscription = {
          endpoint: 'https://fcm.googleapis.com/fcm/send/test-endpoint',
          expirationTime: null,
          options: { userVisibleOnly: true },
          getKey: (name: string) => (name === 'p256dh' ? bytes(65) : bytes(16)),
          toJSON: () => ({}),
          unsubscribe: async () => true,
        };
        let subscribed: unknown = null;
        PushManager.prototype.getSubscription = async () => subscribed as PushSubscription | null;
        PushManager.prototype.subscribe = async () => {
          subscribed = subscription;
          return subscription as unknown as PushSubscription;
        };
      });
      const page = await context.newPage();
      const loadedFirebase = watchForFirebase(page);
      // Google's servers are out of reach too: Firebase Installations and FCM registration answer as they would.
      const toGoogle: Request[] = [];
      const fcmToken = `fcm-web-${randomUUID()}`;
      await context.route(/googleapis\.com/, async (route) => {
        const request = route.request();
        toGoogle.push(request);
        const url = new URL(request.url());
        if (url.hostname === 'firebaseinstallations.googleapis.com') {
          const { fid } = request.postDataJSON() as { fid: string };
          return route.fulfill({ json: { name: `projects/sejahtera-test/installations/${fid}`, fid, refreshToken: 'refresh', authToken: { token: 'fis-auth', expiresIn: '604800s' } } });
        }
        if (url.hostname === 'fcmregistrations.googleapis.com' && request.method() === 'POST') return route.fulfill({ json: { token: fcmToken } });
        return route.fulfill({ status: 404, json: { error: { code: 404, message: 'not stood in for' } } });
      });

      await signIn(page, pushSite, user.phone, user.password);
      await open(page, `${pushSite.url}/profile`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
      // Firebase is not loaded until someone asks for notifications.
      await expect(loadedFirebase()).resolves.toBe(false);
      await expectAccessible(page, 'profile-push-en');
      await page.getByRole('button', { name: 'Turn on notifications' }).click();
      await page.getByRole('status').filter({ hasText: 'Notifications are on for this device.' }).waitFor();
      await expect(loadedFirebase()).resolves.toBe(true);
      // Coming back, the page knows this browser's notifications are on.
      await open(page, `${pushSite.url}/profile`);
      await page.getByRole('status').filter({ hasText: 'Notifications are on for this device.' }).waitFor();
      await expect(page.getByRole('button', { name: 'Turn on notifications' }).count()).resolves.toBe(0);

      // What FCM would have received: this site's VAPID key and the push subscription, under our project.
      const registration = toGoogle.find((r) => r.url() === 'https://fcmregistrations.googleapis.com/v1/projects/sejahtera-test/registrations');
      expect(registration?.postDataJSON()).toMatchObject({ web: { endpoint: 'https://fcm.googleapis.com/fcm/send/test-endpoint', applicationPubKey: vapidKey } });
      expect(registration?.headers()['x-goog-api-key']).toBe('test-api-key');

      const admin = createClient(API_URL, SERVICE_ROLE_KEY, { auth: { persistSession: false } });
      const { data: rows } = await admin.from('device_tokens').select('account_id, platform').eq('token', fcmToken);
      const { user: account } = await user.sejahtera.auth.session().then((s) => ({ user: s!.user }));
      expect(rows).toEqual([{ account_id: account.id, platform: 'web' }]);

      // Signing out stops push to this browser: the device's next user must not get this account's notifications.
      await Promise.all([page.waitForURL('**/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
      await expect(admin.from('device_tokens').select('id').eq('token', fcmToken).then(({ data }) => data)).resolves.toEqual([]);
      await context.close();
    } finally {
      await pushSite.stop();
    }
  });
});

describe('expired sessions', () => {
  test('a page opened or a form posted after the session ended goes to sign-in, and back to that page after', async () => {
    const user = await newUserWithProfile('Zainab binti Osman', 'en');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/profile/edit`);
    await page.locator('input[name=postcode]').fill('43000');

    // The session ends elsewhere (signed out everywhere, as after a password change): this browser's is void.
    await user.sejahtera.auth.signOut({ scope: 'global' });
    await Promise.all([page.waitForURL('**/sign-in?**'), submit(page, '?/save')]);
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/profile/edit');
    await expect(page.locator('.notice').textContent()).resolves.toBe('Please sign in to continue.');

    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.locator('input[name=identifier]').fill(user.phone);
    await page.locator('input[name=password]').fill(user.password);
    await Promise.all([page.waitForURL(`${site.url}/profile/edit`), submit(page, '?/signIn')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Edit your profile');

    // The data export's link, followed after the session ended, opens the sign-in page (not a file of it).
    await open(page, `${site.url}/my-data`);
    await context.clearCookies();
    await Promise.all([page.waitForURL('**/sign-in?**'), page.getByRole('link', { name: 'Download my data (JSON)' }).click()]);
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/my-data/export');
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await context.close();
  });
});
