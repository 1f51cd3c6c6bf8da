/**
 * The RLS matrix: every table and view of the public schema, for every actor (a member of the public,
 * another one, a guardian, officers in and out of the jurisdiction, the state supervisor, an analyst, a
 * call-centre agent, an administrator, anon and the service role), for select, insert, update and delete.
 *
 * The world (support/matrix-world.ts) holds named rows of every table, belonging to different people and
 * jurisdictions. Expectations are data, one line per actor: select, the rows the actor sees; insert, the
 * named attempts that succeed; update and delete, the rows the statement changes (changedBy also proves
 * that every row it did not change is byte-identical afterwards). 'denied' means the statement itself is
 * refused (no privilege); [] that it runs and row-level security leaves it no row. Updates that move a
 * row (to another person, district, role or owner) have a matrix of their own: they test the policies'
 * WITH CHECK, which an edit in place never reaches. Views: what each actor sees, and that no write gets
 * through.
 *
 * The expectations say what the domain asks (least privilege; officers by jurisdiction and by the cases
 * they handle; analysts aggregates only; agents feedback only; guardians as for themselves; anon the
 * reference data), not what the database happens to do.
 *
 * A table or view added to the schema without an entry here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Actor, type Tx } from './support/db.ts';
import { NOT_OURS } from './support/lint.ts';
import { changedBy, insertsBy, visibleTo } from './support/matrix.ts';
import { buildMatrixWorld, KLANG, QUESTIONNAIRE_V1, unusedVersion, type MatrixWorld } from './support/matrix-world.ts';
import { JOHOR_BAHRU, PETALING } from './support/world.ts';

const ACTORS = ['anon', 'service_role', 'aminah', 'badrul', 'guardian', 'officer', 'officerElsewhere', 'supervisor', 'analyst', 'agent', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

type Rows = string[] | 'denied';
interface Expected {
  select: Rows;
  insert: string[];
  update: Rows;
  delete: Rows;
}

interface TableMatrix {
  /** The named rows, and the column (or expression) that identifies them: id unless said. */
  rows: (w: MatrixWorld) => Record<string, string>;
  key?: string;
  /** Run against each named row, with $1 = its key. */
  update: string;
  delete: string;
  inserts: (w: MatrixWorld) => Record<string, [sql: string, params?: unknown[]]>;
  expected: Record<ActorName, Expected>;
}

/** Anon reads none of it, and may not even try to write it. */
const ANON: Expected = { select: 'denied', insert: [], update: 'denied', delete: 'denied' };
/** Signed in, allowed to ask, and row-level security gives nothing. */
const NOTHING: Expected = { select: [], insert: [], update: [], delete: [] };

const TEXT = { ms: 'Teks ujian', en: 'Test text' };
const caseNumber = () => `C-${randomUUID().slice(0, 8).toUpperCase()}`;

