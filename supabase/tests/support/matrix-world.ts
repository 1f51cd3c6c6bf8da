/**
 * The world of the RLS matrix: buildWorld's actors and persons, plus named rows in every table, each
 * belonging to an actor or a jurisdiction, so that every policy has a row it must show or hide.
 * Built as the owner inside the test's transaction (and so rolled back with it); the assessments are
 * submitted as the people themselves, the way they arrive.
 *
 *   persons: aminah (Petaling), badrul (Johor Bahru), the guardian's dependent (Petaling), a pending
 *     contact the officer entered (Petaling), and klang: a pending contact the supervisor entered in
 *     Klang, a Selangor district that is the supervisor's but not the officer's.
 *   cases: badrul's (Johor Bahru, handled by officerElsewhere), pending's (Petaling, by the officer),
 *     klang's (Klang, by the supervisor).
 *   contacts: aminah of badrul's case (the contact lives in another state than the case), the
 *     dependent of pending's case; each opened a monitoring period.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from './db.ts';
import { buildWorld, createUser, insertAnnouncement, JOHOR_BAHRU, PETALING, TEXT, type World } from './world.ts';

/** Klang (Selangor): the supervisor's state, not the officer's district. */
export const KLANG = 'MY-10-04';
export const QUESTIONNAIRE_V1 = '00000000-0000-4000-8000-000000000001';
export const RULE_SET_V1 = '00000000-0000-4000-8000-000000000101';


export interface MatrixWorld extends Omit<World, 'persons'> {
  persons: World['persons'] & { klang: string };
  /** An account with no person and no staff role, for inserts on someone else's behalf. */
  stranger: string;
  /** A person the guardian registered and then unlinked (created_by the guardian, no link). */
  unlinkedByGuardian: string;
  cases: { badrul: string; pending: string; klang: string };
  contacts: { aminahOfBadrul: string; dependentOfPending: string };
  monitoring: { aminah: string; dependent: string };
  labResults: { aminah: string; badrul: string; dependent: string; klang: string };
  assessments: { aminah: string; badrul: string; dependent: string };
  /** The first status change of each person. */
  statusHistory: { aminah: string; badrul: string; dependent: string; pending: string; klang: string };
  notifications: { aminah: string; badrul: string; guardian: string; officer: string };
  devices: { aminah: string; badrul: string; officer: string };
  announcements: { petalingDraft: string; petalingPublished: string; johorDraft: string; selangorPublished: string; everyone: string };
  tickets: { aminah: string; badrul: string };
  messages: { aminahMessage: string; agentReply: string; badrulMessage: string };
  auditLog: { officerRead: string; officerElsewhereWrite: string };
  questionnaires: { published: string; draft: string };
  ruleSets: { published: string; draft: string };
  /** Outbreaks: one with its own monitoring period, one with the rule set's. */
  outbreaks: { measles: string; influenza: string };
  /** Questions are keyed by questionnaire and code: '<questionnaire_id>/<code>'. */
  questions: { publishedQuestion: string; draftQuestion: string };
  /** Daily reports: an officer's (Petaling) and an analyst's subscription, each with a report. */
  reportSubscriptions: { officer: string; analyst: string };
  reports: { officer: string; analyst: string };
}

/** A version number no other test uses, so that concurrent transactions never wait on each other's. */
export function unusedVersion(): number {
  return 100_000 + Math.floor(Math.random() * 1_000_000_000);
}

