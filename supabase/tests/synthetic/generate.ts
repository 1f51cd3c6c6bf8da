/**
 * npm run seed:synthetic -- --persons N [--days 30] [--assessments-per-person 10]
 *
 * Fills a database with a synthetic population (nobody real) at national scale, for benchmarks and for trying
 * the dashboards: N persons over every district, weighted by state population; 60% account holders (auth
 * users, first sign-ins), 5% dependents of them, 35% pending persons entered by officers; health declarations
 * (about N x assessments-per-person in all) over the last `days` days; confirmed cases (0.5% of persons) with
 * about five contacts each, their monitoring and lab results; an officer per district, a supervisor per state,
 * an analyst and an administrator.
 *
 * Speed: everything is written set-based, a chunk per statement, with the per-row triggers off
 * (session_replication_role = replica, which needs a superuser: on the stack, supabase_admin). What the
 * triggers would have derived is then made consistent set-based: each person's status and symptom flag from
 * the facts, by the database's own rule (private.status_for); identity hashes and masks; monitoring periods of
 * contacts; and the analytics rollups, recomputed as the analytics migration's backfill does. Not derived:
 * notifications and their push outbox, and the audit log (no staff acted). Each declaration's own
 * `classification` is judged from its answers alone, without the cases and contacts of its time.
 *
 * Runs add to what is there: a second run continues the synthetic numbering. `npm run stack -- reset` starts
 * over. `--refresh` only recomputes the rollups and statistics.
 *
 * Database: DATABASE_URL (its user must be a superuser), else the running development stack as supabase_admin.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  ADMIN_ID,
  ANALYST_ID,
  BLOCK,
  CASE_RATE,
  ID_PREFIX,
  ISOLATION_DAYS,
  SYNTHETIC_EMAIL_DOMAIN,
  SYNTHETIC_PASSWORD,
  id,
  idRange,
  idSql,
  officerIdSql,
  personsSql,
  patternColumnSql,
  patternSql,
  prepareModel,
  u,
  type Model,
} from './model.ts';
import { verify } from './verify.ts';

export const DEFAULT_DATABASE_URL = 'postgresql://supabase_admin:postgres@127.0.0.1:54322/postgres';

export interface GenerateOptions {
  databaseUrl: string;
  persons: number;
  days?: number;
  assessmentsPerPerson?: number;
  /** Connections writing at once (default: the number of cores, at most 4). */
  jobs?: number;
  /** Where progress goes; console.log by default. */
  log?: (line: string) => void;
}

export interface GenerateResult {
  /** The first synthetic person number of this run (persons base .. base + persons - 1). */
  base: number;
  persons: number;
  assessments: number;
  cases: number;
  contacts: number;
  seconds: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Prints one line per chunk: rows done / total, rate, ETA. */
class Progress {
  private readonly started = Date.now();
  private done = 0;
  private readonly log: (line: string) => void;
  private readonly label: string;
  private readonly total: number;
  private readonly unit: string;
  constructor(log: (line: string) => void, label: string, total: number, unit: string) {
    this.log = log;
    this.label = label;
    this.total = total;
    this.unit = unit;
  }
  add(rows: number) {
    this.done += rows;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 0.001);
    const left = this.total > this.done ? (this.total - this.done) / rate : 0;
    const share = this.total ? ((100 * this.done) / this.total).toFixed(1).padStart(5) : '100.0';
    this.log(
      `  ${this.label.padEnd(12)} ${fmt(this.done).padStart(11)} / ${fmt(this.total).padEnd(11)} ${share}%  ${fmt(rate).padStart(9)} ${this.unit}/s  ` +
        `elapsed ${clock(seconds)}  ETA ${clock(left)}`,
    );
  }
}

/** Makes the session fast for bulk writes and switches off every trigger (user and foreign-key ones). */
async function bulkSession(db: pg.Client) {
  const { rows } = await db.query<{ rolsuper: boolean; who: string }>(
    'select rolsuper, current_user as who from pg_roles where rolname = current_user',
  );
  if (!rows[0]?.rolsuper) {
    throw new Error(
      `${rows[0]?.who ?? 'this user'} is not a superuser: bulk loading switches triggers off (session_replication_role), which needs one. ` +
        `On the stack connect as supabase_admin (e.g. ${DEFAULT_DATABASE_URL}).`,
    );
  }
  await db.query(`
    set session_replication_role = replica;
    set synchronous_commit = off;
    set jit = off;
    set work_mem = '256MB';
    set maintenance_work_mem = '512MB';`);
}

