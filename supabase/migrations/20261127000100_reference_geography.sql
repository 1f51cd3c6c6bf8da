-- Reference geography: Malaysia's states and federal territories, their administrative districts, and the
-- JPN place-of-birth codes (MyKad digits 7-8). Jurisdictions (officers, supervisors, reports, announcements)
-- and addresses point at these rows, and MyKad validation checks digits 7-8 against place_of_birth_codes.
--
-- Sources, and what the lists follow:
-- * states: ISO 3166-2:MY codes MY-01..MY-16. JPN numbers its states 01..16 in the same order (01 Johor ...
--   07 Pulau Pinang, 08 Perak ... 16 Putrajaya), so code MY-NN and number NN coincide for every state; they
--   are kept as two columns because they are two standards.
-- * districts: the administrative districts (daerah; jajahan in Kelantan) declared by the state governments,
--   as they stood at the end of 2024, under their official Malay names. Peninsular Malaysia: the districts
--   as the Department of Statistics (DOSM) counts them for Census 2020, which include Kelantan's Jajahan
--   Kecil Lojing (as 'Kecil Lojing') and count Perlis as one district. Sabah: the 27 districts of the five
--   divisions, plus Membakut (a full district from 30 March 2022) and Sook (from 7 August 2024); Paitan,
--   approved in principle in March 2024, had not been declared by the end of 2024 and is left out.
--   Sarawak: the 40 districts of the 2015 reorganisation (12 divisions, Serian the newest) plus Gedong,
--   Sebuyau, Siburan, Lingga and Pantu, declared in 2021: 45.
--   Sub-districts (daerah kecil, e.g. Padawan, Sematan, Banggi) are not districts here. Each federal
--   territory is one district of its own name.
-- * place_of_birth_codes: JPN's published state and country codes for the MyKad number.
--
-- Everything here is public, non-personal reference data: everyone may read it, nobody but migrations and
-- the service role may change it.

create table public.states (
  code text primary key check (code ~ '^MY-[0-9]{2}$'),
  number smallint not null unique check (number between 1 and 16),
  name_ms text not null unique,
  name_en text not null unique,
  kind text not null check (kind in ('state', 'federal_territory'))
);

comment on table public.states is
  'Malaysia''s 13 states and 3 federal territories. Public reference data, changed only by migrations.';
comment on column public.states.code is 'ISO 3166-2:MY code, e.g. MY-01 for Johor.';
comment on column public.states.number is
  'JPN state number (01..16), the state''s primary place-of-birth code in MyKad digits 7-8.';
comment on column public.states.name_ms is 'Official Malay name, e.g. Pulau Pinang, Wilayah Persekutuan Kuala Lumpur.';
comment on column public.states.name_en is 'English name, e.g. Penang, Federal Territory of Kuala Lumpur.';
comment on column public.states.kind is 'state or federal_territory.';

-- using (true) is allowed here only because this is not personal data.
alter table public.states enable row level security;
create policy "states are readable by everyone" on public.states for select to anon, authenticated using (true);
revoke insert, update, delete, truncate, references, trigger on public.states from anon, authenticated;
grant select on public.states to anon, authenticated;

insert into public.states (code, number, name_ms, name_en, kind) values
  ('MY-01', 1, 'Johor', 'Johor', 'state'),
  ('MY-02', 2, 'Kedah', 'Kedah', 'state'),
  ('MY-03', 3, 'Kelantan', 'Kelantan', 'state'),
  ('MY-04', 4, 'Melaka', 'Malacca', 'state'),
  ('MY-05', 5, 'Negeri Sembilan', 'Negeri Sembilan', 'state'),
  ('MY-06', 6, 'Pahang', 'Pahang', 'state'),
  ('MY-07', 7, 'Pulau Pinang', 'Penang', 'state'),
  ('MY-08', 8, 'Perak', 'Perak', 'state'),
  ('MY-09', 9, 'Perlis', 'Perlis', 'state'),
  ('MY-10', 10, 'Selangor', 'Selangor', 'state'),
  ('MY-11', 11, 'Terengganu', 'Terengganu', 'state'),
  ('MY-12', 12, 'Sabah', 'Sabah', 'state'),
  ('MY-13', 13, 'Sarawak', 'Sarawak', 'state'),
  ('MY-14', 14, 'Wilayah Persekutuan Kuala Lumpur', 'Federal Territory of Kuala Lumpur', 'federal_territory'),
  ('MY-15', 15, 'Wilayah Persekutuan Labuan', 'Federal Territory of Labuan', 'federal_territory'),
  ('MY-16', 16, 'Wilayah Persekutuan Putrajaya', 'Federal Territory of Putrajaya', 'federal_territory');

