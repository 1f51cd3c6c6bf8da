/**
 * Communications end to end, in Chromium, against the test stack: feedback tickets (opened with
 * per-field errors first, a double post opening one, an agent's reply read on the thread and as a
 * notification, a message added, the ticket closed), the notifications inbox (the header's unread count,
 * each notification in the page's language leading to what it is about, one and then all marked read
 * without JavaScript), announcements for the user's district and state (newest first, in their
 * language, a page each), and a second user who reaches none of the first one's. axe-core checks each
 * page; screenshots at 390 and 1280 px go to test/screenshots (not committed).
 */
import type { Browser, Page } from 'playwright-core';
import { createSejahtera, type SejahteraClient } from '@sejahtera/sdk';
import { createSejahteraStaff, type SejahteraStaffClient } from '@sejahtera/sdk/staff';
import { ANON_KEY, API_URL } from '@sejahtera/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Site, DEMO_PASSWORD, expectAccessible, launchChromium, newMykad, newPhone, newVisitor, open, screenshots, signIn, smsCodeSentTo, startSite } from './support.ts';

let site: Site;
let browser: Browser;
let agent: SejahteraStaffClient;
let admin: SejahteraStaffClient;

/** A staff member of the seed, signed in through the SDK's staff client. */
async function staff(email: string): Promise<SejahteraStaffClient> {
  const client = createSejahteraStaff({ url: API_URL, anonKey: ANON_KEY });
  await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  return client;
}

