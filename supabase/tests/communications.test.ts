/**
 * Communications: device tokens, the inbox, the push outbox and its dispatcher functions,
 * announcements and their fan-out, and the call centre's feedback tickets; and who may see and
 * change each of them.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUrlFor } from '@sejahtera/stack/testing';
import { inTransaction, type Actor, type Tx } from './support/db.ts';
import { changedBy, visibleTo } from './support/matrix.ts';
import { buildWorld, createUser, insertAnnouncement, JOHOR_BAHRU, PETALING, SELANGOR, TEXT, type World } from './support/world.ts';

const SERVICE: Actor = { role: 'service_role' };

/** The world, plus the rows of this feature: devices, notifications, announcements, tickets. */
async function communicationsWorld(tx: Tx) {
  const w = await buildWorld(tx);
  const one = async (sql: string, params: unknown[] = []) => (await tx.query<{ id: string }>(sql, params))[0].id;
  const devices = {
    aminah: await one(`insert into public.device_tokens (account_id, token, platform) values ($1, 'token-aminah', 'web') returning id`, [w.users.aminah]),
    guardian: await one(`insert into public.device_tokens (account_id, token, platform) values ($1, 'token-guardian', 'android') returning id`, [w.users.guardian]),
  };
  const notify = (account: string, person: string | null, key: string) =>
    one(`select private.notify($1, $2, 'reminder', $3, $3, '{}', $4) as id`, [account, person, TEXT, key]);
  const notifications = {
    aminah: await notify(w.users.aminah, w.persons.aminah, 'world:aminah'),
    guardian: await notify(w.users.guardian, w.persons.dependent, 'world:guardian'),
    badrul: await notify(w.users.badrul, w.persons.badrul, 'world:badrul'),
  };
  const announce = (createdBy: string, target: Record<string, string>, published: boolean) => insertAnnouncement(tx, createdBy, target, published);
  const announcements = {
    petalingDraft: await announce(w.users.officer, { target_kind: 'district', target_district: PETALING }, false),
    johorDraft: await announce(w.users.officerElsewhere, { target_kind: 'district', target_district: JOHOR_BAHRU }, false),
    petalingPublished: await announce(w.users.officer, { target_kind: 'district', target_district: PETALING }, true),
    everyone: await announce(w.users.admin, { target_kind: 'everyone' }, true),
  };
  const ticket = (account: string, subject: string) =>
    one(`insert into public.feedback_tickets (account_id, category, subject) values ($1, 'question', $2) returning id`, [account, subject]);
  const tickets = { aminah: await ticket(w.users.aminah, 'Status tidak dikemas kini'), badrul: await ticket(w.users.badrul, 'Cannot log in') };
  const message = (ticketId: string, author: string, body: string) =>
    one(`insert into public.feedback_messages (ticket_id, author_id, body) values ($1, $2, $3) returning id`, [ticketId, author, body]);
  const messages = {
    aminahMessage: await message(tickets.aminah, w.users.aminah, 'Status saya masih menunggu penilaian.'),
    agentReply: await message(tickets.aminah, w.users.agent, 'Sila lengkapkan penilaian hari ke-0.'),
    badrulMessage: await message(tickets.badrul, w.users.badrul, 'The code never arrives.'),
  };
  return { ...w, devices, notifications, announcements, tickets, messages };
}

/** 'ok' when `sql` succeeds as `actor` (and is undone), else the SQLSTATE it failed with. */
async function outcome(tx: Tx, actor: Actor, sql: string, params: unknown[] = []): Promise<string> {
  await tx.as(actor);
  const error = await tx.fails(sql, params).catch(() => undefined);
  await tx.asOwner();
  return error ? (error.code ?? String(error)) : 'ok';
}

const ACTORS = ['anon', 'service_role', 'aminah', 'badrul', 'guardian', 'officer', 'officerElsewhere', 'supervisor', 'analyst', 'agent', 'admin'];

/** Every actor, the same answer unless `except` says otherwise. */
function each(all: unknown, except: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(ACTORS.map((name) => [name, name in except ? except[name] : all]));
}

async function outbox(tx: Tx, where = 'true', params: unknown[] = []) {
  return tx.query<{ id: string; notification_id: string; account_id: string; status: string; attempts: number; dedupe_key: string; last_error: string | null; sent_at: Date | null; delay: number }>(
    `select o.*, extract(epoch from o.next_attempt_at - now())::float8 as delay from private.notification_outbox o where ${where} order by o.id`,
    params,
  );
}

interface Claimed {
  lease: string;
  delivery_id: string;
  attempt: number;
  token: string;
  platform: string;
  language: string;
  kind: string;
  title: string;
  body: string;
  notification_id: string;
}

/** private.claim_push as the dispatcher calls it: due deliveries (due outbox rows expanded first) under one new lease. */
async function claim(tx: Tx, batch: number, leaseFor = '2 minutes'): Promise<Claimed[]> {
  await tx.as(SERVICE);
  const rows = await tx.query<Claimed>(`select * from private.claim_push($1, $2::interval)`, [batch, leaseFor]);
  await tx.asOwner();
  return rows;
}

/** private.start_push: the deliveries `lease` still holds, marked as handed to FCM. */
async function start(tx: Tx, lease: string, ids: string[]): Promise<string[]> {
  await tx.as(SERVICE);
  const [row] = await tx.query<{ started: string[] }>(`select private.start_push($1, $2::bigint[]) as started`, [lease, ids]);
  await tx.asOwner();
  return row.started;
}

/** private.finish_push: what FCM answered for each delivery; how many it settled. */
async function finish(tx: Tx, lease: string, ids: string[], outcomes: string[], errors: (string | null)[] | null = null, retryAfterMs: number[] | null = null) {
  await tx.as(SERVICE);
  const [row] = await tx.query<{ settled: number }>(
    `select private.finish_push($1, $2::bigint[], $3::text[], $4::text[], $5::bigint[]) as settled`,
    [lease, ids, outcomes, errors, retryAfterMs],
  );
  await tx.asOwner();
  return row.settled;
}

/** Claimed and handed to FCM, as the dispatcher does before sendEach. */
async function claimAndStart(tx: Tx, batch: number): Promise<Claimed[]> {
  const claimed = await claim(tx, batch);
  if (claimed.length) expect(await start(tx, claimed[0].lease, claimed.map((c) => c.delivery_id))).toEqual(claimed.map((c) => c.delivery_id));
  return claimed;
}

async function pushDeliveries(tx: Tx, where = 'true', params: unknown[] = []) {
  return tx.query<{ id: string; outbox_id: string; token: string; status: string; attempts: number; last_error: string | null; sent_at: Date | null; delay: number; lease_left: number | null }>(
    `select d.*, extract(epoch from d.next_attempt_at - now())::float8 as delay, extract(epoch from d.lease_until - now())::float8 as lease_left
     from private.push_deliveries d where ${where} order by d.id`,
    params,
  );
}

/** Starts the outbox empty (inside the test's transaction), so that claims see only the test's rows. */
async function emptyOutbox(tx: Tx) {
  await tx.asOwner();
  await tx.query(`delete from private.notification_outbox`);
}

