/**
 * Announcements, feedback tickets, staff, questionnaires and rule sets, the audit log and daily report
 * subscriptions in Chromium against the test stack: an announcement composed in Malay and English,
 * previewed and published once reaches the public through the SDK; an agent replies to a ticket the
 * public opened through the SDK and closes it; an administrator changes an officer's districts, reads a
 * questionnaire version and the audit log, which nobody else may reach; an officer subscribes to and
 * unsubscribes from the daily report.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { createSejahtera } from '@sejahtera/sdk';
import { createSejahteraStaff } from '@sejahtera/sdk/staff';
import { ANON_KEY, API_URL, databaseUrlFor } from '@sejahtera/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, DEMO_PASSWORD, expectAccessible, launchChromium, newPage, serveConsole, signIn, sql } from './support.ts';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let browser: Browser;
let app: Console;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchChromium(), serveConsole()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function signedIn(email: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, app.url, email);
  await page.getByText(/^Welcome, /).waitFor();
  return page;
}

/**
 * Publishes a new questionnaire version with the title and questions of version `id`, in one transaction
 * (a version is published once its questions are in), so it becomes the current one again.
 */
async function republish(id: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrlFor() });
  await client.connect();
  try {
    await client.query('begin');
    const { rows: [copy] } = await client.query<{ id: string }>(
      `insert into public.questionnaires (version, title, created_by)
       select (select max(version) + 1 from public.questionnaires), title, null from public.questionnaires where id = $1
       returning id`,
      [id],
    );
    await client.query(
      `insert into public.questions (questionnaire_id, code, position, kind, symptom_group, text)
       select $2, code, position, kind, symptom_group, text from public.questions where questionnaire_id = $1`,
      [id, copy.id],
    );
    await client.query('update public.questionnaires set published_at = now() where id = $1', [copy.id]);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

async function publicClient(email: string) {
  const client = createSejahtera({ url: API_URL, anonKey: ANON_KEY });
  await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  return client;
}

describe('announcements', () => {
  it('a supervisor composes one in Malay and English for their state, previews it and publishes it once; the public reads it through the SDK', async () => {
    const tag = randomUUID().slice(0, 8);
    const title = { ms: `Vaksin di Shah Alam ${tag}`, en: `Vaccines in Shah Alam ${tag}` };
    const page = await signedIn('supervisor@sejahtera.test');
    await page.goto(`${app.url}/#/announcements/create`);
    // Saving with only the Malay title names each missing field and writes nothing.
    await page.getByLabel('Title (Malay)').fill(title.ms);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('Required').count()).toBeGreaterThanOrEqual(3);
    expect(await sql(`select 1 from announcements where title->>'en' like $1`, [`%${tag}`])).toHaveLength(0);

    await page.getByLabel('Title (Malay)').fill(title.ms);
    await page.getByLabel('Title (English)').fill(title.en);
    await page.getByLabel('Text (Malay)').fill('Pusat pemberian vaksin dibuka esok.');
    await page.getByLabel('Text (English)').fill('The vaccination centre opens tomorrow.');
    // A supervisor may address their state or one of its districts, never everyone.
    await page.getByRole('combobox', { name: 'Audience' }).click();
    expect((await page.getByRole('option').allInnerTexts()).sort()).toEqual(['A district', 'A state']);
    await page.getByRole('option', { name: 'A state' }).click();
    await page.getByRole('combobox', { name: 'State', exact: true }).click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['Selangor']);
    await page.getByRole('option', { name: 'Selangor' }).click();
    // The composer says about how many people that is now: here (a small audience) the exact count of the
    // accounts publishing would reach.
    const audience = async () => {
      const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from private.announcement_audience('state', 'MY-10', null, null)`);
      return `About ${n.toLocaleString('en-MY')} ${n === 1 ? 'person' : 'people'} would receive it if published now`;
    };
    await poll(async () => [await page.getByRole('status').filter({ hasText: /would receive it/ }).innerText(), await audience()]).toSatisfy(
      ([shown, expected]) => shown === expected,
    );
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText(title.ms).waitFor();
    await preview.getByText('The vaccination centre opens tomorrow.').waitFor();
    await expectAccessible(page, 'announcement-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/announcements\/[0-9a-f-]+\/show$/);
    const id = page.url().match(/announcements\/([0-9a-f-]+)\/show/)![1];
    await page.getByText('Draft', { exact: true }).waitFor();
    const [stored] = await sql<{ target_kind: string; target_state: string; published_at: string | null }>(
      `select target_kind, target_state, published_at from announcements where id = $1`,
      [id],
    );
    expect(stored).toEqual({ target_kind: 'state', target_state: 'MY-10', published_at: null });

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Published', { exact: true }).first().waitFor();
    await poll(() => page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await expectAccessible(page, 'announcement-show');
    await page.context().close();

    // The public side: a Selangor resident reads it through the SDK, and has it in the inbox once.
    const aminah = await publicClient('aminah@sejahtera.test');
    const listed = await aminah.announcements.list({ language: 'en' });
    expect(listed.find((a) => a.id === id)?.title).toBe(title.en);
    const inbox = `select count(*) from notifications n join auth.users u on u.id = n.account_id
                   where u.email = 'aminah@sejahtera.test' and n.kind = 'announcement' and n.data->>'announcement_id' = $1`;
    expect(Number((await sql<{ count: string }>(inbox, [id]))[0].count)).toBe(1);
    // Publishing again (a retry) changes nothing: the same moment, no second notification.
    const [{ published_at }] = await sql<{ published_at: Date }>(`select published_at from announcements where id = $1`, [id]);
    const supervisor = createSejahteraStaff({ url: API_URL, anonKey: ANON_KEY });
    await supervisor.auth.signInWithPassword({ email: 'supervisor@sejahtera.test', password: DEMO_PASSWORD });
    const again = await supervisor.announcements.publish(id);
    expect(new Date(again.published_at!).getTime()).toBe(published_at.getTime());
    expect(Number((await sql<{ count: string }>(inbox, [id]))[0].count)).toBe(1);
    // A Johor resident (the seed's Rajesh, who signs in by phone) is not in the audience.
    const [rajesh] = await sql<{ phone: string }>(
      `select u.phone from auth.users u join persons p on p.account_id = u.id where p.full_name = 'Rajesh a/l Subramaniam' and p.state_code = 'MY-01'`,
    );
    const johor = createSejahtera({ url: API_URL, anonKey: ANON_KEY });
    await johor.auth.signInWithPassword({ phone: `+${rajesh.phone.replace(/^\+/, '')}`, password: DEMO_PASSWORD });
    expect((await johor.announcements.list({ language: 'en' })).some((a) => a.id === id)).toBe(false);
  });

  it("the list shows each announcement's state, and drafts alone on asking", async () => {
    const page = await signedIn('officer@sejahtera.test');
    await page.goto(`${app.url}/#/announcements`);
    await page.getByText('Workplace cluster in Shah Alam').waitFor();
    const row = page.locator('tbody tr', { hasText: 'Workplace cluster in Shah Alam' });
    await row.getByText('Draft').waitFor();
    await expectAccessible(page, 'announcements-list-officer');
    await page.context().close();
  });
});

