import type { Database } from '../database.types.ts';
import { NotFoundError, isConflictError, isPermissionError } from '../lib/errors.ts';
import { rowIdFor, sameAsAsked } from '../lib/createOnce.ts';
import { insertOnce } from '../lib/insertOnce.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { idSchema } from '../schemas/common.ts';
import {
  type FeedbackReplyInput,
  type FeedbackStatus,
  type OpenFeedbackTicketInput,
  feedbackReplySchema,
  feedbackStatusSchema,
  openFeedbackTicketSchema,
} from '../schemas/communications.ts';
import type { FeedbackMessage, FeedbackThread, FeedbackTicket, FeedbackTicketSummary } from '../communications.types.ts';

type TicketRow = Database['public']['Tables']['feedback_tickets']['Row'];
type SummaryRow = Database['public']['Views']['feedback_ticket_summary']['Row'];

const TICKET_COLUMNS = 'id, account_id, category, subject, status, created_at, updated_at, closed_at';
const MESSAGE_COLUMNS = 'id, ticket_id, author_id, from_staff, body, created_at';
/** The columns read of public.feedback_ticket_summary, by the sender and by the agents' queue. */
export const SUMMARY_COLUMNS = `${TICKET_COLUMNS}, sender_name, sender_phone_masked, message_count, last_message_at`;

/** The database's check constraints hold category and status to these values. */
function toTicket(row: TicketRow): FeedbackTicket {
  return row as FeedbackTicket;
}

/** A row of public.feedback_ticket_summary as lists show it. */
export function toSummary(row: SummaryRow): FeedbackTicketSummary {
  // A view's columns are all nullable to the type generator; these come from the ticket's own not-null columns.
  return {
    ...(row as unknown as FeedbackTicket),
    sender_name: row.sender_name,
    sender_phone_masked: row.sender_phone_masked,
    message_count: row.message_count ?? 0,
    last_message_at: row.last_message_at,
  };
}

