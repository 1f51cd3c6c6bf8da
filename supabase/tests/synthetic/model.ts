/**
 * The synthetic population as formulas: every attribute of synthetic person number k (a name, a district,
 * a document, a registration time, how many declarations they make) is a deterministic function of k, written
 * as SQL so that the database computes it set-based. The generator and the benchmarks share these fragments,
 * so a benchmark can ask for the MyKad number of an existing synthetic person (the database keeps only its hash).
 *
 * Everyone here is made up: names drawn from lists of common given names and surnames, MyKad numbers with real
 * dates and place-of-birth codes, phones +6011 followed by eight digits, e-mail addresses on the reserved .test
 * domain.
 */
import type pg from 'pg';

/**
 * Ids of synthetic rows: a fixed prefix per kind of row, then a number in the last 12 hex digits, so rows are
 * written in key order (cheap index appends) and a later run finds where the last one stopped.
 */
export const ID_PREFIX = {
  user: '5a7e0001',
  person: '5a7e0002',
  case: '5a7e0003',
  contact: '5a7e0004',
  monitoring: '5a7e0005',
  caseLabResult: '5a7e0006',
  contactLabResult: '5a7e0007',
  assessment: '5a7e0008',
  officer: '5a7e0010',
  supervisor: '5a7e0011',
  analyst: '5a7e0012',
  admin: '5a7e0013',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** SQL: the uuid of a synthetic row of `kind` with number `n` (a bigint expression). */
export function idSql(kind: IdKind, n: string): string {
  return `(('${ID_PREFIX[kind]}-0000-4000-8000-' || lpad(to_hex((${n})::bigint), 12, '0'))::uuid)`;
}

/** The uuid of a synthetic row, in TypeScript. */
export function id(kind: IdKind, n: number | bigint): string {
  return `${ID_PREFIX[kind]}-0000-4000-8000-${BigInt(n).toString(16).padStart(12, '0')}`;
}

/** The lowest and highest possible uuid of a kind, for range scans. */
export function idRange(kind: IdKind): [string, string] {
  return [id(kind, 0), `${ID_PREFIX[kind]}-0000-4000-8000-ffffffffffff`];
}

/** SQL: a uniform number in [0, 1) from `key` and `salt`: the same every time, independent across salts. */
export function u(key: string, salt: number): string {
  return `((hashint8extended((${key})::bigint, ${salt}) & 4294967295)::float8 / 4294967296.0)`;
}

/** SQL: the officer of a district (one per district: MY-10-07 -> ...-000000001007). */
export function officerIdSql(district: string): string {
  return `(('${ID_PREFIX.officer}-0000-4000-8000-00000000' || substr(${district}, 4, 2) || substr(${district}, 7, 2))::uuid)`;
}

export function officerId(district: string): string {
  return `${ID_PREFIX.officer}-0000-4000-8000-00000000${district.slice(3, 5)}${district.slice(6, 8)}`;
}

export const ANALYST_ID = id('analyst', 1);
export const ADMIN_ID = id('admin', 1);

/** Every synthetic account (public and staff) signs in with this password. */
export const SYNTHETIC_PASSWORD = 'Sejahtera-synthetic-2026';
export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.sejahtera.test';

/** Out of every 20 persons: 12 account holders, 1 dependent of the account holder before them, 7 pending persons. */
export const BLOCK = 20;
export const ACCOUNT_SLOTS = 12;
export const DEPENDENT_SLOT = 12;
/** Share of account holders who registered but never made their day-0 declaration. */
export const NEVER_DECLARED = 0.03;
/** Share of persons who are confirmed cases. */
export const CASE_RATE = 0.005;
/** Days a case stays active (isolation) before it is recovered. */
export const ISOLATION_DAYS = 14;

/** Ages are counted back from this day (in the past whenever the generator runs). */
export const AGE_REFERENCE_DAY = '2025-01-01';

/** Share of declaring persons among all: account holders who declared, and dependents. */
export const DECLARING_SHARE = (ACCOUNT_SLOTS * (1 - NEVER_DECLARED) + 1) / BLOCK;

/**
 * Population by state (Census 2020, Department of Statistics Malaysia, rounded to thousands): persons are
 * spread over states in these proportions and evenly over each state's districts.
 */
export const STATE_POPULATION: Record<string, number> = {
  'MY-01': 4_010_000, // Johor
  'MY-02': 2_131_000, // Kedah
  'MY-03': 1_793_000, // Kelantan
  'MY-04': 998_000, // Melaka
  'MY-05': 1_200_000, // Negeri Sembilan
  'MY-06': 1_591_000, // Pahang
  'MY-07': 1_740_000, // Pulau Pinang
  'MY-08': 2_496_000, // Perak
  'MY-09': 285_000, // Perlis
  'MY-10': 6_994_000, // Selangor
  'MY-11': 1_149_000, // Terengganu
  'MY-12': 3_419_000, // Sabah
  'MY-13': 2_454_000, // Sarawak
  'MY-14': 1_982_000, // Kuala Lumpur
  'MY-15': 95_000, // Labuan
  'MY-16': 109_000, // Putrajaya
};

export const NAMES = {
  malayMale: ['Ahmad', 'Mohd Faizal', 'Muhammad Hafiz', 'Azman', 'Hasan', 'Ismail', 'Khairul', 'Rizal', 'Zulkifli', 'Nazri', 'Amir', 'Syafiq', 'Firdaus', 'Hakim', 'Ikhwan', 'Razak'],
  malayFemale: ['Nurul Ain', 'Siti Aminah', 'Nor Azlina', 'Farah', 'Aisyah', 'Zarina', 'Haslinda', 'Nadia', 'Rohani', 'Salmah', 'Fatimah', 'Izzati', 'Syazwani', 'Liyana', 'Mariam', 'Hidayah'],
  chineseSurname: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Chan', 'Goh', 'Ong', 'Teh', 'Chong', 'Yap', 'Loh', 'Chin', 'Teoh', 'Low', 'Khoo'],
  chineseGiven: ['Wei Jie', 'Mei Ling', 'Boon Keat', 'Siew Lan', 'Kar Mun', 'Kok Leong', 'Pei Shan', 'Wai Keong', 'Hui Min', 'Chee Hong', 'Li Ting', 'Jun Hao', 'Xin Yi', 'Zhi Wei', 'Ai Ling', 'Seng Huat'],
  indianMale: ['Suresh', 'Ganesan', 'Arjun', 'Rajesh', 'Kumar', 'Prakash', 'Vijay', 'Ravi', 'Muthu', 'Selvam', 'Anand', 'Dinesh'],
  indianFemale: ['Kavitha', 'Devi', 'Priya', 'Lakshmi', 'Shanti', 'Anitha', 'Meena', 'Revathi', 'Sarala', 'Vani', 'Kalai', 'Uma'],
  borneanMale: ['Jimmy', 'Augustine', 'Peter', 'Dominic', 'Benedict', 'Gerald', 'Jeffrey', 'Wilfred', 'Raymond', 'Johnny'],
  borneanFemale: ['Mary Ann', 'Jenny', 'Rosalind', 'Juliana', 'Agnes', 'Stella', 'Christina', 'Veronica', 'Lucy', 'Grace'],
  borneanSurname: ['anak Jau', 'anak Lunyong', 'Sipaun', 'Gimbang', 'anak Ngelai', 'Majalan', 'Sumping', 'anak Entering', 'Kitingan', 'Lojuntin', 'anak Jugah', 'Bolkiah'],
  foreignMale: ['Rahim', 'Bishnu', 'Aung', 'Ramesh', 'Joseph', 'Kyaw', 'Arif', 'Budi', 'Tuan', 'Imran'],
  foreignFemale: ['Siti', 'Maria', 'Dewi', 'Fatima', 'Sunita', 'Thida', 'Rosa', 'Lan', 'Ayesha', 'Mina'],
  foreignSurname: ['Uddin', 'Hartono', 'Gurung', 'Min', 'Santos', 'Nguyen', 'Sharma', 'Lestari', 'Reyes', 'Thapa', 'Hossain', 'Tran'],
};

export const FOREIGN_NATIONALITIES = ['ID', 'BD', 'NP', 'MM', 'PH', 'VN', 'IN', 'PK', 'CN', 'TH'];

function sqlArray(values: readonly string[]): string {
  return `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}

function pick(list: readonly string[], key: string, salt: number): string {
  return `(${sqlArray(list)})[1 + floor(${u(key, salt)} * ${list.length})::int]`;
}

/**
 * What the formulas need from the database, read once per run and written into the SQL as constants (a
 * constant array is read in place; the same array in a table row would be de-TOASTed for every row).
 */
export interface Model {
  /** Every district, and where its share of the population starts in [0, 1): weighted by state population. */
  districts: string[];
  districtStarts: number[];
  /** Answer patterns of declarations, and where each one's share starts in [0, 1). */
  patterns: { start: number; answers: string; symptomatic: boolean; exposed: boolean; classification: string }[];
}

const floats = (values: number[]) => `array[${values.map((v) => v.toFixed(9)).join(', ')}]::float8[]`;

/** SQL: the district of the household `home`, drawn with the population's weights. */
export function districtSql(model: Model, home: string): string {
  return `(${sqlArray(model.districts)})[width_bucket(${u(home, 2)}, ${floats(model.districtStarts)})]`;
}

/** SQL: the index (1-based) of the answer pattern of declaration number `n`. */
export function patternSql(model: Model, n: string): string {
  return `width_bucket(${u(n, 31)}, ${floats(model.patterns.map((p) => p.start))})`;
}

/** SQL: a column of the answer pattern `index`. */
export function patternColumnSql(model: Model, column: 'answers' | 'symptomatic' | 'exposed' | 'classification', index: string): string {
  const values = model.patterns.map((p) =>
    column === 'answers' ? `'${p.answers.replaceAll("'", "''")}'::jsonb` : column === 'classification' ? `'${p.classification}'::public.risk_status` : String(p[column]),
  );
  return `(array[${values.join(', ')}])[${index}]`;
}

