// daily-reports: generates the day's report of every active subscription (in the database, as each reader
// may see it), renders each as CSV and as a printable HTML document with charts, emails it by SMTP when
// the subscription gives an address, then stores both renderings and announces the report by push
// (report_ready). Only the service role may call it: the stack's scheduler at 07:00 in Malaysia (job
// daily_reports in private.job_schedule), pg_cron through pg_net on a Supabase project.
//
// Body (optional JSON): { "report_date": "YYYY-MM-DD" (default: yesterday in Malaysia), "budgetMs": how
// long to keep taking new reports (default 100000, under the edge runtime's wall-clock limit) }.
// Reports are generated one per call and handed out, each to one run for ten minutes, so overlapping
// runs never send one twice. Answers { report_date, delivered, emailed, failed: [{ report_id, error }],
// remaining } (remaining: stopped by the budget; the schedule runs it again every 15 minutes until 07:45).
// Running it again for a day renders and sends only what is not yet delivered.
//
// Reports that name people (officers, supervisors, administrators) are emailed without the names: the
// email carries the figures and the counts, the named lists stay in the console behind row-level security.
import { createClient } from 'npm:@supabase/supabase-js@2';
import { renderCsv, renderDocument, renderText, subjectOf, type ReportData } from './render.ts';
import { smtpSender, type Sender } from './mail.ts';

const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!, {
  auth: { persistSession: false, autoRefreshToken: false },
});

/** The JWT's role claim. The gateway (or Supabase's) verified the signature before the request got here. */
function roleOf(req: Request): string | undefined {
  const token = req.headers.get('authorization')?.replace(/^bearer\s+/i, '');
  try {
    return JSON.parse(atob(token!.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).role;
  } catch {
    return undefined;
  }
}

/** The report without anyone's name: what an email may carry. */
function withoutPeople(data: ReportData): ReportData {
  if (!data.high_risk?.people) return data;
  const { people: _people, ...highRisk } = data.high_risk;
  return { ...data, personal_data: false, high_risk: highRisk };
}

interface ReportRow {
  id: string;
  report_date: string;
  email_to: string | null;
  data: ReportData;
}

async function deliver(report: ReportRow, send: Sender | undefined): Promise<{ emailed: boolean }> {
  const csv = renderCsv(report.data);
  const document = renderDocument(report.data);
  let emailError: string | null = null;
  if (report.email_to) {
    if (!send) {
      emailError = 'SMTP_HOST is not set: no mail server to send through';
    } else {
      const mailed = withoutPeople(report.data);
      try {
        await send({
          to: report.email_to,
          subject: subjectOf(mailed),
          text: renderText(mailed),
          html: renderDocument(mailed),
          attachments: [
            { filename: `sejahtera-report-${report.report_date}.csv`, content: renderCsv(mailed), contentType: 'text/csv; charset=utf-8' },
            { filename: `sejahtera-report-${report.report_date}.html`, content: renderDocument(mailed), contentType: 'text/html; charset=utf-8' },
          ],
        });
      } catch (error) {
        // Kept on the report (the address is the subscriber's own); the log says only that it failed.
        emailError = (error as Error).message.slice(0, 500);
      }
    }
  }
  const { error } = await supabase.rpc('finish_daily_report', { report_id: report.id, csv, document, email_error: emailError });
  if (error) throw new Error(`storing the report: ${error.message}`);
  return { emailed: Boolean(report.email_to) && emailError === null };
}

Deno.serve(async (req) => {
  if (req.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405 });
  if (roleOf(req) !== 'service_role') {
    return Response.json({ error: 'Only the service role runs the daily reports' }, { status: 403 });
  }
  let body: Record<string, unknown> = {};
  const text = await req.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      return Response.json({ error: 'Body must be JSON' }, { status: 400 });
    }
  }
  const reportDate = body.report_date;
  if (reportDate !== undefined && (typeof reportDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(reportDate))) {
    return Response.json({ error: 'report_date: must be a date (YYYY-MM-DD)' }, { status: 400 });
  }
  const budgetMs = body.budgetMs ?? 100_000;
  if (typeof budgetMs !== 'number' || !Number.isFinite(budgetMs) || budgetMs < 0 || budgetMs > 3_600_000) {
    return Response.json({ error: 'budgetMs: must be a number of milliseconds between 0 and 3600000' }, { status: 400 });
  }
  const deadline = Date.now() + budgetMs;
  const send = smtpSender();
  let delivered = 0;
  let emailed = 0;
  let day: string | null = reportDate ?? null;
  let remaining = false;
  const failed: { report_id: string; error: string }[] = [];
  for (;;) {
    // One new report per call: a country-wide report takes seconds at national scale, and every API
    // request must end within the database's statement timeout (8 s for the API's roles, as on Supabase).
    const { data, error } = await supabase.rpc('generate_daily_reports', { ...(reportDate ? { report_date: reportDate } : {}), max_new: 1 });
    if (error) {
      const status = error.code === '22023' || error.code === '22008' || error.code === '22007' ? 400 : 500;
      return Response.json({ error: error.message }, { status });
    }
    const batch = (data ?? []) as ReportRow[];
    if (!batch.length) break;
    day ??= batch[0].report_date;
    for (const report of batch) {
      try {
        const outcome = await deliver(report, send);
        delivered++;
        if (outcome.emailed) emailed++;
      } catch (e) {
        failed.push({ report_id: report.id, error: (e as Error).message });
      }
    }
    if (Date.now() > deadline) {
      remaining = true;
      break;
    }
  }
  console.log(`daily reports: ${delivered} delivered, ${emailed} emailed, ${failed.length} failed${remaining ? ', more to do' : ''}`);
  return Response.json({ report_date: day, delivered, emailed, failed, remaining }, { status: failed.length ? 500 : 200 });
});