beforeAll(async () => {
  [site, browser, agent, admin] = await Promise.all([startSite(), launchChromium(), staff('agent@sejahtera.test'), staff('admin@sejahtera.test')]);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** Something no other run wrote: ticket subjects and announcement titles are found by it. */
const run = Date.now().toString(36).toUpperCase();

interface User {
  phone: string;
  password: string;
  sejahtera: SejahteraClient;
}

/** A new account with a profile living in `district`, made through the SDK. */
async function newUser(fullName: string, language: 'ms' | 'en', district: string): Promise<User> {
  const sejahtera = createSejahtera({ url: API_URL, anonKey: ANON_KEY });
  const phone = newPhone();
  const password = 'Sejahtera2020';
  await sejahtera.auth.signUpWithPhone({ phone, password });
  await sejahtera.auth.verifyPhone({ phone, code: await smsCodeSentTo(phone) });
  await sejahtera.profile.register({
    full_name: fullName,
    identity_type: 'mykad',
    identity_number: newMykad(),
    preferred_language: language,
    district_code: district,
  });
  // The daily reminder at its time of day would add a notification mid-test: set it half a day away.
  const inHalfADay = (new Date().getUTCHours() + 8 + 12) % 24;
  await sejahtera.profile.update({ reminder_time: `${String(inHalfADay).padStart(2, '0')}:00` });
  return { phone, password, sejahtera };
}

/** A published announcement, written by the seed's administrator. */
async function announce(title: string, body: { ms: string; en: string }, target: { kind: 'district'; district: string } | { kind: 'state'; state: string }) {
  const draft = await admin.announcements.create({ title: { ms: `${title} (ms)`, en: `${title} (en)` }, body, target });
  return admin.announcements.publish(draft.id);
}

/** The header's link to the inbox: its accessible name says how many are unread. */
function inboxLink(page: Page) {
  return page.getByRole('navigation').getByRole('link', { name: /^(Notifications|Pemberitahuan)/ });
}

/** As a browser without JavaScript posts a form: its status (303 for a redirect) and where it leads. */
async function postForm(page: Page, url: string, fields: Record<string, string>): Promise<{ status: number; location: string | null }> {
  const response = await page.request.post(url, { form: fields, maxRedirects: 0, headers: { accept: 'text/html', origin: site.url } });
  return { status: response.status(), location: response.headers().location ?? null };
}

describe('feedback', () => {
  test('a user opens a ticket (per-field errors first; a double post opens one), reads an agent\'s reply and its notification, writes back (a double post adding one message) and closes it', async () => {
    const user = await newUser('Siti Ujian binti Maklum', 'en', 'MY-01-09');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);

    await Promise.all([page.waitForURL(`${site.url}/feedback`), page.getByRole('navigation').getByRole('link', { name: 'Feedback' }).click()]);
    await expect(page.getByText('You have not sent any feedback yet.').count()).resolves.toBe(1);
    await expectAccessible(page, 'feedback-empty');

    // Nothing chosen, nothing written: a message per field, and nothing stored.
    await Promise.all([page.waitForURL(`${site.url}/feedback/new`), page.getByRole('link', { name: 'Send feedback' }).click()]);
    await page.getByLabel('Subject').fill(`Registering my mother ${run}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('#category-error').textContent()).resolves.toBe('Choose what your feedback is about.');
    await expect(page.locator('#field-message-error').textContent()).resolves.toBe('This field is required.');
    await expect(page.getByLabel('Subject').inputValue()).resolves.toBe(`Registering my mother ${run}`);
    await expect(user.sejahtera.feedback.list()).resolves.toEqual([]);
    await expectAccessible(page, 'feedback-new-errors');

    await page.getByLabel('A question').check();
    await page.getByRole('textbox', { name: 'Message' }).fill('My mother cannot use a phone.\nHow do I declare for her?');
    // As a browser posts the form without JavaScript, twice at once and once more: one ticket.
    const posts = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[action="?/open"]')!;
      const post = () => fetch(form.action, { method: 'POST', body: new FormData(form), redirect: 'manual', headers: { accept: 'text/html' } }).then((r) => (r.type === 'opaqueredirect' ? 303 : r.status));
      const together = await Promise.all([post(), post()]);
      return [...together, await post()];
    });
    expect(posts).toEqual([303, 303, 303]);
    // And the click itself, with the same key, leads to that same ticket.
    await Promise.all([page.waitForURL(/\/feedback\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Send', exact: true }).click()]);
    const tickets = await user.sejahtera.feedback.list();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ subject: `Registering my mother ${run}`, category: 'question', status: 'open', message_count: 1 });
    const ticketId = tickets[0].id;
    expect(new URL(page.url()).pathname).toBe(`/feedback/${ticketId}`);
    await expect(page.getByRole('status').textContent()).resolves.toBe(`Your feedback “Registering my mother ${run}” was sent. We will notify you when the call centre replies.`);
    await expect(page.locator('.ticket-status').textContent()).resolves.toBe('Status: Waiting for the call centre');
    await expectAccessible(page, 'feedback-ticket-open');

    // An agent replies: the user is told in the header and the inbox, in English.
    await agent.feedback.reply(ticketId, { message: 'Add her under People in your care on your status page, then declare for her there.' });
    await open(page, `${site.url}/`);
    await expect(inboxLink(page).textContent()).resolves.toMatch(/^\s*Notifications 1\(1 unread\)\s*$/);
    await Promise.all([page.waitForURL(`${site.url}/notifications`), inboxLink(page).click()]);
    const reply = page.locator('article.notification').filter({ hasText: `Reply to: Registering my mother ${run}` });
    await expect(reply.locator('h2').textContent()).resolves.toMatch(/^\s*Your feedback has a reply\s*$/);
    await expect(reply.locator('.state').textContent()).resolves.toBe('Unread');
    await expectAccessible(page, 'notifications-reply');

    // Its link opens the thread, which marks it read.
    await Promise.all([page.waitForURL(`${site.url}/feedback/${ticketId}`), reply.getByRole('link', { name: 'Your feedback has a reply' }).click()]);
    await expect(page.locator('.ticket-status').textContent()).resolves.toBe('Status: Answered');
    await expect(page.locator('.message .who strong').allTextContents()).resolves.toEqual(['You', 'Call centre']);
    await expect(page.locator('.message.from-staff .body').textContent()).resolves.toBe('Add her under People in your care on your status page, then declare for her there.');
    await expect(inboxLink(page).textContent()).resolves.toMatch(/^\s*Notifications\s*$/);
    await expect(user.sejahtera.notifications.inbox({ unreadOnly: true })).resolves.toEqual({ notifications: [], next: null });
    await expectAccessible(page, 'feedback-ticket-answered');

    // The user writes back: the message is added once, the box is empty again, the ticket waits for an agent.
    await page.getByRole('textbox', { name: 'Message' }).fill('Thank you, that worked.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Your message was added.');
    await expect(page.locator('.message .body').allTextContents()).resolves.toHaveLength(3);
    await expect(page.getByRole('textbox', { name: 'Message' }).inputValue()).resolves.toBe('');
    await expect(page.locator('.ticket-status').textContent()).resolves.toBe('Status: Waiting for the call centre');

    // The same message form posted twice at once (as a browser without JavaScript posts it): one message.
    await page.getByRole('textbox', { name: 'Message' }).fill('Sent twice, stored once.');
    const replies = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[action="?/reply"]')!;
      const post = () => fetch(form.action, { method: 'POST', body: new FormData(form), redirect: 'manual', headers: { accept: 'text/html' } }).then((r) => (r.type === 'opaqueredirect' ? 303 : r.status));
      return Promise.all([post(), post()]);
    });
    expect(replies).toEqual([303, 303]);
    await expect(user.sejahtera.feedback.get(ticketId).then((t) => t.messages.map((m) => m.body).slice(2))).resolves.toEqual(['Thank you, that worked.', 'Sent twice, stored once.']);
    await open(page, `${site.url}/feedback/${ticketId}`);

    // A blank message is refused with its reason, and stores nothing.
    await page.getByRole('textbox', { name: 'Message' }).fill('   ');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.locator('#field-message-error').textContent()).resolves.toBe('This field is required.');
    await expect(user.sejahtera.feedback.get(ticketId).then((t) => t.messages.length)).resolves.toBe(4);

    await page.getByRole('button', { name: 'Close this ticket' }).click();
    await page.getByRole('status').filter({ hasText: 'The ticket is closed.' }).waitFor();
    await expect(page.locator('.ticket-status').textContent()).resolves.toBe('Status: Closed');
    await expect(page.getByRole('button', { name: 'Send message' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'feedback-ticket-closed');

    await open(page, `${site.url}/feedback`);
    const listed = page.locator('li.ticket');
    await expect(listed.count()).resolves.toBe(1);
    await expect(listed.locator('h3').textContent()).resolves.toBe(`Registering my mother ${run}`);
    await expect(listed.locator('.ticket-status').textContent()).resolves.toBe('Status: Closed');
    await expect(listed.locator('.meta').textContent()).resolves.toContain('4 messages');
    await expectAccessible(page, 'feedback-list');
    await context.close();
  });
});

describe('notifications and announcements', () => {
  test('in the user\'s language, newest first, each leading to what it is about; one marked read with JavaScript, then one and all without', async () => {
    const user = await newUser('Ahmad Ujian bin Umum', 'ms', 'MY-01-09');
    const { id: personId } = (await user.sejahtera.profile.get())!;
    // A status change (day 0), then three announcements: the district's, the state's, the district's again.
    const questionnaire = await user.sejahtera.assessments.questionnaire();
    await user.sejahtera.assessments.submit({ questionnaire_id: questionnaire.id, answers: Object.fromEntries(questionnaire.questions.map((q) => [q.code, false])) });
    const district = await announce(`Saringan Segamat ${run}`, { ms: 'Saringan percuma di Dewan Segamat, Sabtu ini.\n\nBawa MyKad anda.', en: 'Free screening at the Segamat hall this Saturday.\n\nBring your MyKad.' }, { kind: 'district', district: 'MY-01-09' });
    const state = await announce(`Johor ${run}`, { ms: 'Vaksinasi dibuka untuk semua di Johor.', en: 'Vaccination is open to everyone in Johor.' }, { kind: 'state', state: 'MY-01' });
    const later = await announce(`Segamat petang ${run}`, { ms: 'Klinik dibuka sehingga 10 malam.', en: 'The clinic is open until 10 pm.' }, { kind: 'district', district: 'MY-01-09' });

    const context = await newVisitor(browser, 'ms-MY');
    const page = await context.newPage();
    await signIn(page, site, user.phone, user.password);
    await expect(inboxLink(page).textContent()).resolves.toMatch(/^\s*Pemberitahuan 4\(4 belum dibaca\)\s*$/);

    // Announcements: the state's (newer) above the district's, in Malay, each with its audience.
    await Promise.all([page.waitForURL(`${site.url}/announcements`), page.getByRole('navigation').getByRole('link', { name: 'Pengumuman' }).click()]);
    const titles = await page.locator('ul.announcements h2').allTextContents();
    expect(titles.indexOf(`Johor ${run} (ms)`)).toBeGreaterThanOrEqual(0);
    expect(titles.indexOf(`Johor ${run} (ms)`)).toBeLessThan(titles.indexOf(`Saringan Segamat ${run} (ms)`));
    const districtItem = page.locator('ul.announcements article').filter({ hasText: `Saringan Segamat ${run} (ms)` });
    await expect(districtItem.locator('.meta').textContent()).resolves.toMatch(/^\s*Diterbitkan .+Untuk daerah anda\s*$/);
    await expect(districtItem.locator('p').last().textContent()).resolves.toBe('Saringan percuma di Dewan Segamat, Sabtu ini.');
    await expectAccessible(page, 'announcements-ms');

    await Promise.all([page.waitForURL(`${site.url}/announcements/${district.id}`), districtItem.getByRole('link').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Saringan Segamat ${run} (ms)`);
    await expect(page.locator('.body').allTextContents()).resolves.toEqual(['Saringan percuma di Dewan Segamat, Sabtu ini.', 'Bawa MyKad anda.']);
    // Reading it reads its notification.
    await expect(inboxLink(page).textContent()).resolves.toMatch(/^\s*Pemberitahuan 3\(3 belum dibaca\)\s*$/);
    await expectAccessible(page, 'announcement-ms');

    // The same inbox in English for a browser that asks for it: newest first, each with its link; one marked read (with JavaScript).
    const english = await newVisitor(browser, 'en-US');
    const englishPage = await english.newPage();
    await signIn(englishPage, site, user.phone, user.password);
    await open(englishPage, `${site.url}/notifications`);
    const inbox = englishPage.locator('article.notification');
    await expect(inbox.locator('h2').allTextContents().then((all) => all.map((t) => t.trim()))).resolves.toEqual([
      `Segamat petang ${run} (en)`,
      `Johor ${run} (en)`,
      `Saringan Segamat ${run} (en)`,
      'Health status updated',
    ]);
    await expect(inbox.locator('.state').allTextContents()).resolves.toEqual(['Unread', 'Unread', 'Read', 'Unread']);
    await expect(inbox.nth(3).locator('.body').textContent()).resolves.toBe('New status: Low risk');
    await expect(inbox.locator('h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).resolves.toEqual([
      `/announcements/${later.id}`,
      `/announcements/${state.id}`,
      `/announcements/${district.id}`,
      `/people/${personId}`,
    ]);
    await expect(englishPage.locator('.unread-summary').textContent()).resolves.toBe('3 unread notifications.');
    await expectAccessible(englishPage, 'notifications-en');
    await inbox.first().getByRole('button', { name: new RegExp(`^Mark as read\\s*: Segamat petang ${run} \\(en\\)$`) }).click();
    await englishPage.locator('.unread-summary').filter({ hasText: '2 unread notifications.' }).waitFor();
    await expect(inbox.locator('.state').allTextContents()).resolves.toEqual(['Read', 'Unread', 'Read', 'Unread']);
    await expect(inboxLink(englishPage).textContent()).resolves.toMatch(/^\s*Notifications 2\(2 unread\)\s*$/);
    await english.close();

    // Without JavaScript: one marked read, then all.
    const plain = await newVisitor(browser, 'ms-MY', { javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    await signIn(plainPage, site, user.phone, user.password, { javaScript: false });
    await open(plainPage, `${site.url}/notifications`, { javaScript: false });
    const status = plainPage.locator('article.notification').filter({ hasText: 'Status kesihatan dikemas kini' });
    await expect(status.locator('.body').textContent()).resolves.toBe('Status baharu: Risiko rendah');
    await Promise.all([plainPage.waitForURL(`${site.url}/notifications`), status.getByRole('button', { name: /^Tanda sudah dibaca/ }).click()]);
    await expect(status.locator('.state').textContent()).resolves.toBe('Sudah dibaca');
    await expect(plainPage.locator('.unread-summary').textContent()).resolves.toBe('Satu pemberitahuan belum dibaca.');
    await expect(inboxLink(plainPage).textContent()).resolves.toMatch(/^\s*Pemberitahuan 1\(1 belum dibaca\)\s*$/);
    // axe-core is a script, which this browser does not run: the same page is checked above with it.
    await screenshots(plainPage, 'notifications-ms-one-read');
    await Promise.all([plainPage.waitForURL(`${site.url}/notifications`), plainPage.getByRole('button', { name: 'Tanda semua sudah dibaca' }).click()]);
    await expect(plainPage.locator('article.notification .state').allTextContents()).resolves.toEqual(['Sudah dibaca', 'Sudah dibaca', 'Sudah dibaca', 'Sudah dibaca']);
    await expect(plainPage.locator('.unread-summary').textContent()).resolves.toBe('Semua sudah dibaca.');
    await expect(inboxLink(plainPage).textContent()).resolves.toMatch(/^\s*Pemberitahuan\s*$/);
    await expect(user.sejahtera.notifications.inbox({ unreadOnly: true })).resolves.toEqual({ notifications: [], next: null });

    // The status notification leads to the person's card and history.
    await Promise.all([plainPage.waitForURL(`${site.url}/people/${personId}`), status.getByRole('link').click()]);
    await expect(plainPage.locator('h1').textContent()).resolves.toBe('Sejarah status Ahmad Ujian bin Umum');
    await plain.close();
    await context.close();
  });
});

describe('another user', () => {
  test('cannot reach the first user\'s tickets, notifications or announcements for another district, nor change them', async () => {
    const first = await newUser('Lee Ujian Satu', 'en', 'MY-01-09');
    const ticket = await first.sejahtera.feedback.open({ category: 'problem', subject: `Private matter ${run}`, message: 'Something only I and the call centre should read.' });
    await agent.feedback.reply(ticket.id, { message: 'We are looking into it.' });
    const announcement = await announce(`Segamat sahaja ${run}`, { ms: 'Untuk Segamat.', en: 'For Segamat.' }, { kind: 'district', district: 'MY-01-09' });
    const { notifications } = await first.sejahtera.notifications.inbox({ unreadOnly: true });
    const replyNotice = notifications.find((n) => n.kind === 'feedback_reply')!;
    expect(replyNotice).toBeDefined();

    const second = await newUser('Tan Ujian Dua', 'en', 'MY-02-01');
    const context = await newVisitor(browser, 'en-US');
    const page = await context.newPage();
    await signIn(page, site, second.phone, second.password);

    for (const path of [`/feedback/${ticket.id}`, `/announcements/${announcement.id}`]) {
      const response = await page.goto(`${site.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
      await expect(page.locator('main').textContent()).resolves.not.toContain(run);
    }
    await expectAccessible(page, 'feedback-not-found');
    for (const path of ['/feedback', '/notifications', '/announcements']) {
      await open(page, `${site.url}${path}`);
      await expect(page.locator('main').textContent(), path).resolves.not.toContain(run);
    }

    // Posting to the first user's ticket and notification changes nothing.
    const replied = await postForm(page, `${site.url}/feedback/${ticket.id}?/reply`, { message: 'Let me in.', idempotency_key: crypto.randomUUID() });
    expect(replied.status).toBe(404);
    const closed = await postForm(page, `${site.url}/feedback/${ticket.id}?/close`, {});
    expect(closed.status).toBe(404);
    const read = await postForm(page, `${site.url}/notifications?/read`, { id: replyNotice.id });
    expect(read).toEqual({ status: 303, location: '/notifications' });
    const thread = await first.sejahtera.feedback.get(ticket.id);
    expect(thread.ticket.status).toBe('answered');
    expect(thread.messages.map((m) => m.body)).toEqual(['Something only I and the call centre should read.', 'We are looking into it.']);
    const after = await first.sejahtera.notifications.inbox({ unreadOnly: true });
    expect(after.notifications.map((n) => n.id)).toContain(replyNotice.id);
    await context.close();
  });
});
