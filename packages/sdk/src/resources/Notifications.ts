import { NotFoundError } from '../lib/errors.ts';
import { localize, translationOf } from '../lib/localize.ts';
import type { PostgrestRequest, RequestOptions, Transport } from '../lib/Transport.ts';
import {
  type InboxQuery,
  type MarkReadInput,
  type NotificationAbout,
  type RegisterDeviceInput,
  deviceTokenSchema,
  inboxQuerySchema,
  markReadSchema,
  registerDeviceSchema,
} from '../schemas/communications.ts';
import type { Database } from '../database.types.ts';
import type { Device, DevicePlatform, InboxNotification, InboxPage, NotificationKind } from '../communications.types.ts';
import type { Language } from '../types.ts';

type NotificationRow = Database['public']['Tables']['notifications']['Row'];

/** A query of the account's notifications narrowed to those whose data names each id in `about`. */
function whereAbout<Q extends { eq(column: string, value: string): Q }>(request: Q, about: NotificationAbout | undefined): Q {
  for (const [key, id] of Object.entries(about ?? {})) if (id !== undefined) request = request.eq(`data->>${key}`, id);
  return request;
}

const NOTIFICATION_COLUMNS = 'id, kind, person_id, title, body, data, created_at, read_at';

function toDevice(row: Database['public']['Tables']['device_tokens']['Row']): Device {
  return { id: row.id, platform: row.platform as DevicePlatform, created_at: row.created_at, last_seen_at: row.last_seen_at };
}

function toNotification(row: Pick<NotificationRow, 'id' | 'kind' | 'person_id' | 'title' | 'body' | 'data' | 'created_at' | 'read_at'>, language: Language): InboxNotification {
  // Malay, as the push dispatcher falls back (private.claim_push): every notification has it.
  const title = translationOf(row.title, language, ['ms']);
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    person_id: row.person_id,
    language: title?.language ?? 'ms',
    title: title?.text ?? '',
    body: localize(row.body, title?.language ?? 'ms', ['ms']),
    data: typeof row.data === 'object' && row.data !== null && !Array.isArray(row.data) ? row.data : {},
    created_at: row.created_at,
    read_at: row.read_at,
  };
}