create table public.districts (
  code text primary key check (code ~ '^MY-[0-9]{2}-[0-9]{2}$' and left(code, 5) = state_code),
  state_code text not null references public.states (code),
  name text not null,
  unique (state_code, name)
);

create index districts_state_code_idx on public.districts (state_code);

comment on table public.districts is
  'Administrative districts (daerah; jajahan in Kelantan) of each state, as at the end of 2024; each federal '
  'territory is one district. Sabah and Sarawak list districts, not divisions or sub-districts. Public '
  'reference data, changed only by migrations.';
comment on column public.districts.code is
  'Stable code <state code>-NN. NN was assigned in alphabetical order of name within the state when the list '
  'was first loaded; a district created later takes the next free number, and codes are never renumbered or reused.';
comment on column public.districts.state_code is 'The state or federal territory the district belongs to.';
comment on column public.districts.name is 'Official Malay name, without the word daerah or jajahan, e.g. Hulu Langat.';

-- using (true) is allowed here only because this is not personal data.
alter table public.districts enable row level security;
create policy "districts are readable by everyone" on public.districts for select to anon, authenticated using (true);
revoke insert, update, delete, truncate, references, trigger on public.districts from anon, authenticated;
grant select on public.districts to anon, authenticated;

insert into public.districts (code, state_code, name) values
  ('MY-01-01', 'MY-01', 'Batu Pahat'),
  ('MY-01-02', 'MY-01', 'Johor Bahru'),
  ('MY-01-03', 'MY-01', 'Kluang'),
  ('MY-01-04', 'MY-01', 'Kota Tinggi'),
  ('MY-01-05', 'MY-01', 'Kulai'),
  ('MY-01-06', 'MY-01', 'Mersing'),
  ('MY-01-07', 'MY-01', 'Muar'),
  ('MY-01-08', 'MY-01', 'Pontian'),
  ('MY-01-09', 'MY-01', 'Segamat'),
  ('MY-01-10', 'MY-01', 'Tangkak'),
  ('MY-02-01', 'MY-02', 'Baling'),
  ('MY-02-02', 'MY-02', 'Bandar Baharu'),
  ('MY-02-03', 'MY-02', 'Kota Setar'),
  ('MY-02-04', 'MY-02', 'Kuala Muda'),
  ('MY-02-05', 'MY-02', 'Kubang Pasu'),
  ('MY-02-06', 'MY-02', 'Kulim'),
  ('MY-02-07', 'MY-02', 'Langkawi'),
  ('MY-02-08', 'MY-02', 'Padang Terap'),
  ('MY-02-09', 'MY-02', 'Pendang'),
  ('MY-02-10', 'MY-02', 'Pokok Sena'),
  ('MY-02-11', 'MY-02', 'Sik'),
  ('MY-02-12', 'MY-02', 'Yan'),
  ('MY-03-01', 'MY-03', 'Bachok'),
  ('MY-03-02', 'MY-03', 'Gua Musang'),
  ('MY-03-03', 'MY-03', 'Jeli'),
  ('MY-03-04', 'MY-03', 'Kecil Lojing'),  -- jajahan kecil, own land and district office
  ('MY-03-05', 'MY-03', 'Kota Bharu'),
  ('MY-03-06', 'MY-03', 'Kuala Krai'),
  ('MY-03-07', 'MY-03', 'Machang'),
  ('MY-03-08', 'MY-03', 'Pasir Mas'),
  ('MY-03-09', 'MY-03', 'Pasir Puteh'),
  ('MY-03-10', 'MY-03', 'Tanah Merah'),
  ('MY-03-11', 'MY-03', 'Tumpat'),
  ('MY-04-01', 'MY-04', 'Alor Gajah'),
  ('MY-04-02', 'MY-04', 'Jasin'),
  ('MY-04-03', 'MY-04', 'Melaka Tengah'),
  ('MY-05-01', 'MY-05', 'Jelebu'),
  ('MY-05-02', 'MY-05', 'Jempol'),
  ('MY-05-03', 'MY-05', 'Kuala Pilah'),
  ('MY-05-04', 'MY-05', 'Port Dickson'),
  ('MY-05-05', 'MY-05', 'Rembau'),
  ('MY-05-06', 'MY-05', 'Seremban'),
  ('MY-05-07', 'MY-05', 'Tampin'),
  ('MY-06-01', 'MY-06', 'Bentong'),
  ('MY-06-02', 'MY-06', 'Bera'),
  ('MY-06-03', 'MY-06', 'Cameron Highlands'),
  ('MY-06-04', 'MY-06', 'Jerantut'),
  ('MY-06-05', 'MY-06', 'Kuantan'),
  ('MY-06-06', 'MY-06', 'Lipis'),
  ('MY-06-07', 'MY-06', 'Maran'),
  ('MY-06-08', 'MY-06', 'Pekan'),
  ('MY-06-09', 'MY-06', 'Raub'),
  ('MY-06-10', 'MY-06', 'Rompin'),
  ('MY-06-11', 'MY-06', 'Temerloh'),
  ('MY-07-01', 'MY-07', 'Barat Daya'),
  ('MY-07-02', 'MY-07', 'Seberang Perai Selatan'),
  ('MY-07-03', 'MY-07', 'Seberang Perai Tengah'),
  ('MY-07-04', 'MY-07', 'Seberang Perai Utara'),
  ('MY-07-05', 'MY-07', 'Timur Laut'),
  ('MY-08-01', 'MY-08', 'Bagan Datuk'),
  ('MY-08-02', 'MY-08', 'Batang Padang'),
  ('MY-08-03', 'MY-08', 'Hilir Perak'),
  ('MY-08-04', 'MY-08', 'Hulu Perak'),
  ('MY-08-05', 'MY-08', 'Kampar'),
  ('MY-08-06', 'MY-08', 'Kerian'),
  ('MY-08-07', 'MY-08', 'Kinta'),
  ('MY-08-08', 'MY-08', 'Kuala Kangsar'),
  ('MY-08-09', 'MY-08', 'Larut, Matang dan Selama'),
  ('MY-08-10', 'MY-08', 'Manjung'),
  ('MY-08-11', 'MY-08', 'Muallim'),
  ('MY-08-12', 'MY-08', 'Perak Tengah'),
  ('MY-09-01', 'MY-09', 'Perlis'),  -- the state is one district
  ('MY-10-01', 'MY-10', 'Gombak'),
  ('MY-10-02', 'MY-10', 'Hulu Langat'),
  ('MY-10-03', 'MY-10', 'Hulu Selangor'),
  ('MY-10-04', 'MY-10', 'Klang'),
  ('MY-10-05', 'MY-10', 'Kuala Langat'),
  ('MY-10-06', 'MY-10', 'Kuala Selangor'),
  ('MY-10-07', 'MY-10', 'Petaling'),
  ('MY-10-08', 'MY-10', 'Sabak Bernam'),
  ('MY-10-09', 'MY-10', 'Sepang'),
  ('MY-11-01', 'MY-11', 'Besut'),
  ('MY-11-02', 'MY-11', 'Dungun'),
  ('MY-11-03', 'MY-11', 'Hulu Terengganu'),
  ('MY-11-04', 'MY-11', 'Kemaman'),
  ('MY-11-05', 'MY-11', 'Kuala Nerus'),
  ('MY-11-06', 'MY-11', 'Kuala Terengganu'),
  ('MY-11-07', 'MY-11', 'Marang'),
  ('MY-11-08', 'MY-11', 'Setiu'),
  ('MY-12-01', 'MY-12', 'Beaufort'),  -- Interior Division
  ('MY-12-02', 'MY-12', 'Beluran'),  -- Sandakan Division
  ('MY-12-03', 'MY-12', 'Kalabakan'),  -- Tawau Division
  ('MY-12-04', 'MY-12', 'Keningau'),  -- Interior Division
  ('MY-12-05', 'MY-12', 'Kinabatangan'),  -- Sandakan Division
  ('MY-12-06', 'MY-12', 'Kota Belud'),  -- West Coast Division
  ('MY-12-07', 'MY-12', 'Kota Kinabalu'),  -- West Coast Division
  ('MY-12-08', 'MY-12', 'Kota Marudu'),  -- Kudat Division
  ('MY-12-09', 'MY-12', 'Kuala Penyu'),  -- Interior Division
  ('MY-12-10', 'MY-12', 'Kudat'),  -- Kudat Division
  ('MY-12-11', 'MY-12', 'Kunak'),  -- Tawau Division
  ('MY-12-12', 'MY-12', 'Lahad Datu'),  -- Tawau Division
  ('MY-12-13', 'MY-12', 'Membakut'),  -- Interior Division; full district from 30 March 2022
  ('MY-12-14', 'MY-12', 'Nabawan'),  -- Interior Division
  ('MY-12-15', 'MY-12', 'Papar'),  -- West Coast Division
  ('MY-12-16', 'MY-12', 'Penampang'),  -- West Coast Division
  ('MY-12-17', 'MY-12', 'Pitas'),  -- Kudat Division
  ('MY-12-18', 'MY-12', 'Putatan'),  -- West Coast Division
  ('MY-12-19', 'MY-12', 'Ranau'),  -- West Coast Division
  ('MY-12-20', 'MY-12', 'Sandakan'),  -- Sandakan Division
  ('MY-12-21', 'MY-12', 'Semporna'),  -- Tawau Division
  ('MY-12-22', 'MY-12', 'Sipitang'),  -- Interior Division
  ('MY-12-23', 'MY-12', 'Sook'),  -- Interior Division; full district from 7 August 2024
  ('MY-12-24', 'MY-12', 'Tambunan'),  -- Interior Division
  ('MY-12-25', 'MY-12', 'Tawau'),  -- Tawau Division
  ('MY-12-26', 'MY-12', 'Telupid'),  -- Sandakan Division
  ('MY-12-27', 'MY-12', 'Tenom'),  -- Interior Division
  ('MY-12-28', 'MY-12', 'Tongod'),  -- Sandakan Division
  ('MY-12-29', 'MY-12', 'Tuaran'),  -- West Coast Division
  ('MY-13-01', 'MY-13', 'Asajaya'),  -- Samarahan Division
  ('MY-13-02', 'MY-13', 'Bau'),  -- Kuching Division
  ('MY-13-03', 'MY-13', 'Belaga'),  -- Kapit Division
  ('MY-13-04', 'MY-13', 'Beluru'),  -- Miri Division
  ('MY-13-05', 'MY-13', 'Betong'),  -- Betong Division
  ('MY-13-06', 'MY-13', 'Bintulu'),  -- Bintulu Division
  ('MY-13-07', 'MY-13', 'Bukit Mabong'),  -- Kapit Division
  ('MY-13-08', 'MY-13', 'Dalat'),  -- Mukah Division
  ('MY-13-09', 'MY-13', 'Daro'),  -- Mukah Division
  ('MY-13-10', 'MY-13', 'Gedong'),  -- Samarahan Division; district from 2021
  ('MY-13-11', 'MY-13', 'Julau'),  -- Sarikei Division
  ('MY-13-12', 'MY-13', 'Kabong'),  -- Betong Division
  ('MY-13-13', 'MY-13', 'Kanowit'),  -- Sibu Division
  ('MY-13-14', 'MY-13', 'Kapit'),  -- Kapit Division
  ('MY-13-15', 'MY-13', 'Kuching'),  -- Kuching Division
  ('MY-13-16', 'MY-13', 'Lawas'),  -- Limbang Division
  ('MY-13-17', 'MY-13', 'Limbang'),  -- Limbang Division
  ('MY-13-18', 'MY-13', 'Lingga'),  -- Sri Aman Division; district from 2021
  ('MY-13-19', 'MY-13', 'Lubok Antu'),  -- Sri Aman Division
  ('MY-13-20', 'MY-13', 'Lundu'),  -- Kuching Division
  ('MY-13-21', 'MY-13', 'Marudi'),  -- Miri Division
  ('MY-13-22', 'MY-13', 'Matu'),  -- Mukah Division
  ('MY-13-23', 'MY-13', 'Meradong'),  -- Sarikei Division
  ('MY-13-24', 'MY-13', 'Miri'),  -- Miri Division
  ('MY-13-25', 'MY-13', 'Mukah'),  -- Mukah Division
  ('MY-13-26', 'MY-13', 'Pakan'),  -- Sarikei Division
  ('MY-13-27', 'MY-13', 'Pantu'),  -- Sri Aman Division; district from 2021
  ('MY-13-28', 'MY-13', 'Pusa'),  -- Betong Division
  ('MY-13-29', 'MY-13', 'Samarahan'),  -- Samarahan Division
  ('MY-13-30', 'MY-13', 'Saratok'),  -- Betong Division
  ('MY-13-31', 'MY-13', 'Sarikei'),  -- Sarikei Division
  ('MY-13-32', 'MY-13', 'Sebauh'),  -- Bintulu Division
  ('MY-13-33', 'MY-13', 'Sebuyau'),  -- Samarahan Division; district from 2021
  ('MY-13-34', 'MY-13', 'Selangau'),  -- Sibu Division
  ('MY-13-35', 'MY-13', 'Serian'),  -- Serian Division
  ('MY-13-36', 'MY-13', 'Sibu'),  -- Sibu Division
  ('MY-13-37', 'MY-13', 'Siburan'),  -- Serian Division; district from 2021
  ('MY-13-38', 'MY-13', 'Simunjan'),  -- Samarahan Division
  ('MY-13-39', 'MY-13', 'Song'),  -- Kapit Division
  ('MY-13-40', 'MY-13', 'Sri Aman'),  -- Sri Aman Division
  ('MY-13-41', 'MY-13', 'Subis'),  -- Miri Division
  ('MY-13-42', 'MY-13', 'Tanjung Manis'),  -- Mukah Division
  ('MY-13-43', 'MY-13', 'Tatau'),  -- Bintulu Division
  ('MY-13-44', 'MY-13', 'Tebedu'),  -- Serian Division
  ('MY-13-45', 'MY-13', 'Telang Usan'),  -- Miri Division
  ('MY-14-01', 'MY-14', 'Kuala Lumpur'),
  ('MY-15-01', 'MY-15', 'Labuan'),
  ('MY-16-01', 'MY-16', 'Putrajaya');

