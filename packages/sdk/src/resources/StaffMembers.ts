import type { RequestOptions, Transport } from '../lib/Transport.ts';
import { AbortError, NetworkError, ServerError, type SejahteraError } from '../lib/errors.ts';
import { fromPostgrestError, toSejahteraError } from '../lib/mapErrors.ts';
import { type InviteStaffInput, inviteStaffSchema } from '../schemas/staffMembers.ts';
import type { Database } from '../database.types.ts';

/** A staff member just invited: their new account's id, and the staff row written for it. */
export interface InvitedStaffMember {
  /** The new Auth account's id (public.staff.user_id). */
  user_id: string;
  /** The address the invitation went to (trimmed, lower case). */
  email: string;
  /** Their name, trimmed. */
  full_name: string;
  /** Their role in the console. */
  role: Database['public']['Enums']['staff_role'];
  /** The state of an officer or supervisor; null for the others. */
  state_code: string | null;
  /** The districts an officer covers, sorted; empty for other roles. */
  districts: string[];
  /** When the invitation was sent (ISO 8601). */
  invited_at: string | null;
  /**
   * True when the address was already invited and had not accepted: a new invitation went out, and the
   * role, state and districts are those given the first time (change them in the staff list).
   */
  resent: boolean;
}

/** What the edge function answers on failure: a database error's shape, with the HTTP status. */
interface FunctionFailure {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

/** The answer of a failed edge function call as a SejahteraError, as if PostgREST had answered it. */
async function fromFunctionsError(error: { name?: string; message: string; context?: unknown }): Promise<SejahteraError> {
  if (error.name === 'FunctionsHttpError' && error.context instanceof Response) {
    const response = error.context;
    const body = (await response.json().catch(() => null)) as FunctionFailure | null;
    const retryAfter = Number(response.headers.get('retry-after'));
    return fromPostgrestError(
      { code: body?.code ?? null, message: body?.message ?? `The edge function failed (${response.status})`, details: body?.details ?? null, hint: body?.hint ?? null },
      response.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  if (error.name === 'FunctionsFetchError') return new NetworkError('No response from the edge function', { cause: error });
  if (error.name === 'FunctionsRelayError') return new ServerError('The edge function could not be reached', { code: 'unavailable', status: 502, cause: error });
  return toSejahteraError(error);
}

/** Staff members: bringing new people into the console (administrators; supervisors for their state's officers). */
export class StaffMembers {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * Invites a new staff member by email through the `invite-staff` edge function: their account is
   * created, their staff row written with role, state and districts as the signed-in user (so the
   * database decides who may invite whom: administrators anyone, supervisors officers of their state),
   * then the invitation is emailed, its link leading to `redirect_to` (the console's set-password page).
   * Sent once, never retried. Inviting again someone who has not accepted yet (the link lasts an hour)
   * sends a new invitation (`resent: true`). Throws ValidationError (per field: `email`, `full_name`,
   * `role`, `state_code`, `districts` unknown or not of the state), PermissionError (not allowed to add
   * this role, state or district), ConflictError (`email` already has an account: `details.details` says
   * `staff`, `public`, or `invited` by someone else's jurisdiction; nothing is changed), RateLimitError,
   * AuthError.
   *
   * @example
   * ```ts
   * const invited = await sejahtera.staff.invite({
   *   email: 'siti.officer@moh.gov.my',
   *   full_name: 'Siti Rahmah',
   *   role: 'officer',
   *   state_code: 'MY-10',
   *   districts: ['MY-10-07'],
   *   redirect_to: 'https://console.example.gov.my/#/set-password',
   * });
   * ```
   */
  async invite(input: InviteStaffInput, options: RequestOptions = {}): Promise<InvitedStaffMember> {
    const body = this.transport.parse(inviteStaffSchema, input);
    await this.transport.userId();
    let result: { data: InvitedStaffMember | null; error: { name?: string; message: string; context?: unknown } | null };
    try {
      result = await this.transport.supabase.functions.invoke<InvitedStaffMember>('invite-staff', { body, signal: options.signal });
    } catch (thrown) {
      throw options.signal?.aborted ? new AbortError() : toSejahteraError(thrown);
    }
    if (result.error) throw options.signal?.aborted ? new AbortError() : await fromFunctionsError(result.error);
    if (!result.data) throw new ServerError('The edge function answered nothing');
    return result.data;
  }
}
