/**
 * The public site end to end, in Chromium, against the test stack: registration with a code from the
 * inbox, sign-in and its errors in both languages, the language switch without JavaScript, status
 * cards, and one user kept out of another's pages. axe-core checks each page; screenshots at 390 and
 * 1280 px go to test/screenshots (not committed).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Site, expectAccessible, launchChromium, open, newMykad, newPhone, newVisitor, screenshots, signIn, smsCodeSentTo, startSite } from './support.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('signed out', () => {
  test('a page that needs an account sends to sign-in, remembering where the visitor was', async () => {
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await open(page, `${site.url}/profile`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/profile');
    await context.close();
  });

  test('the first visit speaks the browser\'s language', async () => {
    for (const [language, title, lang] of [['ms-MY', 'Log masuk', 'ms'], ['en-US', 'Sign in', 'en']] as const) {
      const context = await newVisitor(browser, language);
      const page = await context.newPage();
      await open(page, `${site.url}/sign-in`);
      await expect(page.locator('h1').textContent()).resolves.toBe(title);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expectAccessible(page, `sign-in-${lang}`);
      await open(page, `${site.url}/register`);
      await expectAccessible(page, `register-${lang}`);
      await context.close();
    }
  });

  test('the language switch works without JavaScript and is remembered', async () => {
    const context = await newVisitor(browser, 'ms-MY', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/register`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Daftar');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /English/ }).click()]);
    expect(new URL(page.url()).pathname).toBe('/register');
    await expect(page.locator('h1').textContent()).resolves.toBe('Register');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.goto(`${site.url}/sign-in`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Bahasa Melayu/ }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Log masuk');
    await context.close();
  });
});

describe('sign-in', () => {
  test('a wrong password is refused in the chosen language, keeping what was typed (with and without JavaScript)', async () => {
    for (const [language, javaScriptEnabled, message] of [
      ['en-US', true, 'The phone number, email or password is wrong.'],
      ['ms-MY', false, 'Nombor telefon, e-mel atau kata laluan salah.'],
    ] as const) {
      const context = await newVisitor(browser, language, { javaScriptEnabled });
      const page = await context.newPage();
      await open(page, `${site.url}/sign-in`, { javaScript: javaScriptEnabled });
      await page.locator('input[name=identifier]').fill('011-2000 0001');
      await page.locator('input[name=password]').fill('not-the-password-1');
      await page.locator('form[action="?/signIn"] button[type=submit]').click();
      await expect(page.getByRole('alert').textContent({ timeout: 10_000 })).resolves.toContain(message);
      await expect(page.locator('input[name=identifier]').inputValue()).resolves.toBe('011-2000 0001');
      await expect(page.locator('input[name=password]').inputValue()).resolves.toBe('');
      if (javaScriptEnabled) await expectAccessible(page, `sign-in-error-${language}`);
      await context.close();
    }
  });

  test('a number that is not a phone gets a field error in the chosen language', async () => {
    const context = await newVisitor(browser, 'ms-MY');
    const page = await context.newPage();
    await open(page, `${site.url}/sign-in`);
    await page.locator('input[name=identifier]').fill('abc');
    await page.locator('input[name=password]').fill('x');
    await page.locator('form[action="?/signIn"] button[type=submit]').click();
    await expect(page.locator('#field-identifier-error').textContent({ timeout: 10_000 })).resolves.toContain('Masukkan nombor telefon');
    await expect(page.locator('input[name=identifier]').getAttribute('aria-invalid')).resolves.toBe('true');
    await context.close();
  });
});

describe('registration', () => {
  test('a new user registers with a code from the inbox, registers a profile, and sees their status', async () => {
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    const phone = newPhone();
    await open(page, `${site.url}/register`);
    await page.locator('input[name=phone]').fill(`0${phone.slice(3)}`);
    await page.locator('input[name=password]').fill('short');
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.locator('#field-password-error').textContent()).resolves.toContain('at least 8 characters');
    await expect(page.locator('input[name=phone]').inputValue()).resolves.toBe(`0${phone.slice(3)}`);

    await page.locator('input[name=password]').fill('Sejahtera2020');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.locator('input[name=code]').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Enter the code');
    await expect(page.locator('.dev-note').count()).resolves.toBe(0); // a built site is not development
    await expectAccessible(page, 'register-code');

    await page.locator('input[name=code]').fill('000000');
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await expect(page.locator('#field-code-error').textContent()).resolves.toContain('wrong or has expired');

    await page.locator('input[name=code]').fill(await smsCodeSentTo(phone));
    await Promise.all([page.waitForURL(`${site.url}/profile`), page.getByRole('button', { name: 'Verify and continue' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Register your profile');
    await expectAccessible(page, 'profile-register');

    // The home page needs a profile first.
    await open(page, site.url);
    expect(new URL(page.url()).pathname).toBe('/profile');

    await page.locator('input[name=full_name]').fill('Siti Test binti Ujian');
    await page.locator('input[name=identity_number]').fill('900231-14-1234');
    await page.locator('select[name=district_code]').selectOption('MY-10-07');
    await page.getByRole('button', { name: 'Register profile' }).click();
    await expect(page.locator('#field-identity_number-error').textContent()).resolves.toContain('not a real date');
    await expect(page.locator('input[name=full_name]').inputValue()).resolves.toBe('Siti Test binti Ujian');
    await expect(page.locator('select[name=district_code]').inputValue()).resolves.toBe('MY-10-07');
    await screenshots(page, 'profile-register-error');

    await page.locator('input[name=identity_number]').fill(newMykad());
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Register profile' }).click()]);
    const card = page.locator('article.status-card');
    await expect(card.count()).resolves.toBe(1);
    await expect(card.locator('.badge').textContent()).resolves.toContain('Pending assessment');
    await expect(card.textContent()).resolves.toContain('Complete your day-0 health assessment');
    await expectAccessible(page, 'status-new-user');

    await open(page, `${site.url}/profile`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your profile');
    await expectAccessible(page, 'profile');

    await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    await open(page, site.url);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});

describe('status', () => {
  test('a guardian sees a card for herself and each dependent, and their histories; another user cannot open them', async () => {
    const guardian = await newVisitor(browser, 'ms-MY');
    const page = await guardian.newPage();
    await signIn(page, site, 'aminah@sejahtera.test');
    expect(new URL(page.url()).pathname).toBe('/');
    const cards = page.locator('article.status-card');
    await expect(cards.count()).resolves.toBe(3);
    await expect(cards.first().locator('.relationship').textContent()).resolves.toBe('Anda');
    await expect(cards.first().locator('.since').textContent()).resolves.toMatch(/^Sejak \d{1,2} \S+ \d{4}$/);
    await expectAccessible(page, 'status-guardian');

    const dependentLink = await cards.nth(1).getByRole('link', { name: /^Sejarah status/ }).getAttribute('href');
    expect(dependentLink).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    await open(page, `${site.url}${dependentLink}`);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Sejarah status /);
    await expectAccessible(page, 'person-history');

    // A close contact under monitoring: her days of monitoring left.
    const other = await newVisitor(browser, 'en-US');
    const otherPage = await other.newPage();
    await signIn(otherPage, site, '011-2000 0001');
    const own = otherPage.locator('article.status-card').first();
    await expect(own.locator('.badge').textContent()).resolves.toContain('Close contact');
    await expect(own.locator('.monitoring').textContent()).resolves.toMatch(/days of monitoring left|Last day of monitoring/);
    await expect(otherPage.locator('main').textContent()).resolves.not.toContain('Aminah');
    await expectAccessible(otherPage, 'status-close-contact');

    const response = await otherPage.goto(`${site.url}${dependentLink}`);
    expect(response?.status()).toBe(404);
    await expect(otherPage.locator('h1').textContent()).resolves.toBe('Page not found');
    await expect(otherPage.locator('main').textContent()).resolves.not.toContain('Aminah');
    await expectAccessible(otherPage, 'not-found');

    await guardian.close();
    await other.close();
  });
});
