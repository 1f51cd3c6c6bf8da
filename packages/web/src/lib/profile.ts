/**
 * The fields of one's own profile as the site's forms post them (components/ProfileFields.svelte):
 * registering it (/profile) and editing it (/profile/edit), which adds the account's contact details
 * and the reminder time.
 */
const PERSON_FIELDS = [
  'full_name',
  'identity_type',
  'identity_number',
  'nationality',
  'date_of_birth',
  'gender',
  'district_code',
  'postcode',
  'address',
  'preferred_language',
] as const;

export const REGISTER_PROFILE_FIELDS = PERSON_FIELDS;
export const EDIT_PROFILE_FIELDS = [...PERSON_FIELDS, 'phone', 'email', 'reminder_time'] as const;
