/**
 * Health declarations and dependents end to end, in Chromium, against the test stack: the day-0
 * declaration of a new user, a dependent added and declared for, a form posted twice storing one
 * assessment, the PUI advice after an exposure and a group-1 symptom (without JavaScript, in Malay),
 * and a dependent edited and removed. axe-core checks each new page; screenshots at 390 and 1280 px go
 * to test/screenshots (not committed).
 */
import type { Browser, Page } from 'playwright-core';
import { malaysianToday } from '@sejahtera/sdk';
import { createSejahteraStaff } from '@sejahtera/sdk/staff';
import { ANON_KEY, API_URL } from '@sejahtera/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Site, DEMO_PASSWORD, expectAccessible, launchChromium, newMykad, newPhone, newUserWithProfile, newVisitor, open, screenshots, signIn, smsCodeSentTo, startSite } from './support.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Answers "no" to every question not answered yet. */
async function answerTheRestNo(page: Page): Promise<void> {
  for (const question of await page.locator('fieldset.question').all()) {
    if ((await question.locator('input:checked').count()) === 0) await question.locator('input[value=no]').check();
  }
}

describe('declarations', () => {
  test('a new user registers, makes the day-0 declaration, adds a dependent, declares for them, and sees their statuses', async () => {
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    const phone = newPhone();
    await open(page, `${site.url}/register`);
    await page.locator('input[name=phone]').fill(`0${phone.slice(3)}`);
    await page.locator('input[name=password]').fill('Sejahtera2020');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.locator('input[name=code]').fill(await smsCodeSentTo(phone));
    await Promise.all([page.waitForURL(`${site.url}/profile`), page.getByRole('button', { name: 'Verify and continue' }).click()]);
    await page.locator('input[name=full_name]').fill('Nurul Ujian binti Test');
    await page.locator('input[name=identity_number]').fill(newMykad());
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Register profile' }).click()]);

    // Day 0 is due: the banner says for whom, the card offers it.
    await expect(page.locator('.due-banner').textContent()).resolves.toContain('Declare for yourself');
    await expectAccessible(page, 'home-declaration-due');
    await Promise.all([page.waitForURL(`${site.url}/assess`), page.getByRole('link', { name: /^Make the day-0 declaration/ }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Day-0 health declaration');
    await expect(page.locator('section.question-group h2').allTextContents()).resolves.toEqual(['Symptoms', 'Exposure']);
    await expect(page.locator('fieldset.question').count()).resolves.toBe(13);
    await expect(page.locator('fieldset.question legend').first().textContent()).resolves.toBe('Do you have a cough?');
    await expect(page.getByRole('group', { name: 'Do you have a cough?' }).getByLabel('Yes').count()).resolves.toBe(1);
    await expectAccessible(page, 'assess-day0');

    // Missing answers: a message per question, in English, and what was ticked stays ticked.
    await page.locator('input[name=answer_cough][value=no]').check();
    await page.locator('input[name=answer_fever][value=yes]').check();
    await page.getByRole('button', { name: 'Submit declaration' }).click();
    await expect(page.getByRole('alert').textContent({ timeout: 10_000 })).resolves.toContain('11 questions have no answer yet.');
    await expect(page.locator('#question-chills-error').textContent()).resolves.toBe('Answer yes or no.');
    await expect(page.locator('#question-cough-error').count()).resolves.toBe(0);
    await expect(page.locator('input[name=answer_fever][value=yes]').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[name=answer_cough][value=no]').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'assess-missing-answers');

    await answerTheRestNo(page);
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Submit declaration' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Declaration for Nurul Ujian binti Test recorded.');
    const own = page.locator('article.status-card').first();
    await expect(own.locator('.badge').textContent()).resolves.toContain('Low risk');
    await expect(own.locator('.declared').textContent()).resolves.toBe('Declared today');
    await expect(page.locator('.due-banner').count()).resolves.toBe(0);

    // A dependent: a wrong MyKad is refused at its field, keeping what was typed; none at all is fine.
    await Promise.all([page.waitForURL(`${site.url}/dependents/new`), page.getByRole('link', { name: 'Add a dependent' }).click()]);
    await expectAccessible(page, 'dependent-add');
    await page.locator('input[name=full_name]').fill('Adam bin Ujian');
    await page.locator('select[name=relationship]').selectOption('child');
    await page.locator('select[name=identity_type]').selectOption('mykad');
    await page.locator('input[name=identity_number]').fill('160230-10-6012');
    await page.getByRole('button', { name: 'Add dependent' }).click();
    await expect(page.locator('#field-identity_number-error').textContent({ timeout: 10_000 })).resolves.toContain('not a real date');
    await expect(page.locator('input[name=full_name]').inputValue()).resolves.toBe('Adam bin Ujian');
    await expectAccessible(page, 'dependent-add-error');
    await page.locator('select[name=identity_type]').selectOption('');
    await page.locator('input[name=identity_number]').fill('');
    await page.locator('input[name=date_of_birth]').fill('2016-05-09');
    await page.locator('select[name=district_code]').selectOption('MY-10-07');
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Add dependent' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Adam bin Ujian is now one of your dependents.');
    await expect(page.locator('article.status-card').count()).resolves.toBe(2);
    await expect(page.locator('.due-banner li').allTextContents()).resolves.toEqual(['Declare for Adam bin Ujian']);

    // Their declaration, switched to Malay on the way: the questions come in the language chosen.
    await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}\/assess$/), page.getByRole('link', { name: 'Declare for Adam bin Ujian' }).click()]);
    await expect(page.locator('.for-whom').textContent()).resolves.toBe('For Adam bin Ujian');
    await expect(page.locator('#group-symptoms + .hint').textContent()).resolves.toBe('Does Adam bin Ujian have any of these now?');
    await expectAccessible(page, 'assess-dependent');
    await page.getByRole('button', { name: /Bahasa Melayu/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Perisytiharan kesihatan hari ke-0' }).waitFor();
    await expect(page.locator('fieldset.question legend').first().textContent()).resolves.toBe('Adakah anda batuk?');
    await expectAccessible(page, 'assess-dependent-ms');
    await answerTheRestNo(page);
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Hantar perisytiharan' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Perisytiharan untuk Adam bin Ujian telah direkodkan.');
    const dependent = page.locator('article.status-card').nth(1);
    await expect(dependent.locator('.badge').textContent()).resolves.toContain('Risiko rendah');
    await expect(page.locator('.due-banner').count()).resolves.toBe(0);
    await expectAccessible(page, 'home-declared');

    await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}$/), dependent.getByRole('link', { name: /^Sejarah status/ }).click()]);
    await expect(page.locator('.history li').first().textContent()).resolves.toContain('Perisytiharan hari ke-0');
    await context.close();
  });

  test('a form posted twice (a double click, a retry) stores one assessment, or adds one dependent; its key with other answers stores nothing', async () => {
    const user = await newUserWithProfile('Farah Ujian binti Dua', 'en');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await open(page, `${site.url}/assess`);
    await answerTheRestNo(page);
    const outcome = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form.declaration')!;
      // As the browser posts a form without JavaScript (an HTML answer: 303 to the status page), twice at once, then once more.
      const post = (body: FormData) =>
        fetch(form.action, { method: 'POST', body, redirect: 'manual', headers: { accept: 'text/html' } }).then((r) => (r.type === 'opaqueredirect' ? 303 : r.status));
      const body = new FormData(form);
      const together = await Promise.all([post(body), post(body)]);
      const again = await post(body);
      body.set('answer_cough', 'yes');
      const changed = await fetch(form.action, { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } }).then((r) => r.json());
      return { together, again, changed: `${changed.type} ${changed.status}` };
    });
    expect(outcome).toEqual({ together: [303, 303], again: 303, changed: 'failure 409' });
    const stored = await user.sejahtera.assessments.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'day0', symptomatic: false, classification: 'low_risk' });

    // The same for the form that adds a dependent: posted twice at once, one dependent.
    await open(page, `${site.url}/dependents/new`);
    await page.getByLabel('Full name').fill('Anak Dua Kali');
    const added = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[action="?/add"]')!;
      const body = new FormData(form);
      body.set('relationship', 'child');
      const post = () =>
        fetch(form.action, { method: 'POST', body, redirect: 'manual', headers: { accept: 'text/html' } }).then((r) => (r.type === 'opaqueredirect' ? 303 : r.status));
      return Promise.all([post(), post()]);
    });
    expect(added).toEqual([303, 303]);
    expect((await user.sejahtera.dependents.list()).map((d) => d.person.full_name)).toEqual(['Anak Dua Kali']);
    await context.close();
  });

  test('an exposure and a group-1 symptom make a PUI, told to take a COVID-19 test now (without JavaScript, in Malay)', async () => {
    const user = await newUserWithProfile('Hafiz Ujian bin Tiga', 'ms');
    const context = await newVisitor(browser, 'ms-MY', { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password, { javaScript: false });
    await page.goto(`${site.url}/assess`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Perisytiharan kesihatan hari ke-0');
    await page.locator('input[name=answer_cough][value=yes]').check();
    await page.locator('input[name=answer_close_contact][value=yes]').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Hantar perisytiharan' }).click()]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('11 soalan belum dijawab.');
    await expect(page.locator('#question-fever-error').textContent()).resolves.toBe('Jawab ya atau tidak.');
    await expect(page.locator('input[name=answer_cough][value=yes]').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[name=answer_close_contact][value=yes]').isChecked()).resolves.toBe(true);
    await screenshots(page, 'assess-missing-answers-ms'); // axe-core needs JavaScript: the same page is checked in English above

    await answerTheRestNo(page);
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Hantar perisytiharan' }).click()]);
    const card = page.locator('article.status-card').first();
    await expect(card.locator('.badge').textContent()).resolves.toContain('Pesakit dalam siasatan (PUI)');
    await expect(card.locator('.urgent').textContent()).resolves.toBe('Jalani ujian COVID-19 sekarang.');
    await screenshots(page, 'status-pui');
    await expect(user.sejahtera.status.current()).resolves.toMatchObject({ status: 'pui', symptomatic: true });
    await context.close();
  });
});

describe('dependents', () => {
  test('a guardian edits a dependent, removes them and is told they were deleted; one an officer traces is only unlinked', async () => {
    const user = await newUserWithProfile('Lim Ujian Empat', 'en');
    const { person } = await user.sejahtera.dependents.add({ full_name: 'Lim Ah Kow', relationship: 'parent', date_of_birth: '1950-03-01' });
    // A dependent an officer of her district has made a case: the officers' records must outlive the link.
    const { person: traced } = await user.sejahtera.dependents.add({ full_name: 'Lim Ah Mui', relationship: 'grandparent', district_code: 'MY-10-07' });
    const officer = createSejahteraStaff({ url: API_URL, anonKey: ANON_KEY });
    await officer.auth.signInWithPassword({ email: 'officer@sejahtera.test', password: DEMO_PASSWORD });
    await officer.tracing.createCase({ person_id: traced.id, case_number: `WEB-${Date.now().toString(36).toUpperCase()}`, diagnosis_date: malaysianToday() });

    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await Promise.all([page.waitForURL(`${site.url}/people/${person.id}/edit`), page.getByRole('link', { name: /^Edit details\s*: Lim Ah Kow$/ }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Edit Lim Ah Kow');
    await expect(page.locator('select[name=relationship]').inputValue()).resolves.toBe('parent');
    await expect(page.locator('input[name=date_of_birth]').inputValue()).resolves.toBe('1950-03-01');
    await expectAccessible(page, 'dependent-edit');
    await page.locator('input[name=full_name]').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('#field-full_name-error').textContent({ timeout: 10_000 })).resolves.toBe('This field is required.');
    await page.locator('input[name=full_name]').fill('Lim Ah Kaw');
    await page.locator('select[name=relationship]').selectOption('grandparent');
    // An emptied date of birth is removed, not kept.
    await page.locator('input[name=date_of_birth]').fill('');
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Save changes' }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe("Lim Ah Kaw's details were saved.");
    await expect(user.sejahtera.dependents.get(person.id)).resolves.toMatchObject({ relationship: 'grandparent', person: { full_name: 'Lim Ah Kaw', date_of_birth: null } });
    await expect(page.locator('article.status-card').nth(1).locator('.relationship').textContent()).resolves.toBe('Grandparent');

    await open(page, `${site.url}/people/${person.id}/edit`);
    await Promise.all([page.waitForURL(`${site.url}/people/${person.id}/remove`), page.getByRole('link', { name: 'Remove this dependent' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Remove Lim Ah Kaw');
    await expectAccessible(page, 'dependent-remove');
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Remove', exact: true }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Lim Ah Kaw was removed, with their declarations and status history.');
    await expect(page.locator('article.status-card').count()).resolves.toBe(2);

    await open(page, `${site.url}/people/${traced.id}/remove`);
    await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Remove', exact: true }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Lim Ah Mui is no longer linked to your account\. Health officers hold tracing records/);
    await expectAccessible(page, 'home-dependent-unlinked');
    await expect(page.locator('article.status-card').count()).resolves.toBe(1);
    await expect(user.sejahtera.dependents.list()).resolves.toEqual([]);
    await expect(officer.privacy.personDetail(traced.id)).resolves.toMatchObject({ id: traced.id, status: 'confirmed' });

    const response = await page.goto(`${site.url}/people/${person.id}/assess`);
    expect(response?.status()).toBe(404);
    await context.close();
  });
});
