import type { RequestOptions } from '../lib/Transport.ts';
import { type FeedbackQueueQuery, feedbackQueueQuerySchema } from '../schemas/staffCommunications.ts';
import type { FeedbackTicketSummary } from '../communications.types.ts';
import { Feedback, SUMMARY_COLUMNS, toSummary } from './Feedback.ts';

/**
 * The call centre as its agents (and administrators) work it (`@sejahtera/sdk/staff`): everything a
 * sender does, on any ticket, and the queue of tickets waiting for an answer.
 */
export class StaffFeedback extends Feedback {
  /**
   * For call-centre agents: tickets by status (default: open, waiting for an agent), changed since a
   * time if given, the longest waiting first, each with its sender's name and masked phone only. Anyone else gets only their own
   * tickets: row-level security decides. Throws ValidationError, AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const waiting = await sejahtera.feedback.queue();
   * const changed = await sejahtera.feedback.queue({ status: ['open', 'answered'], since: lastLook, limit: 500 });
   * ```
   */
  async queue(query: FeedbackQueueQuery = {}, options: RequestOptions = {}): Promise<FeedbackTicketSummary[]> {
    const { status = 'open', since, limit = 100 } = this.transport.parse(feedbackQueueQuerySchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => {
        let request = this.transport.supabase.from('feedback_ticket_summary').select(SUMMARY_COLUMNS).in('status', Array.isArray(status) ? status : [status]);
        if (since !== undefined) request = request.gte('updated_at', since);
        return request.order('updated_at', { ascending: true }).order('id', { ascending: true }).limit(limit).abortSignal(signal);
      },
      options,
    );
    return (rows ?? []).map(toSummary);
  }
}
