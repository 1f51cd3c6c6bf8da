/**
 * The stack's stand-in for pg_cron: it reads the schedule from `private.job_schedule`, the table the
 * migration fills and pg_cron follows on Supabase, and runs each job at its times (UTC, as pg_cron
 * does). A SQL job runs its command as `postgres`, as pg_cron runs it; a job with a function name
 * calls that edge function through the gateway with the service role key, as pg_net does on Supabase.
 * Each run is recorded in `private.job_runs` and logged (`sejahtera-stack logs scheduler`). The
 * scheduler reloads when the table changes (LISTEN sejahtera_job_schedule), and on start runs a job
 * whose last scheduled time passed while the stack was down.
 */
import { Cron } from 'croner';
import pg from 'pg';
import type { StackConfig } from './config.ts';
import { databaseUrl } from './postgres.ts';

export interface ScheduledJob {
  name: string;
  schedule: string;
  command: string;
  function_name: string | null;
  enabled: boolean;
}

export interface JobOutcome {
  job: string;
  succeeded: boolean;
  /** What the command returned (its rows) or the function answered, or the error. */
  details: unknown;
}

const DETAILS_MAX_CHARS = 4000;

function adminPool(config: StackConfig): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl(config, 'postgres'), max: 2 });
}

/** Every job in the schedule, enabled or not. */
export async function listJobs(db: pg.Pool | pg.Client): Promise<(ScheduledJob & { description: string; last_run: string | null; last_succeeded: boolean | null })[]> {
  const { rows } = await db.query(`
    select j.name, j.schedule, j.command, j.function_name, j.enabled, j.description,
           r.started_at as last_run, r.succeeded as last_succeeded
    from private.job_schedule j
    left join lateral (select * from private.job_runs r where r.job = j.name order by r.started_at desc limit 1) r on true
    order by j.name`);
  return rows;
}

/** Keeps what a run returned short enough to store and log. */
function summarise(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length <= DETAILS_MAX_CHARS ? value : { truncated: true, text: text.slice(0, DETAILS_MAX_CHARS) };
}

/**
 * Runs one job now and records the run. Never throws for a failing job: the outcome says how it went.
 * `runner` says who ran it (the scheduler, or the CLI's `jobs run`).
 */