/** Push devices and the signed-in account's inbox (written by the database: status changes, announcements, replies...). */
export class Notifications {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Registers this device's push token for the signed-in account, or refreshes it (its last-seen time):
   * call it on every app start. A token another account registered (a shared or handed-down device)
   * moves to this one. Safe to retry. Throws ValidationError (`token`, `platform`), AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const token = await getToken(messaging, { vapidKey });
   * await sejahtera.notifications.registerDevice({ token, platform: 'web' });
   * ```
   */
  async registerDevice(input: RegisterDeviceInput, options: RequestOptions = {}): Promise<Device> {
    const { token, platform } = this.transport.parse(registerDeviceSchema, input);
    await this.transport.userId();
    // An upsert by token: sending it twice leaves one row, so it is retried like a read.
    const row = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.rpc('register_device', { token, platform }).abortSignal(signal),
      options,
      () => new NotFoundError('The device was not registered'),
    );
    return toDevice(row);
  }

  /**
   * Stops push to this device for the signed-in account (on sign-out). Resolves whether the token was
   * registered to this account; another account's registration of it is left alone. Safe to retry.
   * Throws ValidationError (`token`), AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * await sejahtera.notifications.unregisterDevice(token);
   * await sejahtera.auth.signOut();
   * ```
   */
  async unregisterDevice(token: string, options: RequestOptions = {}): Promise<boolean> {
    const value = this.transport.parse(deviceTokenSchema, token);
    const user = await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('device_tokens').delete().eq('account_id', user).eq('token', value).select('id').abortSignal(signal),
      options,
    );
    return (rows ?? []).length > 0;
  }

  /**
   * A page of the signed-in account's inbox, newest first: `limit` (default 20, at most 100)
   * notifications, unread only with `unreadOnly`, older than `before` (the `next` of the page before),
   * only those about a ticket, an announcement or a person with `about`.
   * Titles and bodies are in `language` (default: the client's), else in Malay.
   * Throws ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const first = await sejahtera.notifications.inbox({ unreadOnly: true });
   * if (first.next) await sejahtera.notifications.inbox({ unreadOnly: true, before: first.next });
   * const replies = await sejahtera.notifications.inbox({ about: { ticket_id: ticketId } });
   * ```
   */
  async inbox(query: InboxQuery = {}, options: RequestOptions = {}): Promise<InboxPage> {
    const { unreadOnly, limit = 20, before, about, language = this.transport.language } = this.transport.parse(inboxQuerySchema, query);
    const user = await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        let request = whereAbout(this.transport.supabase.from('notifications').select(NOTIFICATION_COLUMNS).eq('account_id', user), about);
        if (unreadOnly) request = request.is('read_at', null);
        if (before !== undefined) {
          // The time as the database wrote it: a Date would cut its microseconds.
          const [at, id] = before.split('|');
          // Several notifications can share a time (one transaction wrote them): the id breaks the tie.
          request = id === undefined ? request.lt('created_at', at) : request.or(`created_at.lt."${at}",and(created_at.eq."${at}",id.lt.${id})`);
        }
        // One more than asked, to know whether there is a next page.
        return request.order('created_at', { ascending: false }).order('id', { ascending: false }).limit(limit + 1).abortSignal(signal);
      },
      options,
    );
    const page = (rows ?? []).slice(0, limit);
    const last = page.at(-1);
    return {
      notifications: page.map((row) => toNotification(row, language)),
      next: last && (rows ?? []).length > limit ? `${last.created_at}|${last.id}` : null,
    };
  }

  /**
   * How many of the signed-in account's notifications are unread (one request, no rows read), e.g. for a
   * badge. Throws AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * badge.textContent = String(await sejahtera.notifications.unreadCount());
   * ```
   */
  async unreadCount(options: RequestOptions = {}): Promise<number> {
    const user = await this.transport.userId();
    const count = await this.transport.request(
      'safe',
      (signal): PostgrestRequest<number> => {
        const request = this.transport.supabase
          .from('notifications')
          .select('id', { count: 'exact', head: true })
          .eq('account_id', user)
          .is('read_at', null)
          .abortSignal(signal);
        // The count comes beside the (empty) data: it is this request's data.
        return { retry: (enabled) => request.retry(enabled), then: (resolve, reject) => request.then((result) => ({ ...result, data: result.count })).then(resolve, reject) };
      },
      options,
    );
    return count ?? 0;
  }

  /**
   * Marks notifications of the signed-in account read: by id, `'all'` the unread, or `{ about }` those
   * about a ticket, an announcement or a person (e.g. when its page is opened). Resolves how many
   * were unread and are now read; ids that are not this account's (or already read) are left alone.
   * Safe to retry. Throws ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * await sejahtera.notifications.markRead([notification.id]);
   * await sejahtera.notifications.markRead('all');
   * await sejahtera.notifications.markRead({ about: { ticket_id: ticketId } }); // its replies, once the thread is shown
   * ```
   */
  async markRead(ids: MarkReadInput, options: RequestOptions = {}): Promise<number> {
    const which = this.transport.parse(markReadSchema, ids);
    const user = await this.transport.userId();
    const readAt = new Date().toISOString();
    // Setting read_at only where it is null: a repeat changes nothing, so it is retried like a read.
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        const request = this.transport.supabase.from('notifications').update({ read_at: readAt }).eq('account_id', user).is('read_at', null);
        const chosen = which === 'all' ? request : Array.isArray(which) ? request.in('id', which) : whereAbout(request, which.about);
        return chosen.select('id').abortSignal(signal);
      },
      options,
    );
    return (rows ?? []).length;
  }
}