/** Where the previous synthetic run stopped: the next person number, a multiple of the block size. */
async function nextBase(db: pg.Client): Promise<number> {
  const [lo, hi] = idRange('person');
  const { rows } = await db.query<{ last: string | null }>(
    `select id::text as last from public.persons where id between $1 and $2 order by id desc limit 1`,
    [lo, hi],
  );
  if (!rows[0]?.last) return 0;
  const last = Number.parseInt(rows[0].last.slice(-12), 16);
  return Math.ceil((last + 1) / BLOCK) * BLOCK;
}

const MYT = `'Asia/Kuala_Lumpur'`;

/** An officer for every district, a supervisor for every state, an analyst and an administrator (once). */
async function staff(db: pg.Client) {
  await db.query(`
    with members as (
      select ${officerIdSql('d.code')} as id, 'officer'::public.staff_role as role, 'officer.' || lower(d.code) as login,
        'Pegawai ' || d.name as full_name, d.state_code, d.code as district_code
      from public.districts d
      union all
      select ('${ID_PREFIX.supervisor}-0000-4000-8000-0000000000' || substr(st.code, 4, 2))::uuid, 'supervisor', 'supervisor.' || lower(st.code),
        'Penyelia ' || st.name_ms, st.code, null
      from public.states st
      union all select '${ANALYST_ID}'::uuid, 'analyst', 'analyst', 'Penganalisis Sintetik', null, null
      union all select '${ADMIN_ID}'::uuid, 'admin', 'admin', 'Pentadbir Sintetik', null, null),
    users as (
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token,
        recovery_token, email_change_token_new, email_change, email_change_token_current, phone_change, phone_change_token,
        reauthentication_token, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', m.id, 'authenticated', 'authenticated', m.login || '@${SYNTHETIC_EMAIL_DOMAIN}',
        s.password_hash, s.now_ts, '', '', '', '', '', '', '', '', '{"provider": "email", "providers": ["email"]}', '{}', s.now_ts, s.now_ts
      from members m cross join syn_params s
      on conflict do nothing),
    members_ as (
      insert into public.staff (user_id, role, full_name, state_code)
      select m.id, m.role, m.full_name, m.state_code from members m
      on conflict do nothing)
    insert into public.staff_districts (staff_id, district_code)
    select m.id, m.district_code from members m where m.district_code is not null
    on conflict do nothing`);
}

