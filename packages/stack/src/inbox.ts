/**
 * The development inbox (Supabase runs Inbucket for this): every auth email and SMS the stack would
 * have sent is captured here instead, readable as JSON for tests and as a page for people.
 * Messages live in memory and in one JSON-lines file, so a restart of the stack keeps them.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

export type InboxChannel = 'email' | 'sms';

/** A file a message carried (mail received over SMTP). */
export interface InboxAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** base64, kept for small attachments only */
  content?: string;
}

export interface InboxMessage {
  id: string;
  channel: InboxChannel;
  /** email address, or phone in E.164 with "+" */
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** the one-time code the message carries, when it carries one */
  code?: string;
  /** a link the message carries (confirmation, magic link, recovery) */
  link?: string;
  /** what the message is for: signup, recovery, magiclink, invite, email_change, sms_otp, phone_change, reauthentication; for mail received over SMTP its X-Sejahtera-Kind header (e.g. daily_report), else smtp */
  kind: string;
  attachments?: InboxAttachment[];
  createdAt: string;
}

export type NewInboxMessage = Omit<InboxMessage, 'id' | 'createdAt' | 'from'> & { from?: string };

export interface InboxFilter {
  to?: string;
  channel?: InboxChannel;
  kind?: string;
}

const MAX_MESSAGES = 5000;

export class Inbox {
  readonly #file: string | undefined;
  #messages: InboxMessage[] = [];

  constructor(file?: string) {
    this.#file = file;
    if (file && existsSync(file)) {
      this.#messages = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as InboxMessage)
        .slice(-MAX_MESSAGES);
    }
  }

  deliver(message: NewInboxMessage): InboxMessage {
    const stored: InboxMessage = {
      id: randomUUID(),
      from: message.channel === 'email' ? 'Sejahtera <no-reply@sejahtera.local>' : 'Sejahtera',
      createdAt: new Date().toISOString(),
      ...message,
      to: message.channel === 'email' ? message.to.toLowerCase() : message.to,
    };
    this.#messages.push(stored);
    if (this.#messages.length > MAX_MESSAGES) this.#messages.splice(0, this.#messages.length - MAX_MESSAGES);
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(stored)}\n`);
    return stored;
  }

  /** Newest first. */
  list(filter: InboxFilter = {}): InboxMessage[] {
    const to = filter.to ? normaliseAddress(filter.to) : undefined;
    return this.#messages
      .filter((m) => (to === undefined || normaliseAddress(m.to) === to))
      .filter((m) => (filter.channel === undefined || m.channel === filter.channel))
      .filter((m) => (filter.kind === undefined || m.kind === filter.kind))
      .reverse();
  }

  get(id: string): InboxMessage | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  clear(filter: InboxFilter = {}): number {
    const doomed = new Set(this.list(filter).map((m) => m.id));
    this.#messages = this.#messages.filter((m) => !doomed.has(m.id));
    if (this.#file) {
      writeFileSync(this.#file, this.#messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
    }
    return doomed.size;
  }
}

/** Emails compare case-insensitively; phones with or without "+". */
function normaliseAddress(address: string): string {
  return address.includes('@') ? address.toLowerCase() : address.replace(/^\+/, '');
}
