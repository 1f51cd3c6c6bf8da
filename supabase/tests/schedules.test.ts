/**
 * Scheduled jobs: the schedule every runner reads (private.job_schedule), pg_cron kept in step with it
 * where pg_cron exists, and each job: reminders in each person's preferred time of day (before, within
 * and after it; reported or not; never twice; windows since the last run), monitoring closure and lost
 * to follow-up, and the retention purge, each run through the very command the schedule holds.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { buildWorld, PETALING, type World } from './support/world.ts';

const QUESTIONS = ['cough', 'breathing_difficulty', 'loss_of_smell_or_taste', 'fever', 'chills', 'body_aches', 'headache', 'sore_throat', 'diarrhoea',
  'close_contact', 'travelled_abroad', 'cluster_gathering', 'home_surveillance_order'];
const answers = (...yes: string[]) => JSON.stringify(Object.fromEntries(QUESTIONS.map((q) => [q, yes.includes(q)])));

/** A Malaysian wall-clock time today (HH:MM) as an instant. */
const todayAt = (time: string) => `((private.today() + time '${time}') at time zone 'Asia/Kuala_Lumpur')`;

async function remindersFor(tx: Tx, account: string): Promise<{ person_id: string; title: Record<string, string>; body: Record<string, string>; data: Record<string, string> }[]> {
  return tx.query(`select person_id, title, body, data from public.notifications where account_id = $1 and kind = 'reminder' order by created_at`, [account]);
}

async function sendReminders(tx: Tx, from: string, until: string): Promise<number> {
  const [{ sent }] = await tx.query<{ sent: number }>(`select private.send_reminders(${todayAt(from)}, ${todayAt(until)}) as sent`);
  return sent;
}

async function runCommand(tx: Tx, job: string): Promise<Record<string, unknown>[]> {
  const [{ command }] = await tx.query<{ command: string }>(`select command from private.job_schedule where name = $1`, [job]);
  return tx.query(command);
}

/** The world's people want their reminders at 09:00 (the default; set here so that the test says so). */
async function remindAtNine(tx: Tx, w: World) {
  await tx.asOwner();
  await tx.query(`update public.persons set reminder_time = '09:00' where id = any ($1)`, [Object.values(w.persons)]);
}

describe('the schedule', () => {
  it('holds every job once, with a cron schedule, a command and what it does; the migration applied without pg_cron', async () => {
    await inTransaction(async (tx) => {
      const jobs = await tx.query<{ name: string; schedule: string; command: string; function_name: string | null }>(
        `select name, schedule, command, function_name from private.job_schedule order by name`,
      );
      expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['close_monitoring', 'daily_reports', 'purge_expired', 'reminders']));
      for (const job of jobs.filter((j) => !j.name.startsWith('stack_test_'))) expect(job.schedule.split(' '), job.name).toHaveLength(5);
      expect(jobs.find((j) => j.name === 'daily_reports')).toMatchObject({ function_name: 'daily-reports' });
      expect(jobs.find((j) => j.name === 'daily_reports')!.command).toContain('/functions/v1/daily-reports');
      // This database has no pg_cron: the migration applied (and was recorded) all the same.
      const [{ available }] = await tx.query<{ available: boolean }>(`select exists (select 1 from pg_available_extensions where name = 'pg_cron') as available`);
      if (!available) {
        expect(await tx.query(`select 1 from pg_namespace where nspname = 'cron'`)).toHaveLength(0);
        expect(await tx.query(`select 1 from supabase_migrations.schema_migrations where version = '20261127001300'`)).toHaveLength(1);
      }
    });
  });

  it('keeps pg_cron in step where it exists: scheduled, rescheduled and unscheduled with the table', async () => {
    await inTransaction(async (tx) => {
      // A stand-in for pg_cron's API (cron.job, cron.schedule, cron.unschedule), in this rolled-back transaction.
      await tx.query(`create schema cron`);
      await tx.query(`create table cron.job (jobname text primary key, schedule text, command text)`);
      await tx.query(`create table cron.calls (n serial, call text, jobname text)`);
      await tx.query(`create function cron.schedule(name text, schedule text, command text) returns bigint language sql as $$
        insert into cron.calls (call, jobname) values ('schedule', name);
        insert into cron.job values (name, schedule, command) on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command;
        select 1::bigint $$`);
      await tx.query(`create function cron.unschedule(name text) returns boolean language sql as $$
        insert into cron.calls (call, jobname) values ('unschedule', name);
        delete from cron.job where jobname = name;
        select true $$`);
      await tx.query(`insert into private.job_schedule (name, schedule, command, description) values ('stack_test_cron', '*/10 * * * *', 'select 1', 'test')`);
      expect(await tx.query(`select jobname, schedule, command from cron.job where jobname = 'stack_test_cron'`)).toEqual([
        { jobname: 'stack_test_cron', schedule: '*/10 * * * *', command: 'select 1' },
      ]);
      await tx.query(`update private.job_schedule set schedule = '0 * * * *' where name = 'stack_test_cron'`);
      expect(await tx.query(`select schedule from cron.job where jobname = 'stack_test_cron'`)).toEqual([{ schedule: '0 * * * *' }]);
      await tx.query(`update private.job_schedule set enabled = false where name = 'stack_test_cron'`);
      expect(await tx.query(`select 1 from cron.job where jobname = 'stack_test_cron'`)).toHaveLength(0);
      await tx.query(`update private.job_schedule set enabled = true where name = 'stack_test_cron'`);
      await tx.query(`delete from private.job_schedule where name = 'stack_test_cron'`);
      expect(await tx.query(`select 1 from cron.job where jobname = 'stack_test_cron'`)).toHaveLength(0);
      expect((await tx.query<{ call: string }>(`select call from cron.calls order by n`)).map((c) => c.call)).toEqual([
        'schedule', 'unschedule', 'schedule', 'unschedule', 'schedule', 'unschedule',
      ]);
    });
  });

  it('is not for the API roles', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const actor of [w.actors.admin, w.actors.service_role, w.actors.anon]) {
        await tx.as(actor);
        expect((await tx.fails(`select * from private.job_schedule`)).code).toBe('42501');
        expect((await tx.fails(`select * from private.job_runs`)).code).toBe('42501');
      }
    });
  });
});