describe('device tokens', () => {
  it('registers a token once, refreshes it on every start, and takes it over from another account', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const [first] = await tx.query<{ id: string; account_id: string; platform: string }>(`select * from public.register_device('fcm-shared-phone', 'android')`);
      expect(first).toMatchObject({ account_id: w.users.aminah, platform: 'android' });
      const [again] = await tx.query<{ id: string }>(`select * from public.register_device('fcm-shared-phone', 'android')`);
      expect(again.id).toBe(first.id);

      // The phone is handed to Badrul, who signs in on it: the token is his now, and Aminah's is gone.
      await tx.as(w.actors.badrul);
      const [taken] = await tx.query<{ account_id: string }>(`select * from public.register_device('fcm-shared-phone', 'android')`);
      expect(taken.account_id).toBe(w.users.badrul);
      await tx.asOwner();
      const owners = await tx.query<{ account_id: string }>(`select account_id from public.device_tokens where token = 'fcm-shared-phone'`);
      expect(owners).toEqual([{ account_id: w.users.badrul }]);
    });
  });

  it('refuses an unknown platform naming it, and anonymous callers', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const error = await tx.fails(`select public.register_device('fcm-token', 'blackberry')`);
      expect(error.constraint).toBe('device_tokens_platform_known');
      await tx.as({ role: 'anon' });
      expect((await tx.fails(`select public.register_device('fcm-token', 'web')`)).code).toBe('42501');
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.device_tokens where token = 'fcm-token'`)).toHaveLength(0);
    });
  });

  it('RLS matrix: each account its own devices; staff none; the service role (the dispatcher) all', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      const actual: Record<string, unknown> = {};
      for (const name of ACTORS) {
        const actor = w.actors[name];
        actual[name] = {
          select: await visibleTo(tx, actor, 'public.device_tokens', w.devices),
          insert: await outcome(tx, actor, `insert into public.device_tokens (token, platform) values ('matrix-token', 'ios')`),
          update: await changedBy(tx, actor, 'public.device_tokens', `update public.device_tokens set last_seen_at = now() + interval '1 day' where id = $1::uuid`, w.devices),
          delete: await changedBy(tx, actor, 'public.device_tokens', `delete from public.device_tokens where id = $1::uuid`, w.devices),
        };
      }
      const own = (name: string) => ({ select: [name], insert: 'ok', update: [name], delete: [name] });
      const none = { select: [], insert: 'ok', update: [], delete: [] };
      expect(actual).toEqual(
        each(none, {
          anon: { select: 'denied', insert: '42501', update: 'denied', delete: 'denied' },
          // The service role registers nothing of its own (no account): account_id is required.
          service_role: { select: ['aminah', 'guardian'], insert: '23502', update: ['aminah', 'guardian'], delete: ['aminah', 'guardian'] },
          aminah: own('aminah'),
          guardian: own('guardian'),
        }),
      );
      // Nobody registers a token for someone else, nor hands theirs over.
      await tx.as(w.actors.aminah);
      expect((await tx.fails(`insert into public.device_tokens (account_id, token, platform) values ($1, 'planted', 'web')`, [w.users.badrul])).code).toBe('42501');
      expect((await tx.fails(`update public.device_tokens set account_id = $1 where id = $2`, [w.users.badrul, w.devices.aminah])).code).toBe('42501');
    });
  });
});

describe('notifications', () => {
  it('are marked read at the database\'s time, whatever the device\'s clock says, and can be marked unread', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(SERVICE);
      const [{ id }] = await tx.query<{ id: string }>(`select private.notify($1, $2, 'test_advised', $3, $3) as id`, [w.users.aminah, w.persons.aminah, TEXT]);
      await tx.as(w.actors.aminah);
      const [read] = await tx.query<{ read_at: Date; now: Date }>(
        `update public.notifications set read_at = '2001-01-01' where id = $1 returning read_at, now() as now`,
        [id],
      );
      expect(read.read_at).toEqual(read.now);
      const [unread] = await tx.query<{ read_at: Date | null }>(`update public.notifications set read_at = null where id = $1 returning read_at`, [id]);
      expect(unread.read_at).toBeNull();
    });
  });

  it('notify is idempotent on its dedupe key: one inbox row, one outbox row, the first id returned', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(SERVICE);
      const call = `select private.notify($1, $2, 'test_advised', $3, $3, '{"x": 1}', 'test-once') as id`;
      const [first] = await tx.query<{ id: string }>(call, [w.users.aminah, w.persons.aminah, TEXT]);
      const [second] = await tx.query<{ id: string }>(call, [w.users.aminah, w.persons.aminah, TEXT]);
      expect(second.id).toBe(first.id);
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.notifications where account_id = $1 and kind = 'test_advised'`, [w.users.aminah])).toHaveLength(1);
      const queued = await outbox(tx, `o.dedupe_key = 'test-once'`);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ notification_id: first.id, account_id: w.users.aminah, status: 'pending', attempts: 0 });
      // Without a key, every call is a notification of its own; nobody to tell, nothing written.
      const [a] = await tx.query<{ id: string }>(`select private.notify($1, null, 'reminder', $2, $2) as id`, [w.users.aminah, TEXT]);
      const [b] = await tx.query<{ id: string }>(`select private.notify($1, null, 'reminder', $2, $2) as id`, [w.users.aminah, TEXT]);
      expect(a.id).not.toBe(b.id);
      expect(await outbox(tx, `o.notification_id = $1`, [a.id])).toMatchObject([{ dedupe_key: `notification:${a.id}` }]);
      const [nobody] = await tx.query<{ id: string | null }>(`select private.notify(null, null, 'reminder', $1, $1) as id`, [TEXT]);
      expect(nobody.id).toBeNull();
    });
  });

  it('notify_person reaches the person\'s own account and every guardian, each once', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const notifyPerson = async (person: string, key: string) => {
        await tx.as(SERVICE);
        const [row] = await tx.query<{ ids: string[] }>(`select private.notify_person($1, 'status_changed', $2, $2, '{}', $3) as ids`, [person, TEXT, key]);
        await tx.asOwner();
        return row.ids;
      };
      const recipients = async (key: string) =>
        (await tx.query<{ account_id: string; person_id: string }>(
          `select n.account_id, n.person_id from public.notifications n join private.notification_outbox o on o.notification_id = n.id
           where o.dedupe_key like $1 || ':%' order by n.account_id`,
          [key],
        ));

      expect(await notifyPerson(w.persons.dependent, 'child')).toHaveLength(1);
      expect(await recipients('child')).toEqual([{ account_id: w.users.guardian, person_id: w.persons.dependent }]);

      // Someone with their own account who also has a guardian (an elderly parent): both are told.
      await tx.query(`insert into public.dependents (guardian_id, person_id, relationship) values ($1, $2, 'parent')`, [w.users.guardian, w.persons.aminah]);
      const ids = await notifyPerson(w.persons.aminah, 'parent');
      expect(ids).toHaveLength(2);
      expect((await recipients('parent')).map((r) => r.account_id).sort()).toEqual([w.users.aminah, w.users.guardian].sort());
      const keys = await tx.query<{ dedupe_key: string }>(`select dedupe_key from private.notification_outbox where dedupe_key like 'parent:%'`);
      expect(keys.map((k) => k.dedupe_key).sort()).toEqual([`parent:${w.users.aminah}`, `parent:${w.users.guardian}`].sort());
      // Again with the same key: the same notifications, nothing new.
      expect((await notifyPerson(w.persons.aminah, 'parent')).sort()).toEqual([...ids].sort());
      expect(await recipients('parent')).toHaveLength(2);

      // A pending person nobody acts for: nobody to tell.
      expect(await notifyPerson(w.persons.pending, 'pending')).toEqual([]);
      expect(await recipients('pending')).toEqual([]);
    });
  });

  it('refuses a notification without both Malay and English, naming the field, and queues nothing', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(SERVICE);
      const call = `select private.notify($1, null, 'reminder', $2, $3, '{}', 'bad-input')`;
      const noEnglish = await tx.fails(call, [w.users.aminah, { ms: 'Peringatan' }, TEXT]);
      expect(noEnglish.constraint).toBe('notifications_title_needs_ms_and_en');
      expect(noEnglish.message).toContain('title');
      const blankBody = await tx.fails(call, [w.users.aminah, TEXT, { ms: 'Isi', en: '  ' }]);
      expect(blankBody.constraint).toBe('notifications_body_needs_ms_and_en');
      const unknownKind = await tx.fails(`select private.notify($1, null, 'spam', $2, $2)`, [w.users.aminah, TEXT]);
      expect(unknownKind.constraint).toBe('notifications_kind_known');
      await tx.asOwner();
      expect(await outbox(tx, `o.dedupe_key = 'bad-input'`)).toHaveLength(0);
    });
  });

  it('only the service role and definer triggers notify; API roles cannot call the private functions', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      for (const name of ['aminah', 'officer', 'admin', 'anon']) {
        await tx.as(w.actors[name]);
        for (const sql of [
          `select private.notify('${w.users.aminah}', null, 'reminder', '{"ms": "a", "en": "a"}', '{"ms": "a", "en": "a"}')`,
          `select private.notify_person('${w.persons.aminah}', 'reminder', '{"ms": "a", "en": "a"}', '{"ms": "a", "en": "a"}')`,
          `select * from private.claim_push(1)`,
          `select private.start_push('${randomUUID()}', array[1]::bigint[])`,
          `select private.finish_push('${randomUUID()}', array[1]::bigint[], array['sent'])`,
        ]) {
          expect((await tx.fails(sql)).code, `${name}: ${sql}`).toBe('42501');
        }
      }
    });
  });

  it('RLS matrix: each account reads its own inbox and may only mark it read; nobody inserts through the API', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      const actual: Record<string, unknown> = {};
      for (const name of ACTORS) {
        const actor = w.actors[name];
        actual[name] = {
          select: await visibleTo(tx, actor, 'public.notifications', w.notifications),
          insert: await outcome(tx, actor, `insert into public.notifications (account_id, kind, title, body) values ($1, 'reminder', $2, $2)`, [w.users.aminah, TEXT]),
          read: await changedBy(tx, actor, 'public.notifications', `update public.notifications set read_at = now() where id = $1::uuid`, w.notifications),
          delete: await changedBy(tx, actor, 'public.notifications', `delete from public.notifications where id = $1::uuid`, w.notifications),
        };
      }
      const own = (name: string) => ({ select: [name], insert: '42501', read: [name], delete: 'denied' });
      expect(actual).toEqual(
        each({ select: [], insert: '42501', read: [], delete: 'denied' }, {
          anon: { select: 'denied', insert: '42501', read: 'denied', delete: 'denied' },
          service_role: { select: ['aminah', 'badrul', 'guardian'], insert: '42501', read: 'denied', delete: ['aminah', 'badrul', 'guardian'] },
          aminah: own('aminah'),
          badrul: own('badrul'),
          guardian: own('guardian'),
        }),
      );
      await tx.as(w.actors.aminah);
      for (const column of [`title = '{"ms": "x", "en": "x"}'`, `account_id = '${w.users.badrul}'`, `kind = 'announcement'`]) {
        expect((await tx.fails(`update public.notifications set ${column} where id = $1`, [w.notifications.aminah])).code, column).toBe('42501');
      }
    });
  });
});