create table public.place_of_birth_codes (
  code char(2) primary key check (code ~ '^[0-9]{2}$'),
  kind text not null check (kind in ('state', 'foreign', 'unknown')),
  state_code text references public.states (code),
  description text not null,
  check ((kind = 'state') = (state_code is not null))
);

create index place_of_birth_codes_state_code_idx on public.place_of_birth_codes (state_code);

comment on table public.place_of_birth_codes is
  'JPN place-of-birth codes, MyKad digits 7-8 (YYMMDD-PB-###G). A MyKad number is valid only if its PB is a '
  'row here: 00, 17-20, 69, 70, 73, 80, 81 and 94-97 are not. Public reference data, changed only by migrations.';
comment on column public.place_of_birth_codes.code is 'The two digits, e.g. 07 or 43.';
comment on column public.place_of_birth_codes.kind is
  'state: born in a Malaysian state or federal territory; foreign: born outside Malaysia; '
  'unknown: state not known (82).';
comment on column public.place_of_birth_codes.state_code is 'The state, for kind state; null otherwise.';
comment on column public.place_of_birth_codes.description is
  'The state, or the country or region as JPN groups them (JPN''s lists overlap in places, e.g. Palestine).';

-- using (true) is allowed here only because this is not personal data.
alter table public.place_of_birth_codes enable row level security;
create policy "place-of-birth codes are readable by everyone" on public.place_of_birth_codes
  for select to anon, authenticated using (true);
