/** Type-level tests of staff.invite: its input (roles from the database's enum) and result, and that the public entry has none of it. */
import { describe, expectTypeOf, it } from 'vitest';
import * as publicEntry from '../src/index.ts';
import { createSejahtera } from '../src/index.ts';
import { type Database, type InviteStaffInput, type InvitedStaffMember, createSejahteraStaff } from '../src/staff.ts';

const staff = createSejahteraStaff({ url: 'http://127.0.0.1:54321', anonKey: 'key' });

describe('staff.invite', () => {
  it('takes the invitation and resolves to the invited member, typed from the database', () => {
    expectTypeOf(staff.staff.invite).parameter(0).toEqualTypeOf<InviteStaffInput>();
    expectTypeOf(staff.staff.invite).returns.resolves.toEqualTypeOf<InvitedStaffMember>();
    expectTypeOf<InvitedStaffMember['role']>().toEqualTypeOf<Database['public']['Enums']['staff_role']>();
    expectTypeOf<InviteStaffInput['role']>().toEqualTypeOf<Database['public']['Enums']['staff_role']>();
    // @ts-expect-error: not a role
    void staff.staff.invite({ email: 'a@b.my', full_name: 'Ali bin Abu', role: 'director' });
    // @ts-expect-error: the role is required
    void staff.staff.invite({ email: 'a@b.my', full_name: 'Ali bin Abu' });
  });

  it('is not in the public entry', () => {
    expectTypeOf(createSejahtera({ url: 'http://127.0.0.1:54321', anonKey: 'key' })).not.toHaveProperty('staff');
    expectTypeOf(publicEntry).not.toHaveProperty('inviteStaffSchema');
  });
});