describe('the outbox and its dispatcher', () => {
  it('claims due deliveries in batches, one per device in the recipient\'s language, and never twice', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`update public.persons set preferred_language = 'en' where id = $1`, [w.persons.aminah]);
      await tx.query(`insert into public.device_tokens (account_id, token, platform) values ($1, 'token-aminah-2', 'ios')`, [w.users.aminah]);
      const title = { ms: 'Peringatan penilaian', en: 'Assessment reminder' };
      for (let i = 0; i < 5; i++) {
        await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', $3)`, [w.users.aminah, title, `batch:${i}`]);
      }
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'batch:guardian')`, [w.users.guardian, title]);

      // Five notifications to Aminah's two devices and one to the guardian's: eleven deliveries.
      const batches = [await claim(tx, 4), await claim(tx, 4), await claim(tx, 4), await claim(tx, 4)];
      expect(batches.map((b) => b.length)).toEqual([4, 4, 3, 0]);
      const claimed = batches.flat();
      expect(claimed.every((c) => c.attempt === 1)).toBe(true);
      expect(new Set(claimed.map((c) => c.delivery_id)).size).toBe(11);
      expect(new Set(claimed.map((c) => `${c.notification_id}:${c.token}`)).size).toBe(11);
      // One lease per claim, held for its two minutes.
      expect(batches.slice(0, 3).map((b) => new Set(b.map((c) => c.lease)).size)).toEqual([1, 1, 1]);
      expect(new Set(claimed.map((c) => c.lease)).size).toBe(3);
      expect((await pushDeliveries(tx)).map((d) => [d.status, d.lease_left])).toEqual(Array(11).fill(['claimed', 120]));

      const aminahs = claimed.filter((c) => c.token.startsWith('token-aminah'));
      expect(aminahs).toHaveLength(10);
      expect(aminahs.every((c) => c.language === 'en' && c.title === 'Assessment reminder' && c.kind === 'reminder')).toBe(true);
      const tokensOf = (id: string) => claimed.filter((c) => c.notification_id === id).map((c) => c.token).sort();
      expect(tokensOf(aminahs[0].notification_id)).toEqual(['token-aminah', 'token-aminah-2']);
      expect(claimed.filter((c) => c.token === 'token-guardian')).toMatchObject([{ language: 'ms', title: 'Peringatan penilaian' }]);
      // Each outbox row was expanded once (one attempt) and is carried by its deliveries from here.
      expect((await outbox(tx)).map((o) => [o.status, o.attempts])).toEqual(Array(6).fill(['sending', 1]));

      // Sent: recorded per device and per notification, and never claimed again, however late the clock.
      for (const batch of batches.slice(0, 3)) {
        const ids = batch.map((c) => c.delivery_id);
        expect(await start(tx, batch[0].lease, ids)).toEqual(ids);
        expect(await finish(tx, batch[0].lease, ids, ids.map(() => 'sent'))).toBe(ids.length);
      }
      expect((await pushDeliveries(tx)).every((d) => d.status === 'sent' && d.sent_at !== null && d.lease_left === null)).toBe(true);
      expect((await outbox(tx)).every((o) => o.status === 'sent' && o.sent_at !== null)).toBe(true);
      await tx.query(`update private.notification_outbox set next_attempt_at = now() - interval '1 day'`);
      await tx.query(`update private.push_deliveries set next_attempt_at = now() - interval '1 day'`);
      expect(await claim(tx, 100)).toEqual([]);
      // A repeated report changes nothing.
      expect(await finish(tx, batches[0][0].lease, [batches[0][0].delivery_id], ['retry'], ['late'])).toBe(0);
      expect((await pushDeliveries(tx, `d.id = $1`, [batches[0][0].delivery_id]))[0]).toMatchObject({ status: 'sent', last_error: null });
    });
  });

  it('cancels notifications to accounts without a device instead of sending them', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'no-device')`, [w.users.badrul, TEXT]);
      expect(await claim(tx, 10)).toEqual([]);
      expect(await outbox(tx)).toMatchObject([{ dedupe_key: 'no-device', status: 'cancelled', attempts: 0, last_error: 'no registered device' }]);
      expect(await pushDeliveries(tx)).toEqual([]);
    });
  });

  it('retries after the delay the dispatcher reports (a minute when it gives none), not before, and gives up after the 8th attempt', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'flaky')`, [w.users.guardian, TEXT]);
      for (let attempt = 1; attempt <= 8; attempt++) {
        await tx.query(`update private.push_deliveries set next_attempt_at = now()`);
        const [delivery] = await claimAndStart(tx, 10);
        expect(delivery.attempt).toBe(attempt);
        // What the dispatcher's backoff would give (the first time none: the database's default).
        const retryAfter = attempt === 1 ? null : [60_000 * 2 ** (attempt - 1)];
        await finish(tx, delivery.lease, [delivery.delivery_id], ['retry'], [`unavailable ${attempt}`], retryAfter);
        const [after] = await pushDeliveries(tx);
        expect(after).toMatchObject({ attempts: attempt, last_error: `unavailable ${attempt}` });
        if (attempt < 8) {
          expect(after.status).toBe('pending');
          expect(after.delay).toBe(60 * 2 ** (attempt - 1));
          // Not due before then; the notification waits for its delivery.
          expect(await claim(tx, 10)).toEqual([]);
          expect((await outbox(tx))[0].status).toBe('sending');
        } else {
          expect(after.status).toBe('failed');
        }
      }
      expect(await outbox(tx)).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'failed: unavailable 8', sent_at: null }]);
      await tx.query(`update private.push_deliveries set next_attempt_at = now() - interval '1 day'`);
      await tx.query(`update private.notification_outbox set next_attempt_at = now() - interval '1 day'`);
      expect(await claim(tx, 10)).toEqual([]);
    });
  });

  it('honours Retry-After (at most six hours), fails permanent errors at once, and refuses bad reports and claims', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'quota')`, [w.users.aminah, TEXT]);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'invalid')`, [w.users.guardian, TEXT]);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'overlong')`, [w.users.guardian, TEXT]);
      const claimed = await claimAndStart(tx, 10);
      const keys = new Map((await outbox(tx)).map((o) => [o.notification_id, o.dedupe_key]));
      const byKey = (key: string) => claimed.find((c) => keys.get(c.notification_id) === key)!;
      const [quota, invalid, overlong] = [byKey('quota'), byKey('invalid'), byKey('overlong')];
      expect(claimed).toHaveLength(3);
      const lease = quota.lease;
      expect(await finish(tx, lease, [quota.delivery_id, invalid.delivery_id, overlong.delivery_id], ['retry', 'failed', 'retry'],
        ['quota exceeded', 'invalid-argument', 'unavailable'], [90_000, 0, 86_400_000])).toBe(3);
      const byId = async (id: string) => (await pushDeliveries(tx, `d.id = $1`, [id]))[0];
      expect(await byId(quota.delivery_id)).toMatchObject({ status: 'pending', delay: 90, last_error: 'quota exceeded' });
      expect(await byId(invalid.delivery_id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'invalid-argument' });
      expect(await byId(overlong.delivery_id)).toMatchObject({ status: 'pending', delay: 6 * 3600 });
      const settled = await outbox(tx, `o.dedupe_key in ('quota', 'invalid')`);
      expect(settled.map((o) => [o.dedupe_key, o.status, o.last_error])).toEqual([['quota', 'sending', null], ['invalid', 'failed', 'failed: invalid-argument']]);

      await tx.as(SERVICE);
      const bad = await tx.fails(`select private.finish_push($1, $2::bigint[], array['maybe'])`, [lease, [quota.delivery_id]]);
      expect(bad.message).toBe('outcomes: each must be sent, retry, failed, unregistered or unconfirmed');
      const noLease = await tx.fails(`select private.finish_push(null, $1::bigint[], array['sent'])`, [[quota.delivery_id]]);
      expect(noLease.message).toBe('lease: the lease claim_push returned is required');
      const batch = await tx.fails(`select * from private.claim_push(0)`);
      expect(batch.message).toContain('batch:');
      const leaseFor = await tx.fails(`select * from private.claim_push(10, interval '2 hours')`);
      expect(leaseFor.message).toBe('lease_for: between 1 second and 1 hour');
      // A report about a delivery the lease does not hold (none, or settled) changes nothing.
      await tx.asOwner();
      expect(await finish(tx, lease, ['-1', invalid.delivery_id], ['sent', 'sent'])).toBe(0);
      expect(await byId(invalid.delivery_id)).toMatchObject({ status: 'failed', sent_at: null });
    });
  });

  it('claims again, as a new attempt, a delivery whose dispatcher died before handing it to FCM; never one it had handed over', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'abandoned')`, [w.users.guardian, TEXT]);
      const [first] = await claim(tx, 10);
      expect(await claim(tx, 10)).toEqual([]);
      // The lease lapses with no start: nothing reached FCM, so it is claimed again, and the dead lease can no longer start it.
      await tx.query(`update private.push_deliveries set lease_until = now() - interval '1 second'`);
      const [again] = await claim(tx, 10);
      expect(again).toMatchObject({ delivery_id: first.delivery_id, attempt: 2 });
      expect(again.lease).not.toBe(first.lease);
      expect(await start(tx, first.lease, [first.delivery_id])).toEqual([]);

      // Handed to FCM, then the lease lapses with no report: it may have arrived, so it is never sent again.
      expect(await start(tx, again.lease, [again.delivery_id])).toEqual([again.delivery_id]);
      await tx.query(`update private.push_deliveries set lease_until = now() - interval '1 second'`);
      expect(await claim(tx, 10)).toEqual([]);
      expect(await pushDeliveries(tx)).toMatchObject([{ status: 'unconfirmed', last_error: 'the dispatcher stopped after handing it to FCM' }]);
      expect(await outbox(tx)).toMatchObject([{ status: 'failed', last_error: 'unconfirmed: the dispatcher stopped after handing it to FCM' }]);
      // A late report that it was sent is still taken.
      expect(await finish(tx, again.lease, [again.delivery_id], ['sent'])).toBe(1);
      expect(await pushDeliveries(tx)).toMatchObject([{ status: 'sent' }]);
    });
  });

  it('gives up a delivery whose claim lapsed on its 8th attempt instead of claiming it again', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await emptyOutbox(tx);
      await tx.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', 'abandoned-often')`, [w.users.guardian, TEXT]);
      const [claimed] = await claim(tx, 10);
      await tx.query(`update private.push_deliveries set attempts = 8, lease_until = now() - interval '1 second'`);
      expect(await claim(tx, 10)).toEqual([]);
      expect(await pushDeliveries(tx)).toMatchObject([{ id: claimed.delivery_id, status: 'failed', attempts: 8, lease_left: null, last_error: 'the dispatcher claimed it and never reported back' }]);
      expect(await outbox(tx)).toMatchObject([{ status: 'failed', last_error: 'failed: the dispatcher claimed it and never reported back' }]);
    });
  });

  it('two dispatchers at once never claim the same delivery (for update skip locked)', async () => {
    // Committed rows, seen by two connections, removed again at the end.
    const connect = async () => {
      const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
      await client.connect();
      return client;
    };
    const setup = await connect();
    const [first, second] = [await connect(), await connect()];
    const account = randomUUID();
    const token = `skip-locked-${account}`;
    try {
      await setup.query(`insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', $2, now(), now())`, [account, `${account}@example.test`]);
      await setup.query(`insert into public.device_tokens (account_id, token, platform) values ($1, $2, 'web')`, [account, token]);
      for (let i = 0; i < 3; i++) {
        await setup.query(`select private.notify($1, null, 'reminder', $2, $2, '{}', $3)`, [account, TEXT, `skip-locked:${account}:${i}`]);
      }
      // Expanded as claim_push expands them, and first in the queue whatever else the database holds.
      const { rows: ours } = await setup.query<{ id: string }>(
        `with o as (
           update private.notification_outbox o set status = 'sending', attempts = 1, next_attempt_at = 'infinity'
           where o.account_id = $1 returning o.id, o.notification_id, o.dedupe_key
         )
         insert into private.push_deliveries (outbox_id, notification_id, token, platform, language, next_attempt_at)
         select o.id, o.notification_id, $2, 'web', 'ms', '2000-01-01'::timestamptz + (right(o.dedupe_key, 1)::int * interval '1 second') from o
         returning id`,
        [account, token],
      );
      const ids = ours.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
      const claimAs = async (client: pg.Client) => {
        await client.query('begin');
        await client.query('set local role service_role');
        return (await client.query<{ delivery_id: string }>(`select delivery_id from private.claim_push(2)`)).rows.map((r) => r.delivery_id);
      };
      const a = await claimAs(first);
      // The second claim does not wait for the first's transaction: it skips the rows that one holds.
      const b = await claimAs(second);
      expect(a).toEqual(ids.slice(0, 2));
      expect(b[0]).toBe(ids[2]);
      expect(b.filter((id) => a.includes(id))).toEqual([]);
    } finally {
      await first.query('rollback').catch(() => {});
      await second.query('rollback').catch(() => {});
      await setup.query(`delete from auth.users where id = $1`, [account]);
      await Promise.all([setup.end(), first.end(), second.end()]);
    }
  });
});