/**
 * SQL: a subquery (alias `p`) with one row per synthetic person number in [lo, hi], every column derived
 * from k. Needs the temporary table `syn_params` (the run's constants) in scope: see prepareModel.
 * Columns: k, id, kind, home, district_code, state_code, account_id, guardian_id, registered_at, day0_at,
 * declares, declarations, identity_type, identity_number, nationality, date_of_birth, gender, full_name,
 * phone, email, ...
 */
export function personsSql(model: Model, lo: string, hi: string): string {
  const k = 'g.k';
  return `(
  select b.*,
    ${idSql('user', 'b.k')} as own_user_id,
    case when b.kind = 'account' then ${idSql('user', 'b.k')} end as account_id,
    case when b.kind = 'dependent' then ${idSql('user', 'b.home')} end as guardian_id,
    -- MyKad: YYMMDD (date of birth), PB (place of birth: mostly the state they live in), ###, and an odd
    -- last digit for men and an even one for women.
    case b.identity_type
      when 'mykad' then to_char(b.date_of_birth, 'YYMMDD')
        || case when ${u('b.k', 12)} < 0.85 then substr(b.district_code, 4, 2) else lpad((1 + floor(${u('b.k', 13)} * 16))::text, 2, '0') end
        || lpad(floor(${u('b.k', 14)} * 1000)::text, 3, '0')
        || (floor(${u('b.k', 15)} * 5)::int * 2 + case when b.gender = 'male' then 1 else 0 end)::text
      when 'passport' then 'A' || lpad(b.k::text, 8, '0')
    end as identity_number,
    case
      when b.kind = 'dependent' then null
      when b.kind = 'pending' and ${u('b.k', 17)} < 0.05 then null
      else '+6011' || lpad((b.k % 100000000)::text, 8, '0')
    end as phone,
    case when b.kind = 'account' and ${u('b.k', 18)} < 0.5 then 'p' || b.k || '@${SYNTHETIC_EMAIL_DOMAIN}' end as email,
    case
      when b.nationality <> 'MY' then
        case when b.gender = 'male' then ${pick(NAMES.foreignMale, 'b.k', 40)} else ${pick(NAMES.foreignFemale, 'b.k', 40)} end
        || ' ' || ${pick(NAMES.foreignSurname, 'b.k', 41)}
      when b.style < 0.55 then
        case when b.gender = 'male' then ${pick(NAMES.malayMale, 'b.k', 42)} || ' bin ' else ${pick(NAMES.malayFemale, 'b.k', 42)} || ' binti ' end
        || ${pick(NAMES.malayMale, 'b.k', 43)}
      when b.style < 0.77 then ${pick(NAMES.chineseSurname, 'b.k', 44)} || ' ' || ${pick(NAMES.chineseGiven, 'b.k', 45)}
      when b.style < 0.85 then
        case when b.gender = 'male' then ${pick(NAMES.indianMale, 'b.k', 46)} || ' a/l ' else ${pick(NAMES.indianFemale, 'b.k', 46)} || ' a/p ' end
        || ${pick(NAMES.indianMale, 'b.k', 47)}
      else case when b.gender = 'male' then ${pick(NAMES.borneanMale, 'b.k', 48)} else ${pick(NAMES.borneanFemale, 'b.k', 48)} end
        || ' ' || ${pick(NAMES.borneanSurname, 'b.k', 49)}
    end as full_name,
    (array['ms', 'ms', 'ms', 'ms', 'ms', 'ms', 'en', 'en', 'zh', 'ta'])[1 + floor(${u('b.k', 19)} * 10)::int]::public.language as preferred_language,
    lpad((10000 + floor(${u('b.k', 20)} * 89999))::text, 5, '0') as postcode,
    -- The first declaration is the day-0 one, within two hours of registering; the others spread evenly from
    -- the start of the window (or day 0, if later) to the moment the run started.
    least(b.registered_at + ${u('b.k', 21)} * interval '2 hours', s.now_ts - interval '1 hour') as day0_at
  from (
    select a.*,
      case a.kind when 'account' then ${idSql('user', 'a.k')} when 'dependent' then ${idSql('user', 'a.home')}
        else ${officerIdSql('a.district_code')} end as created_by,
      'MY-' || substr(a.district_code, 4, 2) as state_code,
      a.date_of_birth_raw as date_of_birth,
      -- Registered (or entered by an officer): 70% before the window, over the half year before it; 30% within it.
      least(
        ((s.today - a.registered_days_ago)::timestamp + ${u('a.home', 6)} * interval '24 hours') at time zone 'Asia/Kuala_Lumpur'
          + case when a.kind = 'dependent' then interval '1 hour' else interval '0' end,
        s.now_ts - interval '3 hours') as registered_at,
      a.kind = 'dependent' or (a.kind = 'account' and ${u('a.k', 3)} >= ${NEVER_DECLARED}) as declares,
      least(4000, greatest(1, round(s.declarations_mean
        * least(1.0, (a.registered_days_ago + 1)::float8 / s.days) * (0.5 + ${u('a.k', 8)}))))::int as declarations
    from (
      select ${k} as k,
        ${idSql('person', k)} as id,
        case when ${k} % ${BLOCK} < ${ACCOUNT_SLOTS} then 'account' when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then 'dependent' else 'pending' end as kind,
        -- A dependent lives with their guardian, the account holder just before them.
        case when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then ${k} - 1 else ${k} end as home,
        ${districtSql(model, `case when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then ${k} - 1 else ${k} end`)} as district_code,
        case when ${u(`case when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then ${k} - 1 else ${k} end`, 4)} < 0.7
          then s.days + floor(${u(`case when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then ${k} - 1 else ${k} end`, 5)} * 180)::int
          else floor(${u(`case when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then ${k} - 1 else ${k} end`, 5)} * s.days)::int
        end as registered_days_ago,
        case when ${u(k, 10)} < 0.5 then 'male' else 'female' end::public.gender as gender,
        case
          when ${k} % ${BLOCK} <> ${DEPENDENT_SLOT} and ${u(k, 9)} < 0.04 then 'passport'
          when ${k} % ${BLOCK} >= ${DEPENDENT_SLOT + 1} and ${u(k, 9)} < 0.07 then null
          else 'mykad'
        end::public.identity_type as identity_type,
        case when ${k} % ${BLOCK} <> ${DEPENDENT_SLOT} and ${u(k, 9)} < 0.04 then ${pick(FOREIGN_NATIONALITIES, k, 11)} else 'MY' end as nationality,
        -- Account holders are adults; a dependent is a child (60%) or an elderly parent; pending persons any age.
        -- Ages count from a fixed day, so that a person's MyKad number is the same whichever day it is asked for.
        date '${AGE_REFERENCE_DAY}' - (365.25 * case
          when ${k} % ${BLOCK} < ${ACCOUNT_SLOTS} then 18 + ${u(k, 16)} * 62
          when ${k} % ${BLOCK} = ${DEPENDENT_SLOT} then case when ${u(k, 22)} < 0.6 then ${u(k, 16)} * 12 else 70 + ${u(k, 16)} * 20 end
          else ${u(k, 16)} * 85
        end)::int - 1 as date_of_birth_raw,
        ${u(k, 23)} as style
      from generate_series((${lo})::bigint, (${hi})::bigint) g (k)
      cross join syn_params s
    ) a
    cross join syn_params s
  ) b
  cross join syn_params s
)`;
}

