/** Column lists the SDK selects: every column a client may read, never the write-only identity_number. */
export const PERSON_COLUMNS =
  'id, account_id, full_name, identity_type, identity_masked, nationality, date_of_birth, gender, phone, phone_verified_at, email, address, postcode, state_code, district_code, preferred_language, reminder_time, status, status_since, symptomatic, created_by, created_at, updated_at';

/** A person row without its write-only identity_number (always null when read). */
export function withoutIdentityNumber<T extends { identity_number?: unknown }>(row: T): Omit<T, 'identity_number'> {
  const { identity_number: _, ...person } = row;
  return person;
}

/**
 * A person's changes with the state their district is in: the database keeps both, and refuses a district
 * outside the stored state, so a move to another state's district carries its state (a district code
 * begins with its state's: MY-01-02 is in MY-01), and clearing the district clears the state.
 */
export function withStateOfDistrict<T extends { district_code?: string | null }>(patch: T): T & { state_code?: string | null } {
  return patch.district_code === undefined ? patch : { ...patch, state_code: patch.district_code?.slice(0, 5) ?? null };
}