export async function runJob(config: StackConfig, db: pg.Pool, job: ScheduledJob, runner: string): Promise<JobOutcome> {
  const {
    rows: [run],
  } = await db.query<{ id: string }>(`insert into private.job_runs (job, runner) values ($1, $2) returning id`, [job.name, runner]);
  let outcome: JobOutcome;
  try {
    let details: unknown;
    if (job.function_name) {
      const res = await fetch(`http://${config.host}:${config.apiPort}/functions/v1/${job.function_name}`, {
        method: 'POST',
        headers: { apikey: config.serviceRoleKey, authorization: `Bearer ${config.serviceRoleKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ job: job.name }),
        signal: AbortSignal.timeout(10 * 60_000),
      });
      const text = await res.text();
      try {
        details = JSON.parse(text);
      } catch {
        details = text.slice(0, DETAILS_MAX_CHARS);
      }
      if (!res.ok) throw Object.assign(new Error(`the ${job.function_name} function answered ${res.status}`), { details });
    } else {
      const result = await db.query(job.command);
      const results = Array.isArray(result) ? result : [result];
      details = results.at(-1)?.rows ?? [];
    }
    outcome = { job: job.name, succeeded: true, details: summarise(details) };
  } catch (error) {
    const e = error as Error & { details?: unknown };
    outcome = { job: job.name, succeeded: false, details: summarise({ error: e.message, ...(e.details ? { answer: e.details } : {}) }) };
  }
  await db.query(`update private.job_runs set finished_at = now(), succeeded = $2, details = $3 where id = $1`, [
    run.id,
    outcome.succeeded,
    JSON.stringify(outcome.details),
  ]);
  return outcome;
}

export class Scheduler {
  readonly #config: StackConfig;
  readonly #log: (line: string) => void;
  readonly #db: pg.Pool;
  readonly #crons = new Map<string, { job: ScheduledJob; cron: Cron }>();
  #listener: pg.Client | undefined;
  #stopped = false;
  #reloading: Promise<void> = Promise.resolve();
  readonly #only: ((name: string) => boolean) | undefined;

  /**
   * `only`: the jobs this scheduler runs, as comma-separated names where `*` matches anything
   * (SEJAHTERA_SCHEDULER_JOBS; the test stack runs only `stack_test_*`, so the real jobs never write
   * into a database that tests share). Unset: every job.
   */
  constructor(config: StackConfig, log: (line: string) => void, options: { only?: string } = {}) {
    this.#config = config;
    this.#log = log;
    if (options.only !== undefined) {
      const patterns = options.only.split(',').map((p) => p.trim()).filter(Boolean)
        .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
      this.#only = (name) => patterns.some((re) => re.test(name));
      log(`running only the jobs matching ${options.only || '(none)'}`);
    }
    this.#db = adminPool(config);
    this.#db.on('error', (error) => log(`database: ${error.message}`));
  }

  /** Loads the schedule, starts each job's timer, listens for changes, and catches up on runs missed while stopped. */
  async start(): Promise<void> {
    await this.#listen();
    await this.reload();
    await this.#catchUp();
  }

  /** The jobs currently scheduled, by name. */
  jobs(): string[] {
    return [...this.#crons.keys()];
  }

  /** Re-reads private.job_schedule and replaces the timers of jobs that changed. */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#reload()).catch((error: Error) => this.#log(`reload failed: ${error.message}`));
    return this.#reloading;
  }

  async #reload(): Promise<void> {
    if (this.#stopped) return;
    const jobs = (await listJobs(this.#db)).filter((job) => job.enabled && (this.#only?.(job.name) ?? true));
    const wanted = new Map(jobs.map((job) => [job.name, job]));
    for (const [name, current] of this.#crons) {
      const next = wanted.get(name);
      if (!next || next.schedule !== current.job.schedule || next.command !== current.job.command || next.function_name !== current.job.function_name) {
        current.cron.stop();
        this.#crons.delete(name);
        if (!next) this.#log(`${name}: unscheduled`);
      }
    }
    for (const job of jobs) {
      if (this.#crons.has(job.name)) continue;
      let cron: Cron;
      try {
        // protect: a run still going when the next is due is not overlapped, as pg_cron does not.
        cron = new Cron(job.schedule, { timezone: 'UTC', protect: true, name: `sejahtera:${job.name}:${Date.now()}` }, () => this.#run(job));
      } catch (error) {
        this.#log(`${job.name}: cannot schedule "${job.schedule}": ${(error as Error).message}`);
        continue;
      }
      this.#crons.set(job.name, { job, cron });
      this.#log(`${job.name}: scheduled "${job.schedule}" (UTC), next run ${cron.nextRun()?.toISOString() ?? 'never'}`);
    }
  }

  async #catchUp(): Promise<void> {
    for (const { job, cron } of this.#crons.values()) {
      const [due] = cron.previousRuns(1, new Date());
      if (!due) continue;
      const {
        rows: [last],
      } = await this.#db.query<{ started_at: Date | null }>(`select max(started_at) as started_at from private.job_runs where job = $1`, [job.name]);
      // Only a job that has run before catches up: a fresh database does not run every job at start.
      if (last.started_at && last.started_at < due) {
        this.#log(`${job.name}: missed its run at ${due.toISOString()} while the stack was stopped; running it now`);
        void this.#run(job);
      }
    }
  }

  async #run(job: ScheduledJob): Promise<void> {
    if (this.#stopped) return;
    const began = Date.now();
    this.#log(`${job.name}: running`);
    try {
      const outcome = await runJob(this.#config, this.#db, job, 'stack');
      const took = `${((Date.now() - began) / 1000).toFixed(1)} s`;
      this.#log(`${job.name}: ${outcome.succeeded ? 'done' : 'FAILED'} in ${took}: ${JSON.stringify(outcome.details)}`);
    } catch (error) {
      this.#log(`${job.name}: could not run: ${(error as Error).message}`);
    }
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl(this.#config, 'postgres') });
    client.on('error', (error) => {
      // A dropped connection can report more than one error: one retry for them all.
      if (this.#listener !== client) return;
      this.#log(`schedule listener: ${error.message}; listening again in 5 s`);
      this.#listener = undefined;
      this.#listenAgain();
    });
    client.on('notification', () => void this.reload());
    await client.connect();
    await client.query('listen sejahtera_job_schedule');
    this.#listener = client;
  }

  /** After the database went away (a reset, a restart): listen again, every 5 s until it answers, then reload. */
  #listenAgain(): void {
    setTimeout(() => {
      if (this.#stopped) return;
      this.#listen().then(
        () => {
          this.#log('schedule listener: listening again');
          return this.reload();
        },
        (error: Error) => {
          this.#log(`schedule listener: ${error.message}; trying again in 5 s`);
          this.#listenAgain();
        },
      );
    }, 5000).unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { cron } of this.#crons.values()) cron.stop();
    this.#crons.clear();
    await this.#listener?.end().catch(() => {});
    await this.#db.end().catch(() => {});
  }
}

/** Runs the named job once, now (`sejahtera-stack jobs run <name>`). */
export async function runJobNow(config: StackConfig, name: string): Promise<JobOutcome> {
  const db = adminPool(config);
  try {
    const job = (await listJobs(db)).find((j) => j.name === name);
    if (!job) {
      const names = (await listJobs(db)).map((j) => j.name).join(', ');
      throw new Error(`There is no job "${name}". Jobs: ${names || 'none'}.`);
    }
    return await runJob(config, db, job, 'cli');
  } finally {
    await db.end();
  }
}

/** The schedule with each job's last run (`sejahtera-stack jobs`). */
export async function describeJobs(config: StackConfig): Promise<Awaited<ReturnType<typeof listJobs>>> {
  const db = adminPool(config);
  try {
    return await listJobs(db);
  } finally {
    await db.end();
  }
}