revoke insert, update, delete, truncate, references, trigger on public.place_of_birth_codes from anon, authenticated;
grant select on public.place_of_birth_codes to anon, authenticated;

-- 01-16 are the state numbers; 21-59 are further codes JPN assigns to the same states.
insert into public.place_of_birth_codes (code, kind, state_code, description) values
  ('01', 'state', 'MY-01', 'Johor'),
  ('02', 'state', 'MY-02', 'Kedah'),
  ('03', 'state', 'MY-03', 'Kelantan'),
  ('04', 'state', 'MY-04', 'Melaka'),
  ('05', 'state', 'MY-05', 'Negeri Sembilan'),
  ('06', 'state', 'MY-06', 'Pahang'),
  ('07', 'state', 'MY-07', 'Pulau Pinang'),
  ('08', 'state', 'MY-08', 'Perak'),
  ('09', 'state', 'MY-09', 'Perlis'),
  ('10', 'state', 'MY-10', 'Selangor'),
  ('11', 'state', 'MY-11', 'Terengganu'),
  ('12', 'state', 'MY-12', 'Sabah'),
  ('13', 'state', 'MY-13', 'Sarawak'),
  ('14', 'state', 'MY-14', 'Wilayah Persekutuan Kuala Lumpur'),
  ('15', 'state', 'MY-15', 'Wilayah Persekutuan Labuan'),
  ('16', 'state', 'MY-16', 'Wilayah Persekutuan Putrajaya'),
  ('21', 'state', 'MY-01', 'Johor'),
  ('22', 'state', 'MY-01', 'Johor'),
  ('23', 'state', 'MY-01', 'Johor'),
  ('24', 'state', 'MY-01', 'Johor'),
  ('25', 'state', 'MY-02', 'Kedah'),
  ('26', 'state', 'MY-02', 'Kedah'),
  ('27', 'state', 'MY-02', 'Kedah'),
  ('28', 'state', 'MY-03', 'Kelantan'),
  ('29', 'state', 'MY-03', 'Kelantan'),
  ('30', 'state', 'MY-04', 'Melaka'),
  ('31', 'state', 'MY-05', 'Negeri Sembilan'),
  ('32', 'state', 'MY-06', 'Pahang'),
  ('33', 'state', 'MY-06', 'Pahang'),
  ('34', 'state', 'MY-07', 'Pulau Pinang'),
  ('35', 'state', 'MY-07', 'Pulau Pinang'),
  ('36', 'state', 'MY-08', 'Perak'),
  ('37', 'state', 'MY-08', 'Perak'),
  ('38', 'state', 'MY-08', 'Perak'),
  ('39', 'state', 'MY-08', 'Perak'),
  ('40', 'state', 'MY-09', 'Perlis'),
  ('41', 'state', 'MY-10', 'Selangor'),
  ('42', 'state', 'MY-10', 'Selangor'),
  ('43', 'state', 'MY-10', 'Selangor'),
  ('44', 'state', 'MY-10', 'Selangor'),
  ('45', 'state', 'MY-11', 'Terengganu'),
  ('46', 'state', 'MY-11', 'Terengganu'),
  ('47', 'state', 'MY-12', 'Sabah'),
  ('48', 'state', 'MY-12', 'Sabah'),
  ('49', 'state', 'MY-12', 'Sabah'),
  ('50', 'state', 'MY-13', 'Sarawak'),
  ('51', 'state', 'MY-13', 'Sarawak'),
  ('52', 'state', 'MY-13', 'Sarawak'),
  ('53', 'state', 'MY-13', 'Sarawak'),
  ('54', 'state', 'MY-14', 'Wilayah Persekutuan Kuala Lumpur'),
  ('55', 'state', 'MY-14', 'Wilayah Persekutuan Kuala Lumpur'),
  ('56', 'state', 'MY-14', 'Wilayah Persekutuan Kuala Lumpur'),
  ('57', 'state', 'MY-14', 'Wilayah Persekutuan Kuala Lumpur'),
  ('58', 'state', 'MY-15', 'Wilayah Persekutuan Labuan'),
  ('59', 'state', 'MY-05', 'Negeri Sembilan');

