/**
 * The dashboard in Chromium against the test stack's seeded data: every figure on the page equals a
 * count made here in SQL over the base tables (persons, assessments, cases, contacts, dependents,
 * first sign-ins, monitoring), for the whole country (administrator), for an officer's districts, for
 * a state chosen in the filter and for a shorter date range. The page's figures come from the
 * database's rollups through the SDK, so these checks also hold the rollups to the rows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Console, expectAccessible, launchChromium, newPage, screenshot, serveConsole, signIn, sql } from './support.ts';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let browser: Browser;
let app: Console;

beforeAll(async () => {
  // The rollups count registrations, dependents and contacts as events: the persons that other packages'
  // tests made on this shared stack and deleted afterwards are still counted there. Recounted from the rows
  // that exist (as the seed does at its end), the figures must then equal the SQL below exactly.
  await sql('select private.rebuild_rollups()');
  [browser, app] = await Promise.all([launchChromium(), serveConsole()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The districts a scope covers, as a SQL condition on a district_code column (null: the whole country). */
type Scope = { districts: string[] | null };

interface Expected {
  figures: Record<string, number>;
}

/** The dashboard's figures counted from the base tables, as the rollups should count them. */
async function expectedFigures(scope: Scope, from: string, to: string): Promise<Expected> {
  const inScope = (column: string) => (scope.districts ? `${column} = any($3::text[])` : 'true');
  const values = scope.districts ? [from, to, scope.districts] : [from, to];
  const day = (column: string) => `private.malaysian_day(${column}) between $1::date and $2::date`;
  const [row] = await sql<Record<string, string>>(
    `select
       (select count(*) from persons p where p.account_id is not null and ${inScope('p.district_code')}) as registrations_total,
       (select count(*) from persons p where p.account_id is not null and ${day('p.created_at')} and ${inScope('p.district_code')}) as registrations,
       (select count(*) from first_sign_ins f left join persons p on p.account_id = f.user_id where ${day('f.signed_in_at')} and ${inScope('p.district_code')}) as first_sign_ins,
       (select count(*) from dependents d join persons p on p.id = d.person_id where ${day('d.created_at')} and ${inScope('p.district_code')}) as dependent_registrations,
       (select count(*) from assessments a join persons p on p.id = a.person_id where ${day('a.submitted_at')} and ${inScope('p.district_code')}) as assessments_series,
       (select count(*) from assessments a join persons p on p.id = a.person_id where a.symptomatic and ${day('a.submitted_at')} and ${inScope('p.district_code')}) as symptomatic_assessments_series,
       (select count(*) from cases c where c.diagnosis_date between $1::date and $2::date and ${inScope('c.district_code')}) as cases,
       (select count(*) from cases c where c.diagnosis_date between $1::date and $2::date and ${inScope('c.district_code')}) as cases_series,
       (select count(*) from contacts ct join persons p on p.id = ct.person_id where ${day('ct.created_at')} and ${inScope('p.district_code')}) as contacts,
       (select count(*) from persons p where p.status = 'confirmed' and ${inScope('p.district_code')}) as confirmed,
       (select count(*) from monitoring m where m.state = 'active' and ${inScope('m.district_code')}) as monitoring_active,
       (select count(*) from monitoring m where m.state = 'active' and ${inScope('m.district_code')}
          and coalesce(m.last_report_at, m.starts_on::timestamptz)
              < now() - make_interval(hours => (select r.non_reporting_hours from rule_sets r where r.id = current_rule_set_id()))) as monitoring_non_reporting`,
    values,
  );
  const statuses = await sql<{ status: string; count: string }>(
    `select s.status::text, count(p.id) from unnest(enum_range(null::risk_status)) s (status)
     left join persons p on p.status = s.status and ${scope.districts ? 'p.district_code = any ($1::text[])' : 'true'} group by s.status`,
    scope.districts ? [scope.districts] : [],
  );
  const figures = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  for (const { status, count } of statuses) figures[`status_${status}`] = Number(count);
  return { figures };
}

