/** Type-level tests of the communications namespaces and the offline queue. Run by `vitest --typecheck`. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Announcement,
  type AnnouncementTarget,
  type Device,
  type FeedbackThread,
  type FeedbackTicketSummary,
  type FlushResult,
  type InboxPage,
  type PersonStatus,
  type SignedIn,
  type FeedbackTicket,
  type QueuedAssessment,
  type SejahteraClient,
  createOfflineQueue,
  keyValueStorage,
  memoryStorage,
} from '../src/index.ts';
import type { AnnouncementRecord, SejahteraStaffClient } from '../src/staff.ts';

declare const sejahtera: SejahteraClient;
declare const staff: SejahteraStaffClient;

describe('communications', () => {
  it('return domain types, never any', () => {
    expectTypeOf(sejahtera.notifications.registerDevice).returns.resolves.toEqualTypeOf<Device>();
    expectTypeOf(sejahtera.notifications.inbox).returns.resolves.toEqualTypeOf<InboxPage>();
    expectTypeOf(sejahtera.notifications.unreadCount).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(sejahtera.announcements.get).returns.resolves.toEqualTypeOf<Announcement>();
    expectTypeOf(sejahtera.status.list).returns.resolves.toEqualTypeOf<PersonStatus[]>();
    expectTypeOf(sejahtera.auth.exchangeCode).returns.resolves.toEqualTypeOf<SignedIn>();
    expectTypeOf(sejahtera.feedback.open).returns.resolves.toEqualTypeOf<FeedbackTicket>();
    expectTypeOf<PersonStatus['relationship']>().toEqualTypeOf<string | null>();
  });

  it('what a notification is about: ids of a ticket, an announcement or a person, nothing else', () => {
    void sejahtera.notifications.inbox({ about: { ticket_id: 'a uuid' } });
    void sejahtera.notifications.markRead({ about: { announcement_id: 'a uuid' } });
    // @ts-expect-error: notifications are not about cases
    void sejahtera.notifications.markRead({ about: { case_id: 'a uuid' } });
    // @ts-expect-error: an idempotency key goes in the options, last
    void sejahtera.feedback.open({ category: 'question', message: 'x', idempotencyKey: 'k' });
    expectTypeOf(sejahtera.notifications.markRead).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(sejahtera.announcements.list).returns.resolves.toEqualTypeOf<Announcement[]>();
    expectTypeOf(sejahtera.feedback.get).returns.resolves.toEqualTypeOf<FeedbackThread>();
    expectTypeOf(sejahtera.feedback.list).returns.resolves.toEqualTypeOf<FeedbackTicketSummary[]>();
    expectTypeOf(staff.announcements.list).returns.resolves.toEqualTypeOf<Announcement[]>();
    expectTypeOf(staff.announcements.publish).returns.resolves.toEqualTypeOf<AnnouncementRecord>();
    expectTypeOf(staff.feedback.get).returns.resolves.toEqualTypeOf<FeedbackThread>();
    expectTypeOf(staff.feedback.queue).returns.resolves.toEqualTypeOf<FeedbackTicketSummary[]>();
    expectTypeOf<InboxPage['notifications'][number]['data']>().not.toBeAny();
    expectTypeOf<FeedbackTicketSummary['status']>().toEqualTypeOf<'open' | 'answered' | 'closed'>();
  });

  it('targets are a discriminated union; options come last', () => {
    const target: AnnouncementTarget = { kind: 'district', district: 'MY-10-07' };
    if (target.kind === 'district') expectTypeOf(target.district).toEqualTypeOf<string>();
    expectTypeOf(sejahtera.notifications.markRead).toBeCallableWith('all', { signal: AbortSignal.timeout(1000) });
    expectTypeOf(sejahtera.feedback.reply).toBeCallableWith('id', { message: 'Hi' }, { idempotencyKey: 'uuid' });
    // @ts-expect-error: a state target names a state
    staff.announcements.create({ title: { ms: 'a', en: 'b' }, body: { ms: 'a', en: 'b' }, target: { kind: 'state', district: 'MY-10-07' } });
    // @ts-expect-error: not a platform
    sejahtera.notifications.registerDevice({ token: 't', platform: 'windows' });
  });

  it('the public client reads announcements and writes on its own tickets; writing announcements and the queue are staff\'s', () => {
    // @ts-expect-error: publishing is in @sejahtera/sdk/staff
    sejahtera.announcements.publish('id');
    // @ts-expect-error: so is writing drafts
    sejahtera.announcements.listOwn();
    // @ts-expect-error: and the agents' queue
    sejahtera.feedback.queue();
    expectTypeOf(sejahtera.feedback.setStatus).toBeCallableWith('id', 'closed');
  });
});

describe('offline queue', () => {
  it('takes any storage with get/set or getItem/setItem, and reports typed results', () => {
    const queue = createOfflineQueue({ sejahtera, storage: memoryStorage(), online: new EventTarget() });
    createOfflineQueue({ sejahtera, storage: keyValueStorage({ getItem: async () => null, setItem: async () => {} }) });
    // A staff client is a client: the queue takes it too.
    createOfflineQueue({ sejahtera: staff, storage: memoryStorage() });
    expectTypeOf(queue.flush).returns.resolves.toEqualTypeOf<FlushResult>();
    expectTypeOf(queue.enqueue).returns.resolves.toEqualTypeOf<QueuedAssessment>();
    // @ts-expect-error: answers are true or false
    queue.enqueue({ answers: { cough: 'yes' } });
  });
});
