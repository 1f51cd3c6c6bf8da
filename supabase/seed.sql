-- Sejahtera demo data. DEVELOPMENT ONLY: never load this into a production project.
--
-- Everyone here is made up: names in Malay, Chinese, Indian and Sabahan styles, MyKad numbers with real
-- dates and place-of-birth codes that belong to nobody (and are hashed on the way in, like any other),
-- phones in +6011 2000 xxxx, addresses on "Jalan Contoh". Every date is relative to the moment the seed
-- runs, so a fresh database always shows the last thirty days.
--
-- Demo accounts, all with the password  Sejahtera-dev-2026
--   admin@sejahtera.test           administrator
--   supervisor@sejahtera.test      state supervisor, Selangor
--   officer@sejahtera.test         health officer, Petaling and Hulu Langat (Selangor)
--   officer.johor@sejahtera.test   health officer, Johor Bahru (Johor)
--   analyst@sejahtera.test         analyst
--   agent@sejahtera.test           call-centre agent
--   aminah@sejahtera.test          the public (phone +601120000002 too): guardian of her daughter and her mother
--   +601120000001                  the public, by phone: a close contact under monitoring
--   +601120000003 .. +601120000041 the other members of the public, by phone
--
-- The story runs day by day from 29 days ago to today through the schema's own triggers and functions
-- (registration, declarations, lab results, cases, contacts, an import, the daily monitoring job), each
-- step acting as whoever would take it (request.jwt.claims, so auth.uid() and the columns that default to
-- it name them). Triggers stamp rows with the present (now(), or clock_timestamp() for submitted_at);
-- after each step the seed moves those stamps back to the simulated moment. Only the audit log (if
-- present) and the announcements, published "now", keep the real time.
--
-- It runs as `postgres` after every migration, once per fresh database: `npm start`, `npm run stack --
-- reset`, `supabase db reset`. The Supabase CLI prepares every statement of this file before running the
-- first, so whatever reads the temporary tables and helpers defined here sits inside a DO block.

-- The cast ----------------------------------------------------------------------------------------------

-- Hashed once (bcrypt, cost 10, as GoTrue hashes) and shared: a hash per account would cost seconds.
create temporary table demo_password as
select extensions.crypt('Sejahtera-dev-2026', extensions.gen_salt('bf', 10)) as hash;

create temporary table demo_staff as
select key, id::uuid, email, role::public.staff_role, full_name, state_code, districts::text[]
from (values
  ('admin', '5eed0000-0000-4000-8000-000000000001', 'admin@sejahtera.test', 'admin', 'Azizah binti Kassim', null, '{}'),
  ('supervisor', '5eed0000-0000-4000-8000-000000000002', 'supervisor@sejahtera.test', 'supervisor', 'Loh Siew Mei', 'MY-10', '{}'),
  ('officer', '5eed0000-0000-4000-8000-000000000003', 'officer@sejahtera.test', 'officer', 'Hamidah binti Yunus', 'MY-10',
   '{MY-10-07,MY-10-02}'),
  ('officer.johor', '5eed0000-0000-4000-8000-000000000004', 'officer.johor@sejahtera.test', 'officer', 'Jeyakumar a/l Ramu', 'MY-01',
   '{MY-01-02}'),
  ('analyst', '5eed0000-0000-4000-8000-000000000005', 'analyst@sejahtera.test', 'analyst', 'Tan Boon Huat', null, '{}'),
  ('agent', '5eed0000-0000-4000-8000-000000000006', 'agent@sejahtera.test', 'agent', 'Nor Hidayah binti Rahim', null, '{}')
) as v (key, id, email, role, full_name, state_code, districts);