describe('the reminder job', () => {
  it('reminds in the window holding the preferred time, not before it and not after it', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await remindAtNine(tx, w);
      await sendReminders(tx, '08:00', '08:59');
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(0);
      await sendReminders(tx, '09:01', '10:00');
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(0);
      await sendReminders(tx, '08:59', '09:00'); // (08:59, 09:00]: 09:00 is in it
      const reminders = await remindersFor(tx, w.users.aminah);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ person_id: w.persons.aminah, data: { person_id: w.persons.aminah } });
      expect(reminders[0].title.ms).toBeTruthy();
      expect(reminders[0].title.en).toBeTruthy();
      // Queued for push, like every notification.
      expect(await tx.query(`select 1 from private.notification_outbox o join public.notifications n on n.id = o.notification_id where n.account_id = $1 and n.kind = 'reminder'`, [w.users.aminah])).toHaveLength(1);
    });
  });

  it('skips whoever has declared today, and reminds each person once a day however often it runs', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await remindAtNine(tx, w);
      await tx.as(w.actors.badrul);
      await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.badrul, answers(), randomUUID()]);
      await tx.asOwner();
      const first = await sendReminders(tx, '08:30', '09:30');
      expect(await remindersFor(tx, w.users.badrul)).toHaveLength(0);
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(1);
      // The same window again, and an overlapping one: nothing more.
      expect(await sendReminders(tx, '08:30', '09:30')).toBe(0);
      expect(await sendReminders(tx, '08:45', '09:15')).toBe(0);
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(1);
      expect(first).toBeGreaterThanOrEqual(2);
    });
  });

  it('tells a dependent’s guardian, and a monitored person that they are monitored', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await remindAtNine(tx, w);
      await tx.as(w.actors.officer);
      const [kase] = await tx.query<{ id: string }>(
        `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today(), $3) returning id`,
        [w.persons.pending, `C-${randomUUID().slice(0, 8).toUpperCase()}`, PETALING],
      );
      await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today())`, [kase.id, w.persons.aminah]);
      await tx.asOwner();
      await sendReminders(tx, '08:30', '09:30');
      const [guardians] = await remindersFor(tx, w.users.guardian);
      expect(guardians).toMatchObject({ person_id: w.persons.dependent });
      const [monitored] = await remindersFor(tx, w.users.aminah);
      expect(monitored.body.en).toMatch(/monitored/);
      expect(monitored.body.en).not.toEqual(guardians.body.en);
    });
  });

  it('covers the time since the last run, so a restart neither skips nor doubles', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await remindAtNine(tx, w);
      // Runs at 08:50, then nothing until 09:20 (the stack was down at 09:00), then 09:25.
      await tx.query(`delete from private.reminder_windows`);
      const run = async (at: string) => (await tx.query<{ r: Record<string, unknown> }>(`select private.run_reminders(${todayAt(at)}) as r`))[0].r;
      await run('08:50');
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(0);
      const late = await run('09:20');
      expect(new Date(String(late.window_start)).getTime()).toBe(
        new Date(String((await tx.query<{ t: Date }>(`select ${todayAt('08:50')} as t`))[0].t)).getTime(),
      );
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(1);
      await run('09:25');
      expect(await remindersFor(tx, w.users.aminah)).toHaveLength(1);
      expect(await tx.query(`select 1 from private.reminder_windows`)).toHaveLength(3);
    });
  });

  it('refuses a window that is empty, backwards or longer than two days', async () => {
    await inTransaction(async (tx) => {
      for (const [from, until] of [['now()', 'now()'], ['now()', "now() - interval '1 hour'"], ["now() - interval '3 days'", 'now()']]) {
        const error = await tx.fails(`select private.send_reminders(${from}, ${until})`);
        expect([error.code, error.message.split(':')[0]]).toEqual(['22023', 'window_start, window_end']);
      }
    });
  });
});

describe('the daily jobs', () => {
  it('close_monitoring completes finished periods and marks the silent lost to follow-up', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.officer);
      const [kase] = await tx.query<{ id: string }>(
        `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today() - 40, $3) returning id`,
        [w.persons.pending, `C-${randomUUID().slice(0, 8).toUpperCase()}`, PETALING],
      );
      await tx.query(`insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today() - 20), ($1, $3, private.today() - 2)`, [
        kase.id, w.persons.aminah, w.persons.dependent,
      ]);
      await tx.asOwner();
      // Aminah's period is over and she reported yesterday; the dependent's is running but silent for 31 days.
      await tx.query(`update public.monitoring set last_report_at = now() - interval '1 day' where person_id = $1`, [w.persons.aminah]);
      await tx.query(`update public.monitoring set starts_on = private.today() - 31 where person_id = $1`, [w.persons.dependent]);
      await runCommand(tx, 'close_monitoring');
      const states = await tx.query<{ person_id: string; state: string }>(
        `select person_id, state::text from public.monitoring where person_id = any ($1) order by state`, [[w.persons.aminah, w.persons.dependent]],
      );
      expect(Object.fromEntries(states.map((s) => [s.person_id, s.state]))).toEqual({
        [w.persons.aminah]: 'completed',
        [w.persons.dependent]: 'lost_to_follow_up',
      });
      // Idempotent: a second run changes nothing.
      const [again] = await runCommand(tx, 'close_monitoring');
      expect(again).toMatchObject({ completed: 0, lost: 0 });
    });
  });

  it('purge_expired deletes what is past its retention period and says how much', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, answers(), randomUUID()]);
      await tx.query(`select public.submit_assessment($1, $2, $3)`, [w.persons.aminah, answers(), randomUUID()]);
      await tx.asOwner();
      await tx.query(`update public.assessments set submitted_at = now() - interval '100 days' where person_id = $1`, [w.persons.aminah]);
      const [{ purged: counts }] = await runCommand(tx, 'purge_expired');
      expect(Number((counts as Record<string, number>).assessments)).toBeGreaterThanOrEqual(2);
      expect(await tx.query(`select 1 from public.assessments where person_id = $1`, [w.persons.aminah])).toHaveLength(0);
      expect(Number((counts as Record<string, number>).reports)).toBeGreaterThanOrEqual(0);
    });
  });

  it('purge_expired deletes daily reports that name people once past the retention period, and keeps aggregate ones', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const report = async (staff: string, personal: boolean, daysAgo: number) =>
        (await tx.query<{ id: string }>(
          `insert into public.reports (staff_id, report_date, language, sections, personal_data, generated_at)
           values ($1, private.today() - $3::int, 'en', '{figures}', $2, now() - make_interval(days => $3::int)) returning id`,
          [staff, personal, daysAgo],
        ))[0].id;
      const old = await report(w.users.officer, true, 100);
      const recent = await report(w.users.officer, true, 10);
      const aggregate = await report(w.users.analyst, false, 100);
      await runCommand(tx, 'purge_expired');
      const left = (await tx.query<{ id: string }>(`select id from public.reports where id = any ($1)`, [[old, recent, aggregate]])).map((r) => r.id);
      expect(left.sort()).toEqual([recent, aggregate].sort());
    });
  });
});