describe('SMS invitations\' backoff', () => {
  it('private.outbox_backoff: between half and all of 2^(attempt - 1) minutes, at most six hours, never shorter than the previous attempt\'s longest', async () => {
    await inTransaction(async (tx) => {
      const rows = await tx.query<{ attempt: number; seconds: number }>(
        `select a as attempt, extract(epoch from private.outbox_backoff(a))::float8 as seconds from generate_series(0, 12) a, generate_series(1, 50)`,
      );
      for (const { attempt, seconds } of rows) {
        const full = Math.min(60 * 2 ** (Math.max(attempt, 1) - 1), 6 * 3600);
        expect(seconds, `attempt ${attempt}`).toBeGreaterThanOrEqual(full / 2);
        expect(seconds, `attempt ${attempt}`).toBeLessThanOrEqual(full);
      }
      // Jitter: fifty draws of one attempt are not all the same.
      expect(new Set(rows.filter((r) => r.attempt === 5).map((r) => r.seconds)).size).toBeGreaterThan(1);
    });
  });
});

describe('announcements', () => {
  async function publish(tx: Tx, actor: Actor, target: Record<string, string>) {
    await tx.as(actor);
    const columns = Object.keys(target);
    const [row] = await tx.query<{ id: string; published_at: Date }>(
      `insert into public.announcements (title, body, ${columns.join(', ')}) values ($1, $1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}) returning *`,
      [{ ms: 'Pengumuman', en: 'Announcement' }, ...Object.values(target)],
    );
    const [published] = await tx.query<{ id: string; published_at: Date }>(`select * from public.publish_announcement($1)`, [row.id]);
    await tx.asOwner();
    return published;
  }

  async function reached(tx: Tx, w: World, announcement: string) {
    const byId = Object.fromEntries(Object.entries(w.users).map(([name, id]) => [id, name]));
    const rows = await tx.query<{ account_id: string; person_id: string | null }>(
      `select account_id, person_id from public.notifications where kind = 'announcement' and data ->> 'announcement_id' = $1`,
      [announcement],
    );
    return rows.filter((r) => r.account_id in byId).map((r) => byId[r.account_id]).sort();
  }

  async function readers(tx: Tx, w: World, announcement: string) {
    const seen: string[] = [];
    for (const name of ['aminah', 'badrul', 'guardian', 'analyst'] as const) {
      const visible = await visibleTo(tx, w.actors[name], 'public.announcements', { [name]: announcement });
      if (Array.isArray(visible) && visible.length) seen.push(name);
    }
    return seen;
  }

  it('a district announcement reaches the people of the district and the guardians of its dependents, once each', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const petaling = await publish(tx, w.actors.officer, { target_kind: 'district', target_district: PETALING });
      expect(await reached(tx, w, petaling.id)).toEqual(['aminah', 'guardian']);
      expect(await readers(tx, w, petaling.id)).toEqual(['aminah', 'guardian']);
      const [guardians] = await tx.query<{ person_id: string }>(
        `select person_id from public.notifications where account_id = $1 and data ->> 'announcement_id' = $2`,
        [w.users.guardian, petaling.id],
      );
      expect(guardians.person_id).toBe(w.persons.dependent);
      expect(await outbox(tx, `o.dedupe_key = $1`, [`announcement:${petaling.id}:${w.users.aminah}`])).toHaveLength(1);

      const johor = await publish(tx, w.actors.officerElsewhere, { target_kind: 'district', target_district: JOHOR_BAHRU });
      expect(await reached(tx, w, johor.id)).toEqual(['badrul']);
      expect(await readers(tx, w, johor.id)).toEqual(['badrul']);
    });
  });

  it('state, status and everyone announcements reach their audiences', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const selangor = await publish(tx, w.actors.supervisor, { target_kind: 'state', target_state: SELANGOR });
      expect(await reached(tx, w, selangor.id)).toEqual(['aminah', 'guardian']);

      await tx.query(`update public.persons set status = 'close_contact' where id = $1`, [w.persons.badrul]);
      const closeContacts = await publish(tx, w.actors.admin, { target_kind: 'status', target_status: 'close_contact' });
      expect(await reached(tx, w, closeContacts.id)).toEqual(['badrul']);
      expect(await readers(tx, w, closeContacts.id)).toEqual(['badrul']);

      const everyone = await publish(tx, w.actors.admin, { target_kind: 'everyone' });
      expect(await reached(tx, w, everyone.id)).toEqual(Object.keys(w.users).sort());
      expect(await readers(tx, w, everyone.id)).toEqual(['aminah', 'badrul', 'guardian', 'analyst']);
    });
  });

  it('the composer\'s audience estimate counts the accounts publishing would reach now, for writers of that audience only', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.asOwner();
      await tx.query(`update public.persons set status = 'close_contact' where id = $1`, [w.persons.badrul]);
      const audience = async (kind: string, state: string | null, district: string | null, status: string | null) => {
        await tx.asOwner();
        const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from private.announcement_audience($1, $2, $3, $4)`, [kind, state, district, status]);
        return row.n;
      };
      const estimate = async (actor: Actor, args: string) => {
        await tx.as(actor);
        const [row] = await tx.query<{ n: number }>(`select public.announcement_audience_estimate(${args}) as n`);
        return row.n;
      };
      // Small audiences (fewer than 20,000 persons in the place or status) are counted exactly.
      const petaling = await audience('district', null, PETALING, null);
      expect(petaling).toBeGreaterThanOrEqual(2); // Aminah, and the guardian of a dependent in Petaling
      expect(await estimate(w.actors.officer, `'district', target_district => '${PETALING}'`)).toBe(petaling);
      expect(await estimate(w.actors.supervisor, `'state', '${SELANGOR}'`)).toBe(await audience('state', SELANGOR, null, null));
      expect(await estimate(w.actors.admin, `'status', target_status => 'close_contact'`)).toBe(await audience('status', null, null, 'close_contact'));
      expect(await estimate(w.actors.admin, `'everyone'`)).toBe(await audience('everyone', null, null, null));
      // A large one is estimated from a sample of the persons' pages (here all of them: the table is small): the
      // persons reached (an account of their own, or a guardian's dependent), to two significant digits.
      await tx.asOwner();
      await tx.query(`insert into private.status_counts (district_code, status, symptomatic, slot, people) values ($1, 'low_risk', true, 15, 1000000)
                      on conflict (district_code, status, symptomatic, slot) do update set people = excluded.people`, [PETALING]);
      const [rounded] = await tx.query<{ n: number }>(
        `select private.two_significant_digits(count(*)) as n from public.persons p
         where p.district_code = $1 and (p.account_id is not null or exists (select 1 from public.dependents d where d.person_id = p.id))`,
        [PETALING],
      );
      expect(await estimate(w.actors.officer, `'district', target_district => '${PETALING}'`)).toBe(rounded.n);
      await tx.asOwner();
      expect((await tx.query<{ n: number }>(`select private.two_significant_digits(123456) as n`))[0].n).toBe(120000);

      // Only for those who may write announcements for that audience; bad targets are named.
      for (const [actor, args] of [
        [w.actors.officer, `'everyone'`],
        [w.actors.officer, `'district', target_district => '${JOHOR_BAHRU}'`],
        [w.actors.supervisor, `'state', 'MY-01'`],
        [w.actors.aminah, `'district', target_district => '${PETALING}'`],
      ] as const) {
        await tx.as(actor);
        const error = await tx.fails(`select public.announcement_audience_estimate(${args})`);
        expect([error.code, error.message]).toEqual(['42501', 'target: you may not write announcements for this audience']);
      }
      await tx.as(w.actors.anon);
      expect((await tx.fails(`select public.announcement_audience_estimate('everyone')`)).code).toBe('42501');
      await tx.as(w.actors.admin);
      expect((await tx.fails(`select public.announcement_audience_estimate('nowhere')`)).message).toBe('target_kind: must be everyone, state, district or status');
      expect((await tx.fails(`select public.announcement_audience_estimate('state')`)).message).toBe('target_state: say which state');
      expect((await tx.fails(`select public.announcement_audience_estimate('status')`)).message).toBe('target_status: say which status group');
    });
  });

  it('officers announce to their districts only; supervisors to their state; admins to anyone', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const targets: Record<string, Record<string, string>> = {
        petaling: { target_kind: 'district', target_district: PETALING },
        johorBahru: { target_kind: 'district', target_district: JOHOR_BAHRU },
        selangor: { target_kind: 'state', target_state: SELANGOR },
        johor: { target_kind: 'state', target_state: 'MY-01' },
        pui: { target_kind: 'status', target_status: 'pui' },
        everyone: { target_kind: 'everyone' },
      };
      const allowed: Record<string, string[]> = {};
      for (const name of ['officer', 'supervisor', 'admin', 'agent', 'aminah']) {
        allowed[name] = [];
        for (const [label, target] of Object.entries(targets)) {
          const columns = Object.keys(target);
          const result = await outcome(
            tx,
            w.actors[name],
            `insert into public.announcements (title, body, ${columns.join(', ')}) values ($1, $1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})`,
            [TEXT, ...Object.values(target)],
          );
          if (result === 'ok') allowed[name].push(label);
          else expect(result, `${name} → ${label}`).toBe('42501');
        }
      }
      expect(allowed).toEqual({
        officer: ['petaling'],
        supervisor: ['petaling', 'selangor'],
        admin: ['petaling', 'johorBahru', 'selangor', 'johor', 'pui', 'everyone'],
        agent: [],
        aminah: [],
      });
      // Nor can an officer move a draft out of their jurisdiction.
      const draft = (await tx.query<{ id: string }>(`insert into public.announcements (title, body, target_kind, target_district, created_by) values ($1, $1, 'district', $2, $3) returning id`, [TEXT, PETALING, w.users.officer]))[0];
      await tx.as(w.actors.officer);
      expect((await tx.fails(`update public.announcements set target_district = $1 where id = $2`, [JOHOR_BAHRU, draft.id])).code).toBe('42501');
      expect((await tx.fails(`update public.announcements set created_by = $1 where id = $2`, [w.users.admin, draft.id])).code).toBe('42501');
    });
  });

  it('publishes once: a second publish is refused, nothing is duplicated, and a published announcement is frozen', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.officer);
      const [draft] = await tx.query<{ id: string }>(
        `insert into public.announcements (title, body, target_kind, target_district) values ($1, $1, 'district', $2) returning id`,
        [TEXT, PETALING],
      );
      await tx.asOwner();
      expect(await reached(tx, w, draft.id)).toEqual([]);
      // The moment of publication is the database's, whatever the client sends.
      await tx.as(w.actors.officer);
      const [published] = await tx.query<{ published_at: Date; now: Date }>(
        `update public.announcements set published_at = '2001-01-01' where id = $1 returning published_at, now() as now`,
        [draft.id],
      );
      expect(published.published_at).toEqual(published.now);

      // Publishing again (a retry after a lost answer) returns it as it is; the fan-out happened once.
      const [again] = await tx.query<{ id: string; published_at: Date }>(`select * from public.publish_announcement($1)`, [draft.id]);
      expect(again).toMatchObject({ id: draft.id, published_at: published.published_at });
      // Changing a published announcement through the API touches nothing.
      expect(await tx.query(`update public.announcements set published_at = now(), title = $2 where id = $1 returning id`, [draft.id, { ms: 'Lain', en: 'Other' }])).toEqual([]);
      await tx.as(w.actors.admin);
      expect(await tx.query(`update public.announcements set published_at = null where id = $1 returning id`, [draft.id])).toEqual([]);
      expect(await tx.query(`delete from public.announcements where id = $1 returning id`, [draft.id])).toEqual([]);
      // Not even the service role unpublishes or republishes it.
      await tx.as(SERVICE);
      const unpublish = await tx.fails(`update public.announcements set published_at = null where id = $1`, [draft.id]);
      expect(unpublish.message).toContain('published_at: this announcement was published at');
      const republish = await tx.fails(`update public.announcements set published_at = now() where id = $1`, [draft.id]);
      expect(republish.code).toBe('23514');
      await tx.asOwner();
      expect(await reached(tx, w, draft.id)).toEqual(['aminah', 'guardian']);
      expect(await outbox(tx, `o.dedupe_key like $1 and o.account_id = any($2::uuid[])`, [`announcement:${draft.id}:%`, Object.values(w.users)])).toHaveLength(2);
      // Someone else's draft, or one that does not exist: refused as such.
      await tx.as(w.actors.officerElsewhere);
      const [johorDraft] = await tx.query<{ id: string }>(`insert into public.announcements (title, body, target_kind, target_district) values ($1, $1, 'district', $2) returning id`, [TEXT, JOHOR_BAHRU]);
      await tx.as(w.actors.officer);
      const notMine = await tx.fails(`select public.publish_announcement($1)`, [johorDraft.id]);
      expect(notMine.code).toBe('42501');
    });
  });

  it.each([
    ['a title without English', { title: { ms: 'Pengumuman' }, target_kind: 'everyone' }, 'announcements_title_needs_ms_and_en'],
    ['a body with a blank Malay text', { body: { ms: ' ', en: 'Body' }, target_kind: 'everyone' }, 'announcements_body_needs_ms_and_en'],
    ['a title in an unknown language', { title: { ms: 'a', en: 'b', fr: 'c' }, target_kind: 'everyone' }, 'announcements_title_needs_ms_and_en'],
    ['a district target with a state', { target_kind: 'district', target_district: PETALING, target_state: SELANGOR }, 'announcements_target_matches_kind'],
    ['a state target without a state', { target_kind: 'state' }, 'announcements_target_matches_kind'],
    ['everyone with a status', { target_kind: 'everyone', target_status: 'pui' }, 'announcements_target_matches_kind'],
    ['an unknown target kind', { target_kind: 'postcode' }, 'announcements_target_kind_known'],
  ])('refuses %s, naming the field, and writes nothing', async (_case, fields, constraint) => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      const row: Record<string, unknown> = { title: TEXT, body: TEXT, published_at: new Date(), ...fields };
      const columns = Object.keys(row);
      await tx.as(w.actors.admin);
      const error = await tx.fails(
        `insert into public.announcements (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row),
      );
      expect(error.constraint).toBe(constraint);
      expect(error.message).toContain(constraint.split('_')[1]);
      await tx.asOwner();
      // Nothing written by this attempt (the database may hold other announcements, e.g. the demo seed's).
      expect(await tx.query(`select 1 from public.announcements where created_at = now()`)).toHaveLength(0);
      expect(await tx.query(`select 1 from public.notifications where kind = 'announcement' and created_at = now()`)).toHaveLength(0);
    });
  });

  it('RLS matrix: writers see and change their drafts; audiences read what is published to them', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      const a = w.announcements;
      const actual: Record<string, unknown> = {};
      for (const name of ACTORS) {
        const actor = w.actors[name];
        actual[name] = {
          select: await visibleTo(tx, actor, 'public.announcements', a),
          insert: await outcome(tx, actor, `insert into public.announcements (title, body, target_kind, target_district) values ($1, $1, 'district', $2)`, [TEXT, PETALING]),
          // The service role is refused published ones by the trigger (below), not silently.
          update: await changedBy(tx, actor, 'public.announcements', `update public.announcements set title = '{"ms": "Baharu", "en": "New"}' where id = $1::uuid`,
            name === 'service_role' ? { petalingDraft: a.petalingDraft, johorDraft: a.johorDraft } : a),
          delete: await changedBy(tx, actor, 'public.announcements', `delete from public.announcements where id = $1::uuid`, a),
        };
      }
      const all = ['everyone', 'johorDraft', 'petalingDraft', 'petalingPublished'];
      const reader = (select: string[]) => ({ select, insert: '42501', update: [], delete: [] });
      expect(actual).toEqual({
        anon: { select: 'denied', insert: '42501', update: 'denied', delete: 'denied' },
        service_role: { select: all, insert: 'ok', update: ['johorDraft', 'petalingDraft'], delete: all },
        aminah: reader(['everyone', 'petalingPublished']),
        badrul: reader(['everyone']),
        guardian: reader(['everyone', 'petalingPublished']),
        officer: { select: ['everyone', 'petalingDraft', 'petalingPublished'], insert: 'ok', update: ['petalingDraft'], delete: ['petalingDraft'] },
        officerElsewhere: { select: ['everyone', 'johorDraft'], insert: '42501', update: ['johorDraft'], delete: ['johorDraft'] },
        supervisor: { select: ['everyone', 'petalingDraft', 'petalingPublished'], insert: 'ok', update: ['petalingDraft'], delete: ['petalingDraft'] },
        analyst: reader(['everyone']),
        agent: reader(['everyone']),
        admin: { select: all, insert: 'ok', update: ['johorDraft', 'petalingDraft'], delete: ['johorDraft', 'petalingDraft'] },
      });
      await tx.as(SERVICE);
      const frozen = await tx.fails(`update public.announcements set title = '{"ms": "Baharu", "en": "New"}' where id = $1`, [a.petalingPublished]);
      expect(frozen.message).toContain('can no longer be changed or unpublished');
    });
  });

  it('fans out to every account of the audience in one statement, once each', async () => {
    await inTransaction(async (tx) => {
      // The 100,000-recipient timing lives in the benchmarks; here, enough accounts to see the set-based path count right.
      await tx.query(
        `insert into auth.users (id, aud, role, email, created_at, updated_at)
         select gen_random_uuid(), 'authenticated', 'authenticated', g || '@fan-out.test', now(), now() from generate_series(1, 2000) g`,
      );
      const [row] = await tx.query<{ id: string }>(
        `insert into public.announcements (title, body, target_kind, published_at) values ($1, $1, 'everyone', now()) returning id`,
        [TEXT],
      );
      const [counts] = await tx.query<{ inbox: number; queued: number; audience: number }>(
        `select (select count(*)::int from public.notifications where data ->> 'announcement_id' = $1) as inbox,
                (select count(*)::int from private.notification_outbox where dedupe_key like 'announcement:' || $1 || ':%') as queued,
                (select count(*)::int from auth.users u where u.deleted_at is null and not u.is_anonymous) as audience`,
        [row.id],
      );
      expect(counts.audience).toBeGreaterThanOrEqual(2000);
      expect(counts.inbox).toBe(counts.audience);
      expect(counts.queued).toBe(counts.audience);
    });
  });
});