export async function buildMatrixWorld(tx: Tx): Promise<MatrixWorld> {
  const w = await buildWorld(tx);
  const { users } = w;
  const one = async (sql: string, params: unknown[] = []) => (await tx.query<{ id: string }>(sql, params))[0].id;
  const caseNumber = () => `C-${randomUUID().slice(0, 8).toUpperCase()}`;

  const persons = {
    ...w.persons,
    klang: await one(`insert into public.persons (full_name, phone, district_code, created_by) values ('Kavitha a/p Raman', '+60199999002', $1, $2) returning id`, [
      KLANG,
      users.supervisor,
    ]),
  };
  const stranger = await createUser(tx);
  const unlinkedByGuardian = await one(`insert into public.persons (full_name, created_by) values ('Nur Aisyah', $1) returning id`, [users.guardian]);

  const kase = (person: string, district: string, officer: string) =>
    one(
      `insert into public.cases (person_id, case_number, diagnosis_date, district_code, handled_by) values ($1, $2, private.today() - 3, $3, $4) returning id`,
      [person, caseNumber(), district, officer],
    );
  const cases = {
    badrul: await kase(persons.badrul, JOHOR_BAHRU, users.officerElsewhere),
    pending: await kase(persons.pending, PETALING, users.officer),
    klang: await kase(persons.klang, KLANG, users.supervisor),
  };
  const contact = (kaseId: string, person: string, officer: string) =>
    one(
      `insert into public.contacts (case_id, person_id, setting, last_exposure_date, created_by) values ($1, $2, 'household', private.today() - 2, $3) returning id`,
      [kaseId, person, officer],
    );
  const contacts = {
    aminahOfBadrul: await contact(cases.badrul, persons.aminah, users.officerElsewhere),
    dependentOfPending: await contact(cases.pending, persons.dependent, users.officer),
  };
  const monitoringOf = (person: string) => one(`select id from public.monitoring where person_id = $1`, [person]);
  const monitoring = { aminah: await monitoringOf(persons.aminah), dependent: await monitoringOf(persons.dependent) };

  // Declarations after the exposures, so that the line lists are certain: aminah reports well
  // (asymptomatic); the dependent reports fever and chills while monitored (a PUI, test advised).
  const questions = (await tx.query<{ code: string }>(`select code from public.questions where questionnaire_id = public.current_questionnaire_id()`)).map(
    (q) => q.code,
  );
  const declare = async (actor: keyof typeof w.actors, person: string, yes: string[] = []) => {
    await tx.as(w.actors[actor]);
    const id = await one(`select id from public.submit_assessment($1, $2, $3)`, [
      person,
      JSON.stringify(Object.fromEntries(questions.map((code) => [code, yes.includes(code)]))),
      randomUUID(),
    ]);
    await tx.asOwner();
    return id;
  };
  const assessments = {
    aminah: await declare('aminah', persons.aminah),
    badrul: await declare('badrul', persons.badrul),
    dependent: await declare('guardian', persons.dependent, ['fever', 'chills']),
  };

  const result = (person: string, testType: string, value: string, officer: string) =>
    one(
      `insert into public.lab_results (person_id, test_type, result, sampled_on, entered_by) values ($1, $2, $3, private.today() - 1, $4) returning id`,
      [person, testType, value, officer],
    );
  const labResults = {
    aminah: await result(persons.aminah, 'pcr', 'negative', users.officer),
    badrul: await result(persons.badrul, 'pcr', 'positive', users.officerElsewhere),
    dependent: await result(persons.dependent, 'antigen', 'inconclusive', users.officer),
    klang: await result(persons.klang, 'pcr', 'positive', users.supervisor),
  };
  const firstChange = (person: string) => one(`select id::text as id from public.status_history where person_id = $1 order by id limit 1`, [person]);
  const statusHistory = {
    aminah: await firstChange(persons.aminah),
    badrul: await firstChange(persons.badrul),
    dependent: await firstChange(persons.dependent),
    pending: await firstChange(persons.pending),
    klang: await firstChange(persons.klang),
  };

  const notify = (account: string, person: string | null) =>
    one(`select private.notify($1, $2, 'reminder', $3, $3, '{}', $4) as id`, [account, person, TEXT, `matrix:${randomUUID()}`]);
  const notifications = {
    aminah: await notify(users.aminah, persons.aminah),
    badrul: await notify(users.badrul, persons.badrul),
    guardian: await notify(users.guardian, persons.dependent),
    officer: await notify(users.officer, null),
  };
  const device = (account: string, platform: string) =>
    one(`insert into public.device_tokens (account_id, token, platform) values ($1, $2, $3) returning id`, [account, `matrix-${randomUUID()}`, platform]);
  const devices = { aminah: await device(users.aminah, 'android'), badrul: await device(users.badrul, 'ios'), officer: await device(users.officer, 'web') };

  const announce = (createdBy: string, target: Record<string, string>, published: boolean) => insertAnnouncement(tx, createdBy, target, published);
  const announcements = {
    petalingDraft: await announce(users.officer, { target_kind: 'district', target_district: PETALING }, false),
    petalingPublished: await announce(users.officer, { target_kind: 'district', target_district: PETALING }, true),
    johorDraft: await announce(users.officerElsewhere, { target_kind: 'district', target_district: JOHOR_BAHRU }, false),
    selangorPublished: await announce(users.supervisor, { target_kind: 'state', target_state: 'MY-10' }, true),
    everyone: await announce(users.admin, { target_kind: 'everyone' }, true),
  };

  const ticket = (account: string, subject: string) =>
    one(`insert into public.feedback_tickets (account_id, category, subject) values ($1, 'question', $2) returning id`, [account, subject]);
  const tickets = { aminah: await ticket(users.aminah, 'Status tidak dikemas kini'), badrul: await ticket(users.badrul, 'Cannot log in') };
  const message = (ticketId: string, author: string, body: string) =>
    one(`insert into public.feedback_messages (ticket_id, author_id, body) values ($1, $2, $3) returning id`, [ticketId, author, body]);
  const messages = {
    aminahMessage: await message(tickets.aminah, users.aminah, 'Status saya masih menunggu penilaian.'),
    agentReply: await message(tickets.aminah, users.agent, 'Sila lengkapkan penilaian hari ke-0.'),
    badrulMessage: await message(tickets.badrul, users.badrul, 'The code never arrives.'),
  };

  const audit = (actor: string, role: string, action: string, person: string) =>
    one(
      `insert into public.audit_log (actor_id, actor_role, action, table_name, row_id, person_id) values ($1, $2, $3, 'persons', $4::text, $4::uuid) returning id::text as id`,
      [actor, role, action, person],
    );
  const auditLog = {
    officerRead: await audit(users.officer, 'officer', 'read', persons.aminah),
    officerElsewhereWrite: await audit(users.officerElsewhere, 'officer', 'update', persons.badrul),
  };

  const draftQuestionnaire = await one(`insert into public.questionnaires (version, title, created_by) values ($1, $2, $3) returning id`, [
    unusedVersion(),
    { ms: 'Draf', en: 'Draft' },
    users.admin,
  ]);
  await tx.query(`insert into public.questions (questionnaire_id, code, position, kind, symptom_group, text) values ($1, 'rash', 1, 'symptom', 2, $2)`, [
    draftQuestionnaire,
    { ms: 'Adakah anda ruam?', en: 'Do you have a rash?' },
  ]);
  const draftRuleSet = await one(`insert into public.rule_sets (version, monitoring_days, created_by) values ($1, 10, $2) returning id`, [unusedVersion(), users.admin]);

  // The officer signs in too, but a staff member's first sign-in is not the public's first-time login.
  await tx.query(`update auth.users set last_sign_in_at = now() where id = any($1)`, [[users.aminah, users.badrul, users.guardian, users.officer]]);

  const subscription = (staff: string, districts: string[]) =>
    one(`insert into public.report_subscriptions (staff_id, districts, email) values ($1, $2, $3) returning id`, [staff, districts, `${staff}@example.test`]);
  const reportSubscriptions = { officer: await subscription(users.officer, [PETALING]), analyst: await subscription(users.analyst, []) };
  const report = (subscriptionId: string, staff: string, personal: boolean) =>
    one(
      `insert into public.reports (subscription_id, staff_id, report_date, language, sections, personal_data, data)
       values ($1, $2, private.today() - 1, 'en', '{figures}', $3, '{}') returning id`,
      [subscriptionId, staff, personal],
    );
  const reports = {
    officer: await report(reportSubscriptions.officer, users.officer, true),
    analyst: await report(reportSubscriptions.analyst, users.analyst, false),
  };

  return {
    ...w,
    persons,
    stranger,
    unlinkedByGuardian,
    cases,
    contacts,
    monitoring,
    labResults,
    assessments,
    statusHistory,
    notifications,
    devices,
    announcements,
    tickets,
    messages,
    auditLog,
    reportSubscriptions,
    reports,
    outbreaks: {
      measles: await one(
        `insert into public.outbreaks (code, name, monitoring_days, started_on) values ($1, '{"ms": "Campak", "en": "Measles"}', 21, private.today() - 10) returning id`,
        [`MEASLES-${randomUUID().slice(0, 8).toUpperCase()}`],
      ),
      influenza: await one(
        `insert into public.outbreaks (code, name, started_on) values ($1, '{"ms": "Influenza", "en": "Influenza"}', private.today() - 5) returning id`,
        [`FLU-${randomUUID().slice(0, 8).toUpperCase()}`],
      ),
    },
    questionnaires: { published: QUESTIONNAIRE_V1, draft: draftQuestionnaire },
    ruleSets: { published: RULE_SET_V1, draft: draftRuleSet },
    questions: { publishedQuestion: `${QUESTIONNAIRE_V1}/cough`, draftQuestion: `${draftQuestionnaire}/rash` },
  };
}
