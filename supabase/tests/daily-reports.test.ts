/**
 * The daily-reports edge function end to end, on the test stack: run as the schedule runs it (the stack's
 * `jobs run daily_reports`), it renders each subscription's report, emails it through SMTP into the
 * stack's inbox, stores its CSV and document, and announces it (report_ready). The analyst's report,
 * rendered and emailed, carries no name, phone or identity number; the officer's email leaves names out.
 * Uses the seed's staff, with subscriptions of its own that it removes afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { API_URL, INBOX_URL, SERVICE_ROLE_KEY, databaseUrlFor, testStackCli } from '@sejahtera/stack/testing';

const ANALYST = '5eed0000-0000-4000-8000-000000000005';
const OFFICER = '5eed0000-0000-4000-8000-000000000003';
const stamp = Date.now().toString(36);
const analystEmail = `analyst-${stamp}@reports.example.test`;
const officerEmail = `officer-${stamp}@reports.example.test`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

let client: pg.Client;
let subscriptions: { analyst: string; officer: string };

interface Mail {
  subject: string;
  text: string;
  html: string;
  kind: string;
  attachments: { filename: string; contentType: string; content?: string }[];
}

/** The reports mailed to `address` for yesterday (the SDK's tests may run the function for today meanwhile). */
async function mailTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(address)}`);
  const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  return ((await res.json()) as Mail[]).filter((m) => m.subject.endsWith(yesterday));
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
  await client.connect();
  const insert = `insert into public.report_subscriptions (staff_id, email, language) values ($1, $2, $3) returning id`;
  subscriptions = {
    analyst: (await client.query(insert, [ANALYST, analystEmail, 'en'])).rows[0].id,
    officer: (await client.query(insert, [OFFICER, officerEmail, 'ms'])).rows[0].id,
  };
});

afterAll(async () => {
  const ids = Object.values(subscriptions ?? {});
  await client.query(`delete from public.notifications where kind = 'report_ready' and data ->> 'report_id' in (select id::text from public.reports where subscription_id = any ($1))`, [ids]);
  await client.query(`delete from public.reports where subscription_id = any ($1)`, [ids]);
  await client.query(`delete from public.report_subscriptions where id = any ($1)`, [ids]);
  await client.end();
});

describe('the daily-reports function', () => {
  it('renders, emails, stores and announces each subscription’s report, once', async () => {
    const run = await testStackCli('jobs', 'run', 'daily_reports');
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const { rows: reports } = await client.query(
      `select r.id, r.subscription_id, r.status, r.csv, r.document, r.emailed_at, r.email_error, r.report_date::text, r.data
       from public.reports r where r.subscription_id = any ($1) and r.report_date = private.today() - 1`,
      [Object.values(subscriptions)],
    );
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      expect(report).toMatchObject({ status: 'delivered', email_error: null });
      expect(report.emailed_at).not.toBeNull();
      expect(report.csv.split('\r\n')[0]).toBe('section,area_code,area_name,metric,value,list,full_name,identity_masked,phone,district_code,status,case_number,since,last_report_at,ends_on');
      expect(report.document).toMatch(/^<!doctype html>/);
      expect(report.document).toContain('<svg role="img"');
      expect(report.document).not.toMatch(/<script|https?:\/\//);
    }
    const analysts = reports.find((r) => r.subscription_id === subscriptions.analyst)!;
    const officers = reports.find((r) => r.subscription_id === subscriptions.officer)!;

    // The CSV's figures are the stored data's.
    const totalAssessments = analysts.csv.split('\r\n').find((line: string) => line.startsWith('figures,,total,assessments,'));
    expect(totalAssessments).toBe(`figures,,total,assessments,${Number(analysts.data.figures.totals.events.assessments ?? 0)}`);

    // The officer's stored report names the people behind the figures; the analyst's names nobody.
    const { rows: people } = await client.query<{ full_name: string; phone: string | null; identity_masked: string | null }>(
      `select full_name, phone, identity_masked from public.persons where status = 'pui' and district_code in (select district_code from public.staff_districts where staff_id = $1)`,
      [OFFICER],
    );
    expect(people.length).toBeGreaterThan(0);
    // At most 200 per list (a kept test database gathers more over many runs): those listed are in both renderings.
    const listed = officers.data.high_risk.people.pui as { full_name: string }[];
    expect(listed.length).toBe(Math.min(200, people.length));
    for (const p of listed) expect(officers.document).toContain(escapeHtml(p.full_name));
    const plain = listed.find((p) => /^[\w /]+$/.test(p.full_name));
    if (plain) expect(officers.csv).toContain(plain.full_name);
    const { rows: everyone } = await client.query<{ full_name: string; phone: string | null }>(`select full_name, phone from public.persons`);
    for (const p of everyone) {
      // Full names only: a one-word name another test left behind ("First") is also a word of the report's labels.
      if (p.full_name.includes(' ')) {
        expect(analysts.csv, p.full_name).not.toContain(p.full_name);
        expect(analysts.document, p.full_name).not.toContain(p.full_name);
      }
      if (p.phone) expect(analysts.document).not.toContain(p.phone);
    }
    expect(analysts.document).not.toMatch(/\*{6}-\*{2}-\d{4}/); // no masked identity number either

    // Emailed through SMTP into the inbox: in the subscription's language, with the CSV and document attached.
    const [analystMail] = await mailTo(analystEmail);
    expect(analystMail).toMatchObject({ kind: 'daily_report', subject: `Sejahtera daily report: ${analysts.report_date}` });
    expect(analystMail.attachments.map((a) => a.filename)).toEqual([
      `sejahtera-report-${analysts.report_date}.csv`,
      `sejahtera-report-${analysts.report_date}.html`,
    ]);
    expect(Buffer.from(analystMail.attachments[0].content!, 'base64').toString()).toBe(analysts.csv);
    const [officerMail] = await mailTo(officerEmail);
    expect(officerMail.subject).toBe(`Laporan harian Sejahtera: ${officers.report_date}`);
    for (const p of listed.filter((p) => p.full_name.includes(' '))) {
      expect(officerMail.html, 'names stay out of email').not.toContain(escapeHtml(p.full_name));
      expect(officerMail.text).not.toContain(p.full_name);
    }

    // Announced to each reader, once.
    const { rows: told } = await client.query(
      `select account_id, data ->> 'report_id' as report_id from public.notifications where kind = 'report_ready' and data ->> 'report_id' = any ($1)`,
      [reports.map((r) => r.id)],
    );
    expect(told.map((t) => t.account_id).sort()).toEqual([OFFICER, ANALYST].sort());

    // Again: nothing more is generated, sent or told.
    const again = await testStackCli('jobs', 'run', 'daily_reports');
    expect(again.code).toBe(0);
    expect(await mailTo(analystEmail)).toHaveLength(1);
    expect((await client.query(`select 1 from public.reports where subscription_id = any ($1) and report_date = private.today() - 1`, [Object.values(subscriptions)])).rows).toHaveLength(2);
  });

  it('answers only the service role, and a bad date with a clear error', async () => {
    const call = (key: string, body: unknown) =>
      fetch(`${API_URL}/functions/v1/daily-reports`, {
        method: 'POST',
        headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { ANON_KEY } = await import('@sejahtera/stack/testing');
    const anon = await call(ANON_KEY, {});
    expect(anon.status).toBe(403);
    const bad = await call(SERVICE_ROLE_KEY, { report_date: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'report_date: must be a date (YYYY-MM-DD)' });
    const future = await call(SERVICE_ROLE_KEY, { report_date: '2999-01-01' });
    expect(future.status).toBe(400);
    expect((await future.json()).error).toMatch(/^report_date: 2999-01-01 has not begun/);
  });
});
