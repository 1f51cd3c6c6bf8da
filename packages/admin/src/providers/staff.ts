/**
 * Staff: rows of public.staff keyed by user_id (react-admin's id), with their districts
 * (staff_districts) read and written alongside. Row-level security decides who is seen and changed:
 * administrators everyone, supervisors the officers of their state; districts only within the
 * manager's jurisdiction.
 */
import { type CreateParams, type CreateResult, type GetOneParams, type GetOneResult, HttpError, type RaRecord, type UpdateParams, type UpdateResult } from 'react-admin';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { InviteStaffInput, SejahteraStaffClient } from '@sejahtera/sdk/staff';
import type { ResourceOverrides } from './dataProvider.ts';
import { toHttpError } from './errors.ts';

const columns = 'user_id, role, full_name, state_code, active, created_at, updated_at';

async function withDistricts(client: SupabaseClient, row: Record<string, unknown>): Promise<RaRecord> {
  const { data, error } = await client.from('staff_districts').select('district_code').eq('staff_id', row.user_id as string).order('district_code');
  if (error) throw toHttpError(error);
  return { ...row, id: row.user_id as string, districts: (data ?? []).map((d) => d.district_code as string) };
}

/** Message keys (src/i18n) for what an invitation can be refused for, by field and the SDK's stable code. */
const inviteMessages: Record<string, string> = {
  'email.taken': 'sejahtera.staff.invite.email_taken',
  'email.taken.staff': 'sejahtera.staff.invite.email_staff',
  'email.taken.public': 'sejahtera.staff.invite.email_public',
  'email.taken.invited': 'sejahtera.staff.invite.email_invited',
  'email.invalid_email': 'sejahtera.staff.invite.email_invalid',
  'email.required': 'ra.validation.required',
  'state_code.required': 'sejahtera.staff.state_required',
  'districts.required': 'sejahtera.staff.districts_required',
  'role.not_allowed': 'sejahtera.staff.invite.role_not_allowed',
  'districts.not_allowed': 'sejahtera.staff.invite.districts_not_allowed',
};

/**
 * An invitation's refusal as react-admin's server-side validation (`body.errors` beside each input),
 * worded from the console's messages where the SDK's code is known, else the database's words.
 */
function invitationError(error: unknown): HttpError {
  const http = toHttpError(error);
  const issues = (error as { issues?: ReadonlyArray<{ field: string; code: string; message: string }> }).issues ?? [];
  // Why an address is taken (the function's details): staff, invited (someone else's to manage) or public.
  const taken = (error as { details?: { details?: string } }).details?.details;
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.field === 'user_id' ? 'email' : issue.field;
    const message =
      (issue.code === 'taken' && taken ? inviteMessages[`email.taken.${taken}`] : undefined) ??
      inviteMessages[`${field}.${issue.code}`] ??
      issue.message;
    if (!errors[field]) errors[field] = message;
  }
  if (Object.keys(errors).length === 0) return http;
  return new HttpError('ra.message.invalid_form', http.status, { ...(http.body as object), errors });
}

export function staffOverrides(client: SupabaseClient, staff: SejahteraStaffClient): ResourceOverrides {
  return {
    /**
     * Invites a new staff member (the invite-staff edge function through the SDK): the account, the staff
     * row as the signed-in manager (row-level security decides), then the email, whose link leads to
     * this console's set-password page.
     */
    async create<R extends RaRecord>(_resource: string, params: CreateParams): Promise<CreateResult<R>> {
      const { email, full_name, role, state_code, districts } = params.data as Record<string, unknown>;
      const input = {
        email,
        full_name,
        role,
        state_code: role === 'officer' || role === 'supervisor' ? state_code || null : null,
        districts: role === 'officer' ? ((districts as string[] | undefined) ?? []).filter(Boolean) : [],
        redirect_to: `${window.location.origin}${window.location.pathname}#/set-password`,
      } as InviteStaffInput;
      try {
        const invited = await staff.staff.invite(input);
        return { data: { ...invited, id: invited.user_id, active: true } as unknown as R };
      } catch (error) {
        throw invitationError(error);
      }
    },
    async getOne<R extends RaRecord>(_resource: string, params: GetOneParams<R>): Promise<GetOneResult<R>> {
      const { data, error } = await client.from('staff').select(columns).eq('user_id', String(params.id)).maybeSingle();
      if (error) throw toHttpError(error);
      if (!data) throw toHttpError({ message: 'No such staff member that you manage', status: 404 });
      return { data: (await withDistricts(client, data)) as R };
    },
    async update<R extends RaRecord>(_resource: string, params: UpdateParams): Promise<UpdateResult<R>> {
      const id = String(params.id);
      const { role, full_name, state_code, active } = params.data as Record<string, unknown>;
      const wanted = new Set(((params.data.districts as string[] | undefined) ?? []).filter(Boolean));
      // Only officers cover districts; the others' are removed.
      if (role !== 'officer') wanted.clear();
      const { data, error } = await client
        .from('staff')
        .update({ role, full_name, state_code: state_code || null, active })
        .eq('user_id', id)
        .select(columns);
      if (error) throw toHttpError(error);
      if (!data?.length) throw toHttpError({ message: 'No such staff member that you manage', status: 404 });
      const { data: current, error: readError } = await client.from('staff_districts').select('district_code').eq('staff_id', id);
      if (readError) throw toHttpError(readError);
      const had = new Set((current ?? []).map((d) => d.district_code as string));
      const removed = [...had].filter((code) => !wanted.has(code));
      const added = [...wanted].filter((code) => !had.has(code));
      if (added.length) {
        const { error: addError } = await client.from('staff_districts').insert(added.map((district_code) => ({ staff_id: id, district_code })));
        if (addError) throw toHttpError(addError.code === '42501' ? { ...addError, message: 'districts: outside your jurisdiction' } : addError);
      }
      if (removed.length) {
        const { error: removeError } = await client.from('staff_districts').delete().eq('staff_id', id).in('district_code', removed);
        if (removeError) throw toHttpError(removeError);
      }
      return { data: (await withDistricts(client, data[0])) as R };
    },
  };
}
