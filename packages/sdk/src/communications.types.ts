/** What the notifications, announcements and feedback namespaces return. */
import type * as z from 'zod/mini';
import type { Json } from './database.types.ts';
import type { FeedbackCategory, FeedbackStatus, devicePlatformSchema } from './schemas/communications.ts';
import type { AnnouncementTarget, Translations } from './schemas/staffCommunications.ts';
import type { Language } from './types.ts';

/** Where a push token comes from. */
export type DevicePlatform = z.output<typeof devicePlatformSchema>;

/**
 * A device registered for push notifications. The token itself is left out: the app already has it,
 * and a result that an app logs should not carry it.
 */
export interface Device {
  /** The registration's id. */
  id: string;
  /** web, android or ios. */
  platform: DevicePlatform;
  /** When it was first registered. */
  created_at: string;
  /** When the app last registered it (every start should); stale devices are pruned. */
  last_seen_at: string;
}

/** What a notification is about (public.notifications' kinds). */
export type NotificationKind =
  | 'status_changed'
  | 'test_advised'
  | 'reminder'
  | 'lab_result'
  | 'announcement'
  | 'feedback_reply'
  | 'invitation'
  | 'report_ready';

/** A notification in the inbox, in one language. */
export interface InboxNotification {
  /** The notification's id (for `markRead`). */
  id: string;
  /** What it is about. */
  kind: NotificationKind;
  /** Whom it is about: the account's own person or a dependent; null when about nobody in particular. */
  person_id: string | null;
  /** The language of `title` and `body` (Malay where the one asked for has no translation). */
  language: Language;
  /** The title, in `language`. */
  title: string;
  /** The text, in `language`. */
  body: string;
  /** What the app needs to open the right screen, e.g. `{ announcement_id }` or `{ ticket_id }`. */
  data: { [key: string]: Json | undefined };
  /** When the database wrote it. */
  created_at: string;
  /** When it was read; null while unread. */
  read_at: string | null;
}

/** A page of the inbox, newest first. */
export interface InboxPage {
  /** At most the page size, newest first. */
  notifications: InboxNotification[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** A published announcement, as its audience reads it, in one language. */
export interface Announcement {
  /** The announcement's id. */
  id: string;
  /** The language of `title` and `body` (Malay where the one asked for has no translation). */
  language: Language;
  /** The title, in `language`. */
  title: string;
  /** The text, in `language`. */
  body: string;
  /** Who it is for. */
  target: AnnouncementTarget;
  /** When it was published and sent. */
  published_at: string;
}

/** An announcement as the staff who write it see it (`@sejahtera/sdk/staff`): every translation, draft or published. */
export interface AnnouncementRecord {
  /** The announcement's id. */
  id: string;
  /** The title in every language written. */
  title: Translations;
  /** The text in every language written. */
  body: Translations;
  /** Who it is for. */
  target: AnnouncementTarget;
  /** The account that wrote it (null once that account is deleted). */
  created_by: string | null;
  /** When the draft was written. */
  created_at: string;
  /** When it last changed. */
  updated_at: string;
  /** When it was published (and sent to its audience); null for a draft. */
  published_at: string | null;
}

/** A feedback ticket: what it is about and where it stands. */
export interface FeedbackTicket {
  /** The ticket's id. */
  id: string;
  /** The sender's account. */
  account_id: string;
  /** What it is about. */
  category: FeedbackCategory;
  /** A line saying what it is about. */
  subject: string;
  /** open (waiting for an agent), answered, or closed. */
  status: FeedbackStatus;
  /** When it was opened. */
  created_at: string;
  /** When it last changed (a message, a status). */
  updated_at: string;
  /** When it was last closed; null unless closed. */
  closed_at: string | null;
}

/** A ticket with its sender (name and masked phone only) and activity, as lists show it. */
export interface FeedbackTicketSummary extends FeedbackTicket {
  /** The sender's name, where they registered a profile. */
  sender_name: string | null;
  /** e.g. +6012****701: agents never see the whole number. */
  sender_phone_masked: string | null;
  /** Messages on it so far. */
  message_count: number;
  /** When the latest message was written. */
  last_message_at: string | null;
}

/** A message on a ticket. Messages are never edited. */
export interface FeedbackMessage {
  /** The message's id. */
  id: string;
  /** The ticket it is on. */
  ticket_id: string;
  /** Who wrote it (null once that account is deleted). */
  author_id: string | null;
  /** Whether an agent or administrator wrote it (set by the database). */
  from_staff: boolean;
  /** What it says. */
  body: string;
  /** When it was written. */
  created_at: string;
}

/** A ticket and its conversation, oldest message first. */
export interface FeedbackThread {
  /** The ticket. */
  ticket: FeedbackTicket;
  /** Its messages, oldest first. */
  messages: FeedbackMessage[];
}