/** Persons k in [lo, hi], with their accounts, identity hashes, dependents' links and first sign-ins. */
const personsChunk = (model: Model) => `
  with p as materialized (select * from ${personsSql(model, '$1', '$2')} p),
  users as (
    insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
      confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current, phone_change,
      phone_change_token, reauthentication_token, raw_app_meta_data, raw_user_meta_data, last_sign_in_at, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', p.account_id, 'authenticated', 'authenticated', p.email, substr(p.phone, 2),
      s.password_hash, case when p.email is not null then p.registered_at end, p.registered_at, '', '', '', '', '', '', '', '',
      case when p.email is not null then '{"provider": "phone", "providers": ["phone", "email"]}'
           else '{"provider": "phone", "providers": ["phone"]}' end::jsonb,
      '{}', p.registered_at + interval '2 minutes', p.registered_at, p.registered_at
    from p cross join syn_params s
    where p.kind = 'account'),
  -- What the persons trigger would keep: the keyed hash of the document (a number drawn twice keeps its first
  -- holder; the second person then has no document) and its masked form.
  identities as (
    insert into private.person_identities (person_id, identity_hash)
    select p.id, private.identity_hash(p.identity_type, p.identity_number, p.nationality)
    from p where p.identity_number is not null
    on conflict do nothing
    returning person_id),
  persons as (
    insert into public.persons (id, account_id, full_name, identity_type, identity_masked, nationality, date_of_birth, gender, phone,
      phone_verified_at, email, address, postcode, state_code, district_code, preferred_language, status, status_since, symptomatic,
      created_by, created_at, updated_at)
    select p.id, p.account_id, p.full_name,
      case when i.person_id is not null then p.identity_type end,
      case when i.person_id is not null then private.mask_identity(p.identity_type, p.identity_number) end,
      p.nationality, p.date_of_birth, p.gender, p.phone, case when p.kind = 'account' then p.registered_at end, p.email,
      case when p.kind <> 'pending' then 'No. ' || (1 + p.home % 200) || ', Jalan Contoh ' || (1 + p.home % 50) end,
      p.postcode, p.state_code, p.district_code, p.preferred_language,
      -- Made consistent with every fact later (see statuses); until then, what the day-0 declaration gives.
      case when p.declares then 'low_risk' else 'pending_assessment' end::public.risk_status,
      case when p.declares then p.day0_at else p.registered_at end,
      false, p.created_by, p.registered_at, p.registered_at
    from p left join identities i on i.person_id = p.id),
  dependents as (
    insert into public.dependents (guardian_id, person_id, relationship, created_at)
    select p.guardian_id, p.id, case when p.date_of_birth > s.today - 18 * 365 then 'child' else 'parent' end, p.registered_at
    from p cross join syn_params s
    where p.kind = 'dependent'),
  sign_ins as (
    insert into public.first_sign_ins (user_id, signed_in_at)
    select p.account_id, p.registered_at + interval '2 minutes' from p where p.kind = 'account')
  select count(*)::int as persons from p`;

/**
 * The declarations of persons k in [lo, hi]: the day-0 one first, the others spread evenly (each at a random
 * moment of its slot) from the start of the window, or day 0 if later, to the moment the run started. Written
 * person by person in time order, so seq (arrival order) agrees with submitted_at.
 */
export const assessmentsChunk = (model: Model) => `
  with p as materialized (
    select p.k, p.id, coalesce(p.account_id, p.guardian_id) as submitted_by, p.day0_at, p.declarations,
      greatest(s.window_start, p.day0_at + interval '1 minute') as start,
      (s.now_ts - greatest(s.window_start, p.day0_at + interval '1 minute')) / greatest(p.declarations - 1, 1) as slot
    from ${personsSql(model, '$1', '$2')} p
    cross join syn_params s
    where p.declares)
  insert into public.assessments (id, person_id, kind, questionnaire_id, rule_set_id, answers, idempotency_key, symptomatic, exposed,
    classification, submitted_by, submitted_at)
  select ${idSql('assessment', 'd.n')}, p.id, case when d.j = 1 then 'day0' else 'daily' end::public.assessment_kind,
    s.questionnaire_id, s.rule_set_id, ${patternColumnSql(model, 'answers', 'd.pattern')}, 'synthetic-' || p.k || '-' || d.j,
    ${patternColumnSql(model, 'symptomatic', 'd.pattern')}, ${patternColumnSql(model, 'exposed', 'd.pattern')},
    ${patternColumnSql(model, 'classification', 'd.pattern')}, p.submitted_by,
    case when d.j = 1 then p.day0_at else p.start + (d.j - 2 + ${u('d.n', 30)}) * p.slot end
  from p
  cross join syn_params s
  -- (offset 0 keeps the pattern from being recomputed for each column that reads it)
  cross join lateral (
    select j, p.k * 4096 + j as n, ${patternSql(model, 'p.k * 4096 + j')} as pattern
    from generate_series(1, p.declarations) j offset 0) d`;

/** How many declarations persons k in [lo, hi] make, without making them. */
const assessmentsCount = (model: Model) => `select coalesce(sum(p.declarations), 0)::bigint as n from ${personsSql(model, '$1', '$2')} p where p.declares`;

/**
 * Confirmed cases among this run's persons, diagnosed within the window (more of them lately: a growing
 * outbreak), each handled by the officer of its district, with the positive PCR result that confirmed it.
 * A case is active for ISOLATION_DAYS after diagnosis, then recovered.
 */
