/**
 * Staff members: inviting a new one into the console. Exported by `@sejahtera/sdk/staff`. The rules repeat
 * the invite-staff edge function's and the database's (public.check_staff_member), which stay the
 * authority: who may invite whom, and whether the districts exist and lie in the state.
 */
import * as z from 'zod/mini';
import { districtCodeSchema, emailSchema, urlSchema } from './common.ts';
import { stateCodeSchema } from './staffCommunications.ts';

/** The console's roles: officer (districts), supervisor (a state), analyst, call-centre agent, administrator. */
export const staffRoleSchema = z.enum(['officer', 'supervisor', 'analyst', 'agent', 'admin'], {
  error: 'must be one of officer, supervisor, analyst, agent, admin',
});

/**
 * A new staff member to invite by email: their name, role, state (officers and supervisors) and
 * districts (officers: at least one, all in the state; nobody else has any). `redirect_to` is where the
 * emailed link leads, the console's set-password page (Auth accepts only addresses on its allow-list).
 */
export const inviteStaffSchema = z
  .strictObject({
    email: z.pipe(
      z.string({ error: 'is required' }).check(
        z.trim(),
        z.toLowerCase(),
        z.minLength(1, { error: 'is required' }),
        z.maxLength(254, { error: 'must have at most 254 characters' }),
      ),
      emailSchema,
    ),
    full_name: z
      .string({ error: 'is required' })
      .check(z.trim(), z.minLength(2, { error: 'must have at least 2 characters' }), z.maxLength(200, { error: 'must have at most 200 characters' })),
    role: staffRoleSchema,
    state_code: z.optional(z.nullable(stateCodeSchema)),
    districts: z.optional(z.array(districtCodeSchema).check(z.maxLength(200, { error: 'must have at most 200 districts' }))),
    redirect_to: z.optional(urlSchema),
  })
  .check(
    z.superRefine((value, ctx) => {
      const districts = value.districts ?? [];
      if ((value.role === 'officer' || value.role === 'supervisor') && !value.state_code) {
        ctx.addIssue({ code: 'custom', path: ['state_code'], message: 'officers and supervisors need a state', input: value.state_code });
      }
      if (value.role === 'officer' && districts.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['districts'], message: 'an officer covers at least one district', input: value.districts });
      }
      if (value.role !== 'officer' && districts.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['districts'], message: 'only officers cover districts', input: value.districts });
      }
      const outside = value.state_code ? districts.find((d) => !d.startsWith(`${value.state_code}-`)) : undefined;
      if (outside) {
        ctx.addIssue({ code: 'custom', path: ['districts'], message: `${outside} is not a district of the state ${value.state_code}`, input: value.districts });
      }
    }),
  );
/** What `staff.invite` takes. */
export type InviteStaffInput = z.input<typeof inviteStaffSchema>;
