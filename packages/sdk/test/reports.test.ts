/**
 * sejahtera.analytics.reports: daily report subscriptions (create once, list, change, remove, within the
 * jurisdiction), the reports the daily-reports function made for them, and their CSV and document,
 * each readable by its reader and administrators only; analysts' reports name nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_URL, SERVICE_ROLE_KEY } from '@sejahtera/stack/testing';
import { NotFoundError, PermissionError, type ReportSubscription, type SejahteraStaffClient, ValidationError, malaysianToday, newIdempotencyKey } from '../src/staff.ts';
import { demoStaff, unique } from './support.ts';

let officer: SejahteraStaffClient;
let analyst: SejahteraStaffClient;
let agent: SejahteraStaffClient;
let admin: SejahteraStaffClient;
const made: { client: () => SejahteraStaffClient; id: string }[] = [];

/** Runs the daily-reports function for today, as the scheduler runs it for yesterday. */
async function runDailyReports(): Promise<void> {
  const res = await fetch(`${API_URL}/functions/v1/daily-reports`, {
    method: 'POST',
    headers: { apikey: SERVICE_ROLE_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ report_date: malaysianToday() }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  [officer, analyst, agent, admin] = await Promise.all(['officer', 'analyst', 'agent', 'admin'].map((who) => demoStaff(`${who}@sejahtera.test`)));
});

afterAll(async () => {
  for (const { client, id } of made) await client().analytics.reports.unsubscribe(id);
});

describe('analytics.reports', () => {
  it('subscribe: once per idempotency key, within the jurisdiction, with errors that name the field', async () => {
    const key = newIdempotencyKey();
    const input = { districts: ['MY-10-07'], sections: ['high_risk' as const], email: `Officer.${unique()}@Example.test`, language: 'ms' as const };
    const first = await officer.analytics.reports.subscribe(input, { idempotencyKey: key });
    made.push({ client: () => officer, id: first.id });
    expect(first).toMatchObject({ id: key, districts: ['MY-10-07'], states: [], sections: ['high_risk'], email: input.email.toLowerCase(), language: 'ms', active: true });
    expect(await officer.analytics.reports.subscribe(input, { idempotencyKey: key })).toEqual(first);
    expect((await officer.analytics.reports.subscriptions()).map((s) => s.id)).toContain(first.id);

    const outside = await officer.analytics.reports.subscribe({ districts: ['MY-01-02'] }).catch((e) => e);
    expect(outside).toBeInstanceOf(PermissionError);
    expect(outside.message).toBe('districts: MY-01-02 is outside your jurisdiction');
    const bad = await officer.analytics.reports.subscribe({ email: 'nobody', sections: [] }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(Object.keys(bad.fields).sort()).toEqual(['email', 'sections']);
    expect(await agent.analytics.reports.subscribe({}).catch((e) => e)).toBeInstanceOf(PermissionError);
  });

  it('updateSubscription and unsubscribe change only the caller’s own', async () => {
    const mine = await analyst.analytics.reports.subscribe({ states: ['MY-10'], email: null });
    made.push({ client: () => analyst, id: mine.id });
    const paused = await analyst.analytics.reports.updateSubscription(mine.id, { active: false, language: 'ms' });
    expect(paused).toMatchObject({ id: mine.id, active: false, language: 'ms', states: ['MY-10'] });
    expect(await officer.analytics.reports.updateSubscription(mine.id, { active: true }).catch((e) => e)).toBeInstanceOf(NotFoundError);
    await officer.analytics.reports.unsubscribe(mine.id);
    const all = await admin.analytics.reports.subscriptions();
    expect(all.map((s: ReportSubscription) => s.id)).toContain(mine.id);
    await analyst.analytics.reports.unsubscribe(mine.id);
    expect((await analyst.analytics.reports.subscriptions()).map((s) => s.id)).not.toContain(mine.id);
  });

  it('list, retrieve and download the reports made for one’s subscriptions; analysts’ name nobody', async () => {
    const officers = await officer.analytics.reports.subscribe({ districts: ['MY-10-02'] });
    const analysts = await analyst.analytics.reports.subscribe({});
    made.push({ client: () => officer, id: officers.id }, { client: () => analyst, id: analysts.id });
    await runDailyReports();
    const today = malaysianToday();

    const [officersReport] = (await officer.analytics.reports.list({ from_date: today, to_date: today })).filter((r) => r.subscription_id === officers.id);
    expect(officersReport).toMatchObject({ report_date: today, status: 'delivered', personal_data: true, error: null });
    const full = await officer.analytics.reports.retrieve(officersReport.id);
    const people = (full.data as { high_risk: { people: { pui: { full_name: string }[] } } }).high_risk.people.pui;
    expect(people.length).toBeGreaterThan(0);
    const csv = await officer.analytics.reports.downloadCsv(officersReport.id);
    expect(csv.split('\r\n')[0]).toMatch(/^section,area_code,area_name,metric,value,/);
    expect(csv).toContain(people[0].full_name);
    const html = await officer.analytics.reports.downloadDocument(officersReport.id);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');

    const [analystsReport] = (await analyst.analytics.reports.list({ from_date: today })).filter((r) => r.subscription_id === analysts.id);
    expect(analystsReport.personal_data).toBe(false);
    const analystCsv = await analyst.analytics.reports.downloadCsv(analystsReport.id);
    const analystHtml = await analyst.analytics.reports.downloadDocument(analystsReport.id);
    // Full names only: a one-word name another test left behind may also be a word of the report's labels.
    for (const person of people.filter((p) => p.full_name.includes(' '))) {
      expect(analystCsv).not.toContain(person.full_name);
      expect(analystHtml).not.toContain(person.full_name);
    }
    expect(JSON.stringify((await analyst.analytics.reports.retrieve(analystsReport.id)).data)).not.toMatch(/full_name|phone|identity_masked/);

    // Each reader's own; administrators everyone's.
    expect(await officer.analytics.reports.downloadCsv(analystsReport.id).catch((e) => e)).toBeInstanceOf(NotFoundError);
    expect(await analyst.analytics.reports.retrieve(officersReport.id).catch((e) => e)).toBeInstanceOf(NotFoundError);
    expect((await admin.analytics.reports.retrieve(officersReport.id)).id).toBe(officersReport.id);
    expect(await officer.analytics.reports.list({ from_date: today, to_date: '2000-01-01' }).catch((e) => e)).toBeInstanceOf(ValidationError);
  });
});