async function figure(page: Page, name: string): Promise<number | null> {
  const locator = page.locator(`[data-figure="${name}"]`).first();
  if (!(await locator.count())) return null;
  const text = (await locator.innerText()).replace(/\D/g, '');
  return text === '' ? null : Number(text);
}

async function expectFigures(page: Page, expected: Expected): Promise<void> {
  for (const [name, value] of Object.entries(expected.figures)) {
    await expect.poll(() => figure(page, name), { timeout: 30_000, interval: 200, message: name }).toBe(value);
  }
}

async function malaysianToday(): Promise<string> {
  const [{ today }] = await sql<{ today: string }>(`select to_char((now() at time zone 'Asia/Kuala_Lumpur')::date, 'YYYY-MM-DD') as today`);
  return today;
}

const minus = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

async function officerDistricts(email: string): Promise<string[]> {
  const rows = await sql<{ district_code: string }>(
    `select sd.district_code from staff_districts sd join auth.users u on u.id = sd.staff_id where u.email = $1 order by 1`,
    [email],
  );
  return rows.map((r) => r.district_code);
}

describe('dashboard', () => {
  it("the administrator's figures for the last 30 days equal SQL counts over the whole country", async () => {
    const to = await malaysianToday();
    const page = await newPage(browser);
    await signIn(page, app.url, 'admin@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    // Counted after signing in: a staff member's first sign-in is itself a first-time login.
    const expected = await expectedFigures({ districts: null }, minus(to, 29), to);
    // The seed has something in every figure, so a zero on the page would be a real disagreement.
    expect(expected.figures.registrations_total).toBeGreaterThan(0);
    expect(expected.figures.cases).toBeGreaterThan(0);
    await expectFigures(page, expected);
    // By state: one row per state, Selangor's high-risk figures as counted in SQL.
    const [selangor] = await sql<{ pui: string; confirmed: string; close_contacts: string }>(
      `select count(*) filter (where p.status = 'pui') as pui, count(*) filter (where p.status = 'confirmed') as confirmed,
              count(*) filter (where p.status = 'close_contact') as close_contacts
       from persons p join districts d on d.code = p.district_code where d.state_code = 'MY-10'`,
    );
    const row = page.locator('tr[data-area="MY-10"]');
    await poll(async () => (await row.count()) && (await row.locator('[data-figure="pui"]').innerText())).toBe(selangor.pui);
    expect(await row.locator('[data-figure="confirmed"]').innerText()).toBe(selangor.confirmed);
    expect(await row.locator('[data-figure="close_contacts"]').innerText()).toBe(selangor.close_contacts);
    expect(await page.locator('tr[data-area]').count()).toBe(Number((await sql<{ count: string }>('select count(*) from states'))[0].count));
    // Charts are drawn (recharts, loaded on demand).
    await poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'dashboard-figures-admin');
    await page.context().close();
  });

  it('a state chosen in the filter and a shorter date range narrow every figure, still equal to SQL', async () => {
    const to = await malaysianToday();
    const page = await newPage(browser);
    await signIn(page, app.url, 'admin@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Selangor', exact: true }).click();
    const selangor = (await sql<{ code: string }>(`select code from districts where state_code = 'MY-10' order by code`)).map((d) => d.code);
    await expectFigures(page, await expectedFigures({ districts: selangor }, minus(to, 29), to));
    // Narrowed to the state: one row per district of Selangor.
    await poll(() => page.locator('tr[data-area^="MY-10-"]').count()).toBe(selangor.length);

    const from = minus(to, 13);
    await page.locator('input[name="from_date"]').fill(from);
    const shorter = await expectedFigures({ districts: selangor }, from, to);
    // The seed backdates people, dependents and contacts over its 30 days and then rebuilds the rollups
    // (private.rebuild_rollups): fewer registrations fall in the shorter range, and every figure on the page,
    // contacts included, agrees with SQL.
    const month = (await expectedFigures({ districts: selangor }, minus(to, 29), to)).figures;
    for (const moved of ['registrations', 'dependent_registrations']) {
      expect(shorter.figures[moved], moved).toBeLessThan(month[moved]);
    }
    expect(shorter.figures.assessments_series).toBeLessThan(month.assessments_series);
    await expectFigures(page, shorter);

    // A start after the end is refused with a message, and the figures stay as they were.
    await page.locator('input[name="from_date"]').fill(minus(to, -1));
    await page.getByText('The end must be on or after the start.').waitFor();
    await screenshot(page, 'dashboard-admin-selangor');
    await page.context().close();
  });

  it("an officer's figures cover their districts only, equal to SQL", async () => {
    const to = await malaysianToday();
    const districts = await officerDistricts('officer@sejahtera.test');
    const page = await newPage(browser);
    await signIn(page, app.url, 'officer@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await expectFigures(page, await expectedFigures({ districts }, minus(to, 29), to));
    // No state to choose; the officer's districts only.
    expect(await page.getByRole('combobox', { name: 'State' }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'District' }).click();
    const options = (await page.getByRole('option').allInnerTexts()).filter((t) => t !== 'All districts');
    expect(options.length).toBe(districts.length);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('tr[data-area]').count()).toBe(districts.length);
    await expectAccessible(page, 'dashboard-figures-officer');
    await page.context().close();
  });

  it('a load asks the database six questions at once, each figure in SQL, and reads no rows to add up', async () => {
    const page = await newPage(browser);
    const asked: Array<{ path: string; body: string | null; at: number }> = [];
    const answered: Array<{ path: string; at: number }> = [];
    const path = (url: string) => new URL(url).pathname;
    page.on('request', (request) => {
      if (request.url().includes('/rest/v1/')) asked.push({ path: path(request.url()), body: request.postData(), at: performance.now() });
    });
    page.on('requestfinished', (request) => {
      if (request.url().includes('/rest/v1/rpc/')) answered.push({ path: path(request.url()), at: performance.now() });
    });
    await signIn(page, app.url, 'analyst@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await poll(() => page.locator('tr[data-area]').count()).toBeGreaterThan(0);
    const figures = asked.filter((r) => /\/rpc\/(dashboard_|high_risk_)/.test(r.path));
    // The summary once (every card shares it), one series per charted metric, the high-risk table.
    expect(figures.map((r) => r.path.replace('/rest/v1/rpc/', '')).sort()).toEqual([
      'dashboard_daily', 'dashboard_daily', 'dashboard_daily', 'dashboard_daily', 'dashboard_summary', 'high_risk_summary',
    ]);
    expect(new Set(figures.filter((r) => r.path.endsWith('dashboard_daily')).map((r) => JSON.parse(r.body ?? '{}').metric)).size).toBe(4);
    // All asked before the first answer came: the charts' series do not wait for their lazy chunk.
    const firstAnswer = Math.min(...answered.filter((r) => figures.some((f) => f.path === r.path)).map((r) => r.at));
    expect(Math.max(...figures.map((r) => r.at))).toBeLessThan(firstAnswer);
    // Nothing else read but reference data and the staff member's own record: no rows summed in the browser.
    const tables = new Set(asked.filter((r) => !r.path.includes('/rpc/')).map((r) => r.path.replace('/rest/v1/', '')));
    for (const table of tables) expect(['states', 'districts', 'staff', 'staff_districts']).toContain(table);
    await page.context().close();
  });

  it('the analyst sees the country-wide aggregates and nothing else', async () => {
    const to = await malaysianToday();
    const page = await newPage(browser);
    await signIn(page, app.url, 'analyst@sejahtera.test');
    await page.getByText(/^Welcome, /).waitFor();
    await expectFigures(page, await expectedFigures({ districts: null }, minus(to, 29), to));
    // No names anywhere on the page: no person's full name appears (names of one word, such as the
    // "Dependent" other packages' tests leave behind, would match the page's own labels).
    const names = (await sql<{ full_name: string }>(`select full_name from persons where full_name like '% %'`)).map((p) => p.full_name);
    const text = await page.locator('body').innerText();
    for (const name of names) expect(text).not.toContain(name);
    await expectAccessible(page, 'dashboard-figures-analyst');
    await page.context().close();
  });
});