describe('feedback tickets', () => {
  it('an agent finds a new ticket among the open ones, replies, and closes it; the sender reads the reply through the SDK', async () => {
    const aminah = await publicClient('aminah@sejahtera.test');
    const subject = `Cannot see my dependent ${randomUUID().slice(0, 8)}`;
    const ticket = await aminah.feedback.open({ category: 'problem', subject, message: 'My mother does not appear in my list.' });

    const page = await signedIn('agent@sejahtera.test');
    const links = await page.locator('.RaMenu-open a, .RaMenu-closed a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('#/feedback_tickets');
    await page.goto(`${app.url}/#/feedback_tickets`);
    const row = page.locator('tbody tr', { hasText: subject });
    await row.waitFor();
    expect(await row.innerText()).toContain('Open');
    await expectAccessible(page, 'feedback-list-agent');
    await row.click();
    await page.waitForURL(new RegExp(`#/feedback_tickets/${ticket.id}/show$`));
    await page.getByText('My mother does not appear in my list.').waitFor();
    const reply = 'Please sign out and in again; your dependent then appears under Profile > Dependents.';
    await page.locator('textarea[name="reply"]').fill(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('list', { name: 'Conversation' }).getByText(reply).waitFor();
    const messages = await sql<{ body: string; from_staff: boolean }>(`select body, from_staff from feedback_messages where ticket_id = $1 order by created_at`, [ticket.id]);
    expect(messages.map((m) => [m.body, m.from_staff])).toEqual([
      ['My mother does not appear in my list.', false],
      [reply, true],
    ]);

    await page.getByRole('combobox', { name: 'Ticket status' }).click();
    await page.getByRole('option', { name: 'Closed' }).click();
    await poll(async () => (await sql<{ status: string }>(`select status from feedback_tickets where id = $1`, [ticket.id]))[0].status).toBe('closed');
    await expectAccessible(page, 'feedback-thread-agent');
    await page.context().close();

    const thread = await aminah.feedback.get(ticket.id);
    expect(thread.ticket.status).toBe('closed');
    expect(thread.messages.at(-1)).toMatchObject({ body: reply, from_staff: true });
  });
});

describe('administration', () => {
  it('an administrator reads the audit log and narrows it to one actor; no other role may reach it', async () => {
    const page = await signedIn('admin@sejahtera.test');
    await page.goto(`${app.url}/#/audit_log`);
    await page.locator('tbody tr').first().waitFor();
    const total = Number((await sql<{ count: string }>('select count(*) from audit_log'))[0].count);
    await poll(() => page.getByText(new RegExp(`of ${total}$`)).count()).toBe(1);
    await page.getByLabel('Who').fill('Hamidah');
    await page.getByRole('option', { name: 'Hamidah binti Yunus' }).click();
    const officer = Number(
      (await sql<{ count: string }>(`select count(*) from audit_log a join auth.users u on u.id = a.actor_id where u.email = 'officer@sejahtera.test'`))[0].count,
    );
    expect(officer).toBeGreaterThan(0);
    await poll(() => page.getByText(new RegExp(`of ${officer}$`)).count()).toBe(1);
    for (const text of await page.locator('tbody tr').allInnerTexts()) expect(text).toContain('Hamidah binti Yunus');
    await expectAccessible(page, 'audit-log-admin');
    await page.context().close();

    for (const email of ['supervisor@sejahtera.test', 'officer@sejahtera.test', 'analyst@sejahtera.test', 'agent@sejahtera.test']) {
      const other = await signedIn(email);
      const links = await other.locator('.RaMenu-open a, .RaMenu-closed a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links, email).not.toContain('#/audit_log');
      await other.goto(`${app.url}/#/audit_log`);
      await other.getByText('Access denied').waitFor();
      expect(await other.locator('tbody tr').count()).toBe(0);
      await other.context().close();
    }
  });

  it("an administrator changes an officer's districts; a supervisor sees only their state's officers", async () => {
    const id = randomUUID();
    await sql(
      `insert into auth.users (instance_id, id, aud, role, email, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, now(), now())`,
      [id, `officer-${id.slice(0, 8)}@sejahtera.test`],
    );
    await sql(`insert into staff (user_id, role, full_name, state_code) values ($1, 'officer', $2, 'MY-10')`, [id, `Test Officer ${id.slice(0, 8)}`]);
    await sql(`insert into staff_districts (staff_id, district_code) values ($1, 'MY-10-07')`, [id]);
    try {
      const page = await signedIn('admin@sejahtera.test');
      await page.goto(`${app.url}/#/staff/${id}`);
      const districts = page.getByRole('combobox', { name: 'Districts' });
      await districts.waitFor();
      await districts.click();
      await page.getByRole('option', { name: 'Hulu Langat' }).click();
      await page.keyboard.press('Escape');
      await expectAccessible(page, 'staff-edit-admin');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/#\/staff$/);
      const [hulu] = await sql<{ code: string }>(`select code from districts where name = 'Hulu Langat'`);
      await poll(async () => (await sql<{ district_code: string }>(`select district_code from staff_districts where staff_id = $1 order by 1`, [id])).map((r) => r.district_code)).toEqual(
        ['MY-10-07', hulu.code].sort(),
      );
      await expectAccessible(page, 'staff-list-admin');
      await page.context().close();

      const supervisor = await signedIn('supervisor@sejahtera.test');
      await supervisor.goto(`${app.url}/#/staff`);
      await supervisor.locator('tbody tr').first().waitFor();
      const expected = await sql<{ full_name: string }>(
        `select full_name from staff where (role = 'officer' and state_code = 'MY-10') or user_id = '5eed0000-0000-4000-8000-000000000002' order by full_name`,
      );
      await poll(async () => (await supervisor.locator('tbody tr').allInnerTexts()).map((t) => t.split('\t')[0].trim()).sort()).toEqual(
        expected.map((r) => r.full_name).sort(),
      );
      await supervisor.context().close();
    } finally {
      await sql('delete from auth.users where id = $1', [id]);
    }
  });

  it("an administrator reads a questionnaire version's questions in Malay and English, publishes a new version from it, and reads the rule sets", async () => {
    const [current] = await sql<{ id: string; version: number }>(`select id, version from questionnaires where id = current_questionnaire_id()`);
    const questions = await sql<{ code: string; ms: string; en: string }>(
      `select code, text->>'ms' as ms, text->>'en' as en from questions where questionnaire_id = $1 order by position`,
      [current.id],
    );
    const page = await signedIn('admin@sejahtera.test');
    await page.goto(`${app.url}/#/questionnaires`);
    await page.locator('tbody tr').first().click();
    await page.waitForURL(new RegExp(`#/questionnaires/${current.id}/show$`));
    const rows = page.locator('tbody tr');
    await poll(() => rows.count()).toBe(questions.length);
    const texts = await rows.allInnerTexts();
    questions.forEach((q, i) => {
      expect(texts[i]).toContain(q.code);
      expect(texts[i]).toContain(q.ms);
      expect(texts[i]).toContain(q.en);
    });
    await expectAccessible(page, 'questionnaire-show-admin');

    // A new version from the newest: one question's English reworded, published at once.
    await page.goto(`${app.url}/#/questionnaires/create`);
    const firstEnglish = page.locator('input[name="questions.0.text.en"]');
    await firstEnglish.waitFor();
    expect(await firstEnglish.inputValue()).toBe(questions[0].en);
    const reworded = `${questions[0].en} (reworded ${randomUUID().slice(0, 6)})`;
    await firstEnglish.fill(reworded);
    const versions = async () => Number((await sql<{ count: string }>('select count(*) from questionnaires'))[0].count);
    const before = await versions();
    await page.getByLabel('Publish now', { exact: false }).check();
    // No tooltip of the form's buttons caught half faded in by the check.
    await page.mouse.move(0, 0);
    await page.locator('.MuiTooltip-tooltip').waitFor({ state: 'detached' });
    await expectAccessible(page, 'questionnaire-create-admin');
    try {
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/#\/questionnaires\/[0-9a-f-]+\/show$/);
      const [published] = await sql<{ id: string; version: number; published: boolean; current: boolean }>(
        `select id, version, published_at is not null as published, id = current_questionnaire_id() as current from questionnaires order by version desc limit 1`,
      );
      expect(published).toMatchObject({ version: current.version + 1, published: true, current: true });
      expect(await versions()).toBe(before + 1);
      const copied = await sql<{ code: string; en: string }>(`select code, text->>'en' as en from questions where questionnaire_id = $1 order by position`, [published.id]);
      expect(copied.map((q) => q.code)).toEqual(questions.map((q) => q.code));
      expect(copied[0].en).toBe(reworded);
      await poll(() => page.locator('tbody tr').count()).toBe(questions.length);
    } finally {
      // The reworded version would stay current for every later test on the shared test stack (the site's,
      // the SDK's): published versions are frozen, so it is superseded by one worded as the version we began from.
      await republish(current.id);
    }
    const [restored] = await sql<{ version: number }>(`select version from questionnaires where id = current_questionnaire_id()`);
    expect(restored.version).toBeGreaterThan(current.version + 1);
    const restoredQuestions = await sql<{ code: string; ms: string; en: string }>(
      `select code, text->>'ms' as ms, text->>'en' as en from questions where questionnaire_id = current_questionnaire_id() order by position`,
    );
    expect(restoredQuestions).toEqual(questions);
    await page.goto(`${app.url}/#/rule_sets`);
    const ruleSets = Number((await sql<{ count: string }>('select count(*) from rule_sets'))[0].count);
    await poll(() => page.locator('tbody tr').count()).toBe(ruleSets);
    await page.context().close();
  });

  it('an officer subscribes to the daily report and unsubscribes', async () => {
    const page = await signedIn('officer@sejahtera.test');
    await page.goto(`${app.url}/#/report_subscriptions/create`);
    await page.getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must be a valid email').waitFor();
    await page.getByLabel('Email').fill('hamidah.reports@sejahtera.test');
    await page.getByRole('checkbox', { name: 'Figures of the day' }).uncheck();
    await expectAccessible(page, 'report-subscription-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/report_subscriptions$/);
    const mine = `select s.id, s.sections, s.email from report_subscriptions s join auth.users u on u.id = s.staff_id
                  where u.email = 'officer@sejahtera.test' and s.email = 'hamidah.reports@sejahtera.test'`;
    await poll(async () => (await sql<{ sections: string[] }>(mine)).map((s) => s.sections)).toEqual([['high_risk']]);
    const row = page.locator('tbody tr', { hasText: 'hamidah.reports@sejahtera.test' });
    await row.waitFor();
    await page.getByRole('region', { name: 'My daily reports' }).waitFor();
    await expectAccessible(page, 'report-subscriptions-officer');
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await poll(async () => (await sql(mine)).length).toBe(0);
    await page.context().close();
  });
});
