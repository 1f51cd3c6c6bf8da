/**
 * The stack's pg_cron stand-in and its SMTP inbox: a job added to private.job_schedule runs on its
 * schedule (every second here) as the table says, is recorded and logged, stops when removed; `jobs run`
 * runs one now; mail sent over SMTP lands in the inbox with its attachments.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testStackCli } from '../src/testing.ts';
import { ports, projectDir, stackEnv } from './env.ts';
import { db, messagesTo, unique } from './support.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runsOf(job: string): Promise<{ runner: string; succeeded: boolean | null; details: unknown }[]> {
  const client = await db();
  try {
    return (await client.query(`select runner, succeeded, details from private.job_runs where job = $1 order by started_at`, [job])).rows;
  } finally {
    await client.end();
  }
}

async function sql(text: string, params: unknown[] = []) {
  const client = await db();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

const jobs: string[] = [];
afterAll(async () => {
  await sql(`delete from private.job_schedule where name = any ($1)`, [jobs]);
  await sql(`delete from private.job_runs where job = any ($1)`, [jobs]);
});

describe('the scheduler', () => {
  it('runs a job added to the schedule at its times, records and logs each run, and stops when it is removed', async () => {
    const name = `stack_test_tick_${unique().replace(/\W/g, '_')}`.slice(0, 60).toLowerCase();
    jobs.push(name);
    await sql(`insert into private.job_schedule (name, schedule, command, description) values ($1, '* * * * * *', 'select 41 + 1 as answer', 'every second')`, [name]);
    let runs: Awaited<ReturnType<typeof runsOf>> = [];
    for (let i = 0; i < 100 && runs.filter((r) => r.succeeded).length < 2; i++) {
      await sleep(200);
      runs = await runsOf(name);
    }
    expect(runs.filter((r) => r.succeeded).length).toBeGreaterThanOrEqual(2);
    expect(runs[0]).toMatchObject({ runner: 'stack', succeeded: true, details: [{ answer: 42 }] });
    const log = readFileSync(join(stackEnv.SEJAHTERA_DATA_DIR ?? join(projectDir, '.sejahtera'), 'logs', 'scheduler.log'), 'utf8');
    expect(log).toContain(`${name}: scheduled "* * * * * *"`);
    expect(log).toMatch(new RegExp(`${name}: done in [0-9.]+ s: \\[\\{"answer":42\\}\\]`));

    await sql(`delete from private.job_schedule where name = $1`, [name]);
    await sleep(1500); // the reload, and a run already started, settle
    const settled = (await runsOf(name)).length;
    await sleep(2500);
    expect((await runsOf(name)).length).toBe(settled);
  });

  it('records a failing command as failed, with its error', async () => {
    const name = `stack_test_fail_${unique().replace(/\W/g, '_')}`.slice(0, 60).toLowerCase();
    jobs.push(name);
    await sql(`insert into private.job_schedule (name, schedule, command, description) values ($1, '0 0 1 1 *', 'select 1 / 0', 'fails')`, [name]);
    const result = await testStackCli('jobs', 'run', name);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('division by zero');
    expect(await runsOf(name)).toEqual([{ runner: 'cli', succeeded: false, details: { error: 'division by zero' } }]);
  });

  it('`jobs` lists the schedule; `jobs run` runs a job now and refuses an unknown one', async () => {
    const list = await testStackCli('jobs');
    expect(list.code).toBe(0);
    for (const job of ['reminders', 'close_monitoring', 'purge_expired', 'daily_reports']) expect(list.stdout).toContain(job);
    const unknown = await testStackCli('jobs', 'run', 'no_such_job');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no job "no_such_job"');
  });
});

/** One SMTP conversation, as a mail client has it; resolves with the server's replies. */
function sendSmtp(port: number, from: string, to: string[], message: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    const commands = [`EHLO test.local`, `MAIL FROM:<${from}>`, ...to.map((t) => `RCPT TO:<${t}>`), 'DATA', `${message.replace(/\n/g, '\r\n')}\r\n.`, 'QUIT'];
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      // A reply is complete at a line "NNN text" (not "NNN-text").
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        const line = buffer.slice(end).split('\r\n')[0];
        replies.push(line);
        buffer = buffer.slice(end + line.length + 2);
        const next = commands.shift();
        if (next === undefined) return;
        socket.write(`${next}\r\n`);
      }
    });
    socket.on('close', () => resolve(replies));
    socket.on('error', reject);
  });
}

describe('the inbox over SMTP', () => {
  it('takes a message for each recipient, with its subject, text, HTML, kind and attachments', async () => {
    const to = [`${unique()}@example.test`, `${unique()}@example.test`];
    const port = ports.inbox + 1;
    const csv = Buffer.from('section,value\r\nfigures,1\r\n').toString('base64');
    const message = `From: Sejahtera <reports@sejahtera.local>
To: ${to.join(', ')}
Subject: Daily report
X-Sejahtera-Kind: daily_report
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: multipart/alternative; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8

Figures inside.
--b2
Content-Type: text/html; charset=utf-8

<p>Figures inside.</p>
--b2--
--b1
Content-Type: text/csv; charset=utf-8
Content-Disposition: attachment; filename="report.csv"
Content-Transfer-Encoding: base64

${csv}
--b1--`;
    const replies = await sendSmtp(port, 'reports@sejahtera.local', to, message);
    expect(replies.find((r) => r.startsWith('250') && /queued|accepted|OK/i.test(r)) ?? replies).toBeTruthy();
    for (const address of to) {
      const [mail] = await messagesTo(address);
      expect(mail).toMatchObject({ channel: 'email', to: address, subject: 'Daily report', kind: 'daily_report', text: 'Figures inside.' });
      const full = mail as unknown as { html: string; attachments: { filename: string; contentType: string; content: string }[] };
      expect(full.html).toContain('<p>Figures inside.</p>');
      expect(full.attachments).toEqual([expect.objectContaining({ filename: 'report.csv', contentType: 'text/csv' })]);
      expect(Buffer.from(full.attachments[0].content, 'base64').toString()).toBe('section,value\r\nfigures,1\r\n');
    }
  });
});