const TABLES: Record<string, TableMatrix> = {
  // Reference data: read by everyone, anon included (the registration form needs it); changed by migrations only.
  states: {
    rows: () => ({ johor: 'MY-01', selangor: 'MY-10' }),
    key: 'code',
    update: `update public.states set name_en = name_en || ' (renamed)' where code = $1`,
    delete: `delete from public.states where code = $1`,
    inserts: () => ({ seventeenthState: [`insert into public.states (code, number, name_ms, name_en, kind) values ('MY-17', 17, 'Negeri Ujian', 'Test State', 'state')`] }),
    expected: {
      anon: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      // Malaysia has 16: the check refuses a 17th even to the service role, and every state has districts.
      service_role: { select: ['johor', 'selangor'], insert: [], update: ['johor', 'selangor'], delete: [] },
      aminah: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  districts: {
    rows: () => ({ johorBahru: JOHOR_BAHRU, petaling: PETALING }),
    key: 'code',
    update: `update public.districts set name = name || ' Baharu' where code = $1`,
    delete: `delete from public.districts where code = $1`,
    inserts: () => ({ newDistrict: [`insert into public.districts (code, state_code, name) values ('MY-10-98', 'MY-10', 'Daerah Ujian')`] }),
    expected: {
      anon: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      // People live in both: the foreign keys keep them, even from the service role.
      service_role: { select: ['johorBahru', 'petaling'], insert: ['newDistrict'], update: ['johorBahru', 'petaling'], delete: [] },
      aminah: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['johorBahru', 'petaling'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  place_of_birth_codes: {
    rows: () => ({ johor: '01', selangor: '10' }),
    key: 'code',
    update: `update public.place_of_birth_codes set description = description || ' (changed)' where code = $1`,
    delete: `delete from public.place_of_birth_codes where code = $1`,
    inserts: () => ({ newCode: [`insert into public.place_of_birth_codes (code, kind, description) values ('00', 'foreign', 'Ujian')`] }),
    expected: {
      anon: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      service_role: { select: ['johor', 'selangor'], insert: ['newCode'], update: ['johor', 'selangor'], delete: ['johor', 'selangor'] },
      aminah: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['johor', 'selangor'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  // Staff see themselves; supervisors manage the officers of their state; administrators all staff.
  staff: {
    rows: (w) => ({
      admin: w.users.admin,
      agent: w.users.agent,
      analyst: w.users.analyst,
      officer: w.users.officer,
      officerElsewhere: w.users.officerElsewhere,
      supervisor: w.users.supervisor,
    }),
    key: 'user_id',
    update: `update public.staff set full_name = 'Renamed Staff' where user_id = $1::uuid`,
    delete: `delete from public.staff where user_id = $1::uuid`,
    inserts: (w) => ({
      officerOfSelangor: [`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'New Officer', 'MY-10')`, [w.stranger]],
      officerOfJohor: [`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'New Officer', 'MY-01')`, [w.stranger]],
      supervisorOfSelangor: [`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'supervisor', 'New Supervisor', 'MY-10')`, [w.stranger]],
      admin: [`insert into public.staff (user_id, role, full_name) values ($1, 'admin', 'New Admin')`, [w.stranger]],
    }),
    expected: {
      anon: ANON,
      service_role: {
        select: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
        insert: ['admin', 'officerOfJohor', 'officerOfSelangor', 'supervisorOfSelangor'],
        update: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
        delete: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
      },
      aminah: NOTHING,
      badrul: NOTHING,
      guardian: NOTHING,
      officer: { select: ['officer'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['officerElsewhere'], insert: [], update: [], delete: [] },
      supervisor: { select: ['officer', 'supervisor'], insert: ['officerOfSelangor'], update: ['officer'], delete: ['officer'] },
      analyst: { select: ['analyst'], insert: [], update: [], delete: [] },
      agent: { select: ['agent'], insert: [], update: [], delete: [] },
      admin: {
        select: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
        insert: ['admin', 'officerOfJohor', 'officerOfSelangor', 'supervisorOfSelangor'],
        update: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
        delete: ['admin', 'agent', 'analyst', 'officer', 'officerElsewhere', 'supervisor'],
      },
    },
  },

  // An officer's districts: managers assign them within their own jurisdiction; reassigning is remove and add.
  staff_districts: {
    rows: (w) => ({ officer: w.users.officer, officerElsewhere: w.users.officerElsewhere }),
    key: 'staff_id',
    update: `update public.staff_districts set district_code = '${KLANG}' where staff_id = $1::uuid`,
    delete: `delete from public.staff_districts where staff_id = $1::uuid`,
    inserts: (w) => ({
      klangToOfficer: [`insert into public.staff_districts (staff_id, district_code) values ($1, $2)`, [w.users.officer, KLANG]],
      klangToOfficerElsewhere: [`insert into public.staff_districts (staff_id, district_code) values ($1, $2)`, [w.users.officerElsewhere, KLANG]],
      batuPahatToOfficerElsewhere: [`insert into public.staff_districts (staff_id, district_code) values ($1, 'MY-01-01')`, [w.users.officerElsewhere]],
    }),
    expected: {
      anon: ANON,
      service_role: {
        select: ['officer', 'officerElsewhere'],
        insert: ['batuPahatToOfficerElsewhere', 'klangToOfficer', 'klangToOfficerElsewhere'],
        update: ['officer', 'officerElsewhere'],
        delete: ['officer', 'officerElsewhere'],
      },
      aminah: NOTHING,
      badrul: NOTHING,
      guardian: NOTHING,
      officer: { select: ['officer'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['officerElsewhere'], insert: [], update: [], delete: [] },
      supervisor: { select: ['officer'], insert: ['klangToOfficer'], update: [], delete: ['officer'] },
      analyst: NOTHING,
      agent: NOTHING,
      admin: {
        select: ['officer', 'officerElsewhere'],
        insert: ['batuPahatToOfficerElsewhere', 'klangToOfficer', 'klangToOfficerElsewhere'],
        update: [],
        delete: ['officer', 'officerElsewhere'],
      },
    },
  },

  // Own person; guardians their dependents; officers their districts and every contact of a case they
  // handle (officerElsewhere sees aminah, a contact of badrul's case), but change only their districts.
  persons: {
    rows: (w) => w.persons,
    update: `update public.persons set full_name = 'Changed Name' where id = $1::uuid`,
    delete: `delete from public.persons where id = $1::uuid`,
    inserts: (w) => ({
      ownProfile: [`insert into public.persons (account_id, full_name) values ((select auth.uid()), 'Matrix Own Profile')`],
      profileOfAnotherAccount: [`insert into public.persons (account_id, full_name) values ($1, 'Matrix Stranger')`, [w.stranger]],
      noAccountInPetaling: [`insert into public.persons (full_name, district_code) values ('Matrix Petaling', $1)`, [PETALING]],
      noAccountInJohorBahru: [`insert into public.persons (full_name, district_code) values ('Matrix Johor', $1)`, [JOHOR_BAHRU]],
    }),
    expected: {
      anon: ANON,
      service_role: {
        select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        insert: ['noAccountInJohorBahru', 'noAccountInPetaling', 'ownProfile', 'profileOfAnotherAccount'],
        update: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        delete: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
      },
      // Aminah and Badrul have their profile already; the public adds a person without an account only as a
      // dependent, through add_dependent (the person and the link together), never by a bare insert.
      aminah: { select: ['aminah'], insert: [], update: ['aminah'], delete: [] },
      badrul: { select: ['badrul'], insert: [], update: ['badrul'], delete: [] },
      guardian: {
        select: ['dependent'],
        insert: ['ownProfile'],
        update: ['dependent'],
        // Not a dependent officers hold records about (this one is a contact with a result): that would
        // delete the contact, monitoring and result with it. The guardian unlinks them instead.
        delete: [],
      },
      officer: { select: ['aminah', 'dependent', 'pending'], insert: ['noAccountInPetaling', 'ownProfile'], update: ['aminah', 'dependent', 'pending'], delete: [] },
      officerElsewhere: { select: ['aminah', 'badrul'], insert: ['noAccountInJohorBahru', 'ownProfile'], update: ['badrul'], delete: [] },
      supervisor: {
        select: ['aminah', 'dependent', 'klang', 'pending'],
        insert: ['noAccountInPetaling', 'ownProfile'],
        update: ['aminah', 'dependent', 'klang', 'pending'],
        delete: [],
      },
      analyst: { select: [], insert: ['ownProfile'], update: [], delete: [] },
      agent: { select: [], insert: ['ownProfile'], update: [], delete: [] },
      admin: {
        select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        insert: ['noAccountInJohorBahru', 'noAccountInPetaling', 'ownProfile'],
        update: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        delete: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
      },
    },
  },

  // The guardian's link to a dependent: the guardian keeps it; officers of the district see it.
  dependents: {
    rows: (w) => ({ dependent: w.persons.dependent }),
    key: 'person_id',
    update: `update public.dependents set relationship = 'ward' where person_id = $1::uuid`,
    delete: `delete from public.dependents where person_id = $1::uuid`,
    inserts: (w) => {
      const link = `insert into public.dependents (guardian_id, person_id, relationship) values ((select auth.uid()), $1, 'child')`;
      return {
        personIRegistered: [link, [w.unlinkedByGuardian]],
        pendingContactTheOfficerEntered: [link, [w.persons.pending]],
        klangContactTheSupervisorEntered: [link, [w.persons.klang]],
        aminah: [link, [w.persons.aminah]],
      };
    },
    expected: {
      anon: ANON,
      // The service role is nobody's guardian: guardian_id is the caller.
      service_role: { select: ['dependent'], insert: [], update: ['dependent'], delete: ['dependent'] },
      aminah: NOTHING,
      badrul: NOTHING,
      guardian: { select: ['dependent'], insert: ['personIRegistered'], update: ['dependent'], delete: ['dependent'] },
      // Staff never become the guardian of a pending contact they entered at work (and so reach them for
      // good, outside any jurisdiction).
      officer: { select: ['dependent'], insert: [], update: [], delete: [] },
      officerElsewhere: NOTHING,
      supervisor: { select: ['dependent'], insert: [], update: [], delete: [] },
      analyst: NOTHING,
      agent: NOTHING,
      admin: { select: ['dependent'], insert: [], update: [], delete: [] },
    },
  },

  // Counted from GoTrue's table by the database, for the public only: an account sees its own; administrators all.
  first_sign_ins: {
    rows: (w) => ({ aminah: w.users.aminah, badrul: w.users.badrul, guardian: w.users.guardian }),
    key: 'user_id',
    update: `update public.first_sign_ins set signed_in_at = signed_in_at - interval '1 day' where user_id = $1::uuid`,
    delete: `delete from public.first_sign_ins where user_id = $1::uuid`,
    inserts: (w) => ({
      own: [`insert into public.first_sign_ins (user_id, signed_in_at) values ((select auth.uid()), now())`],
      anotherAccount: [`insert into public.first_sign_ins (user_id, signed_in_at) values ($1, now())`, [w.stranger]],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['aminah', 'badrul', 'guardian'], insert: ['anotherAccount'], update: ['aminah', 'badrul', 'guardian'], delete: ['aminah', 'badrul', 'guardian'] },
      aminah: { select: ['aminah'], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: ['badrul'], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: ['guardian'], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: [], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: [], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: [], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: [], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['aminah', 'badrul', 'guardian'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  // Versioned data: the signed-in read published versions; administrators write drafts; a published
  // version is frozen (its trigger refuses even the service role).
  questionnaires: {
    rows: (w) => w.questionnaires,
    update: `update public.questionnaires set title = '{"ms": "Baharu", "en": "New"}' where id = $1::uuid`,
    delete: `delete from public.questionnaires where id = $1::uuid`,
    inserts: () => ({ newVersion: [`insert into public.questionnaires (version, title) values ($1, '{"ms": "Baharu", "en": "New"}')`, [unusedVersion()]] }),
    expected: {
      anon: ANON,
      service_role: { select: ['draft', 'published'], insert: ['newVersion'], update: ['draft'], delete: ['draft'] },
      aminah: { select: ['published'], insert: [], update: [], delete: [] },
      badrul: { select: ['published'], insert: [], update: [], delete: [] },
      guardian: { select: ['published'], insert: [], update: [], delete: [] },
      officer: { select: ['published'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['published'], insert: [], update: [], delete: [] },
      supervisor: { select: ['published'], insert: [], update: [], delete: [] },
      analyst: { select: ['published'], insert: [], update: [], delete: [] },
      agent: { select: ['published'], insert: [], update: [], delete: [] },
      admin: { select: ['draft', 'published'], insert: ['newVersion'], update: ['draft'], delete: ['draft'] },
    },
  },

  questions: {
    rows: (w) => w.questions,
    key: `(questionnaire_id::text || '/' || code)`,
    update: `update public.questions set text = '{"ms": "Soalan baharu?", "en": "New question?"}' where (questionnaire_id::text || '/' || code) = $1`,
    delete: `delete from public.questions where (questionnaire_id::text || '/' || code) = $1`,
    inserts: (w) => {
      const question = `insert into public.questions (questionnaire_id, code, position, kind, text) values ($1, 'travelled_interstate', 99, 'exposure', '{"ms": "Rentas negeri?", "en": "Interstate travel?"}')`;
      return { toDraft: [question, [w.questionnaires.draft]], toPublished: [question, [QUESTIONNAIRE_V1]] };
    },
    expected: {
      anon: ANON,
      service_role: { select: ['draftQuestion', 'publishedQuestion'], insert: ['toDraft'], update: ['draftQuestion'], delete: ['draftQuestion'] },
      aminah: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      badrul: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      guardian: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      officer: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      supervisor: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      analyst: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      agent: { select: ['publishedQuestion'], insert: [], update: [], delete: [] },
      admin: { select: ['draftQuestion', 'publishedQuestion'], insert: ['toDraft'], update: ['draftQuestion'], delete: ['draftQuestion'] },
    },
  },

  rule_sets: {
    rows: (w) => w.ruleSets,
    update: `update public.rule_sets set monitoring_days = 21 where id = $1::uuid`,
    delete: `delete from public.rule_sets where id = $1::uuid`,
    inserts: () => ({ newVersion: [`insert into public.rule_sets (version) values ($1)`, [unusedVersion()]] }),
    expected: {
      anon: ANON,
      service_role: { select: ['draft', 'published'], insert: ['newVersion'], update: ['draft'], delete: ['draft'] },
      aminah: { select: ['published'], insert: [], update: [], delete: [] },
      badrul: { select: ['published'], insert: [], update: [], delete: [] },
      guardian: { select: ['published'], insert: [], update: [], delete: [] },
      officer: { select: ['published'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['published'], insert: [], update: [], delete: [] },
      supervisor: { select: ['published'], insert: [], update: [], delete: [] },
      analyst: { select: ['published'], insert: [], update: [], delete: [] },
      agent: { select: ['published'], insert: [], update: [], delete: [] },
      admin: { select: ['draft', 'published'], insert: ['newVersion'], update: ['draft'], delete: ['draft'] },
    },
  },

  // Outbreaks are reference data for the signed in (a monitoring period's length); administrators keep them.
  outbreaks: {
    rows: (w) => w.outbreaks,
    update: `update public.outbreaks set monitoring_days = 28 where id = $1::uuid`,
    delete: `delete from public.outbreaks where id = $1::uuid`,
    inserts: () => ({
      newOutbreak: [`insert into public.outbreaks (code, name, started_on) values ($1, '{"ms": "Denggi", "en": "Dengue"}', private.today())`, [`DENGUE-${randomUUID().slice(0, 8).toUpperCase()}`]],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['influenza', 'measles'], insert: ['newOutbreak'], update: ['influenza', 'measles'], delete: ['influenza', 'measles'] },
      aminah: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      badrul: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      guardian: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      officer: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      officerElsewhere: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      supervisor: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      analyst: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      agent: { select: ['influenza', 'measles'], insert: [], update: [], delete: [] },
      admin: { select: ['influenza', 'measles'], insert: ['newOutbreak'], update: ['influenza', 'measles'], delete: ['influenza', 'measles'] },
    },
  },

  // Push tokens: each account its own (staff included); the dispatcher (service role) all.
  device_tokens: {
    rows: (w) => w.devices,
    update: `update public.device_tokens set last_seen_at = now() + interval '1 day' where id = $1::uuid`,
    delete: `delete from public.device_tokens where id = $1::uuid`,
    inserts: (w) => ({
      own: [`insert into public.device_tokens (token, platform) values ($1, 'web')`, [`matrix-${randomUUID()}`]],
      aminahs: [`insert into public.device_tokens (account_id, token, platform) values ($1, $2, 'web')`, [w.users.aminah, `matrix-${randomUUID()}`]],
    }),
    expected: {
      anon: ANON,
      // The service role has no account of its own: account_id is the caller.
      service_role: { select: ['aminah', 'badrul', 'officer'], insert: ['aminahs'], update: ['aminah', 'badrul', 'officer'], delete: ['aminah', 'badrul', 'officer'] },
      aminah: { select: ['aminah'], insert: ['own'], update: ['aminah'], delete: ['aminah'] },
      badrul: { select: ['badrul'], insert: ['own'], update: ['badrul'], delete: ['badrul'] },
      guardian: { select: [], insert: ['own'], update: [], delete: [] },
      officer: { select: ['officer'], insert: ['own'], update: ['officer'], delete: ['officer'] },
      officerElsewhere: { select: [], insert: ['own'], update: [], delete: [] },
      supervisor: { select: [], insert: ['own'], update: [], delete: [] },
      analyst: { select: [], insert: ['own'], update: [], delete: [] },
      agent: { select: [], insert: ['own'], update: [], delete: [] },
      admin: { select: [], insert: ['own'], update: [], delete: [] },
    },
  },

  // The inbox: each account reads its own and marks it read. Only the database writes it (private.notify,
  // so that every notification is also pushed): not even the service role inserts or edits one.
  notifications: {
    rows: (w) => w.notifications,
    update: `update public.notifications set read_at = now() where id = $1::uuid`,
    delete: `delete from public.notifications where id = $1::uuid`,
    inserts: (w) => ({
      own: [`insert into public.notifications (account_id, kind, title, body) values ((select auth.uid()), 'reminder', $1, $1)`, [TEXT]],
      aminahs: [`insert into public.notifications (account_id, kind, title, body) values ($1, 'reminder', $2, $2)`, [w.users.aminah, TEXT]],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['aminah', 'badrul', 'guardian', 'officer'], insert: [], update: 'denied', delete: ['aminah', 'badrul', 'guardian', 'officer'] },
      aminah: { select: ['aminah'], insert: [], update: ['aminah'], delete: 'denied' },
      badrul: { select: ['badrul'], insert: [], update: ['badrul'], delete: 'denied' },
      guardian: { select: ['guardian'], insert: [], update: ['guardian'], delete: 'denied' },
      officer: { select: ['officer'], insert: [], update: ['officer'], delete: 'denied' },
      officerElsewhere: { select: [], insert: [], update: [], delete: 'denied' },
      supervisor: { select: [], insert: [], update: [], delete: 'denied' },
      analyst: { select: [], insert: [], update: [], delete: 'denied' },
      agent: { select: [], insert: [], update: [], delete: 'denied' },
      admin: { select: [], insert: [], update: [], delete: 'denied' },
    },
  },

  // Daily reports: staff who report (not agents) subscribe themselves, within their jurisdiction, and see,
  // change and remove their own subscriptions (staff_id is theirs: nobody may name another); administrators see everyone's. Reports are written only by
  // the database (generate_daily_reports, finish_daily_report): their reader and administrators read them.
  report_subscriptions: {
    rows: (w) => w.reportSubscriptions,
    update: `update public.report_subscriptions set language = 'ms' where id = $1::uuid`,
    delete: `delete from public.report_subscriptions where id = $1::uuid`,
    inserts: (w) => ({
      own: [`insert into public.report_subscriptions (sections) values ('{figures}')`],
      analysts: [`insert into public.report_subscriptions (staff_id, sections) values ($1, '{figures}')`, [w.users.analyst]],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['analyst', 'officer'], insert: [], update: 'denied', delete: 'denied' },
      aminah: NOTHING,
      badrul: NOTHING,
      guardian: NOTHING,
      officer: { select: ['officer'], insert: ['own'], update: ['officer'], delete: ['officer'] },
      officerElsewhere: { select: [], insert: ['own'], update: [], delete: [] },
      supervisor: { select: [], insert: ['own'], update: [], delete: [] },
      analyst: { select: ['analyst'], insert: ['own'], update: ['analyst'], delete: ['analyst'] },
      agent: NOTHING,
      admin: { select: ['analyst', 'officer'], insert: ['own'], update: [], delete: [] },
    },
  },

  reports: {
    rows: (w) => w.reports,
    update: `update public.reports set csv = 'forged' where id = $1::uuid`,
    delete: `delete from public.reports where id = $1::uuid`,
    inserts: (w) => ({
      own: [
        `insert into public.reports (staff_id, report_date, language, sections, personal_data) values ((select auth.uid()), private.today(), 'en', '{figures}', false)`,
      ],
      officers: [
        `insert into public.reports (staff_id, report_date, language, sections, personal_data) values ($1, private.today(), 'en', '{figures}', true)`,
        [w.users.officer],
      ],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['analyst', 'officer'], insert: [], update: 'denied', delete: 'denied' },
      aminah: { select: [], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: [], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: ['officer'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: [], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: [], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: ['analyst'], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: [], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['analyst', 'officer'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  // Staff write drafts for the audiences of their jurisdiction (officers their districts, supervisors
  // their state and its districts, administrators anyone); a published announcement is frozen; its
  // audience (through their own person or a dependent) reads it.
  announcements: {
    rows: (w) => w.announcements,
    update: `update public.announcements set title = '{"ms": "Baharu", "en": "New"}' where id = $1::uuid`,
    delete: `delete from public.announcements where id = $1::uuid`,
    inserts: () => {
      const draft = `insert into public.announcements (title, body, target_kind, target_state, target_district) values ($1, $1, $2, $3, $4)`;
      return {
        toPetaling: [draft, [TEXT, 'district', null, PETALING]],
        toJohorBahru: [draft, [TEXT, 'district', null, JOHOR_BAHRU]],
        toSelangor: [draft, [TEXT, 'state', 'MY-10', null]],
        toEveryone: [draft, [TEXT, 'everyone', null, null]],
      };
    },
    expected: {
      anon: ANON,
      // Publishing froze the published ones: the trigger refuses the service role's update too.
      service_role: {
        select: ['everyone', 'johorDraft', 'petalingDraft', 'petalingPublished', 'selangorPublished'],
        insert: ['toEveryone', 'toJohorBahru', 'toPetaling', 'toSelangor'],
        update: ['johorDraft', 'petalingDraft'],
        delete: ['everyone', 'johorDraft', 'petalingDraft', 'petalingPublished', 'selangorPublished'],
      },
      aminah: { select: ['everyone', 'petalingPublished', 'selangorPublished'], insert: [], update: [], delete: [] },
      badrul: { select: ['everyone'], insert: [], update: [], delete: [] },
      guardian: { select: ['everyone', 'petalingPublished', 'selangorPublished'], insert: [], update: [], delete: [] },
      officer: { select: ['everyone', 'petalingDraft', 'petalingPublished'], insert: ['toPetaling'], update: ['petalingDraft'], delete: ['petalingDraft'] },
      officerElsewhere: { select: ['everyone', 'johorDraft'], insert: ['toJohorBahru'], update: ['johorDraft'], delete: ['johorDraft'] },
      supervisor: {
        select: ['everyone', 'petalingDraft', 'petalingPublished', 'selangorPublished'],
        insert: ['toPetaling', 'toSelangor'],
        update: ['petalingDraft'],
        delete: ['petalingDraft'],
      },
      analyst: { select: ['everyone'], insert: [], update: [], delete: [] },
      agent: { select: ['everyone'], insert: [], update: [], delete: [] },
      admin: {
        select: ['everyone', 'johorDraft', 'petalingDraft', 'petalingPublished', 'selangorPublished'],
        insert: ['toEveryone', 'toJohorBahru', 'toPetaling', 'toSelangor'],
        update: ['johorDraft', 'petalingDraft'],
        delete: ['johorDraft', 'petalingDraft'],
      },
    },
  },

  // The call centre: people open and close their own tickets; agents (and administrators) see and
  // answer all of them; nobody deletes one through the API.
  feedback_tickets: {
    rows: (w) => w.tickets,
    update: `update public.feedback_tickets set status = 'closed' where id = $1::uuid`,
    delete: `delete from public.feedback_tickets where id = $1::uuid`,
    inserts: (w) => ({
      own: [`insert into public.feedback_tickets (category, subject) values ('other', 'Matrix')`],
      aminahs: [`insert into public.feedback_tickets (account_id, category, subject) values ($1, 'other', 'Matrix')`, [w.users.aminah]],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['aminah', 'badrul'], insert: ['aminahs'], update: ['aminah', 'badrul'], delete: ['aminah', 'badrul'] },
      aminah: { select: ['aminah'], insert: ['own'], update: ['aminah'], delete: 'denied' },
      badrul: { select: ['badrul'], insert: ['own'], update: ['badrul'], delete: 'denied' },
      guardian: { select: [], insert: ['own'], update: [], delete: 'denied' },
      officer: { select: [], insert: ['own'], update: [], delete: 'denied' },
      officerElsewhere: { select: [], insert: ['own'], update: [], delete: 'denied' },
      supervisor: { select: [], insert: ['own'], update: [], delete: 'denied' },
      analyst: { select: [], insert: ['own'], update: [], delete: 'denied' },
      agent: { select: ['aminah', 'badrul'], insert: ['own'], update: ['aminah', 'badrul'], delete: 'denied' },
      admin: { select: ['aminah', 'badrul'], insert: ['own'], update: ['aminah', 'badrul'], delete: 'denied' },
    },
  },

  // Messages are never edited; people write on their own tickets, agents on any.
  feedback_messages: {
    rows: (w) => w.messages,
    update: `update public.feedback_messages set body = 'Edited' where id = $1::uuid`,
    delete: `delete from public.feedback_messages where id = $1::uuid`,
    inserts: (w) => ({
      onAminahsTicket: [`insert into public.feedback_messages (ticket_id, body) values ($1, 'Matrix')`, [w.tickets.aminah]],
      onBadrulsTicket: [`insert into public.feedback_messages (ticket_id, body) values ($1, 'Matrix')`, [w.tickets.badrul]],
    }),
    expected: {
      anon: ANON,
      service_role: {
        select: ['agentReply', 'aminahMessage', 'badrulMessage'],
        insert: ['onAminahsTicket', 'onBadrulsTicket'],
        update: ['agentReply', 'aminahMessage', 'badrulMessage'],
        delete: ['agentReply', 'aminahMessage', 'badrulMessage'],
      },
      aminah: { select: ['agentReply', 'aminahMessage'], insert: ['onAminahsTicket'], update: 'denied', delete: 'denied' },
      badrul: { select: ['badrulMessage'], insert: ['onBadrulsTicket'], update: 'denied', delete: 'denied' },
      guardian: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: [], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: [], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: [], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: ['agentReply', 'aminahMessage', 'badrulMessage'], insert: ['onAminahsTicket', 'onBadrulsTicket'], update: 'denied', delete: 'denied' },
      admin: { select: ['agentReply', 'aminahMessage', 'badrulMessage'], insert: ['onAminahsTicket', 'onBadrulsTicket'], update: 'denied', delete: 'denied' },
    },
  },

  // Administrators read the log; the database alone writes it, and nobody, not even the service role,
  // reads or changes it through the API.
  audit_log: {
    rows: (w) => w.auditLog,
    update: `update public.audit_log set details = '{"forged": true}' where id = $1::bigint`,
    delete: `delete from public.audit_log where id = $1::bigint`,
    inserts: () => ({ forged: [`insert into public.audit_log (actor_id, actor_role, action, table_name) values (null, 'system', 'read', 'persons')`] }),
    expected: {
      anon: ANON,
      service_role: ANON,
      aminah: { select: [], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: [], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: [], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: [], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: [], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: [], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: [], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['officerElsewhereWrite', 'officerRead'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  // Cases: the person (and guardian) sees their own; officers the cases they handle or of their
  // districts; only administrators remove one. A contact never sees the case row (it names the index person).
  cases: {
    rows: (w) => w.cases,
    update: `update public.cases set source = 'local' where id = $1::uuid`,
    delete: `delete from public.cases where id = $1::uuid`,
    inserts: (w) => {
      const kase = `insert into public.cases (person_id, case_number, diagnosis_date, district_code) values ($1, $2, private.today(), $3)`;
      return {
        aminahInPetaling: [kase, [w.persons.aminah, caseNumber(), PETALING]],
        aminahInJohorBahru: [kase, [w.persons.aminah, caseNumber(), JOHOR_BAHRU]],
      };
    },
    expected: {
      anon: ANON,
      service_role: {
        select: ['badrul', 'klang', 'pending'],
        insert: ['aminahInJohorBahru', 'aminahInPetaling'],
        update: ['badrul', 'klang', 'pending'],
        delete: ['badrul', 'klang', 'pending'],
      },
      aminah: NOTHING,
      badrul: { select: ['badrul'], insert: [], update: [], delete: [] },
      guardian: NOTHING,
      // Whoever traces aminah (her district's officers, or the officer of the case she is a contact of) may
      // record her case; it is filed under her district, Petaling, whichever district is given (tested in
      // tracing.test.ts).
      officer: { select: ['pending'], insert: ['aminahInJohorBahru', 'aminahInPetaling'], update: ['pending'], delete: [] },
      officerElsewhere: { select: ['badrul'], insert: ['aminahInJohorBahru', 'aminahInPetaling'], update: ['badrul'], delete: [] },
      supervisor: { select: ['klang', 'pending'], insert: ['aminahInJohorBahru', 'aminahInPetaling'], update: ['klang', 'pending'], delete: [] },
      analyst: NOTHING,
      agent: NOTHING,
      admin: {
        select: ['badrul', 'klang', 'pending'],
        insert: ['aminahInJohorBahru', 'aminahInPetaling'],
        update: ['badrul', 'klang', 'pending'],
        delete: ['badrul', 'klang', 'pending'],
      },
    },
  },

  // Exposures: the contact (and guardian) sees their own; officers see those of cases they handle and of
  // persons they trace, and change those of the cases they handle.
  contacts: {
    rows: (w) => w.contacts,
    update: `update public.contacts set setting = 'workplace' where id = $1::uuid`,
    delete: `delete from public.contacts where id = $1::uuid`,
    inserts: (w) => {
      const contact = `insert into public.contacts (case_id, person_id, last_exposure_date) values ($1, $2, private.today())`;
      return {
        klangToPendingsCase: [contact, [w.cases.pending, w.persons.klang]],
        klangToBadrulsCase: [contact, [w.cases.badrul, w.persons.klang]],
      };
    },
    expected: {
      anon: ANON,
      service_role: {
        select: ['aminahOfBadrul', 'dependentOfPending'],
        insert: ['klangToBadrulsCase', 'klangToPendingsCase'],
        update: ['aminahOfBadrul', 'dependentOfPending'],
        delete: ['aminahOfBadrul', 'dependentOfPending'],
      },
      aminah: { select: ['aminahOfBadrul'], insert: [], update: [], delete: [] },
      // Badrul is the case: he does not see who he exposed.
      badrul: NOTHING,
      guardian: { select: ['dependentOfPending'], insert: [], update: [], delete: [] },
      officer: {
        select: ['aminahOfBadrul', 'dependentOfPending'],
        insert: ['klangToPendingsCase'],
        update: ['dependentOfPending'],
        delete: ['dependentOfPending'],
      },
      officerElsewhere: { select: ['aminahOfBadrul'], insert: ['klangToBadrulsCase'], update: ['aminahOfBadrul'], delete: ['aminahOfBadrul'] },
      supervisor: {
        select: ['aminahOfBadrul', 'dependentOfPending'],
        insert: ['klangToPendingsCase'],
        update: ['dependentOfPending'],
        delete: ['dependentOfPending'],
      },
      analyst: NOTHING,
      agent: NOTHING,
      admin: {
        select: ['aminahOfBadrul', 'dependentOfPending'],
        insert: ['klangToBadrulsCase', 'klangToPendingsCase'],
        update: ['aminahOfBadrul', 'dependentOfPending'],
        delete: ['aminahOfBadrul', 'dependentOfPending'],
      },
    },
  },

  // Monitoring is opened and closed by the database; officers who trace the person review it and record
  // contact attempts; nobody deletes it through the API (the retention purge does).
  monitoring: {
    rows: (w) => w.monitoring,
    update: `update public.monitoring set contact_attempts = contact_attempts + 1 where id = $1::uuid`,
    delete: `delete from public.monitoring where id = $1::uuid`,
    inserts: (w) => ({
      // One period per contact: the service role too is refused a second one.
      secondPeriodForAminah: [
        `insert into public.monitoring (contact_id, person_id, starts_on, ends_on) values ($1, $2, private.today(), private.today() + 14)`,
        [w.contacts.aminahOfBadrul, w.persons.aminah],
      ],
    }),
    expected: {
      anon: ANON,
      service_role: { select: ['aminah', 'dependent'], insert: [], update: ['aminah', 'dependent'], delete: ['aminah', 'dependent'] },
      aminah: { select: ['aminah'], insert: [], update: [], delete: 'denied' },
      badrul: { select: [], insert: [], update: [], delete: 'denied' },
      guardian: { select: ['dependent'], insert: [], update: [], delete: 'denied' },
      officer: { select: ['aminah', 'dependent'], insert: [], update: ['aminah', 'dependent'], delete: 'denied' },
      officerElsewhere: { select: ['aminah'], insert: [], update: ['aminah'], delete: 'denied' },
      supervisor: { select: ['aminah', 'dependent'], insert: [], update: ['aminah', 'dependent'], delete: 'denied' },
      analyst: { select: [], insert: [], update: [], delete: 'denied' },
      agent: { select: [], insert: [], update: [], delete: 'denied' },
      admin: { select: ['aminah', 'dependent'], insert: [], update: ['aminah', 'dependent'], delete: 'denied' },
    },
  },

  // Results: the person (and guardian) reads them; officers who trace the person read and enter them;
  // only administrators correct or remove one.
  lab_results: {
    rows: (w) => w.labResults,
    update: `update public.lab_results set laboratory = 'Makmal Ujian' where id = $1::uuid`,
    delete: `delete from public.lab_results where id = $1::uuid`,
    inserts: (w) => {
      const negative = `insert into public.lab_results (person_id, test_type, result, sampled_on) values ($1, 'pcr', 'negative', private.today())`;
      return { forAminah: [negative, [w.persons.aminah]], forBadrul: [negative, [w.persons.badrul]], forKlang: [negative, [w.persons.klang]] };
    },
    expected: {
      anon: ANON,
      service_role: {
        select: ['aminah', 'badrul', 'dependent', 'klang'],
        insert: ['forAminah', 'forBadrul', 'forKlang'],
        update: ['aminah', 'badrul', 'dependent', 'klang'],
        delete: ['aminah', 'badrul', 'dependent', 'klang'],
      },
      aminah: { select: ['aminah'], insert: [], update: [], delete: [] },
      badrul: { select: ['badrul'], insert: [], update: [], delete: [] },
      guardian: { select: ['dependent'], insert: [], update: [], delete: [] },
      officer: { select: ['aminah', 'dependent'], insert: ['forAminah'], update: [], delete: [] },
      officerElsewhere: { select: ['aminah', 'badrul'], insert: ['forAminah', 'forBadrul'], update: [], delete: [] },
      supervisor: { select: ['aminah', 'dependent', 'klang'], insert: ['forAminah', 'forKlang'], update: [], delete: [] },
      analyst: NOTHING,
      agent: NOTHING,
      admin: {
        select: ['aminah', 'badrul', 'dependent', 'klang'],
        insert: ['forAminah', 'forBadrul', 'forKlang'],
        update: ['aminah', 'badrul', 'dependent', 'klang'],
        delete: ['aminah', 'badrul', 'dependent', 'klang'],
      },
    },
  },

  // Declarations: people submit their own and their dependents'; officers who trace the person read
  // them; what the database judged is never changed or removed through the API.
  assessments: {
    rows: (w) => w.assessments,
    update: `update public.assessments set classification = 'low_risk' where id = $1::uuid`,
    delete: `delete from public.assessments where id = $1::uuid`,
    inserts: (w) => {
      const wellDeclaration = `insert into public.assessments (person_id, answers, idempotency_key)
        values ($1, (select jsonb_object_agg(q.code, false) from public.questions q where q.questionnaire_id = public.current_questionnaire_id()), gen_random_uuid()::text)`;
      return { forAminah: [wellDeclaration, [w.persons.aminah]], forBadrul: [wellDeclaration, [w.persons.badrul]], forDependent: [wellDeclaration, [w.persons.dependent]] };
    },
    expected: {
      anon: ANON,
      service_role: {
        select: ['aminah', 'badrul', 'dependent'],
        insert: ['forAminah', 'forBadrul', 'forDependent'],
        update: ['aminah', 'badrul', 'dependent'],
        delete: ['aminah', 'badrul', 'dependent'],
      },
      aminah: { select: ['aminah'], insert: ['forAminah'], update: 'denied', delete: 'denied' },
      badrul: { select: ['badrul'], insert: ['forBadrul'], update: 'denied', delete: 'denied' },
      guardian: { select: ['dependent'], insert: ['forDependent'], update: 'denied', delete: 'denied' },
      officer: { select: ['aminah', 'dependent'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: ['aminah', 'badrul'], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: ['aminah', 'dependent'], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: [], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: [], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['aminah', 'badrul', 'dependent'], insert: [], update: 'denied', delete: 'denied' },
    },
  },

  // Written only by the database when a status changes; read like assessments.
  status_history: {
    rows: (w) => w.statusHistory,
    update: `update public.status_history set reason = 'rewritten' where id = $1::bigint`,
    delete: `delete from public.status_history where id = $1::bigint`,
    inserts: (w) => ({
      forAminah: [`insert into public.status_history (person_id, to_status, symptomatic, reason, source) values ($1, 'low_risk', false, 'forged', 'officer')`, [w.persons.aminah]],
    }),
    expected: {
      anon: ANON,
      service_role: {
        select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        insert: ['forAminah'],
        update: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
        delete: ['aminah', 'badrul', 'dependent', 'klang', 'pending'],
      },
      aminah: { select: ['aminah'], insert: [], update: 'denied', delete: 'denied' },
      badrul: { select: ['badrul'], insert: [], update: 'denied', delete: 'denied' },
      guardian: { select: ['dependent'], insert: [], update: 'denied', delete: 'denied' },
      officer: { select: ['aminah', 'dependent', 'pending'], insert: [], update: 'denied', delete: 'denied' },
      officerElsewhere: { select: ['aminah', 'badrul'], insert: [], update: 'denied', delete: 'denied' },
      supervisor: { select: ['aminah', 'dependent', 'klang', 'pending'], insert: [], update: 'denied', delete: 'denied' },
      analyst: { select: [], insert: [], update: 'denied', delete: 'denied' },
      agent: { select: [], insert: [], update: 'denied', delete: 'denied' },
      admin: { select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'], insert: [], update: 'denied', delete: 'denied' },
    },
  },
};

/**
 * Updates that move a row rather than edit it: what the policies' WITH CHECK allows beyond whose row it
 * is. Each names the table, the statement ($1 = the row's key), the row and its key column.
 */
function moves(w: MatrixWorld): Record<string, [table: string, statement: string, row: string, key?: string]> {
  return {
    aminahMovesToJohorBahru: ['persons', `update public.persons set state_code = 'MY-01', district_code = '${JOHOR_BAHRU}' where id = $1::uuid`, w.persons.aminah],
    dependentMovesToJohorBahru: ['persons', `update public.persons set state_code = 'MY-01', district_code = '${JOHOR_BAHRU}' where id = $1::uuid`, w.persons.dependent],
    dependentLinkGivenToBadrul: ['dependents', `update public.dependents set guardian_id = '${w.users.badrul}' where person_id = $1::uuid`, w.persons.dependent, 'person_id'],
    dependentLinkPointedAtAminah: ['dependents', `update public.dependents set person_id = '${w.persons.aminah}' where person_id = $1::uuid`, w.persons.dependent, 'person_id'],
    officerPromotedToAdmin: ['staff', `update public.staff set role = 'admin' where user_id = $1::uuid`, w.users.officer, 'user_id'],
    officerMovedToJohor: ['staff', `update public.staff set state_code = 'MY-01' where user_id = $1::uuid`, w.users.officer, 'user_id'],
    petalingDraftToEveryone: ['announcements', `update public.announcements set target_kind = 'everyone', target_district = null where id = $1::uuid`, w.announcements.petalingDraft],
    petalingDraftToJohorBahru: ['announcements', `update public.announcements set target_district = '${JOHOR_BAHRU}' where id = $1::uuid`, w.announcements.petalingDraft],
    aminahsTicketAnswered: ['feedback_tickets', `update public.feedback_tickets set status = 'answered' where id = $1::uuid`, w.tickets.aminah],
    aminahsDeviceGivenToBadrul: ['device_tokens', `update public.device_tokens set account_id = '${w.users.badrul}' where id = $1::uuid`, w.devices.aminah],
    pendingsCaseMovedToJohorBahru: ['cases', `update public.cases set district_code = '${JOHOR_BAHRU}' where id = $1::uuid`, w.cases.pending],
  };
}

const ALL_MOVES = [
  'aminahMovesToJohorBahru',
  'aminahsDeviceGivenToBadrul',
  'aminahsTicketAnswered',
  'dependentLinkGivenToBadrul',
  'dependentLinkPointedAtAminah',
  'dependentMovesToJohorBahru',
  'officerMovedToJohor',
  'officerPromotedToAdmin',
  'pendingsCaseMovedToJohorBahru',
  'petalingDraftToEveryone',
  'petalingDraftToJohorBahru',
];

/** The moves each actor makes. People move themselves and their dependents; staff move nothing out of their reach. */
const MOVES_MADE: Record<ActorName, string[]> = {
  anon: [],
  service_role: ALL_MOVES,
  aminah: ['aminahMovesToJohorBahru'],
  badrul: [],
  // A guardian cannot point their link at another person (only the relationship is updatable), and
  // officers cannot move a person out of their jurisdiction (the guardians' check names the guardian).
  guardian: ['dependentMovesToJohorBahru'],
  officer: [],
  officerElsewhere: [],
  supervisor: [],
  analyst: [],
  agent: ['aminahsTicketAnswered'],
  admin: [
    'aminahMovesToJohorBahru',
    'aminahsTicketAnswered',
    'dependentMovesToJohorBahru',
    'officerMovedToJohor',
    'officerPromotedToAdmin',
    'petalingDraftToEveryone',
    'petalingDraftToJohorBahru',
  ],
};

interface ViewMatrix {
  /** What the actor sees of the world's rows through the view. */
  seen: (tx: Tx, w: MatrixWorld, actor: Actor) => Promise<unknown>;
  /** Writes through the view; update and delete aim at a row the world holds. */
  writes: (w: MatrixWorld) => Record<'insert' | 'update' | 'delete', [sql: string, params?: unknown[]]>;
  /** select as seen; writes as the outcome: 'ok', or the SQLSTATE they fail with. */
  expected: Record<ActorName, { select: unknown; insert: string; update: string; delete: string }>;
}

/** None of the views is updatable (joins, aggregates): Postgres refuses every write before it looks at privileges. */
const NOT_UPDATABLE = { insert: '55000', update: '55000', delete: '55000' };

const VIEWS: Record<string, ViewMatrix> = {
  // The call centre's list: the rows of feedback_tickets the caller may see, with the sender's name and masked phone.
  feedback_ticket_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.feedback_ticket_summary', w.tickets),
    writes: (w) => ({
      insert: [`insert into public.feedback_ticket_summary (category, subject) values ('other', 'Through the view')`],
      update: [`update public.feedback_ticket_summary set subject = 'Changed' where id = $1`, [w.tickets.aminah]],
      delete: [`delete from public.feedback_ticket_summary where id = $1`, [w.tickets.aminah]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['aminah', 'badrul'], ...NOT_UPDATABLE },
      aminah: { select: ['aminah'], ...NOT_UPDATABLE },
      badrul: { select: ['badrul'], ...NOT_UPDATABLE },
      guardian: { select: [], ...NOT_UPDATABLE },
      officer: { select: [], ...NOT_UPDATABLE },
      officerElsewhere: { select: [], ...NOT_UPDATABLE },
      supervisor: { select: [], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: ['aminah', 'badrul'], ...NOT_UPDATABLE },
      admin: { select: ['aminah', 'badrul'], ...NOT_UPDATABLE },
    },
  },

  // The officers' line lists: every monitoring period of a person they trace, with its case.
  monitoring_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.monitoring_summary', w.monitoring, 'monitoring_id'),
    writes: (w) => ({
      insert: [`insert into public.monitoring_summary (monitoring_id, contact_attempts) values ($1, 9)`, [randomUUID()]],
      update: [`update public.monitoring_summary set contact_attempts = 9 where monitoring_id = $1`, [w.monitoring.aminah]],
      delete: [`delete from public.monitoring_summary where monitoring_id = $1`, [w.monitoring.aminah]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['aminah', 'dependent'], ...NOT_UPDATABLE },
      // The line lists are the officers': people follow their own monitoring through the monitoring table.
      aminah: { select: [], ...NOT_UPDATABLE },
      badrul: { select: [], ...NOT_UPDATABLE },
      guardian: { select: [], ...NOT_UPDATABLE },
      // aminah lives in Petaling and is monitored there, though her case (badrul's) is in Johor Bahru and
      // hidden from Petaling: she is on both officers' lists, with no case number for Petaling's.
      officer: { select: ['aminah', 'dependent'], ...NOT_UPDATABLE },
      officerElsewhere: { select: ['aminah'], ...NOT_UPDATABLE },
      supervisor: { select: ['aminah', 'dependent'], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: ['aminah', 'dependent'], ...NOT_UPDATABLE },
    },
  },

  // The public's own glance at themselves and their dependents: only the people one acts for, never
  // whoever else row-level security would show (officers read persons through person_detail, audited).
  person_status: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.person_status', w.persons, 'person_id'),
    writes: (w) => ({
      insert: [`insert into public.person_status (person_id, full_name) values ($1, 'Through the view')`, [randomUUID()]],
      update: [`update public.person_status set full_name = 'Changed' where person_id = $1`, [w.persons.aminah]],
      delete: [`delete from public.person_status where person_id = $1`, [w.persons.aminah]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      // No one signed in: nobody to act for.
      service_role: { select: [], ...NOT_UPDATABLE },
      aminah: { select: ['aminah'], ...NOT_UPDATABLE },
      badrul: { select: ['badrul'], ...NOT_UPDATABLE },
      guardian: { select: ['dependent'], ...NOT_UPDATABLE },
      officer: { select: [], ...NOT_UPDATABLE },
      officerElsewhere: { select: [], ...NOT_UPDATABLE },
      supervisor: { select: [], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: [], ...NOT_UPDATABLE },
    },
  },

  // The console's persons list: exactly the persons row-level security shows the caller (security_invoker),
  // with district and state names and the masked identity number; officers open a record through person_detail.
  persons_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.persons_summary', w.persons),
    writes: (w) => ({
      insert: [`insert into public.persons_summary (id, full_name) values ($1, 'Through the view')`, [randomUUID()]],
      update: [`update public.persons_summary set full_name = 'Changed' where id = $1`, [w.persons.aminah]],
      delete: [`delete from public.persons_summary where id = $1`, [w.persons.aminah]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'], ...NOT_UPDATABLE },
      aminah: { select: ['aminah'], ...NOT_UPDATABLE },
      badrul: { select: ['badrul'], ...NOT_UPDATABLE },
      guardian: { select: ['dependent'], ...NOT_UPDATABLE },
      officer: { select: ['aminah', 'dependent', 'pending'], ...NOT_UPDATABLE },
      officerElsewhere: { select: ['aminah', 'badrul'], ...NOT_UPDATABLE },
      supervisor: { select: ['aminah', 'dependent', 'klang', 'pending'], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: ['aminah', 'badrul', 'dependent', 'klang', 'pending'], ...NOT_UPDATABLE },
    },
  },

  // The console's cases list (staff only): exactly the cases row-level security shows the officer.
  cases_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.cases_summary', w.cases),
    writes: (w) => ({
      insert: [`insert into public.cases_summary (id, case_number) values ($1, 'THROUGH-VIEW')`, [randomUUID()]],
      update: [`update public.cases_summary set source = 'local' where id = $1`, [w.cases.pending]],
      delete: [`delete from public.cases_summary where id = $1`, [w.cases.pending]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['badrul', 'klang', 'pending'], ...NOT_UPDATABLE },
      // People follow their own case through person_status; the console's list is the officers'.
      aminah: { select: [], ...NOT_UPDATABLE },
      badrul: { select: [], ...NOT_UPDATABLE },
      guardian: { select: [], ...NOT_UPDATABLE },
      officer: { select: ['pending'], ...NOT_UPDATABLE },
      officerElsewhere: { select: ['badrul'], ...NOT_UPDATABLE },
      supervisor: { select: ['klang', 'pending'], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: ['badrul', 'klang', 'pending'], ...NOT_UPDATABLE },
    },
  },

  // The console's contacts (staff only): the exposures row-level security of contacts shows the officer.
  contacts_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.contacts_summary', w.contacts),
    writes: (w) => ({
      insert: [`insert into public.contacts_summary (id, setting) values ($1, 'other')`, [randomUUID()]],
      update: [`update public.contacts_summary set setting = 'workplace' where id = $1`, [w.contacts.aminahOfBadrul]],
      delete: [`delete from public.contacts_summary where id = $1`, [w.contacts.aminahOfBadrul]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['aminahOfBadrul', 'dependentOfPending'], ...NOT_UPDATABLE },
      aminah: { select: [], ...NOT_UPDATABLE },
      badrul: { select: [], ...NOT_UPDATABLE },
      guardian: { select: [], ...NOT_UPDATABLE },
      officer: { select: ['aminahOfBadrul', 'dependentOfPending'], ...NOT_UPDATABLE },
      officerElsewhere: { select: ['aminahOfBadrul'], ...NOT_UPDATABLE },
      supervisor: { select: ['aminahOfBadrul', 'dependentOfPending'], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: ['aminahOfBadrul', 'dependentOfPending'], ...NOT_UPDATABLE },
    },
  },

  // The console's lab results (staff only): the results row-level security of lab_results shows the officer.
  lab_results_summary: {
    seen: (tx, w, actor) => visibleTo(tx, actor, 'public.lab_results_summary', w.labResults),
    writes: (w) => ({
      insert: [`insert into public.lab_results_summary (id, laboratory) values ($1, 'Makmal')`, [randomUUID()]],
      update: [`update public.lab_results_summary set laboratory = 'Makmal Ujian' where id = $1`, [w.labResults.aminah]],
      delete: [`delete from public.lab_results_summary where id = $1`, [w.labResults.aminah]],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: ['aminah', 'badrul', 'dependent', 'klang'], ...NOT_UPDATABLE },
      aminah: { select: [], ...NOT_UPDATABLE },
      badrul: { select: [], ...NOT_UPDATABLE },
      guardian: { select: [], ...NOT_UPDATABLE },
      officer: { select: ['aminah', 'dependent'], ...NOT_UPDATABLE },
      officerElsewhere: { select: ['aminah', 'badrul'], ...NOT_UPDATABLE },
      supervisor: { select: ['aminah', 'dependent', 'klang'], ...NOT_UPDATABLE },
      analyst: { select: [], ...NOT_UPDATABLE },
      agent: { select: [], ...NOT_UPDATABLE },
      admin: { select: ['aminah', 'badrul', 'dependent', 'klang'], ...NOT_UPDATABLE },
    },
  },

  // The line lists' counts. An aggregate has no row to name: what the actor sees of the world is what its
  // two monitoring periods add to the counts (aminah reported well: asymptomatic; the dependent is a PUI).
  monitoring_list_counts: {
    seen: (tx, w, actor) => countsOfWorld(tx, w, actor),
    writes: () => ({
      insert: [`insert into public.monitoring_list_counts (line_list, monitored) values ('closed', 1)`],
      update: [`update public.monitoring_list_counts set monitored = 0`],
      delete: [`delete from public.monitoring_list_counts`],
    }),
    expected: {
      anon: { select: 'denied', ...NOT_UPDATABLE },
      service_role: { select: { asymptomatic: 1, test_advised: 1 }, ...NOT_UPDATABLE },
      aminah: { select: {}, ...NOT_UPDATABLE },
      badrul: { select: {}, ...NOT_UPDATABLE },
      guardian: { select: {}, ...NOT_UPDATABLE },
      officer: { select: { asymptomatic: 1, test_advised: 1 }, ...NOT_UPDATABLE },
      officerElsewhere: { select: { asymptomatic: 1 }, ...NOT_UPDATABLE },
      supervisor: { select: { asymptomatic: 1, test_advised: 1 }, ...NOT_UPDATABLE },
      // Analysts' figures come from the dashboard functions, not from the officers' lists.
      analyst: { select: {}, ...NOT_UPDATABLE },
      agent: { select: {}, ...NOT_UPDATABLE },
      admin: { select: { asymptomatic: 1, test_advised: 1 }, ...NOT_UPDATABLE },
    },
  },
};

/** monitoring_list_counts as `actor` sees it, less what it counts once the world's monitoring periods are gone. */
async function countsOfWorld(tx: Tx, w: MatrixWorld, actor: Actor): Promise<Record<string, number> | 'denied'> {
  const counts = async () => {
    await tx.as(actor);
    const rows = await tx.query<{ line_list: string; monitored: number }>(`select line_list, monitored from public.monitoring_list_counts`);
    await tx.asOwner();
    return Object.fromEntries(rows.map((r) => [r.line_list, r.monitored]));
  };
  await tx.as(actor);
  const refused = await tx.fails(`select 1 from public.monitoring_list_counts limit 0`).catch(() => undefined);
  await tx.asOwner();
  if (refused) return 'denied';
  const withWorld = await counts();
  await tx.query('savepoint without_world');
  await tx.query(`delete from public.monitoring where id = any($1)`, [Object.values(w.monitoring)]);
  const withoutWorld = await counts();
  await tx.query('rollback to savepoint without_world');
  return Object.fromEntries(
    Object.entries(withWorld)
      .map(([list, n]) => [list, n - (withoutWorld[list] ?? 0)] as const)
      .filter(([, n]) => n !== 0),
  );
}

/** 'ok' when `sql` succeeds as `actor` (and is undone), else the SQLSTATE it failed with. */
async function outcome(tx: Tx, actor: Actor, [sql, params]: [string, unknown[]?]): Promise<string> {
  await tx.as(actor);
  const error = await tx.fails(sql, params).catch(() => undefined);
  await tx.asOwner();
  return error ? (error.code ?? String(error)) : 'ok';
}

describe('RLS matrix', () => {
  it('has an entry for every table and view of the public schema', async () => {
    await inTransaction(async (tx) => {
      const relations = await tx.query<{ name: string; kind: string }>(
        `select c.relname as name, case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p', 'f', 'v', 'm') and ${NOT_OURS}`,
      );
      const inMatrix = { ...Object.fromEntries(Object.keys(TABLES).map((t) => [t, 'table'])), ...Object.fromEntries(Object.keys(VIEWS).map((v) => [v, 'view'])) };
      expect(inMatrix).toEqual(Object.fromEntries(relations.map((r) => [r.name, r.kind])));
    });
  });

  for (const [table, matrix] of Object.entries(TABLES)) {
    it(`${table}: who sees, adds, changes and removes which rows`, async () => {
      await inTransaction(async (tx) => {
        const w = await buildMatrixWorld(tx);
        const rows = matrix.rows(w);
        const inserts = matrix.inserts(w);
        const actual: Partial<Record<ActorName, Expected>> = {};
        for (const name of ACTORS) {
          const actor = w.actors[name];
          actual[name] = {
            select: await visibleTo(tx, actor, `public.${table}`, rows, matrix.key),
            insert: await insertsBy(tx, actor, inserts),
            update: await changedBy(tx, actor, `public.${table}`, matrix.update, rows, matrix.key),
            delete: await changedBy(tx, actor, `public.${table}`, matrix.delete, rows, matrix.key),
          };
        }
        expect(actual).toEqual(matrix.expected);
      });
    });
  }

  it('updates that move a row: who may move which (the policies\' WITH CHECK)', async () => {
    await inTransaction(async (tx) => {
      const w = await buildMatrixWorld(tx);
      const actual: Partial<Record<ActorName, string[]>> = {};
      for (const name of ACTORS) {
        const made: string[] = [];
        for (const [move, [table, statement, row, key]] of Object.entries(moves(w))) {
          const changed = await changedBy(tx, w.actors[name], `public.${table}`, statement, { [move]: row }, key);
          if (changed !== 'denied') made.push(...changed);
        }
        actual[name] = made.sort();
      }
      expect(actual).toEqual(MOVES_MADE);
    });
  });

  for (const [view, matrix] of Object.entries(VIEWS)) {
    it(`${view} (view): who sees which rows, and that nobody writes through it`, async () => {
      await inTransaction(async (tx) => {
        const w = await buildMatrixWorld(tx);
        const writes = matrix.writes(w);
        const actual: Partial<Record<ActorName, unknown>> = {};
        for (const name of ACTORS) {
          const actor = w.actors[name];
          actual[name] = {
            select: await matrix.seen(tx, w, actor),
            insert: await outcome(tx, actor, writes.insert),
            update: await outcome(tx, actor, writes.update),
            delete: await outcome(tx, actor, writes.delete),
          };
        }
        expect(actual).toEqual(matrix.expected);
      });
    });
  }
});