const casesSql = (model: Model) => `
  with c as materialized (
    select p.k, p.id as person_id, p.district_code, ${officerIdSql('p.district_code')} as officer,
      s.today - (s.days - 1) + floor((s.days - 1) * sqrt(${u('p.k', 25)}))::int as diagnosis_date
    from ${personsSql(model, '$1', '$2')} p
    cross join syn_params s
    where ${u('p.k', 24)} < ${CASE_RATE}),
  cases as (
    insert into public.cases (id, person_id, case_number, diagnosis_date, source, status, district_code, handled_by, created_at, closed_at)
    select ${idSql('case', 'c.k')}, c.person_id, 'SYN-' || c.k, c.diagnosis_date,
      case when ${u('c.k', 26)} < 0.1 then 'imported' else 'local' end,
      case when c.diagnosis_date > s.today - ${ISOLATION_DAYS} then 'active' else 'recovered' end::public.case_status,
      c.district_code, c.officer,
      least((c.diagnosis_date::timestamp + interval '10 hours') at time zone ${MYT}, s.now_ts),
      case when c.diagnosis_date <= s.today - ${ISOLATION_DAYS}
        then ((c.diagnosis_date + ${ISOLATION_DAYS})::timestamp + interval '9 hours') at time zone ${MYT} end
    from c cross join syn_params s)
  insert into public.lab_results (id, person_id, test_type, result, sampled_on, laboratory, entered_by, created_at)
  select ${idSql('caseLabResult', 'c.k')}, c.person_id, 'pcr', 'positive',
    c.diagnosis_date - case when ${u('c.k', 27)} < 0.5 then 1 else 0 end, 'Makmal Kesihatan Awam ' || substr(c.district_code, 1, 5), c.officer,
    least((c.diagnosis_date::timestamp + interval '9 hours') at time zone ${MYT}, s.now_ts)
  from c cross join syn_params s`;

/**
 * Two to eight contacts per case (five on average): 60% from the case's neighbourhood in the numbering, the
 * rest from anywhere; close (70%) or casual; exposed up to two days before diagnosis and entered the day after.
 * Each contact's monitoring period runs from the last exposure for the rule set's monitoring_days: over and
 * completed (or, 5%, lost to follow-up), cut short because the contact became a case, or still active; its
 * last report is the contact's latest declaration while monitored.
 */
const CONTACTS = `
  with c as (
    select c.id, ('x' || right(c.id::text, 12))::bit(48)::bigint as k, c.diagnosis_date, c.handled_by, c.created_at
    from public.cases c where c.id between $1 and $2),
  pairs as (
    select c.*, i, c.k * 16 + i as n,
      s.base + (case when ${u('c.k * 16 + i', 32)} < 0.6 then c.k + 1 + floor(${u('c.k * 16 + i', 33)} * 19)::bigint
                     else floor(${u('c.k * 16 + i', 34)} * s.n)::bigint end - s.base) % s.n as contact_k
    from c cross join syn_params s
    cross join lateral generate_series(1, 2 + floor(${u('c.k', 35)} * 7)::int) i),
  added as (
    insert into public.contacts (id, case_id, person_id, proximity, setting, last_exposure_date, created_by, created_at)
    select ${idSql('contact', 'pr.n')}, pr.id, ${idSql('person', 'pr.contact_k')},
      case when ${u('pr.n', 36)} < 0.7 then 'close' else 'casual' end::public.contact_proximity,
      (array['household', 'household', 'workplace', 'workplace', 'social', 'school', 'religious', 'travel', 'healthcare', 'other'])[1 + floor(${u('pr.n', 37)} * 10)::int],
      pr.diagnosis_date - floor(${u('pr.n', 38)} * 3)::int, pr.handled_by,
      least(pr.created_at + interval '1 day' + ${u('pr.n', 39)} * interval '8 hours', s.now_ts)
    from pairs pr cross join syn_params s
    where pr.contact_k <> pr.k
    on conflict (case_id, person_id) do nothing
    returning id, person_id, last_exposure_date, created_at),
  periods as (
    select a.*, a.last_exposure_date + s.monitoring_days as ends_on, became.diagnosis_date as became_case_on
    from added a
    cross join syn_params s
    left join lateral (
      select min(cc.diagnosis_date) as diagnosis_date from public.cases cc
      where cc.person_id = a.person_id and cc.diagnosis_date between a.last_exposure_date and a.last_exposure_date + s.monitoring_days
    ) became on true),
  judged as (
    select pe.*,
      case when pe.became_case_on is not null then 'became_case'
           when pe.ends_on < s.today and ${u("('x' || right(pe.id::text, 12))::bit(48)::bigint", 40)} < 0.05 then 'lost_to_follow_up'
           when pe.ends_on < s.today then 'completed'
           else 'active' end::public.monitoring_state as state,
      case when pe.became_case_on is not null then least((pe.became_case_on::timestamp + interval '10 hours') at time zone ${MYT}, s.now_ts)
           when pe.ends_on < s.today then least(((pe.ends_on + 1)::timestamp + interval '1 hour') at time zone ${MYT}, s.now_ts) end as closed_at
    from periods pe cross join syn_params s)
  insert into public.monitoring (id, contact_id, person_id, district_code, starts_on, ends_on, state, last_report_at, closed_at)
  select ('${ID_PREFIX.monitoring}' || substr(j.id::text, 9))::uuid, j.id, j.person_id,
    (select p.district_code from public.persons p where p.id = j.person_id), j.last_exposure_date, j.ends_on, j.state,
    (select max(a.submitted_at) from public.assessments a
     where a.person_id = j.person_id and a.submitted_at between j.created_at and coalesce(j.closed_at, s.now_ts)),
    j.closed_at
  from judged j cross join syn_params s`;

