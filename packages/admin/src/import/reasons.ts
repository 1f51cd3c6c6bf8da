/**
 * The import's reasons (public.import_contacts, in English, "field: what is wrong") in the officer's
 * language: each known wording has a message key under `sejahtera.import.reasons`; the field is named by
 * its label. A wording not known here (a new rule in the database) is shown as the database gives it.
 * Only words are translated here: which rows are rejected is the database's alone.
 */
const known: Array<[RegExp, string]> = [
  [/^row: must be an object of named fields$/, 'not_an_object'],
  [/^row: the same contact as row (\d+)$/, 'same_contact'],
  [/^row: the same person as row (\d+)$/, 'same_person'],
  [/^full_name: missing$/, 'missing'],
  [/^full_name: must have 2 to 200 characters$/, 'name_length'],
  [/^phone or identity_number: give at least one/, 'phone_or_identity'],
  [/^phone: not a phone number/, 'phone'],
  [/^identity_type: say which document the number is from$/, 'identity_type_missing'],
  [/^identity_type: must be mykad, mypr, passport or other$/, 'identity_type'],
  [/^identity_number: a MyKad number has 12 digits/, 'mykad_digits'],
  [/^identity_number: the first six digits of a MyKad number are a date of birth/, 'mykad_date'],
  [/^identity_number: digits 7 and 8 of a MyKad number are a place-of-birth code, and (\d+) is not one$/, 'mykad_place'],
  [/^identity_number: a passport number has 5 to 20 letters and digits$/, 'passport'],
  [/^identity_number: a document number has 3 to 30 characters$/, 'document'],
  [/^last_exposure_date: missing$/, 'missing'],
  [/^last_exposure_date: not a date/, 'date'],
  [/^last_exposure_date: cannot be in the future$/, 'future'],
  [/^last_exposure_date: more than 30 days before the case's diagnosis$/, 'before_diagnosis'],
  [/^setting: must be /, 'setting'],
  [/^proximity: must be close or casual$/, 'proximity'],
  [/^nationality: a two-letter country code/, 'nationality'],
  [/^district_code: no such district$/, 'district'],
];

/** `reason` in the reader's language, e.g. "Pendedahan terakhir: tiada" for "last_exposure_date: missing". */
export function reasonText(reason: string | null, translate: (key: string, options?: Record<string, unknown>) => string): string {
  if (!reason) return '';
  for (const [pattern, key] of known) {
    const match = pattern.exec(reason);
    if (!match) continue;
    const field = reason.slice(0, reason.indexOf(':'));
    const label = field
      .split(' or ')
      .map((name) => (name === 'row' ? translate('sejahtera.import.row') : translate(`resources.contacts.fields.${name}`)))
      .join(' / ');
    return `${label}: ${translate(`sejahtera.import.reasons.${key}`, { value: match[1] ?? '' })}`;
  }
  return reason;
}
