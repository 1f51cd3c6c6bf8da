/** sejahtera.notifications: push devices (register_device) and the inbox the database writes (private.notify). */
import { describe, expect, it } from 'vitest';
import { AuthError, ValidationError, newIdempotencyKey } from '../src/index.ts';
import { PASSWORD, answers, demo, demoStaff, registered, sdk, signedIn, unique } from './support.ts';

/**
 * A registered user whose PUI declaration made the database write two notifications in one transaction
 * (at one time). In Labuan, where no test publishes announcements, so that the inbox holds only these.
 */
async function withNotifications() {
  const user = await signedIn();
  const person = await user.client.profile.register({ full_name: 'Inbox Person', district_code: 'MY-15-01', preferred_language: 'en' });
  await user.client.assessments.submit({ answers: await answers(user.client, ['cough', 'close_contact']) });
  return { ...user, person };
}

function fcmToken(): string {
  return `fcm-${unique()}:APA91b${unique()}${unique()}`;
}

describe('notifications: devices', () => {
  it('registers a device, refreshes it on every start, and unregisters it', async () => {
    const { client, userId } = await signedIn();
    const token = fcmToken();
    const first = await client.notifications.registerDevice({ token, platform: 'android' });
    expect(first).toMatchObject({ platform: 'android' });
    expect(first).not.toHaveProperty('token');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await client.notifications.registerDevice({ token, platform: 'ios' });
    expect(again.id).toBe(first.id);
    expect(again.platform).toBe('ios');
    expect(Date.parse(again.last_seen_at)).toBeGreaterThan(Date.parse(first.last_seen_at));
    const { data } = await client.supabase.from('device_tokens').select('account_id, token');
    expect(data).toEqual([{ account_id: userId, token }]);

    expect(await client.notifications.unregisterDevice(token)).toBe(true);
    expect(await client.notifications.unregisterDevice(token)).toBe(false);
    expect((await client.supabase.from('device_tokens').select('id')).data).toEqual([]);
  });

  it('a token moves to the account that registers it last (a handed-down device); nobody else can remove it', async () => {
    const first = await signedIn();
    const second = await signedIn();
    const token = fcmToken();
    await first.client.notifications.registerDevice({ token, platform: 'web' });
    // Another user cannot take it away by unregistering: their call changes nothing.
    expect(await second.client.notifications.unregisterDevice(token)).toBe(false);
    expect((await first.client.supabase.from('device_tokens').select('token')).data).toEqual([{ token }]);
    // Signing in on that device with another account moves it there.
    await second.client.notifications.registerDevice({ token, platform: 'web' });
    expect((await first.client.supabase.from('device_tokens').select('token')).data).toEqual([]);
    expect((await second.client.supabase.from('device_tokens').select('account_id')).data).toEqual([{ account_id: second.userId }]);
  });

  it('bad tokens and platforms are ValidationError, without the token in the error; anon gets AuthError', async () => {
    const { client } = await signedIn();
    const secret = 'secret token with spaces';
    const error = await client.notifications
      // @ts-expect-error: not a platform FCM serves here
      .registerDevice({ token: secret, platform: 'windows' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['platform', 'token']);
    expect(JSON.stringify(error)).not.toContain('secret token');
    await expect(client.notifications.unregisterDevice('')).rejects.toBeInstanceOf(ValidationError);

    const anon = sdk();
    await expect(anon.notifications.registerDevice({ token: fcmToken(), platform: 'web' })).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    await expect(anon.notifications.unregisterDevice(fcmToken())).rejects.toBeInstanceOf(AuthError);
    // Not through the SDK either: anon may not call register_device.
    const { error: raw } = await anon.supabase.rpc('register_device', { token: fcmToken(), platform: 'web' });
    expect(raw).not.toBeNull();
  });
});

describe('notifications: inbox', () => {
  it('newest first, in the client\'s language or the one asked for, Malay where a translation is missing', async () => {
    const { client, person, email } = await withNotifications();
    const en = await client.notifications.inbox({ language: 'en' });
    expect(en.next).toBeNull();
    expect(en.notifications.map((n) => n.kind).sort()).toEqual(['status_changed', 'test_advised']);
    const changed = en.notifications.find((n) => n.kind === 'status_changed');
    expect(changed).toMatchObject({
      person_id: person.id,
      language: 'en',
      title: 'Health status updated',
      body: 'New status: Patient under investigation (PUI)',
      data: { from: 'pending_assessment', to: 'pui', person_id: person.id },
      read_at: null,
    });
    // The client's language (ms by default), and Malay for a language with no translation.
    const ms = await client.notifications.inbox();
    expect(ms.notifications.find((n) => n.kind === 'status_changed')).toMatchObject({ language: 'ms', title: 'Status kesihatan dikemas kini' });
    const zh = await client.notifications.inbox({ language: 'zh' });
    expect(zh.notifications.map((n) => n.language)).toEqual(['ms', 'ms']);
    const english = sdk({ language: 'en' });
    await english.auth.signInWithPassword({ email, password: PASSWORD });
    expect((await english.notifications.inbox()).notifications.map((n) => n.language)).toEqual(['en', 'en']);
  });

  it('pages through notifications written at the same moment, without losing or repeating one', async () => {
    const { client } = await withNotifications();
    await client.assessments.submit({ answers: await answers(client) });
    const all = (await client.notifications.inbox({ limit: 100 })).notifications;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const times = all.map((n) => n.created_at);
    expect(times).toEqual([...times].sort().reverse());
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { notifications, next } = await client.notifications.inbox({ limit: 1, before });
      seen.push(...notifications.map((n) => n.id));
      if (!next) break;
      before = next;
    }
    expect(seen).toEqual(all.map((n) => n.id));
    // A bare time works as a cursor too.
    const older = await client.notifications.inbox({ before: '2000-01-01T00:00:00Z' });
    expect(older).toEqual({ notifications: [], next: null });
  });

  it('marks notifications read by id or all, and lists unread only', async () => {
    const { client } = await withNotifications();
    const [newest, older] = (await client.notifications.inbox()).notifications;
    expect(await client.notifications.markRead([newest.id])).toBe(1);
    expect(await client.notifications.markRead([newest.id])).toBe(0);
    const unread = await client.notifications.inbox({ unreadOnly: true });
    expect(unread.notifications.map((n) => n.id)).toEqual([older.id]);
    expect((await client.notifications.inbox()).notifications[0].read_at).not.toBeNull();
    expect(await client.notifications.markRead('all')).toBe(1);
    expect((await client.notifications.inbox({ unreadOnly: true })).notifications).toEqual([]);
  });

  it('another user, and staff, neither see nor mark someone else\'s notifications; anon gets AuthError', async () => {
    const owner = await withNotifications();
    const ids = (await owner.client.notifications.inbox()).notifications.map((n) => n.id);
    const other = await registered('Other');
    expect((await other.client.notifications.inbox()).notifications.map((n) => n.id)).not.toContain(ids[0]);
    expect(await other.client.notifications.markRead(ids)).toBe(0);
    const officer = await demo('officer@sejahtera.test');
    expect(await officer.notifications.markRead(ids)).toBe(0);
    const { data: officerSees } = await officer.supabase.from('notifications').select('id').in('id', ids);
    expect(officerSees).toEqual([]);
    expect((await owner.client.notifications.inbox({ unreadOnly: true })).notifications.map((n) => n.id)).toEqual(ids);

    const anon = sdk();
    await expect(anon.notifications.inbox()).rejects.toMatchObject({ code: 'not_signed_in' });
    await expect(anon.notifications.markRead('all')).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('bad queries are ValidationError per field', async () => {
    const { client } = await signedIn();
    await expect(client.notifications.inbox({ limit: 0, before: 'yesterday' })).rejects.toMatchObject({
      fields: { limit: ['must be at least 1'], before: ['must be the `next` of a previous page, or a time (ISO 8601)'] },
    });
    await expect(client.notifications.markRead([])).rejects.toBeInstanceOf(ValidationError);
    await expect(client.notifications.markRead(['not-an-id'])).rejects.toBeInstanceOf(ValidationError);
  });

  it('unreadCount, the inbox about a ticket, and marking read what a page shows, without touching the rest', async () => {
    const { client } = await withNotifications();
    const all = (await client.notifications.inbox()).notifications;
    expect(all.length).toBeGreaterThan(0);
    expect(await client.notifications.unreadCount()).toBe(all.length);

    // An agent's reply notifies about the ticket (data.ticket_id).
    const ticket = await client.feedback.open({ category: 'question', message: 'When does my monitoring end?' });
    const agent = await demoStaff('agent@sejahtera.test');
    await agent.feedback.reply(ticket.id, { message: 'In 14 days.' });
    expect(await client.notifications.unreadCount()).toBe(all.length + 1);
    const about = await client.notifications.inbox({ about: { ticket_id: ticket.id } });
    expect(about.notifications.map((n) => [n.kind, n.data.ticket_id])).toEqual([['feedback_reply', ticket.id]]);
    expect((await client.notifications.inbox({ about: { ticket_id: newIdempotencyKey() } })).notifications).toEqual([]);

    expect(await client.notifications.markRead({ about: { ticket_id: ticket.id } })).toBe(1);
    expect(await client.notifications.markRead({ about: { ticket_id: ticket.id } })).toBe(0);
    expect(await client.notifications.unreadCount()).toBe(all.length);
    expect((await client.notifications.inbox({ unreadOnly: true })).notifications.map((n) => n.id)).toEqual(all.map((n) => n.id));

    // Nobody else's: another account's count and marks leave these alone.
    const other = await signedIn();
    expect(await other.client.notifications.unreadCount()).toBe(0);
    expect(await other.client.notifications.markRead({ about: { ticket_id: ticket.id } })).toBe(0);
    await expect(sdk().notifications.unreadCount()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });
    await expect(client.notifications.inbox({ about: { ticket_id: 'ticket-1' } })).rejects.toMatchObject({ name: 'ValidationError', issues: [{ field: 'about.ticket_id', code: 'invalid_id' }] });
    await expect(client.notifications.markRead({ about: { announcement_id: 'x' } })).rejects.toBeInstanceOf(ValidationError);
  });
});