/** A subject from a message: its first line, at most 80 characters. */
function subjectOf(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

function notFound(ticketId: string): NotFoundError {
  return new NotFoundError('No such ticket of yours', { details: { ticket_id: ticketId } });
}

/**
 * The call centre: anyone signed in opens tickets and writes on them; call-centre agents (and
 * administrators) see every ticket, reply and set their status, with their queue in `StaffFeedback`
 * (`@sejahtera/sdk/staff`). The sender is notified of each reply in their inbox, by the database.
 */
export class Feedback {
  /** @internal How requests are sent; shared with the staff subclass. */
  protected readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Opens a ticket with its first message (both or neither). The subject defaults to the message's
   * first line. `idempotencyKey` (a uuid, generated unless given) becomes the ticket's id: a retry, a
   * resubmitted form or a second click with the same key returns the ticket the first one opened.
   * Throws ValidationError (`category`, `subject`, `message`, `idempotencyKey`), ConflictError (the key
   * opened a different ticket), AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const ticket = await sejahtera.feedback.open(
   *   { category: 'question', message: 'How do I register my mother as a dependent?' },
   *   { idempotencyKey: newIdempotencyKey() }, // kept with the form, so a resubmission opens one ticket
   * );
   * ```
   */
  async open(input: OpenFeedbackTicketInput, options: SubmitOptions = {}): Promise<FeedbackTicket> {
    const { category, subject, message } = this.transport.parse(openFeedbackTicketSchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const args = { category, subject: subject ?? subjectOf(message), message, id };
    // The database answers a repeated id with the ticket it opened, so the call is retried like a read.
    const open = () =>
      this.transport.requestOne(
        'safe',
        (signal) => this.transport.supabase.rpc('open_feedback_ticket', args).abortSignal(signal),
        options,
        () => new NotFoundError('The ticket was not opened'),
      );
    let row;
    try {
      row = await open();
    } catch (error) {
      // Two posts at one instant: the second's insert waits for the first and then collides with its id;
      // sent again, it finds the ticket the first one opened.
      if (!isConflictError(error)) throw error;
      row = await open();
    }
    return toTicket(sameAsAsked(row, { category, subject: args.subject.trim() }));
  }

  /**
   * The signed-in user's own tickets with where each stands (status, message count, last activity),
   * most recently active first. Throws AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * for (const { subject, status, last_message_at } of await sejahtera.feedback.list()) console.log(subject, status, last_message_at);
   * ```
   */
  async list(options: RequestOptions = {}): Promise<FeedbackTicketSummary[]> {
    const user = await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('feedback_ticket_summary')
          .select(SUMMARY_COLUMNS)
          .eq('account_id', user)
          .order('updated_at', { ascending: false })
          .order('id', { ascending: false })
          .abortSignal(signal),
      options,
    );
    return (rows ?? []).map(toSummary);
  }

  /**
   * A ticket and its conversation, oldest message first: the sender's own, or any for an agent.
   * Throws NotFoundError (no such ticket the caller may see), ValidationError, AuthError.
   *
   * @example
   * ```ts
   * const { ticket, messages } = await sejahtera.feedback.get(ticketId);
   * ```
   */
  async get(ticketId: string, options: RequestOptions = {}): Promise<FeedbackThread> {
    const id = this.transport.parse(idSchema, ticketId);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('feedback_tickets')
          .select(`${TICKET_COLUMNS}, feedback_messages(${MESSAGE_COLUMNS})`)
          .eq('id', id)
          .order('created_at', { referencedTable: 'feedback_messages' })
          .order('id', { referencedTable: 'feedback_messages' })
          .abortSignal(signal)
          .maybeSingle(),
      options,
      () => notFound(id),
    );
    const { feedback_messages: messages, ...ticket } = row;
    return { ticket: toTicket(ticket), messages };
  }

  /**
   * Writes on a ticket: the sender on their own (which reopens an answered ticket), an agent on any
   * (which marks it answered and notifies the sender). With an `idempotencyKey` (a uuid: it becomes the
   * message's id) a retried call writes one message; one is generated when left out, so a dropped
   * connection is retried safely. Throws ValidationError (`message`; `ticket_id` when the ticket is
   * closed), NotFoundError (no such ticket the caller may write on), ConflictError (`idempotencyKey`
   * already used), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.feedback.reply(ticketId, { message: 'Thank you, that worked.' });
   * ```
   */
  async reply(ticketId: string, input: FeedbackReplyInput, options: SubmitOptions = {}): Promise<FeedbackMessage> {
    const ticket_id = this.transport.parse(idSchema, ticketId);
    const { message } = this.transport.parse(feedbackReplySchema, input);
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const supabase = this.transport.supabase;
    try {
      return await insertOnce(
        () =>
          this.transport.requestOne(
            'safe',
            (signal) => supabase.from('feedback_messages').insert({ id, ticket_id, body: message }).select(MESSAGE_COLUMNS).abortSignal(signal).single(),
            options,
            () => notFound(ticket_id),
          ),
        () => this.transport.request('safe', (signal) => supabase.from('feedback_messages').select(MESSAGE_COLUMNS).eq('id', id).abortSignal(signal).maybeSingle(), options),
        (stored) => stored.ticket_id === ticket_id && stored.body === message,
      );
    } catch (error) {
      // Row-level security refuses a message on a ticket that is not the caller's; whether it exists is not theirs to learn.
      if (isPermissionError(error)) throw notFound(ticket_id);
      throw error;
    }
  }

  /**
   * Sets a ticket's status: agents and administrators any status of any ticket; the sender may only
   * close their own (a closed ticket takes no more messages). Safe to retry. Throws ValidationError
   * (`status`), PermissionError (the sender setting anything but closed), NotFoundError (no such
   * ticket the caller may change), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.feedback.setStatus(ticketId, 'closed');
   * ```
   */
  async setStatus(ticketId: string, status: FeedbackStatus, options: RequestOptions = {}): Promise<FeedbackTicket> {
    const id = this.transport.parse(idSchema, ticketId);
    const value = this.transport.parse(feedbackStatusSchema, status);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.from('feedback_tickets').update({ status: value }).eq('id', id).select(TICKET_COLUMNS).abortSignal(signal),
      options,
      () => notFound(id),
    );
    return toTicket(row[0]);
  }
}