export interface ModelRun {
  /** The first person number of the run. */
  base: number;
  persons: number;
  days: number;
  assessmentsPerPerson: number;
}

/**
 * Creates the temporary table personsSql reads, syn_params (the run's constants: numbers, window, current
 * questionnaire and rule set, the password hash), in the session of `db`, and reads the model's constants.
 */
export async function prepareModel(db: pg.Client, run: ModelRun): Promise<Model> {
  const { base, persons, days, assessmentsPerPerson: perPerson } = run;
  // Declaring persons make perPerson / DECLARING_SHARE declarations on average; those who registered within
  // the window (30% of them, half the window on average) fewer, so the mean is raised to keep the total.
  const activeShare = 0.7 + 0.3 * ((days + 1) / (2 * days));
  const declarationsMean = perPerson / DECLARING_SHARE / activeShare;
  await db.query(`
    drop table if exists syn_params;
    create temporary table syn_params (
      base bigint, n bigint, days int, declarations_mean float8, now_ts timestamptz, today date, window_start timestamptz,
      questionnaire_id uuid, rule_set_id uuid, monitoring_days int, password_hash text);`);
  await db.query(
    `insert into syn_params
     select $1, $2, $3, $4, now(), t.today, ((t.today - ($3 - 1))::timestamp at time zone 'Asia/Kuala_Lumpur'),
       public.current_questionnaire_id(), public.current_rule_set_id(),
       (select r.monitoring_days from public.rule_sets r where r.id = public.current_rule_set_id()),
       extensions.crypt($5, extensions.gen_salt('bf', 10))
     from (select (now() at time zone 'Asia/Kuala_Lumpur')::date as today) t`,
    [base, persons, days, declarationsMean, SYNTHETIC_PASSWORD],
  );
  const { rows: current } = await db.query<{ questionnaire_id: string | null; rule_set_id: string | null }>(
    'select questionnaire_id, rule_set_id from syn_params',
  );
  if (!current[0].questionnaire_id || !current[0].rule_set_id) throw new Error('No published questionnaire or rule set: apply the migrations first.');

  const { rows: districtRows } = await db.query<{ code: string; state_code: string }>(
    'select code, state_code from public.districts order by code',
  );
  const perState = new Map<string, number>();
  for (const d of districtRows) perState.set(d.state_code, (perState.get(d.state_code) ?? 0) + 1);
  const weights = districtRows.map((d) => (STATE_POPULATION[d.state_code] ?? 0) / (perState.get(d.state_code) ?? 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const districtStarts: number[] = [];
  let acc = 0;
  for (const w of weights) {
    districtStarts.push(acc / total);
    acc += w;
  }

  // Declarations follow seven answer patterns: none (92%), then one group-2 symptom (not symptomatic), a
  // group-1 symptom, two group-2 symptoms, a declared exposure, exposure with a group-1 symptom, exposure with
  // one group-2 symptom. Symptomatic and exposed are judged from the questions and the rule set as the
  // assessments trigger judges them.
  const { rows: patterns } = await db.query<{ start: number; answers: string; symptomatic: boolean; exposed: boolean }>(
    `with q as (select q.* from public.questions q join syn_params s on q.questionnaire_id = s.questionnaire_id),
    g1 as (select array_agg(code order by position) as c from q where symptom_group = 1),
    g2 as (select array_agg(code order by position) as c from q where symptom_group = 2),
    ex as (select array_agg(code order by position) as c from q where kind = 'exposure'),
    patterns as (
      select 0.00::float8 as start, '{}'::text[] as yes
      union all select 0.92, array[g2.c[1]] from g2
      union all select 0.94, array[g1.c[1]] from g1
      union all select 0.96, g2.c[1:2] from g2
      union all select 0.97, array[ex.c[1]] from ex
      union all select 0.98, array[g1.c[1], ex.c[1]] from g1, ex
      union all select 0.99, array[g2.c[1], ex.c[1]] from g2, ex)
    select pat.start, jsonb_object_agg(q.code, q.code = any (pat.yes))::text as answers,
      count(*) filter (where q.symptom_group = 1 and q.code = any (pat.yes)) >= r.group1_threshold
        or count(*) filter (where q.symptom_group = 2 and q.code = any (pat.yes)) >= r.group2_threshold as symptomatic,
      bool_or(q.kind = 'exposure' and q.code = any (pat.yes)) as exposed
    from patterns pat
    cross join q
    join syn_params s on true
    join public.rule_sets r on r.id = s.rule_set_id
    where pat.yes is not null and cardinality(array_remove(pat.yes, null)) = cardinality(pat.yes)
    group by pat.start, r.group1_threshold, r.group2_threshold
    order by pat.start`,
  );
  if (patterns.length !== 7) throw new Error('The current questionnaire lacks a group-1 symptom, two group-2 symptoms or an exposure question.');
  return {
    districts: districtRows.map((d) => d.code),
    districtStarts,
    patterns: patterns.map((p) => ({
      ...p,
      start: Number(p.start),
      classification: p.symptomatic && p.exposed ? 'pui' : p.exposed ? 'close_contact' : 'low_risk',
    })),
  };
}