/** Close contacts are tested (40% of them, negative) three to six days after exposure, if that day has come. */
const CONTACT_LAB_RESULTS = `
  insert into public.lab_results (id, person_id, test_type, result, sampled_on, laboratory, entered_by, created_at)
  select ('${ID_PREFIX.contactLabResult}' || substr(ct.id::text, 9))::uuid, ct.person_id,
    case when ${u("('x' || right(ct.id::text, 12))::bit(48)::bigint", 41)} < 0.7 then 'pcr' else 'antigen' end::public.lab_test_type,
    'negative', ct.last_exposure_date + 3 + floor(${u("('x' || right(ct.id::text, 12))::bit(48)::bigint", 42)} * 4)::int,
    'Makmal Kesihatan Awam', ct.created_by,
    least(((ct.last_exposure_date + 7)::timestamp + interval '12 hours') at time zone ${MYT}, s.now_ts)
  from public.contacts ct cross join syn_params s
  where ct.id between $1 and $2 and ct.proximity = 'close'
    and ${u("('x' || right(ct.id::text, 12))::bit(48)::bigint", 43)} < 0.4
    and ct.last_exposure_date + 6 <= s.today`;

/**
 * Each person's status and symptom flag from every fact held and their latest declaration, by the database's
 * own rule (private.status_for), derived as private.reclassify_many derives them. Only rows that change are
 * written; status_since becomes the moment of the fact that set the status.
 */
const STATUSES = `
  with derived as (
    select p.id, la.submitted_at as latest_at, coalesce(la.symptomatic, false) as symptomatic,
      private.status_for(p.id, la.id is not null, coalesce(la.symptomatic, false), coalesce(la.exposed, false), la.submitted_at) as status
    from public.persons p
    left join lateral (
      select a.id, a.symptomatic, a.exposed, a.submitted_at from public.assessments a
      where a.person_id = p.id order by a.submitted_at desc, a.seq desc limit 1) la on true
    where p.id between $1 and $2),
  changed as (
    update public.persons p
    set status = d.status,
        symptomatic = d.symptomatic,
        status_since = case
          when d.status = p.status then p.status_since
          when d.status = 'confirmed' then (select max(c.created_at) from public.cases c where c.person_id = p.id and c.status = 'active')
          else coalesce(greatest(d.latest_at, (
            select max(ct.created_at) from public.monitoring m join public.contacts ct on ct.id = m.contact_id
            where m.person_id = p.id and m.state = 'active')), p.status_since) end
    from derived d
    where p.id = d.id and (p.status <> d.status or p.symptomatic <> d.symptomatic)
    returning 1)
  select count(*)::int as changed from changed`;