-- Members of the public: account n has the phone +6011 2000 00nn. registered: days ago; reports: whether
-- they declare their health (two have registered and not yet made their day-0 declaration).
create temporary table demo_people as
select n, key, full_name, mykad, district, postcode, town, language::public.language as language, registered, reports, email,
       ('5eed0001-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as account_id,
       ('5eed0002-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as person_id,
       '+60112000' || lpad(n::text, 4, '0') as phone
from (values
  -- Selangor: Petaling
  (1, 'nurul', 'Nurul Izzah binti Kamal', '910722-10-5012', 'MY-10-07', '40150', 'Shah Alam', 'ms', 29, true, null),
  (2, 'aminah', 'Aminah binti Yusof', '860314-14-5022', 'MY-10-07', '46000', 'Petaling Jaya', 'ms', 29, true, 'aminah@sejahtera.test'),
  (3, 'faizal', 'Mohd Faizal bin Rahman', '891005-01-5031', 'MY-10-07', '40150', 'Shah Alam', 'ms', 29, true, null),
  (4, 'meiling', 'Tan Mei Ling', '791230-07-5042', 'MY-10-07', '47500', 'Subang Jaya', 'en', 28, true, null),
  (5, 'boonkeat', 'Ong Boon Keat', '830411-08-5051', 'MY-10-07', '47301', 'Petaling Jaya', 'en', 28, true, null),
  (6, 'kavitha', 'Kavitha a/p Ramasamy', '930819-10-5062', 'MY-10-07', '47500', 'Subang Jaya', 'en', 27, true, null),
  (7, 'hafiz', 'Hafiz bin Zulkifli', '980127-10-5071', 'MY-10-07', '40150', 'Shah Alam', 'ms', 27, true, null),
  (8, 'siewlan', 'Wong Siew Lan', '650603-10-5082', 'MY-10-07', '46000', 'Petaling Jaya', 'en', 29, true, null),
  -- Selangor: Hulu Langat, Klang, Gombak
  (9, 'weijie', 'Lim Wei Jie', '850208-10-5091', 'MY-10-02', '43000', 'Kajang', 'en', 29, true, null),
  (10, 'azlina', 'Nor Azlina binti Hassan', '900915-03-5102', 'MY-10-02', '43650', 'Bandar Baru Bangi', 'ms', 28, true, null),
  (11, 'suresh', 'Suresh a/l Krishnan', '870521-08-5111', 'MY-10-02', '43200', 'Cheras', 'en', 28, true, null),
  (12, 'karmun', 'Chan Kar Mun', '951130-14-5122', 'MY-10-02', '43000', 'Kajang', 'en', 27, true, null),
  (13, 'nazri', 'Ahmad Nazri bin Ismail', '720404-10-5131', 'MY-10-02', '43650', 'Bandar Baru Bangi', 'ms', 29, true, null),
  (14, 'ganesan', 'Ganesan a/l Muniandy', '601010-10-5141', 'MY-10-04', '41200', 'Klang', 'en', 28, true, null),
  (15, 'mariam', 'Siti Mariam binti Abdullah', '011212-10-5152', 'MY-10-04', '41050', 'Klang', 'ms', 0, false, null),
  (16, 'kokleong', 'Yap Kok Leong', '760808-05-5161', 'MY-10-01', '68100', 'Batu Caves', 'en', 27, true, null),
  -- Wilayah Persekutuan Kuala Lumpur
  (17, 'farah', 'Farah Nadia binti Azman', '940214-14-5172', 'MY-14-01', '53100', 'Kuala Lumpur', 'ms', 29, true, null),
  (18, 'peishan', 'Goh Pei Shan', '820505-14-5182', 'MY-14-01', '50450', 'Kuala Lumpur', 'en', 29, true, null),
  (19, 'arjun', 'Arjun a/l Selvaraj', '901201-56-5191', 'MY-14-01', '59200', 'Kuala Lumpur', 'en', 29, true, null),
  (20, 'noraini', 'Noraini binti Salleh', '680719-14-5202', 'MY-14-01', '56000', 'Kuala Lumpur', 'ms', 28, true, null),
  (21, 'waikeong', 'Teoh Wai Keong', '990303-57-5211', 'MY-14-01', '56000', 'Kuala Lumpur', 'en', 28, true, null),
  (22, 'priya', 'Priya a/p Nadarajan', '970909-14-5222', 'MY-14-01', '50450', 'Kuala Lumpur', 'en', 7, true, null),
  -- Johor: Johor Bahru, Batu Pahat, Muar
  (23, 'rajesh', 'Rajesh a/l Subramaniam', '800616-01-5231', 'MY-01-02', '81200', 'Johor Bahru', 'en', 29, true, null),
  (24, 'zulkifli', 'Zulkifli bin Omar', '781123-01-5241', 'MY-01-02', '81100', 'Johor Bahru', 'ms', 29, true, null),
  (25, 'rosnah', 'Rosnah binti Jaafar', '810330-01-5252', 'MY-01-02', '81100', 'Johor Bahru', 'ms', 28, true, null),
  (26, 'huimin', 'Lim Hui Min', '900109-21-5262', 'MY-01-02', '80100', 'Johor Bahru', 'en', 28, true, null),
  (27, 'kumar', 'Kumar a/l Perumal', '750707-22-5271', 'MY-01-02', '81200', 'Johor Bahru', 'en', 27, true, null),
  (28, 'nurulhuda', 'Nurul Huda binti Rashid', '920418-23-5282', 'MY-01-01', '83000', 'Batu Pahat', 'ms', 27, true, null),
  (29, 'boonhock', 'Tay Boon Hock', '580226-24-5291', 'MY-01-07', '84000', 'Muar', 'en', 2, false, null),
  -- Pulau Pinang: Timur Laut, Seberang Perai Tengah
  (30, 'ailing', 'Khoo Ai Ling', '841017-07-5302', 'MY-07-05', '10450', 'George Town', 'en', 29, true, null),
  (31, 'irfan', 'Mohd Irfan bin Ishak', '960525-35-5311', 'MY-07-05', '11600', 'Jelutong', 'ms', 28, true, null),
  (32, 'saraswathy', 'Saraswathy a/p Govindasamy', '701208-07-5322', 'MY-07-03', '14000', 'Bukit Mertajam', 'en', 28, true, null),
  (33, 'cheekeong', 'Lau Chee Keong', '880828-34-5331', 'MY-07-03', '14000', 'Bukit Mertajam', 'en', 27, true, null),
  (34, 'aishah', 'Aishah binti Md Nor', '030606-07-5342', 'MY-07-03', '14000', 'Bukit Mertajam', 'ms', 1, true, null),
  -- Sabah: Kota Kinabalu, Sandakan, Tawau
  (35, 'rosalind', 'Rosalind Gimbang', '860901-12-5352', 'MY-12-07', '88300', 'Kota Kinabalu', 'en', 29, true, null),
  (36, 'saufi', 'Mohd Saufi bin Jumadil', '910317-47-5361', 'MY-12-07', '88000', 'Kota Kinabalu', 'ms', 28, true, null),
  (37, 'meifong', 'Chin Mei Fong', '770422-12-5372', 'MY-12-07', '88300', 'Kota Kinabalu', 'en', 28, true, null),
  (38, 'alvin', 'Alvin Gunsalam', '931111-48-5381', 'MY-12-20', '90000', 'Sandakan', 'en', 18, true, null),
  (39, 'hasnah', 'Hasnah binti Ladjawal', '640202-49-5392', 'MY-12-25', '91000', 'Tawau', 'ms', 27, true, null),
  -- Perak: Kinta
  (40, 'kahwai', 'Chong Kah Wai', '690929-08-5401', 'MY-08-07', '30000', 'Ipoh', 'en', 12, true, null),
  -- An officer enters him as a contact eight days ago; he registers with that phone three days later.
  (41, 'ravi', 'Ravi a/l Chandran', '940414-10-5411', 'MY-10-07', '47301', 'Petaling Jaya', 'en', 5, true, null)
) as v (n, key, full_name, mykad, district, postcode, town, language, registered, reports, email);

-- Children and elderly parents, registered by a guardian (added: days ago) and assessed by them.
create temporary table demo_dependents as
select k, key, guardian, full_name, mykad, relationship, added,
       ('5eed0003-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid as person_id
from (values
  (1, 'aisyah', 'aminah', 'Nur Aisyah binti Hakim', '160509-10-6012', 'child', 29),
  (2, 'fatimah', 'aminah', 'Fatimah binti Osman', '501102-06-6022', 'parent', 20),
  (3, 'adam', 'faizal', 'Muhammad Adam bin Mohd Faizal', '180217-10-6031', 'child', 29),
  (4, 'ahkow', 'siewlan', 'Wong Ah Kow', '410912-74-6041', 'parent', 29),
  (5, 'junhao', 'karmun', 'Ho Jun Hao', '140708-10-6051', 'child', 27),
  (6, 'xinyi', 'karmun', 'Ho Xin Yi', '190325-10-6062', 'child', 27),
  (7, 'letchumy', 'ganesan', 'Letchumy a/p Suppiah', '380120-10-6072', 'parent', 28),
  (8, 'amir', 'noraini', 'Amir Hamzah bin Rosli', '151030-14-6081', 'grandchild', 28),
  (9, 'kamala', 'rajesh', 'Kamala a/p Raju', '490428-01-6092', 'parent', 29),
  (10, 'iman', 'rosnah', 'Nur Iman binti Zulkifli', '170814-01-6102', 'child', 28),
  (11, 'parvathy', 'saraswathy', 'Parvathy a/p Muthusamy', '461105-07-6112', 'parent', 28),
  (12, 'qistina', 'saufi', 'Nur Qistina binti Mohd Saufi', '200105-12-6122', 'child', 26),
  (13, 'sitti', 'hasnah', 'Sitti binti Abdul', '440615-12-6132', 'parent', 27)
) as v (k, key, guardian, full_name, mykad, relationship, added);

-- Contacts with no account, entered one by one by an officer (three more arrive through an import).
create temporary table demo_pending as
select k, key, full_name, phone, district, ('5eed0004-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid as person_id
from (values
  (1, 'ravi', 'Ravi Chandran', '+601120000041', 'MY-10-07'),
  (2, 'kokwah', 'Tan Kok Wah', '+601120000102', 'MY-10-07'),
  (3, 'norhayati', 'Norhayati binti Said', '+601120000103', 'MY-10-02'),
  (4, 'azrul', 'Azrul bin Hamid', '+601120000101', 'MY-14-01'),
  (5, 'hairul', 'Hairul Anuar bin Jamil', '+601120000107', 'MY-01-02'),
  (6, 'azman', 'Azman bin Kassim', '+601120000108', 'MY-01-02')
) as v (k, key, full_name, phone, district);

-- What people answer "yes" to, from from_d to to_d days ago (every other answer is "no").
create temporary table demo_answers as
select key, from_d, to_d, yes::text[]
from (values
  ('farah', 28, 28, '{fever,cough,loss_of_smell_or_taste}'),
  ('farah', 27, 20, '{cough}'),
  ('ahkow', 22, 21, '{cough}'),
  ('boonkeat', 20, 19, '{fever,chills}'),
  ('boonkeat', 18, 18, '{fever}'),
  ('cheekeong', 15, 15, '{headache}'),
  ('rajesh', 13, 13, '{fever,headache}'),
  ('rajesh', 12, 8, '{fever,cough}'),
  ('faizal', 10, 10, '{sore_throat}'),
  ('faizal', 9, 5, '{fever,cough}'),
  ('faizal', 4, 0, '{cough}'),
  ('irfan', 10, 9, '{cluster_gathering}'),
  ('hafiz', 9, 0, '{travelled_abroad}'),
  ('weijie', 8, 7, '{fever,body_aches,loss_of_smell_or_taste}'),
  ('weijie', 6, 3, '{cough}'),
  ('nurul', 7, 0, '{close_contact}'),
  ('ailing', 6, 0, '{travelled_abroad,home_surveillance_order}'),
  ('zulkifli', 5, 4, '{fever,chills,headache}'),
  ('zulkifli', 3, 0, '{fever,cough}'),
  ('suresh', 3, 0, '{cough,fever}'),
  ('arjun', 2, 2, '{travelled_abroad}'),
  ('arjun', 1, 0, '{travelled_abroad,cough}'),
  ('kumar', 2, 1, '{headache,body_aches}'),
  ('nazri', 2, 0, '{fever,headache}'),
  ('azlina', 1, 0, '{fever,sore_throat}')
) as v (key, from_d, to_d, yes);

-- Days on which someone does not report at all (besides about one day in eleven that anyone skips).
create temporary table demo_silence as
select key, from_d, to_d
from (values
  ('rajesh', 7, 0),     -- in hospital since a week ago
  ('kamala', 7, 0),     -- his mother, whom he assessed
  ('waikeong', 5, 0),   -- stopped using the app
  ('meifong', 2, 0),
  ('nurulhuda', 1, 0),  -- a contact who has gone quiet
  ('kumar', 0, 0)       -- not yet today
) as v (key, from_d, to_d);

-- Helpers ------------------------------------------------------------------------------------------------

-- Act as this user from here on, as PostgREST would for their request; null: as nobody (the database itself).
create function pg_temp.act_as(who uuid) returns void language plpgsql as $$
begin
  perform set_config('request.jwt.claims',
    case when who is null then '' else json_build_object('sub', who, 'role', 'authenticated', 'aud', 'authenticated')::text end,
    false);
end
$$;

create function pg_temp.staff(who text) returns uuid language plpgsql stable as $$
declare
  found_id uuid := (select s.id from demo_staff s where s.key = who);
begin
  if found_id is null then
    raise exception 'seed: no staff member "%"', who;
  end if;
  return found_id;
end
$$;

create function pg_temp.account(who text) returns uuid language plpgsql stable as $$
declare
  found_id uuid := (select p.account_id from demo_people p where p.key = who);
begin
  if found_id is null then
    raise exception 'seed: no account "%"', who;
  end if;
  return found_id;
end
$$;

-- The person a key names: an account holder's own person (whatever its id), a dependent, a pending contact.
create function pg_temp.person(who text) returns uuid language plpgsql stable as $$
declare
  found_id uuid := coalesce(
    (select x.id from public.persons x join demo_people p on p.account_id = x.account_id where p.key = who),
    (select d.person_id from demo_dependents d join public.persons x on x.id = d.person_id where d.key = who),
    (select e.person_id from demo_pending e join public.persons x on x.id = e.person_id where e.key = who));
begin
  if found_id is null then
    raise exception 'seed: no person "%" yet', who;
  end if;
  return found_id;
end
$$;

create function pg_temp.case_of(who text) returns uuid language plpgsql stable as $$
declare
  found_id uuid := (select c.id from public.cases c where c.person_id = pg_temp.person(who) and c.status = 'active');
begin
  if found_id is null then
    raise exception 'seed: "%" has no active case', who;
  end if;
  return found_id;
end
$$;

-- Answers to every question of the current questionnaire: yes to those named, no to the rest.
create function pg_temp.answers(yes text[]) returns jsonb language plpgsql stable as $$
begin
  return (select jsonb_object_agg(q.code, q.code = any (yes))
          from public.questions q where q.questionnaire_id = public.current_questionnaire_id());
end
$$;

-- Moves what the triggers stamped with the present (now(): the same instant all through a statement) to `moment`.
create function pg_temp.settle(moment timestamptz) returns void language plpgsql as $$
begin
  update public.persons set
    created_at = case when created_at = now() then moment else created_at end,
    status_since = case when status_since = now() then moment else status_since end,
    phone_verified_at = case when phone_verified_at = now() then moment else phone_verified_at end
  where created_at = now() or status_since = now() or phone_verified_at = now();
  update public.dependents set created_at = moment where created_at = now();
  update public.cases set
    created_at = case when created_at = now() then moment else created_at end,
    closed_at = case when closed_at = now() then moment else closed_at end
  where created_at = now() or closed_at = now();
  update public.contacts set created_at = moment where created_at = now();
  update public.monitoring set closed_at = moment where closed_at = now();
  update public.lab_results set created_at = moment where created_at = now();
  update public.status_history set changed_at = moment where changed_at = now();
  update public.notifications set created_at = moment where created_at = now();
  update public.feedback_tickets set created_at = moment where created_at = now();
  update public.feedback_messages set created_at = moment where created_at = now();
end
$$;

-- An auth user as GoTrue writes one: confirmed, with an identity per way of signing in (provider_id is the
-- user's id for email and phone), '' rather than null in the token columns (GoTrue cannot read nulls there).
create function pg_temp.new_account(account uuid, address text, phone_e164 text, moment timestamptz, signed_in boolean)
returns void language plpgsql as $$
declare
  gotrue_phone text := ltrim(phone_e164, '+');
  providers text[] := array_remove(array[case when address is not null then 'email' end,
                                         case when phone_e164 is not null then 'phone' end], null);
begin
  insert into auth.users (
    instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
    confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
    phone_change, phone_change_token, reauthentication_token, raw_app_meta_data, raw_user_meta_data,
    last_sign_in_at, created_at, updated_at)
  values (
    '00000000-0000-0000-0000-000000000000', account, 'authenticated', 'authenticated', address, gotrue_phone,
    (select hash from demo_password),
    case when address is not null then moment end, case when phone_e164 is not null then moment end,
    '', '', '', '', '', '', '', '',
    jsonb_build_object('provider', providers[1], 'providers', to_jsonb(providers)), '{}',
    case when signed_in then moment end, moment, moment);
  insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
  select account::text, account, identity.data, identity.provider, case when signed_in then moment end, moment, moment
  from (values
    ('email', jsonb_build_object('sub', account::text, 'email', address, 'email_verified', true, 'phone_verified', false)),
    ('phone', jsonb_build_object('sub', account::text, 'phone', gotrue_phone, 'email_verified', false, 'phone_verified', true))
  ) as identity (provider, data)
  where identity.provider = any (providers);
end
$$;

create function pg_temp.address(n int, town text) returns text language sql immutable as $$
  select 'No. ' || (n * 7 % 90 + 1) || ', Jalan Contoh ' || (n % 12 + 1) || ', ' || town
$$;

-- Someone signs up (and so signs in for the first time), then registers their profile.
create function pg_temp.register(who text) returns void language plpgsql as $$
declare
  p record;
  moment timestamptz;
begin
  select * into strict p from demo_people where key = who;
  moment := now() - make_interval(days => p.registered, hours => 8) + make_interval(mins => p.n);
  perform pg_temp.new_account(p.account_id, p.email, p.phone, moment, true);
  perform pg_temp.act_as(p.account_id);
  if exists (select 1 from public.persons x where x.account_id = p.account_id) then
    -- Verifying the phone made an officer's pending contact this account's own person: complete the profile.
    update public.persons x
    set full_name = p.full_name, identity_type = 'mykad', identity_number = p.mykad, email = p.email,
        address = pg_temp.address(p.n, p.town), postcode = p.postcode, district_code = p.district, preferred_language = p.language
    where x.account_id = p.account_id;
  else
    insert into public.persons (id, account_id, full_name, identity_type, identity_number, phone, email, address, postcode,
                                district_code, preferred_language, created_at, updated_at, status_since)
    values (p.person_id, p.account_id, p.full_name, 'mykad', p.mykad, p.phone, p.email, pg_temp.address(p.n, p.town), p.postcode,
            p.district, p.language, moment, moment, moment);
  end if;
  perform pg_temp.act_as(null);
  perform pg_temp.settle(moment);
end
$$;

create function pg_temp.add_dependent(who text) returns void language plpgsql as $$
declare
  d record;
  moment timestamptz;
begin
  select dep.*, g.account_id as guardian_id, g.n, g.town, g.postcode, g.district, g.language into strict d
  from demo_dependents dep join demo_people g on g.key = dep.guardian where dep.key = who;
  moment := now() - make_interval(days => d.added, hours => 8) + make_interval(mins => 45 + d.k);
  perform pg_temp.act_as(d.guardian_id);
  insert into public.persons (id, full_name, identity_type, identity_number, address, postcode, district_code, preferred_language,
                              created_at, updated_at, status_since)
  values (d.person_id, d.full_name, 'mykad', d.mykad, pg_temp.address(d.n, d.town), d.postcode, d.district, d.language, moment, moment, moment);
  insert into public.dependents (guardian_id, person_id, relationship, created_at) values (d.guardian_id, d.person_id, d.relationship, moment);
  perform pg_temp.act_as(null);
end
$$;

-- The morning of a day `d` days ago: the overnight monitoring job, sign-ups, then everyone's declarations.
create function pg_temp.begin_day(d int) returns void language plpgsql as $$
declare
  r record;
  last_seq bigint := (select coalesce(max(a.seq), 0) from public.assessments a);
begin
  perform private.close_finished_monitoring(current_date - d);
  perform pg_temp.settle(now() - make_interval(days => d, hours => 9));
  for r in select p.key from demo_people p where p.registered = d order by p.n loop
    perform pg_temp.register(r.key);
  end loop;
  for r in select dep.key from demo_dependents dep where dep.added = d order by dep.k loop
    perform pg_temp.add_dependent(r.key);
  end loop;

  for r in select * from demo_plan p where p.days_ago = d order by p.submitted_at loop
    perform pg_temp.act_as(r.actor);
    insert into public.assessments (person_id, answers, idempotency_key)
    values (pg_temp.person(r.key), pg_temp.answers(r.yes), r.idempotency_key);
  end loop;
  perform pg_temp.act_as(null);
  -- The trigger stamped each declaration with clock_timestamp(): backdate it, and what it set off, to when it was made.
  update public.assessments a set submitted_at = p.submitted_at
  from demo_plan p where a.seq > last_seq and a.idempotency_key = p.idempotency_key;
  update public.monitoring m set last_report_at = a.submitted_at
  from public.assessments a where a.seq > last_seq and m.person_id = a.person_id and m.last_report_at >= now();
  update public.status_history h set changed_at = a.submitted_at
  from public.assessments a where a.seq > last_seq and h.person_id = a.person_id and h.changed_at = now();
  update public.notifications n set created_at = a.submitted_at
  from public.assessments a where a.seq > last_seq and n.person_id = a.person_id and n.created_at = now();
  update public.persons x set status_since = a.submitted_at
  from public.assessments a where a.seq > last_seq and x.id = a.person_id and x.status_since = now();
end
$$;

-- The end of the working day: what officers did that day happened an hour before this time of day.
create function pg_temp.end_day(d int) returns void language plpgsql as $$
begin
  perform pg_temp.act_as(null);
  perform pg_temp.settle(now() - make_interval(days => d, hours => 1));
end
$$;

create function pg_temp.quiet_days(from_d int, to_d int) returns void language plpgsql as $$
begin
  for d in reverse from_d .. to_d loop
    perform pg_temp.begin_day(d);
    perform pg_temp.end_day(d);
  end loop;
end
$$;

-- An officer enters a contact who has no account yet.
create function pg_temp.add_pending(who text) returns void language plpgsql as $$
declare
  e record;
begin
  select * into strict e from demo_pending where key = who;
  insert into public.persons (id, full_name, phone, district_code) values (e.person_id, e.full_name, e.phone, e.district);
end
$$;

-- An officer records that `who` was exposed to the case of `index_case` `days` days ago (monitoring opens).
create function pg_temp.contact(index_case text, who text, place text, days int, closeness text default 'close')
returns void language plpgsql as $$
begin
  insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date)
  values (pg_temp.case_of(index_case), pg_temp.person(who), closeness::public.contact_proximity, place, current_date - days);
end
$$;

-- The plan of declarations, and a check of the cast ---------------------------------------------------

do $$
begin
  create temporary table demo_plan as
  with reporters as (
    select p.key, p.account_id as actor, p.registered as first_day, p.n as seed from demo_people p where p.reports
    union all
    select dep.key, g.account_id, dep.added, 50 + dep.k from demo_dependents dep join demo_people g on g.key = dep.guardian
  )
  select r.key, r.actor, day.d as days_ago, coalesce(a.yes, '{}') as yes,
         'demo:' || r.key || ':' || (current_date - day.d) as idempotency_key,
         -- between 7 and 1.3 hours before this time of day, different for each person and day
         now() - make_interval(days => day.d, hours => 7) + make_interval(mins => (r.seed * 37 + day.d * 11) % 340) as submitted_at
  from reporters r
  cross join lateral generate_series(r.first_day, 0, -1) as day (d)
  left join demo_answers a on a.key = r.key and day.d between a.to_d and a.from_d
  where not exists (select 1 from demo_silence s where s.key = r.key and day.d between s.to_d and s.from_d)
    and (a.key is not null or day.d = 0 or (r.seed * 7 + day.d * 3) % 11 <> 5);
  -- Fails if two answer ranges of one person overlap.
  create unique index on demo_plan (key, days_ago);

  if exists (select 1 from demo_answers a, unnest(a.yes) code
             where code not in (select q.code from public.questions q where q.questionnaire_id = public.current_questionnaire_id())) then
    raise exception 'seed: demo_answers names a question the current questionnaire does not have';
  end if;
  if exists ((select key from demo_answers union select key from demo_silence)
             except (select key from demo_people union select key from demo_dependents)) then
    raise exception 'seed: demo_answers or demo_silence names someone who is not in the cast';
  end if;
end
$$;

-- Staff --------------------------------------------------------------------------------------------------

do $$
declare
  s record;
begin
  for s in select * from demo_staff loop
    perform pg_temp.new_account(s.id, s.email, null, now() - interval '60 days', false);
    -- Demo accounts are ready to use, as if each had accepted its invitation when it was made.
    insert into public.staff (user_id, role, full_name, state_code, created_at, updated_at, joined_at)
    values (s.id, s.role, s.full_name, s.state_code, now() - interval '60 days', now() - interval '60 days', now() - interval '60 days');
    insert into public.staff_districts (staff_id, district_code) select s.id, unnest(s.districts);
  end loop;
end
$$;

-- The outbreak every demo case belongs to: contacts of its cases are monitored for 14 days.
insert into public.outbreaks (code, name, monitoring_days, started_on, created_by)
values ('COVID-19', '{"ms": "COVID-19", "en": "COVID-19"}', 14, current_date - 60, null);

-- The thirty days ----------------------------------------------------------------------------------------

-- 29 and 28 days ago: most people sign up, register their dependents and make their day-0 declaration.
do $$ begin perform pg_temp.quiet_days(29, 28); end $$;

-- 27 days ago: Farah Nadia (Kuala Lumpur), unwell since yesterday, is diagnosed. The administrator records
-- her case and her contacts: two registered friends and a cousin with no account.
do $$
begin
  perform pg_temp.begin_day(27);
  perform pg_temp.act_as(pg_temp.staff('admin'));
  insert into public.cases (person_id, outbreak_id, case_number, diagnosis_date, source)
  values (pg_temp.person('farah'), (select o.id from public.outbreaks o where o.code = 'COVID-19'), 'DEMO-KUL-0001', current_date - 27, 'local');
  perform pg_temp.add_pending('azrul');
  perform pg_temp.contact('farah', 'peishan', 'workplace', 28);
  perform pg_temp.contact('farah', 'arjun', 'social', 28);
  perform pg_temp.contact('farah', 'azrul', 'household', 28);
  perform pg_temp.end_day(27);
end
$$;

do $$ begin perform pg_temp.quiet_days(26, 23); end $$;

-- 22 and 21 days ago: Aminah asks the call centre how to register her mother; the agent answers.
do $$
begin
  perform pg_temp.begin_day(22);
  perform pg_temp.act_as(pg_temp.account('aminah'));
  perform public.open_feedback_ticket('question', 'Mendaftar ibu saya sebagai tanggungan',
    'Assalamualaikum. Ibu saya tiada telefon pintar. Bolehkah saya mendaftarkan beliau di bawah akaun saya dan membuat penilaian harian untuknya?');
  perform pg_temp.end_day(22);

  perform pg_temp.begin_day(21);
  perform pg_temp.act_as(pg_temp.staff('agent'));
  insert into public.feedback_messages (ticket_id, body)
  select t.id, 'Waalaikumussalam. Boleh: buka Profil > Tanggungan > Tambah tanggungan, isi nama, MyKad dan hubungan (ibu bapa). '
               'Selepas itu anda boleh membuat penilaian harian untuk beliau dari akaun anda.'
  from public.feedback_tickets t where t.account_id = pg_temp.account('aminah');
  perform pg_temp.end_day(21);
end
$$;

-- 20 to 14 days ago: Aminah adds her mother; Ong Boon Keat has a fever for two days.
do $$ begin perform pg_temp.quiet_days(20, 14); end $$;

-- 13 days ago: the overnight job completes the monitoring of Farah's contacts, and she has recovered.
do $$
begin
  perform pg_temp.begin_day(13);
  perform pg_temp.act_as(pg_temp.staff('admin'));
  update public.cases set status = 'recovered', closed_at = now() where case_number = 'DEMO-KUL-0001';
  perform pg_temp.end_day(13);
end
$$;

-- 12 days ago: Rajesh (Johor Bahru) tests positive on an antigen test, which makes him a case; the Johor Bahru
-- officer enters his contacts: his mother (his dependent), three colleagues and a friend with no account.
do $$
begin
  perform pg_temp.begin_day(12);
  perform pg_temp.act_as(pg_temp.staff('officer.johor'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('rajesh'), 'antigen', 'positive', current_date - 12, 'Klinik Kesihatan Contoh Johor Bahru');
  perform pg_temp.add_pending('hairul');
  perform pg_temp.contact('rajesh', 'kamala', 'household', 12);
  perform pg_temp.contact('rajesh', 'zulkifli', 'workplace', 13);
  perform pg_temp.contact('rajesh', 'huimin', 'workplace', 13);
  perform pg_temp.contact('rajesh', 'kumar', 'workplace', 13);
  perform pg_temp.contact('rajesh', 'hairul', 'social', 13);
  perform pg_temp.end_day(12);
end
$$;

do $$ begin perform pg_temp.quiet_days(11, 10); end $$;

-- 9 days ago: Mohd Faizal (Petaling) reports fever and a cough; his antigen test is inconclusive.
do $$
begin
  perform pg_temp.begin_day(9);
  perform pg_temp.act_as(pg_temp.staff('officer'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('faizal'), 'antigen', 'inconclusive', current_date - 9, 'Klinik Kesihatan Contoh Shah Alam');
  perform pg_temp.end_day(9);
end
$$;

-- 8 days ago: his PCR is positive, which makes him a case. The Petaling officer enters six contacts: his wife
-- and son, a colleague who lives in Hulu Langat, and three people with no account (one of whom registers
-- three days later with the phone the officer entered).
do $$
begin
  perform pg_temp.begin_day(8);
  perform pg_temp.act_as(pg_temp.staff('officer'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('faizal'), 'pcr', 'positive', current_date - 8, 'Makmal Contoh Sungai Buloh');
  perform pg_temp.add_pending('ravi');
  perform pg_temp.add_pending('kokwah');
  perform pg_temp.add_pending('norhayati');
  perform pg_temp.contact('faizal', 'nurul', 'household', 8);
  perform pg_temp.contact('faizal', 'adam', 'household', 8);
  perform pg_temp.contact('faizal', 'suresh', 'workplace', 9);
  perform pg_temp.contact('faizal', 'kokwah', 'workplace', 9);
  perform pg_temp.contact('faizal', 'ravi', 'social', 10);
  perform pg_temp.contact('faizal', 'norhayati', 'social', 10);
  perform pg_temp.end_day(8);
end
$$;

do $$ begin perform pg_temp.quiet_days(7, 7); end $$;

-- 6 days ago: Lim Wei Jie (Hulu Langat), diagnosed at a private clinic, is recorded as a case by the officer.
do $$
begin
  perform pg_temp.begin_day(6);
  perform pg_temp.act_as(pg_temp.staff('officer'));
  insert into public.cases (person_id, outbreak_id, case_number, diagnosis_date, source)
  values (pg_temp.person('weijie'), (select o.id from public.outbreaks o where o.code = 'COVID-19'), 'DEMO-SEL-0002', current_date - 6, 'local');
  perform pg_temp.end_day(6);
end
$$;

-- 5 days ago: Ravi registers with the phone the officer entered for him, and so becomes that pending contact,
-- monitoring and all. The officer imports Lim Wei Jie's contacts from a file: two registered people (found by
-- verified phone and by MyKad) and three new pending contacts. In Johor Bahru, Lim Hui Min's PCR is negative.
do $$
declare
  rejected int;
begin
  perform pg_temp.begin_day(5);
  perform pg_temp.act_as(pg_temp.staff('officer'));
  select (public.import_contacts(pg_temp.case_of('weijie'), jsonb_build_array(
    jsonb_build_object('full_name', 'Nor Azlina Hassan', 'phone', '011-2000 0010', 'setting', 'household',
                       'last_exposure_date', current_date - 7),
    jsonb_build_object('full_name', 'Chan Kar Mun', 'identity_type', 'mykad', 'identity_number', '951130-14-5122',
                       'setting', 'workplace', 'last_exposure_date', current_date - 6),
    jsonb_build_object('full_name', 'Muhammad Danial bin Roslan', 'phone', '+601120000104', 'setting', 'social',
                       'last_exposure_date', current_date - 7),
    jsonb_build_object('full_name', 'Lee Siew Ping', 'phone', '+601120000105', 'identity_type', 'mykad',
                       'identity_number', '930708-10-6204', 'setting', 'workplace', 'last_exposure_date', current_date - 6),
    jsonb_build_object('full_name', 'Vinod a/l Maniam', 'phone', '+601120000106', 'setting', 'religious',
                       'last_exposure_date', current_date - 7))) ->> 'rejected')::int into rejected;
  if rejected > 0 then
    raise exception 'seed: the import rejected % rows', rejected;
  end if;
  perform pg_temp.act_as(pg_temp.staff('officer.johor'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('huimin'), 'pcr', 'negative', current_date - 5, 'Makmal Contoh Johor Bahru');
  perform pg_temp.end_day(5);
end
$$;

-- 4 days ago: the Johor Bahru officer closes Lim Hui Min's monitoring after review. Zulkifli, another of
-- Rajesh's colleagues, has had symptoms since yesterday: a PUI.
do $$
begin
  perform pg_temp.begin_day(4);
  perform pg_temp.act_as(pg_temp.staff('officer.johor'));
  perform public.close_monitoring(
    (select m.id from public.monitoring m where m.person_id = pg_temp.person('huimin') and m.state = 'active'),
    'PCR negative; the exposure was brief, masked and outdoors, so not a close contact after review');
  perform pg_temp.end_day(4);
end
$$;

-- 3 days ago: Zulkifli's PCR is positive: a case from a case, a chain of transmission. His wife and daughter
-- are his contacts, with a neighbour and a relative from Batu Pahat who shared his car.
do $$
begin
  perform pg_temp.begin_day(3);
  perform pg_temp.act_as(pg_temp.staff('officer.johor'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('zulkifli'), 'pcr', 'positive', current_date - 3, 'Makmal Contoh Johor Bahru');
  perform pg_temp.add_pending('azman');
  perform pg_temp.contact('zulkifli', 'rosnah', 'household', 3);
  perform pg_temp.contact('zulkifli', 'iman', 'household', 3);
  perform pg_temp.contact('zulkifli', 'azman', 'social', 4);
  perform pg_temp.contact('zulkifli', 'nurulhuda', 'travel', 4);
  perform pg_temp.end_day(3);
end
$$;

do $$ begin perform pg_temp.quiet_days(2, 2); end $$;

-- Yesterday: Teoh Wai Keong, who has stopped declaring, writes to the call centre.
do $$
begin
  perform pg_temp.begin_day(1);
  perform pg_temp.act_as(pg_temp.account('waikeong'));
  perform public.open_feedback_ticket('problem', 'TAC code never arrives',
    'I changed my phone number last week and since then the TAC code never arrives, so I cannot sign in on my new phone.');
  perform pg_temp.end_day(1);
end
$$;

-- Today: Kumar, symptomatic for two days, tests negative: no longer a PUI, but his symptoms need review.
do $$
begin
  perform pg_temp.begin_day(0);
  perform pg_temp.act_as(pg_temp.staff('officer.johor'));
  insert into public.lab_results (person_id, test_type, result, sampled_on, laboratory)
  values (pg_temp.person('kumar'), 'pcr', 'negative', current_date, 'Makmal Contoh Johor Bahru');
  perform pg_temp.end_day(0);
end
$$;

-- Announcements, published now (publishing cannot be backdated): one to everyone, one to Selangor, and a
-- draft the Petaling officer has not sent yet.
do $$
begin
  perform pg_temp.act_as(pg_temp.staff('admin'));
  insert into public.announcements (title, body, target_kind, published_at)
  values ('{"ms": "Teruskan penilaian kendiri harian", "en": "Keep up your daily self-assessment"}',
          '{"ms": "Terima kasih kerana melaporkan kesihatan anda setiap hari. Jika anda bergejala, isi penilaian sekarang dan ikut nasihat yang diberikan.", "en": "Thank you for reporting your health every day. If you have symptoms, fill in the assessment now and follow the advice it gives."}',
          'everyone', now());
  perform pg_temp.act_as(pg_temp.staff('supervisor'));
  insert into public.announcements (title, body, target_kind, target_state, published_at)
  values ('{"ms": "Saringan percuma di Petaling dan Hulu Langat", "en": "Free screening in Petaling and Hulu Langat"}',
          '{"ms": "Saringan COVID-19 percuma dibuka minggu ini di klinik kesihatan daerah Petaling dan Hulu Langat, 8 pagi hingga 5 petang. Bawa MyKad anda.", "en": "Free COVID-19 screening is open this week at the district health clinics of Petaling and Hulu Langat, 8 am to 5 pm. Bring your MyKad."}',
          'state', 'MY-10', now());
  perform pg_temp.act_as(pg_temp.staff('officer'));
  insert into public.announcements (title, body, target_kind, target_district)
  values ('{"ms": "Kluster tempat kerja di Shah Alam", "en": "Workplace cluster in Shah Alam"}',
          '{"ms": "Pekerja di kawasan perindustrian Seksyen 15 diminta membuat penilaian kendiri hari ini.", "en": "Workers in the Section 15 industrial area are asked to make a self-assessment today."}',
          'district', 'MY-10-07');
  perform pg_temp.act_as(null);
end
$$;

-- The helpers and tables above were temporary; so is acting as anyone.
do $$ begin perform pg_temp.act_as(null); end $$;
discard temp;

-- The people, dependents and contacts above were backdated after the analytics triggers had counted them
-- on the day the seed ran: the dashboard's rollups are rebuilt from the rows, as the synthetic-data
-- generator does (private.rebuild_rollups, in the analytics migration).
select private.rebuild_rollups();