-- Born outside Malaysia: JPN's country and region codes, with its region names and its country lists,
-- lightly condensed.
insert into public.place_of_birth_codes (code, kind, state_code, description) values
  ('60', 'foreign', null, 'Brunei'),
  ('61', 'foreign', null, 'Indonesia'),
  ('62', 'foreign', null, 'Cambodia (Democratic Kampuchea, Kampuchea)'),
  ('63', 'foreign', null, 'Laos'),
  ('64', 'foreign', null, 'Myanmar'),
  ('65', 'foreign', null, 'Philippines'),
  ('66', 'foreign', null, 'Singapore'),
  ('67', 'foreign', null, 'Thailand'),
  ('68', 'foreign', null, 'Vietnam'),
  ('71', 'foreign', null, 'Born outside Malaysia before 2001'),
  ('72', 'foreign', null, 'Born outside Malaysia before 2001'),
  ('74', 'foreign', null, 'China'),
  ('75', 'foreign', null, 'India'),
  ('76', 'foreign', null, 'Pakistan'),
  ('77', 'foreign', null, 'Saudi Arabia'),
  ('78', 'foreign', null, 'Sri Lanka'),
  ('79', 'foreign', null, 'Bangladesh'),
  ('82', 'unknown', null, 'Unknown state'),
  ('83', 'foreign', null,
   'Asia-Pacific: American Samoa, Australia, Christmas Island, Cocos (Keeling) Islands, Cook Islands, Fiji, '
   'French Polynesia, Guam, Heard Island and McDonald Islands, Marshall Islands, Micronesia, New Caledonia, '
   'New Zealand, Niue, Norfolk Island, Papua New Guinea, Timor-Leste, Tokelau, United States Minor Outlying '
   'Islands, Wallis and Futuna Islands'),
  ('84', 'foreign', null,
   'South America: Anguilla, Argentina, Aruba, Bolivia, Brazil, Chile, Colombia, Ecuador, French Guiana, '
   'Guadeloupe, Guyana, Paraguay, Peru, South Georgia and the South Sandwich Islands, Suriname, Uruguay, Venezuela'),
  ('85', 'foreign', null,
   'Africa: Algeria, Angola, Botswana, Burundi, Cameroon, Central African Republic, Chad, Congo-Brazzaville, '
   'Congo-Kinshasa, Djibouti, Egypt, Eritrea, Ethiopia, Gabon, Gambia, Ghana, Guinea, Kenya, Liberia, Malawi, '
   'Mali, Mauritania, Mayotte, Morocco, Mozambique, Namibia, Niger, Nigeria, Rwanda, Réunion, Senegal, '
   'Sierra Leone, Somalia, South Africa, Sudan, Swaziland, Tanzania, Togo, Tonga, Tunisia, Uganda, '
   'Western Sahara, Zaire, Zambia, Zimbabwe'),
  ('86', 'foreign', null,
   'Europe: Armenia, Austria, Belgium, Cyprus, Denmark, Faroe Islands, France, Finland, Germany, Greece, '
   'Holy See (Vatican City), Italy, Luxembourg, Macedonia, Malta, Mediterranean, Monaco, Netherlands, Norway, '
   'Portugal, Republic of Moldova, Slovakia, Slovenia, Spain, Sweden, Switzerland, United Kingdom dependent '
   'territories, national overseas, overseas citizens, protected persons and subjects'),
  ('87', 'foreign', null, 'Britain, Great Britain, Ireland'),
  ('88', 'foreign', null,
   'Middle East: Bahrain, Iran, Iraq, Palestine, Jordan, Kuwait, Lebanon, Oman, Qatar, Republic of Yemen, '
   'Syria, Turkey, United Arab Emirates, Yemen Arab Republic, Yemen People''s Democratic Republic'),
  ('89', 'foreign', null, 'Far East: Japan, North Korea, South Korea, Taiwan'),
  ('90', 'foreign', null,
   'Caribbean: Bahamas, Barbados, Belize, Costa Rica, Cuba, Dominica, Dominican Republic, El Salvador, Grenada, '
   'Guatemala, Haiti, Honduras, Jamaica, Martinique, Mexico, Nicaragua, Panama, Puerto Rico, Saint Kitts and '
   'Nevis, Saint Lucia, Saint Vincent and the Grenadines, Trinidad and Tobago, Turks and Caicos Islands, '
   'Virgin Islands (USA)'),
  ('91', 'foreign', null,
   'North America: Canada, Greenland, Netherlands Antilles, Saint Pierre and Miquelon, United States of America'),
  ('92', 'foreign', null,
   'Soviet Union (USSR): Albania, Belarus, Bosnia and Herzegovina, Bulgaria, Byelorussia, Croatia, Czech Republic, '
   'Czechoslovakia, Estonia, Georgia, Hungary, Latvia, Lithuania, Montenegro, Poland, Republic of Kosovo, '
   'Romania, Russian Federation, Serbia, Ukraine'),
  ('93', 'foreign', null,
   'Other countries: Afghanistan, Andorra, Antarctica, Antigua and Barbuda, Azerbaijan, Benin, Bermuda, Bhutan, '
   'Bora Bora, Bouvet Island, British Indian Ocean Territory, Burkina Faso, Cape Verde, Cayman Islands, Comoros, '
   'Dahomey, Equatorial Guinea, Falkland Islands, French Southern Territories, Gibraltar, Guinea-Bissau, '
   'Hong Kong, Iceland, Ivory Coast, Kazakhstan, Kiribati, Kyrgyzstan, Lesotho, Libya, Liechtenstein, Macau, '
   'Madagascar, Maghribi, Malagasy, Maldives, Mauritius, Mongolia, Montserrat, Nauru, Nepal, Northern Mariana '
   'Islands, Outer Mongolia, Palau, Palestine, Pitcairn Islands, Saint Helena, Saint Lucia, Saint Vincent and '
   'the Grenadines, Samoa, San Marino, São Tomé and Príncipe, Seychelles, Solomon Islands, Svalbard and Jan Mayen '
   'Islands, Tajikistan, Turkmenistan, Tuvalu, Upper Volta, Uzbekistan, Vanuatu, Vatican City, Virgin Islands '
   '(British), Western Samoa, Yugoslavia'),
  ('98', 'foreign', null, 'Stateless (Stateless Person Article 1/1954)'),
  ('99', 'foreign', null,
   'Mecca, Neutral Zone, No Information, Refugee (Refugee Article 1/1951), United Nations Specialized Agency, '
   'United Nations Organization, Unspecified Nationality');

-- A state's number is its primary place-of-birth code: fail the migration if the two lists ever disagree.
do $$
begin
  if exists (
    select 1
    from public.states s
    left join public.place_of_birth_codes p on p.code = lpad(s.number::text, 2, '0')
    where p.state_code is distinct from s.code
  ) then
    raise exception 'states.number must be the place-of-birth code of the same state';
  end if;
end
$$;
