/**
 * A small world of actors and rows for database tests, built inside the test's transaction (and so
 * rolled back with it): public users, a guardian with a dependent, officers in and out of a district,
 * a supervisor of the state, an analyst, an agent, an administrator, and their persons.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, Tx } from './db.ts';

/** Districts the world uses: Petaling (Selangor) is the officer's; Johor Bahru (Johor) is not. */
export const PETALING = 'MY-10-07';
export const JOHOR_BAHRU = 'MY-01-02';
export const SELANGOR = 'MY-10';

/** Valid MyKad numbers of made-up people (real dates and place-of-birth codes, no real person). */
export const MYKAD = {
  aminah: '900101-10-5678', // 1 Jan 1990, Selangor, female
  badrul: '850615-01-1235', // 15 Jun 1985, Johor, male
  chong: '120304-14-4321', // 4 Mar 2012, Kuala Lumpur, male
  devi: '010229-08-1122', // no 29 Feb in 2001: invalid
};

export interface World {
  users: Record<'aminah' | 'badrul' | 'guardian' | 'officer' | 'officerElsewhere' | 'supervisor' | 'analyst' | 'agent' | 'admin', string>;
  persons: Record<'aminah' | 'badrul' | 'dependent' | 'pending', string>;
  actors: Record<string, Actor>;
}

export async function createUser(tx: Tx, fields: { email?: string; phone?: string; phoneConfirmed?: boolean } = {}): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into auth.users (id, aud, role, email, phone, phone_confirmed_at, created_at, updated_at)
     values ($1, 'authenticated', 'authenticated', $2, $3, $4, now(), now())`,
    [id, fields.email ?? `${id}@example.test`, fields.phone ?? null, fields.phoneConfirmed ? new Date() : null],
  );
  return id;
}

export async function buildWorld(tx: Tx): Promise<World> {
  await tx.asOwner();
  const users = {
    aminah: await createUser(tx),
    badrul: await createUser(tx),
    guardian: await createUser(tx),
    officer: await createUser(tx),
    officerElsewhere: await createUser(tx),
    supervisor: await createUser(tx),
    analyst: await createUser(tx),
    agent: await createUser(tx),
    admin: await createUser(tx),
  };
  const staff: [string, string, string | null][] = [
    [users.officer, 'officer', SELANGOR],
    [users.officerElsewhere, 'officer', 'MY-01'],
    [users.supervisor, 'supervisor', SELANGOR],
    [users.analyst, 'analyst', null],
    [users.agent, 'agent', null],
    [users.admin, 'admin', null],
  ];
  for (const [id, role, state] of staff) {
    await tx.query(`insert into public.staff (user_id, role, full_name, state_code) values ($1, $2, $3, $4)`, [id, role, `Staff ${role}`, state]);
  }
  await tx.query(`insert into public.staff_districts (staff_id, district_code) values ($1, $2), ($3, $4)`, [
    users.officer,
    PETALING,
    users.officerElsewhere,
    JOHOR_BAHRU,
  ]);

  const person = async (fields: Record<string, unknown>) => {
    const columns = Object.keys(fields);
    const [row] = await tx.query<{ id: string }>(
      `insert into public.persons (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      Object.values(fields),
    );
    return row.id;
  };
  const persons = {
    aminah: await person({ account_id: users.aminah, created_by: users.aminah, full_name: 'Aminah binti Ahmad', identity_type: 'mykad', identity_number: MYKAD.aminah, district_code: PETALING, phone: '+60123456701' }),
    badrul: await person({ account_id: users.badrul, created_by: users.badrul, full_name: 'Badrul bin Hassan', identity_type: 'mykad', identity_number: MYKAD.badrul, district_code: JOHOR_BAHRU }),
    dependent: await person({ created_by: users.guardian, full_name: 'Chong Wei Ming', identity_type: 'mykad', identity_number: MYKAD.chong, district_code: PETALING }),
    pending: await person({ created_by: users.officer, full_name: 'Pending Contact', phone: '+60199999001', district_code: PETALING }),
  };
  await tx.query(`insert into public.dependents (guardian_id, person_id, relationship) values ($1, $2, 'child')`, [users.guardian, persons.dependent]);

  const actors: Record<string, Actor> = {
    anon: { role: 'anon' },
    service_role: { role: 'service_role' },
  };
  for (const [name, id] of Object.entries(users)) actors[name] = { role: 'authenticated', sub: id };
  return { users, persons, actors };
}

/** Malay and English text for rows a test makes up (announcements, notifications). */
export const TEXT = { ms: 'Teks ujian', en: 'Test text' };

/**
 * An announcement by `createdBy` for `target` (target_kind and its column: target_state, target_district
 * or target_status), published now or a draft. Written as the owner; returns its id.
 */
export async function insertAnnouncement(tx: Tx, createdBy: string, target: Record<string, string>, published: boolean): Promise<string> {
  const columns = Object.keys(target);
  const [row] = await tx.query<{ id: string }>(
    `insert into public.announcements (title, body, created_by, published_at, ${columns.join(', ')})
     values ($1, $1, $2, ${published ? 'now()' : 'null'}, ${columns.map((_, i) => `$${i + 3}`).join(', ')}) returning id`,
    [TEXT, createdBy, ...Object.values(target)],
  );
  return row.id;
}
