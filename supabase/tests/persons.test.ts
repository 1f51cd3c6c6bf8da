/**
 * Persons: identity documents validated, hashed and masked; onboarding by document and by verified
 * phone; first sign-ins; dependents; and who may see and change persons, staff and their districts.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction, type Tx } from './support/db.ts';
import { changedBy, visibleTo } from './support/matrix.ts';
import { buildWorld, createUser, JOHOR_BAHRU, MYKAD, PETALING } from './support/world.ts';

async function insertPerson(tx: Tx, fields: Record<string, unknown>) {
  const columns = Object.keys(fields);
  return tx.query<Record<string, unknown>>(
    `insert into public.persons (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
    Object.values(fields),
  );
}

describe('identity documents', () => {
  it('accepts a MyKad with or without dashes, keeps only a mask and a keyed hash, and derives birth date and gender', async () => {
    await inTransaction(async (tx) => {
      const [person] = await insertPerson(tx, { full_name: 'Aminah binti Ahmad', identity_type: 'mykad', identity_number: MYKAD.aminah });
      expect(person).toMatchObject({ identity_number: null, identity_masked: '******-**-5678', gender: 'female', nationality: 'MY' });
      expect((person.date_of_birth as Date).toISOString().slice(0, 10)).toBe('1990-01-01');
      const [hash] = await tx.query<{ n: number }>(`select length(identity_hash) as n from private.person_identities where person_id = $1`, [person.id]);
      expect(hash.n).toBe(32);
      const [plain] = await insertPerson(tx, { full_name: 'Same Format', identity_type: 'mykad', identity_number: '850615011235' });
      expect(plain).toMatchObject({ identity_masked: '******-**-1235', gender: 'male' });
    });
  });

  it.each([
    ['too short', '90010110567', 'identity_number: a MyKad number has 12 digits'],
    ['letters', '90010110567A', 'identity_number: a MyKad number has 12 digits'],
    ['not a real date', MYKAD.devi, 'identity_number: the first six digits of a MyKad number are a date of birth'],
    ['month 13', '901301-10-5678', 'identity_number: the first six digits'],
    ['place of birth 00', '900101-00-5678', 'identity_number: digits 7 and 8 of a MyKad number are a place-of-birth code, and 00 is not one'],
    ['place of birth 17', '900101-17-5678', 'and 17 is not one'],
    ['place of birth 70', '900101-70-5678', 'and 70 is not one'],
  ])('refuses a MyKad that is %s, naming the field, and stores nothing', async (_case, number, message) => {
    await inTransaction(async (tx) => {
      const error = await tx.fails(`insert into public.persons (full_name, identity_type, identity_number) values ('X Y', 'mykad', $1)`, [number]);
      expect(error.code).toBe('23514');
      expect(error.message).toContain(message);
      expect(error.message).not.toContain(number.replace(/-/g, '').slice(0, 6));
      expect(await tx.query(`select 1 from public.persons where full_name = 'X Y'`)).toHaveLength(0);
    });
  });

  it('refuses a date of birth that disagrees with the MyKad, or lies in the future', async () => {
    await inTransaction(async (tx) => {
      const mismatch = await tx.fails(
        `insert into public.persons (full_name, identity_type, identity_number, date_of_birth) values ('X Y', 'mykad', $1, '1991-01-01')`,
        [MYKAD.aminah],
      );
      expect(mismatch.message).toBe('date_of_birth: does not match the date of birth in the MyKad number');
      const future = await tx.fails(`insert into public.persons (full_name, date_of_birth) values ('X Y', private.today() + 1)`);
      expect(future.message).toBe('date_of_birth: a date of birth cannot be in the future');
    });
  });

  it('validates passports and masks them', async () => {
    await inTransaction(async (tx) => {
      const [person] = await insertPerson(tx, { full_name: 'Visitor', identity_type: 'passport', identity_number: 'k1234567', nationality: 'SG' });
      expect(person).toMatchObject({ identity_masked: 'K*****67', nationality: 'SG' });
      const bad = await tx.fails(`insert into public.persons (full_name, identity_type, identity_number, nationality) values ('X Y', 'passport', 'A1!', 'SG')`);
      expect(bad.message).toContain('identity_number: a passport number has 5 to 20 letters and digits');
      const untyped = await tx.fails(`insert into public.persons (full_name, identity_number) values ('X Y', 'K1234567')`);
      expect(untyped.message).toContain('identity_type: say which document');
    });
  });

  it('refuses a document already registered to another person', async () => {
    await inTransaction(async (tx) => {
      await insertPerson(tx, { full_name: 'First Holder', identity_type: 'mykad', identity_number: MYKAD.badrul });
      const error = await tx.fails(`insert into public.persons (full_name, identity_type, identity_number) values ('Second Holder', 'mykad', $1)`, [MYKAD.badrul]);
      expect(error.code).toBe('23505');
      expect(error.message).toBe('identity_number: this identity document is already registered to another person');
      expect(await tx.query(`select 1 from public.persons where full_name = 'Second Holder'`)).toHaveLength(0);
    });
  });

  it.each([
    ['phone', `insert into public.persons (full_name, phone) values ('X Y', '0123456789')`, 'phone: give the number in international form, e.g. +60123456789'],
    ['postcode', `insert into public.persons (full_name, postcode) values ('X Y', '4720')`, 'postcode: five digits, e.g. 47301'],
    ['email', `insert into public.persons (full_name, email) values ('X Y', 'not-an-email')`, 'email: not an email address'],
    ['full_name', `insert into public.persons (full_name) values (' ')`, 'full_name: give a name of 2 to 200 characters'],
    ['nationality', `insert into public.persons (full_name, nationality) values ('X Y', 'Malaysia')`, 'nationality: a two-letter country code, e.g. MY'],
    ['phone on update', `update public.persons set phone = '12345' where id = (select id from public.persons limit 1)`, 'phone: give the number in international form'],
    ['district_code', `insert into public.persons (full_name, state_code, district_code) values ('X Y', 'MY-01', '${PETALING}')`, 'district_code: district'],
    ['unknown district_code', `insert into public.persons (full_name, district_code) values ('X Y', 'MY-99-99')`, 'district_code: no such district (MY-99-99)'],
  ])('refuses a malformed %s with a message naming it', async (_field, sql, message) => {
    await inTransaction(async (tx) => {
      const error = await tx.fails(sql);
      expect(`${error.message} ${error.constraint ?? ''}`).toContain(message);
    });
  });
});

describe('automatic onboarding', () => {
  it('links a pending person to the account that registers with the same MyKad, monitoring and all', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.query(`insert into public.persons (full_name, identity_type, identity_number, district_code, created_by) values ('Entered By Officer', 'mykad', '950505-14-2468', $1, $2)`, [PETALING, world.users.officer]);
      const [pending] = await tx.query<{ id: string }>(`select id from public.persons where full_name = 'Entered By Officer'`);
      const newcomer = await createUser(tx);
      await tx.as({ role: 'authenticated', sub: newcomer });
      const [mine] = await tx.query<{ id: string; account_id: string; full_name: string }>(
        `select * from public.register_profile(full_name => 'Siti Registers', identity_type => 'mykad', identity_number => '950505142468')`,
      );
      expect(mine.id).toBe(pending.id);
      expect(mine.account_id).toBe(newcomer);
      expect(mine.full_name).toBe('Siti Registers');
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.persons where account_id = $1`, [newcomer])).toHaveLength(1);
    });
  });

  it('gives a person registered as a dependent to the account that registers with their document', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      const grownUp = await createUser(tx);
      await tx.as({ role: 'authenticated', sub: grownUp });
      const [mine] = await tx.query<{ id: string }>(
        `select * from public.register_profile(full_name => 'Chong Wei Ming', identity_type => 'mykad', identity_number => $1)`,
        [MYKAD.chong],
      );
      expect(mine.id).toBe(world.persons.dependent);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.dependents where person_id = $1`, [world.persons.dependent])).toHaveLength(0);
    });
  });

  it('links a pending person when the account verifies the same phone', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      const user = await createUser(tx, { phone: '60199999001' });
      await tx.query(`update auth.users set phone_confirmed_at = now() where id = $1`, [user]);
      const [linked] = await tx.query<{ id: string; phone_verified_at: Date | null }>(`select * from public.persons where account_id = $1`, [user]);
      expect(linked.id).toBe(world.persons.pending);
      expect(linked.phone_verified_at).not.toBeNull();
    });
  });

  it('does not link by a phone the account has not verified', async () => {
    await inTransaction(async (tx) => {
      await buildWorld(tx);
      const user = await createUser(tx, { phone: '60199999001' });
      await tx.as({ role: 'authenticated', sub: user });
      const [mine] = await tx.query<{ id: string }>(`select * from public.register_profile(full_name => 'Someone Else', phone => '+60199999001')`);
      await tx.asOwner();
      const [pending] = await tx.query<{ account_id: string | null }>(`select account_id from public.persons where full_name = 'Pending Contact'`);
      expect(pending.account_id).toBeNull();
      expect(mine.id).toBeTruthy();
    });
  });

  it('refuses a second own profile for one account', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.as(world.actors.aminah);
      const error = await tx.fails(`select public.register_profile(full_name => 'Aminah Again')`);
      expect(error.message).toBe('account_id: this account already has its own profile; update it instead');
    });
  });
});

describe('first sign-ins', () => {
  it('records the first sign-in of an account once, from GoTrue\'s last_sign_in_at', async () => {
    await inTransaction(async (tx) => {
      const user = await createUser(tx);
      await tx.query(`update auth.users set last_sign_in_at = '2026-11-01T08:00:00Z' where id = $1`, [user]);
      await tx.query(`update auth.users set last_sign_in_at = '2026-11-02T08:00:00Z' where id = $1`, [user]);
      const rows = await tx.query<{ signed_in_at: Date }>(`select signed_in_at from public.first_sign_ins where user_id = $1`, [user]);
      expect(rows.map((r) => r.signed_in_at.toISOString())).toEqual(['2026-11-01T08:00:00.000Z']);
    });
  });

  it('does not count a staff member\'s first sign-in among the public\'s first-time logins', async () => {
    await inTransaction(async (tx) => {
      const officer = await createUser(tx);
      await tx.query(`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'Staff officer', 'MY-10')`, [officer]);
      const member = await createUser(tx);
      for (const user of [officer, member]) await tx.query(`update auth.users set last_sign_in_at = now() where id = $1`, [user]);
      const rows = await tx.query<{ user_id: string }>(`select user_id from public.first_sign_ins where user_id = any($1::uuid[])`, [[officer, member]]);
      expect(rows.map((r) => r.user_id)).toEqual([member]);
    });
  });

  it('records when a staff member first signs in (their invitation accepted), and only the database may', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      const [officer, another] = [await createUser(tx), await createUser(tx)];
      await tx.query(`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'Invited officer', 'MY-10')`, [officer]);
      const joined = async () => (await tx.query<{ joined_at: Date | null }>(`select joined_at from public.staff where user_id = $1`, [officer]))[0].joined_at;
      expect(await joined()).toBeNull();
      await tx.query(`update auth.users set last_sign_in_at = '2026-11-20 09:00+08' where id = $1`, [officer]);
      expect((await joined())?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
      // A later sign-in keeps the first.
      await tx.query(`update auth.users set last_sign_in_at = now() where id = $1`, [officer]);
      expect((await joined())?.toISOString()).toBe('2026-11-20T01:00:00.000Z');

      // The administrator manages the member's role, name, state and activity, not when they joined.
      await tx.as(world.actors.admin);
      const refused = await tx.fails(`update public.staff set joined_at = null where user_id = $1`, [officer]);
      expect(refused.code).toBe('42501');
      const notGiven = await tx.fails(
        `insert into public.staff (user_id, role, full_name, state_code, joined_at) values ($1, 'officer', 'Backdated', 'MY-10', now())`, [another]);
      expect(notGiven.code).toBe('42501');
      await tx.query(`update public.staff set full_name = 'Renamed officer' where user_id = $1`, [officer]);
      await tx.asOwner();
      expect(await joined()).not.toBeNull();
    });
  });
});

describe('dependents', () => {
  it('a guardian registers a dependent in one call and sees them; nobody else does', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.as(world.actors.guardian);
      const [child] = await tx.query<{ id: string; identity_masked: string }>(
        `select * from public.add_dependent(full_name => 'Nur Aisyah', relationship => 'child', identity_type => 'mykad', identity_number => '150707-10-2222')`,
      );
      expect(child.identity_masked).toBe('******-**-2222');
      expect(await tx.query(`select 1 from public.persons where id = $1`, [child.id])).toHaveLength(1);
      await tx.as(world.actors.badrul);
      expect(await tx.query(`select 1 from public.persons where id = $1`, [child.id])).toHaveLength(0);
      const bad = await tx.fails(`select public.add_dependent(full_name => 'Nur Aisyah', relationship => 'pet')`);
      expect(bad.message).toBe('relationship: must be child, parent, spouse, sibling, grandparent, grandchild, relative, ward or other');
    });
  });

  it('the public adds persons only as their dependents (through add_dependent); officers enter pending persons; staff add no dependents', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.as(world.actors.guardian);
      const orphan = await tx.fails(`insert into public.persons (full_name, district_code) values ('Nobody''s Child', $1)`, [PETALING]);
      expect(orphan.code).toBe('42501');
      const [child] = await tx.query<{ id: string }>(`select id from public.add_dependent(full_name => 'Nur Aisyah', relationship => 'child')`);
      expect(await tx.query(`select 1 from public.dependents where person_id = $1 and guardian_id = $2`, [child.id, world.users.guardian])).toHaveLength(1);
      await tx.as(world.actors.officer);
      const staff = await tx.fails(`select public.add_dependent(full_name => 'Anak Pegawai', relationship => 'child')`);
      expect(staff.message).toBe('Staff accounts do not register dependents; use a personal account');
      const [pending] = await tx.query<{ id: string }>(
        `insert into public.persons (full_name, phone, district_code) values ('Contact', '+60199999002', $1) returning id`,
        [PETALING],
      );
      expect(pending.id).toBeTruthy();
    });
  });

  it('a dependent added with a chosen id is added once, however often the call is retried', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.as(world.actors.guardian);
      const id = '7e57de9e-0000-4000-8000-000000000001';
      const add = () => tx.query<{ id: string }>(`select id from public.add_dependent(full_name => 'Nur Aisyah', relationship => 'child', id => $1)`, [id]);
      expect(await add()).toEqual([{ id }]);
      expect(await add()).toEqual([{ id }]);
      expect(await tx.query(`select 1 from public.dependents where guardian_id = $1 and person_id = $2`, [world.users.guardian, id])).toHaveLength(1);
    });
  });

  it('a guardian removes a dependent added by mistake, but only unlinks one officers hold records about', async () => {
    await inTransaction(async (tx) => {
      const world = await buildWorld(tx);
      await tx.as(world.actors.guardian);
      const [mistake] = await tx.query<{ id: string }>(`select id from public.add_dependent(full_name => 'Typo Name', relationship => 'child')`);
      expect(await tx.query(`delete from public.persons where id = $1 returning id`, [mistake.id])).toHaveLength(1);

      await tx.asOwner();
      const [kase] = await tx.query<{ id: string }>(
        `insert into public.cases (person_id, case_number, diagnosis_date, handled_by) values ($1, 'C-REMOVE-1', current_date, $2) returning id`,
        [world.persons.aminah, world.users.officer],
      );
      await tx.query(`insert into public.contacts (case_id, person_id, proximity, setting, last_exposure_date) values ($1, $2, 'close', 'household', current_date)`, [
        kase.id,
        world.persons.dependent,
      ]);
      await tx.as(world.actors.guardian);
      expect(await tx.query(`delete from public.persons where id = $1 returning id`, [world.persons.dependent])).toHaveLength(0);
      expect(await tx.query(`delete from public.dependents where person_id = $1 returning person_id`, [world.persons.dependent])).toHaveLength(1);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.contacts where person_id = $1`, [world.persons.dependent])).toHaveLength(1);
    });
  });
});

describe('RLS matrix', () => {
  it('persons: who sees, adds, changes and removes which person', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const rows = w.persons;
      const expected: Record<string, { select: string[] | 'denied'; insert: boolean; update: string[] | 'denied'; delete: string[] | 'denied' }> = {
        aminah: { select: ['aminah'], insert: false, update: ['aminah'], delete: [] },
        badrul: { select: ['badrul'], insert: false, update: ['badrul'], delete: [] },
        guardian: { select: ['dependent'], insert: false, update: ['dependent'], delete: ['dependent'] },
        officer: { select: ['aminah', 'dependent', 'pending'], insert: true, update: ['aminah', 'dependent', 'pending'], delete: [] },
        officerElsewhere: { select: ['badrul'], insert: false, update: ['badrul'], delete: [] },
        supervisor: { select: ['aminah', 'dependent', 'pending'], insert: true, update: ['aminah', 'dependent', 'pending'], delete: [] },
        analyst: { select: [], insert: false, update: [], delete: [] },
        agent: { select: [], insert: false, update: [], delete: [] },
        admin: { select: ['aminah', 'badrul', 'dependent', 'pending'], insert: true, update: ['aminah', 'badrul', 'dependent', 'pending'], delete: ['aminah', 'badrul', 'dependent', 'pending'] },
        anon: { select: 'denied', insert: false, update: 'denied', delete: 'denied' },
        service_role: { select: ['aminah', 'badrul', 'dependent', 'pending'], insert: true, update: ['aminah', 'badrul', 'dependent', 'pending'], delete: ['aminah', 'badrul', 'dependent', 'pending'] },
      };
      const actual: typeof expected = {};
      for (const name of Object.keys(expected)) {
        const actor = w.actors[name];
        await tx.as(actor);
        const insertError = await tx
          .fails(`insert into public.persons (full_name, district_code) values ('Matrix Person', '${PETALING}')`)
          .catch(() => undefined);
        await tx.asOwner();
        await tx.query(`delete from public.persons where full_name = 'Matrix Person'`);
        actual[name] = {
          select: await visibleTo(tx, actor, 'public.persons', rows),
          insert: insertError === undefined,
          update: await changedBy(tx, actor, 'public.persons', `update public.persons set full_name = 'Changed Name' where id = $1::uuid`, rows),
          delete: await changedBy(tx, actor, 'public.persons', `delete from public.persons where id = $1::uuid`, rows),
        };
      }
      expect(actual).toEqual(expected);
    });
  });

  it('persons: nobody writes the classification, the account link or the creator through the API', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const name of ['aminah', 'officer', 'admin']) {
        await tx.as(w.actors[name]);
        for (const column of ["status = 'confirmed'", 'symptomatic = true', `account_id = '${w.users.badrul}'`, `created_by = '${w.users.badrul}'`]) {
          const error = await tx.fails(`update public.persons set ${column} where id = $1`, [w.persons.aminah]);
          expect(error.code, `${name}: ${column}`).toBe('42501');
        }
      }
    });
  });

  it('dependents: the guardian and officers of the district see the link; only the guardian removes it', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const link = { dependent: w.persons.dependent };
      const seen: Record<string, unknown> = {};
      const removed: Record<string, unknown> = {};
      for (const [name, actor] of Object.entries(w.actors)) {
        seen[name] = await visibleTo(tx, actor, 'public.dependents', link, 'person_id');
        removed[name] = await changedBy(tx, actor, 'public.dependents', `delete from public.dependents where person_id = $1::uuid`, link, 'person_id');
      }
      expect(seen).toEqual({
        anon: 'denied', service_role: ['dependent'], aminah: [], badrul: [], guardian: ['dependent'], officer: ['dependent'],
        officerElsewhere: [], supervisor: ['dependent'], analyst: [], agent: [], admin: ['dependent'],
      });
      expect(removed).toEqual({
        anon: 'denied', service_role: ['dependent'], aminah: [], badrul: [], guardian: ['dependent'], officer: [],
        officerElsewhere: [], supervisor: [], analyst: [], agent: [], admin: [],
      });
    });
  });

  it('staff: everyone sees themselves; supervisors manage the officers of their state; admins manage all', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const staff = { officer: w.users.officer, officerElsewhere: w.users.officerElsewhere, supervisor: w.users.supervisor, admin: w.users.admin };
      const seen: Record<string, unknown> = {};
      const changed: Record<string, unknown> = {};
      for (const [name, actor] of Object.entries(w.actors)) {
        seen[name] = await visibleTo(tx, actor, 'public.staff', staff, 'user_id');
        changed[name] = await changedBy(tx, actor, 'public.staff', `update public.staff set full_name = 'Renamed' where user_id = $1::uuid`, staff, 'user_id');
      }
      expect(seen).toEqual({
        anon: 'denied', service_role: ['admin', 'officer', 'officerElsewhere', 'supervisor'], aminah: [], badrul: [], guardian: [],
        officer: ['officer'], officerElsewhere: ['officerElsewhere'], supervisor: ['officer', 'supervisor'], analyst: [], agent: [],
        admin: ['admin', 'officer', 'officerElsewhere', 'supervisor'],
      });
      expect(changed).toEqual({
        anon: 'denied', service_role: ['admin', 'officer', 'officerElsewhere', 'supervisor'], aminah: [], badrul: [], guardian: [],
        officer: [], officerElsewhere: [], supervisor: ['officer'], analyst: [], agent: [],
        admin: ['admin', 'officer', 'officerElsewhere', 'supervisor'],
      });
      // A supervisor cannot promote an officer out of their reach, nor hire outside their state.
      await tx.as(w.actors.supervisor);
      const promote = await tx.fails(`update public.staff set role = 'admin' where user_id = $1`, [w.users.officer]);
      expect(promote.code).toBe('42501');
      const newcomer = (await (async () => { await tx.asOwner(); return createUser(tx); })());
      await tx.as(w.actors.supervisor);
      const elsewhere = await tx.fails(`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'New Officer', 'MY-01')`, [newcomer]);
      expect(elsewhere.code).toBe('42501');
      await tx.query(`insert into public.staff (user_id, role, full_name, state_code) values ($1, 'officer', 'New Officer', 'MY-10')`, [newcomer]);
      const outOfState = await tx.fails(`insert into public.staff_districts (staff_id, district_code) values ($1, $2)`, [newcomer, JOHOR_BAHRU]);
      expect(outOfState.code).toBe('42501');
      await tx.query(`insert into public.staff_districts (staff_id, district_code) values ($1, $2)`, [newcomer, PETALING]);
    });
  });
});