/** One history row per person who has a status: from pending_assessment to where the facts put them. */
const STATUS_HISTORY = `
  insert into public.status_history (person_id, from_status, to_status, symptomatic, reason, source, changed_at)
  select p.id, 'pending_assessment', p.status, p.symptomatic, 'synthetic data', 'system', p.status_since
  from public.persons p
  where p.id between $1 and $2 and p.status <> 'pending_assessment'`;

/** Recomputes the analytics rollups from the rows: the analytics migration's own function, which seed.sql calls too. */
export const REFRESH_ROLLUPS = `select private.rebuild_rollups()`;

/** Rebuilds the rollups and the planner's statistics. */
export async function refresh(db: pg.Client, log: (line: string) => void = console.log) {
  let started = Date.now();
  await db.query('begin');
  // With triggers on: the all-time totals (private.total_counts) refill from the daily counts' insert trigger.
  await db.query('set local session_replication_role = origin');
  await db.query(REFRESH_ROLLUPS);
  await db.query('commit');
  log(`  rollups rebuilt (private.daily_counts, private.status_counts, private.total_counts) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await db.query('analyze');
  log(`  analyze in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Runs `work` over [first, last] in chunks of `size` person numbers, each chunk on whichever connection is free,
 * printing progress; returns the sum of what the chunks return.
 */
async function chunked(
  connections: pg.Client[],
  progress: Progress,
  first: number,
  last: number,
  size: number,
  work: (db: pg.Client, lo: number, hi: number) => Promise<number>,
): Promise<number> {
  let next = first;
  let total = 0;
  await Promise.all(
    connections.map(async (db) => {
      while (next <= last) {
        const lo = next;
        const hi = Math.min(last, lo + size - 1);
        next = hi + 1;
        const rows = await work(db, lo, hi);
        total += rows;
        progress.add(rows);
      }
    }),
  );
  return total;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? console.log;
  const days = options.days ?? 30;
  const perPerson = options.assessmentsPerPerson ?? 10;
  const n = options.persons;
  if (!Number.isInteger(n) || n < BLOCK) throw new Error(`--persons: a whole number of at least ${BLOCK}`);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error('--days: a whole number from 1 to 365');
  if (!(perPerson > 0 && perPerson <= 500)) throw new Error('--assessments-per-person: a number above 0, at most 500');

  const jobs = options.jobs ?? Math.min(4, availableParallelism());
  const started = Date.now();
  const connections: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'sejahtera synthetic data' });
    connections.push(client);
    await client.connect();
    await bulkSession(client);
    return client;
  };
  try {
    const db = await connect();
    const base = await nextBase(db);
    const last = base + n - 1;
    log(`» synthetic data: ${fmt(n)} persons (numbers ${fmt(base)}..${fmt(last)}), ~${fmt(n * perPerson)} declarations over ${days} days, ${jobs} connections`);
    const run = { base, persons: n, days, assessmentsPerPerson: perPerson };
    const model = await prepareModel(db, run);
    // Every connection works from the same moment.
    const { rows: moment } = await db.query<{ now_ts: string }>('select now_ts::text from syn_params');
    await db.query('update syn_params set now_ts = $1', [moment[0].now_ts]);
    while (connections.length < jobs) {
      const client = await connect();
      await prepareModel(client, run);
      await client.query('update syn_params set now_ts = $1', [moment[0].now_ts]);
    }
    await staff(db);

    log('» persons, accounts, identities, dependents, first sign-ins');
    const persons = new Progress(log, 'persons', n, 'persons');
    await chunked(connections, persons, base, last, 25_000, async (client, lo, hi) => {
      const { rows } = await client.query<{ persons: number }>(personsChunk(model), [lo, hi]);
      return rows[0].persons;
    });

    const { rows: counted } = await db.query<{ n: string }>(assessmentsCount(model), [base, last]);
    const expected = Number(counted[0].n);
    log(`» declarations (${fmt(expected)})`);
    const assessments = new Progress(log, 'assessments', expected, 'rows');
    const personsPerChunk = Math.max(BLOCK, Math.round(400_000 / Math.max(1, expected / n) / BLOCK) * BLOCK);
    const assessmentRows = await chunked(connections, assessments, base, last, personsPerChunk, async (client, lo, hi) => {
      const result = await client.query(assessmentsChunk(model), [lo, hi]);
      return result.rowCount ?? 0;
    });

    // The planner needs to know the new rows' shape before the steps that read them.
    await db.query('analyze public.persons, public.assessments, auth.users, private.person_identities');

    log('» cases and their positive results, contacts and their monitoring, contacts\' negative results');
    let stepStarted = Date.now();
    const cases = (await db.query(casesSql(model), [base, last])).rowCount ?? 0;
    const [caseLo, caseHi] = [id('case', base), id('case', last)];
    const contacts = (await db.query(CONTACTS, [caseLo, caseHi])).rowCount ?? 0;
    const negatives = (await db.query(CONTACT_LAB_RESULTS, [id('contact', base * 16), id('contact', last * 16 + 15)])).rowCount ?? 0;
    log(`  ${fmt(cases)} cases, ${fmt(contacts)} contacts under monitoring, ${fmt(negatives)} negative results of contacts in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);

    log('» statuses from the facts, and their history');
    const statuses = new Progress(log, 'statuses', n, 'persons');
    let changed = 0;
    await chunked(connections, statuses, base, last, 50_000, async (client, lo, hi) => {
      const { rows } = await client.query<{ changed: number }>(STATUSES, [id('person', lo), id('person', hi)]);
      changed += rows[0].changed;
      return hi - lo + 1;
    });
    stepStarted = Date.now();
    const history = (await db.query(STATUS_HISTORY, [id('person', base), id('person', last)])).rowCount ?? 0;
    log(`  ${fmt(changed)} statuses changed by cases, contacts and declared symptoms or exposures; ${fmt(history)} history rows in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);

    log('» refresh');
    await refresh(db, log);
    const seconds = (Date.now() - started) / 1000;
    log(`» done in ${clock(seconds)}: ${fmt(n)} persons, ${fmt(assessmentRows)} declarations, ${fmt(cases)} cases, ${fmt(contacts)} contacts`);
    log(`  sign in as any synthetic account with the password ${SYNTHETIC_PASSWORD}: e.g. analyst@${SYNTHETIC_EMAIL_DOMAIN}, officer.my-10-07@${SYNTHETIC_EMAIL_DOMAIN}`);
    return { base, persons: n, assessments: assessmentRows, cases, contacts, seconds };
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string' },
      days: { type: 'string', default: '30' },
      'assessments-per-person': { type: 'string', default: '10' },
      jobs: { type: 'string' },
      refresh: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (values.help || (!values.persons && !values.refresh && !values.verify)) {
    console.log(`usage: npm run seed:synthetic -- --persons N [--days 30] [--assessments-per-person 10] [--jobs N] [--verify]
       npm run seed:synthetic -- --refresh     (only rebuild the analytics rollups and statistics)
       npm run seed:synthetic -- --verify      (only check the data against the database's own rules)
Database: DATABASE_URL (a superuser), else the development stack as supabase_admin.`);
    process.exit(values.help ? 0 : 1);
  }
  if (values.persons) {
    await generate({
      databaseUrl,
      persons: Number(values.persons),
      days: Number(values.days),
      assessmentsPerPerson: Number(values['assessments-per-person']),
      jobs: values.jobs ? Number(values.jobs) : undefined,
    });
  }
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'sejahtera synthetic data' });
  await db.connect();
  try {
    if (values.refresh && !values.persons) await refresh(db);
    if (values.verify) await report(db);
  } finally {
    await db.end();
  }
}

/** Verifies the data and fails when anything is off. */
export async function report(db: pg.Client, log: (line: string) => void = console.log) {
  log('» verify (rolled back)');
  const started = Date.now();
  const results = await verify(db);
  for (const r of results) log(`  ${r.wrong === 0 ? 'ok  ' : 'FAIL'} ${r.check}: ${fmt(r.checked)} checked, ${fmt(r.wrong)} wrong`);
  log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const failed = results.filter((r) => r.wrong > 0);
  if (failed.length) throw new Error(`The synthetic data disagrees with the database's rules: ${failed.map((r) => r.check).join('; ')}`);
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