describe('feedback', () => {
  it('a ticket opened with a chosen id is opened once, however often the call is retried', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const id = randomUUID();
      const open = () => tx.query<{ id: string }>(`select * from public.open_feedback_ticket('question', 'Soalan', 'Bila boleh keluar rumah?', $1)`, [id]);
      expect((await open())[0].id).toBe(id);
      expect((await open())[0].id).toBe(id);
      expect(await tx.query(`select 1 from public.feedback_messages where ticket_id = $1`, [id])).toHaveLength(1);
    });
  });

  it('a user opens a ticket; an agent\'s reply marks it answered and tells the user; the user writing again reopens it', async () => {
    await inTransaction(async (tx) => {
      const w = await buildWorld(tx);
      await tx.as(w.actors.aminah);
      const [ticket] = await tx.query<{ id: string; status: string; account_id: string }>(
        `select * from public.open_feedback_ticket('problem', 'Kod TAC tidak diterima', 'Saya tidak menerima kod TAC.')`,
      );
      expect(ticket).toMatchObject({ status: 'open', account_id: w.users.aminah });

      await tx.as(w.actors.agent);
      const [reply] = await tx.query<{ id: string; from_staff: boolean; author_id: string }>(
        `insert into public.feedback_messages (ticket_id, body) values ($1, 'Sila cuba semula selepas 5 minit.') returning *`,
        [ticket.id],
      );
      expect(reply).toMatchObject({ from_staff: true, author_id: w.users.agent });
      await tx.asOwner();
      const [answered] = await tx.query<{ status: string }>(`select status from public.feedback_tickets where id = $1`, [ticket.id]);
      expect(answered.status).toBe('answered');
      const told = await tx.query<{ kind: string; title: Record<string, string>; body: Record<string, string>; data: Record<string, string> }>(
        `select kind, title, body, data from public.notifications where account_id = $1 and kind = 'feedback_reply'`,
        [w.users.aminah],
      );
      expect(told).toEqual([
        {
          kind: 'feedback_reply',
          title: { ms: 'Maklum balas anda telah dibalas', en: 'Your feedback has a reply' },
          body: { ms: 'Balasan kepada: Kod TAC tidak diterima', en: 'Reply to: Kod TAC tidak diterima' },
          data: { ticket_id: ticket.id, message_id: reply.id },
        },
      ]);
      expect(await outbox(tx, `o.dedupe_key = $1`, [`feedback_reply:${reply.id}`])).toHaveLength(1);

      await tx.as(w.actors.aminah);
      const [mine] = await tx.query<{ from_staff: boolean }>(`insert into public.feedback_messages (ticket_id, body) values ($1, 'Masih tidak berjaya.') returning from_staff`, [ticket.id]);
      expect(mine.from_staff).toBe(false);
      const [reopened] = await tx.query<{ status: string }>(`select status from public.feedback_tickets where id = $1`, [ticket.id]);
      expect(reopened.status).toBe('open');
    });
  });

  it('from_staff cannot be forged: not by the client, not by writing as a member of the public', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await tx.as(w.actors.aminah);
      const forged = await tx.fails(`insert into public.feedback_messages (ticket_id, body, from_staff) values ($1, 'Saya ejen.', true)`, [w.tickets.aminah]);
      expect(forged.code).toBe('42501');
      const asSomeoneElse = await tx.fails(`insert into public.feedback_messages (ticket_id, body, author_id) values ($1, 'Daripada ejen.', $2)`, [w.tickets.aminah, w.users.agent]);
      expect(asSomeoneElse.code).toBe('42501');
      // Even a trusted writer (an email bridge with the service role) gets from_staff from the author's role.
      await tx.as(SERVICE);
      const [bridged] = await tx.query<{ from_staff: boolean }>(
        `insert into public.feedback_messages (ticket_id, author_id, body, from_staff) values ($1, $2, 'Melalui e-mel.', true) returning from_staff`,
        [w.tickets.aminah, w.users.aminah],
      );
      expect(bridged.from_staff).toBe(false);
      // An officer is staff, but not the call centre.
      const [officers] = await tx.query<{ from_staff: boolean }>(
        `insert into public.feedback_messages (ticket_id, author_id, body) values ($1, $2, 'Pegawai.') returning from_staff`,
        [w.tickets.aminah, w.users.officer],
      );
      expect(officers.from_staff).toBe(false);
      await tx.asOwner();
      const [seeded] = await tx.query<{ from_staff: boolean }>(`select from_staff from public.feedback_messages where id = $1`, [w.messages.agentReply]);
      expect(seeded.from_staff).toBe(true);
    });
  });

  it('users close their own tickets and only close them; agents set any status; closed tickets take no messages', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await tx.as(w.actors.aminah);
      expect((await tx.fails(`update public.feedback_tickets set status = 'answered' where id = $1`, [w.tickets.aminah])).code).toBe('42501');
      expect((await tx.fails(`update public.feedback_tickets set subject = 'Lain' where id = $1`, [w.tickets.aminah])).code).toBe('42501');
      const [closed] = await tx.query<{ status: string; closed_at: Date | null }>(`update public.feedback_tickets set status = 'closed' where id = $1 returning *`, [w.tickets.aminah]);
      expect(closed.status).toBe('closed');
      expect(closed.closed_at).not.toBeNull();
      const late = await tx.fails(`insert into public.feedback_messages (ticket_id, body) values ($1, 'Satu lagi.')`, [w.tickets.aminah]);
      expect(late.message).toBe('ticket_id: this ticket is closed; open a new ticket');

      await tx.as(w.actors.agent);
      const [reopened] = await tx.query<{ status: string; closed_at: Date | null }>(`update public.feedback_tickets set status = 'open' where id = $1 returning *`, [w.tickets.aminah]);
      expect(reopened).toMatchObject({ status: 'open', closed_at: null });
      const unknown = await tx.fails(`update public.feedback_tickets set status = 'escalated' where id = $1`, [w.tickets.aminah]);
      expect(unknown.constraint).toBe('feedback_tickets_status_known');
    });
  });

  it('refuses an empty message or an unknown category, naming the field, and leaves no half-opened ticket', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      await tx.as(w.actors.badrul);
      const empty = await tx.fails(`select public.open_feedback_ticket('question', 'Soalan', '   ')`);
      expect(empty.constraint).toBe('feedback_messages_body_length');
      expect(empty.message).toContain('body');
      const tooLong = await tx.fails(`insert into public.feedback_messages (ticket_id, body) values ($1, repeat('x', 5001))`, [w.tickets.badrul]);
      expect(tooLong.constraint).toBe('feedback_messages_body_length');
      const category = await tx.fails(`select public.open_feedback_ticket('rant', 'Soalan', 'Isi')`);
      expect(category.constraint).toBe('feedback_tickets_category_known');
      const subject = await tx.fails(`select public.open_feedback_ticket('question', '', 'Isi')`);
      expect(subject.constraint).toBe('feedback_tickets_subject_length');
      await tx.asOwner();
      expect(await tx.query(`select 1 from public.feedback_tickets where account_id = $1`, [w.users.badrul])).toHaveLength(1);
    });
  });

  it('the ticket summary gives agents the sender\'s name and masked phone only, and RLS decides the rows', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      const seen: Record<string, unknown> = {};
      const summary = `select id, sender_name, sender_phone_masked, message_count from public.feedback_ticket_summary where id = any($1) order by sender_name`;
      for (const name of ACTORS) {
        await tx.as(w.actors[name]);
        seen[name] = name === 'anon' ? (await tx.fails(summary, [Object.values(w.tickets)])).code : await tx.query(summary, [Object.values(w.tickets)]);
        await tx.asOwner();
      }
      const aminahs = { id: w.tickets.aminah, sender_name: 'Aminah binti Ahmad', sender_phone_masked: '+6012****701', message_count: 2 };
      const badruls = { id: w.tickets.badrul, sender_name: 'Badrul bin Hassan', sender_phone_masked: null, message_count: 1 };
      expect(seen).toEqual(
        each([], {
          anon: '42501',
          service_role: [aminahs, badruls],
          aminah: [aminahs],
          badrul: [badruls],
          agent: [aminahs, badruls],
          admin: [aminahs, badruls],
        }),
      );
      const [columns] = await tx.query<{ names: string[] }>(
        `select array_agg(column_name::text order by ordinal_position) as names from information_schema.columns
         where table_schema = 'public' and table_name = 'feedback_ticket_summary'`,
      );
      expect(columns.names.filter((c) => c.startsWith('sender'))).toEqual(['sender_name', 'sender_phone_masked']);
    });
  });

  it('RLS matrix: tickets and messages', async () => {
    await inTransaction(async (tx) => {
      const w = await communicationsWorld(tx);
      const tickets: Record<string, unknown> = {};
      const messages: Record<string, unknown> = {};
      for (const name of ACTORS) {
        const actor = w.actors[name];
        tickets[name] = {
          select: await visibleTo(tx, actor, 'public.feedback_tickets', w.tickets),
          insert: await outcome(tx, actor, `insert into public.feedback_tickets (category, subject) values ('other', 'Matrix')`),
          close: await changedBy(tx, actor, 'public.feedback_tickets', `update public.feedback_tickets set status = 'closed' where id = $1::uuid`, w.tickets),
          delete: await changedBy(tx, actor, 'public.feedback_tickets', `delete from public.feedback_tickets where id = $1::uuid`, w.tickets),
        };
        messages[name] = {
          select: await visibleTo(tx, actor, 'public.feedback_messages', w.messages),
          insertOnAminahs: await outcome(tx, actor, `insert into public.feedback_messages (ticket_id, body) values ($1, 'Matrix')`, [w.tickets.aminah]),
          update: await changedBy(tx, actor, 'public.feedback_messages', `update public.feedback_messages set body = 'Edited' where id = $1::uuid`, w.messages),
          delete: await changedBy(tx, actor, 'public.feedback_messages', `delete from public.feedback_messages where id = $1::uuid`, w.messages),
        };
      }
      const both = ['aminah', 'badrul'];
      const stranger = { select: [], insert: 'ok', close: [], delete: 'denied' };
      expect(tickets).toEqual(
        each(stranger, {
          anon: { select: 'denied', insert: '42501', close: 'denied', delete: 'denied' },
          service_role: { select: both, insert: '23502', close: both, delete: both },
          aminah: { select: ['aminah'], insert: 'ok', close: ['aminah'], delete: 'denied' },
          badrul: { select: ['badrul'], insert: 'ok', close: ['badrul'], delete: 'denied' },
          agent: { select: both, insert: 'ok', close: both, delete: 'denied' },
          admin: { select: both, insert: 'ok', close: both, delete: 'denied' },
        }),
      );
      const all = ['agentReply', 'aminahMessage', 'badrulMessage'];
      expect(messages).toEqual(
        each({ select: [], insertOnAminahs: '42501', update: 'denied', delete: 'denied' }, {
          anon: { select: 'denied', insertOnAminahs: '42501', update: 'denied', delete: 'denied' },
          service_role: { select: all, insertOnAminahs: 'ok', update: all, delete: all },
          aminah: { select: ['agentReply', 'aminahMessage'], insertOnAminahs: 'ok', update: 'denied', delete: 'denied' },
          badrul: { select: ['badrulMessage'], insertOnAminahs: '42501', update: 'denied', delete: 'denied' },
          agent: { select: all, insertOnAminahs: 'ok', update: 'denied', delete: 'denied' },
          admin: { select: all, insertOnAminahs: 'ok', update: 'denied', delete: 'denied' },
        }),
      );
    });
  });
});
