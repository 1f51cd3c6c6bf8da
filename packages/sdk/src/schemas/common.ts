/**
 * The rules every form and the SDK share: Malaysian phone numbers, MyKad numbers, dates that cannot be
 * in the future, the database's enums. They repeat what the database checks (it stays the authority), so
 * that bad input gets a clear message at the edge, before any request.
 *
 * Schemas are zod/mini's (the same zod, functional and tree-shakeable): `schema.safeParse(values)` and
 * `z.flattenError(error)` serve a form; the browser bundle stays small.
 */
import * as z from 'zod/mini';
import { Constants } from '../database.types.ts';

const enums = Constants.public.Enums;

/** A language of the platform's texts: Malay (`ms`), English (`en`), Chinese (`zh`), Tamil (`ta`). */
export const languageSchema = z.enum(enums.language);
/** A person's gender, as the database's enum has it. */
export const genderSchema = z.enum(enums.gender);
/** The kind of an identity document: MyKad, MyPR, passport, other. */
export const identityTypeSchema = z.enum(enums.identity_type);
/** A risk status, as the database classifies people. */
export const riskStatusSchema = z.enum(enums.risk_status);

/** Any row id (the database's uuids). */
export const idSchema = z.guid({ error: 'must be an id (a uuid)' });

/**
 * Today's date in Malaysia (UTC+8, no daylight saving), as the database's private.today() has it.
 *
 * @example
 * ```ts
 * malaysianToday(new Date('2026-11-27T20:00:00Z')); // "2026-11-28"
 * ```
 */
export function malaysianToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An ISO date (YYYY-MM-DD) that is not after today in Malaysia. */
export const pastDateSchema = z.iso
  .date({ error: 'must be a date (YYYY-MM-DD)' })
  .check(z.refine((date) => date <= malaysianToday(), { error: 'cannot be in the future' }));

/**
 * A phone number as people write it, in E.164: spaces, dashes and brackets dropped; a leading 0 is
 * Malaysia's (012-345 6789 -> +60123456789); 60... gains its "+"; 00 is the international prefix.
 *
 * @example
 * ```ts
 * normalizePhone('012-345 6789'); // "+60123456789"
 * ```
 */
export function normalizePhone(input: string): string {
  const compact = input.replace(/[\s\-().]/g, '');
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (compact.startsWith('60')) return `+${compact}`;
  if (compact.startsWith('0')) return `+60${compact.slice(1)}`;
  return compact;
}

/** Any phone number in E.164 (+ and 8 to 15 digits), as the database stores phones. */
export const phoneSchema = z.pipe(
  z.pipe(z.string(), z.transform(normalizePhone)),
  z.string().check(z.regex(/^\+[1-9][0-9]{7,14}$/, { error: 'must be a phone number in international form (+ and the country code)' })),
);

/** A Malaysian mobile number (+601...), as sign-up by SMS needs. */
export const malaysianMobileSchema = z.pipe(
  z.pipe(z.string(), z.transform(normalizePhone)),
  z.string().check(z.regex(/^\+601[0-9]{8,9}$/, { error: 'must be a Malaysian mobile number (01x-xxx xxxx, or +601x-xxx xxxx)' })),
);

/**
 * Place-of-birth codes (MyKad digits 7 and 8) that JPN assigns: the states (01-16, 21-59), places
 * abroad (60-68, 71-72, 74-79, 83-93, 98-99) and 82 (state unknown), as public.place_of_birth_codes holds them.
 */
const PLACE_OF_BIRTH_CODES = new Set<string>();
for (const [from, to] of [[1, 16], [21, 68], [71, 72], [74, 79], [82, 93], [98, 99]] as const) {
  for (let code = from; code <= to; code++) PLACE_OF_BIRTH_CODES.add(String(code).padStart(2, '0'));
}

/**
 * The date of birth a MyKad number carries, in the century that does not put it in the future; null if not a real date.
 *
 * @example
 * ```ts
 * mykadBirthDate('860314145022'); // "1986-03-14"
 * ```
 */
export function mykadBirthDate(number: string, today: string = malaysianToday()): string | null {
  const yy = Number(number.slice(0, 2));
  const mm = Number(number.slice(2, 4));
  const dd = Number(number.slice(4, 6));
  for (const century of [2000, 1900]) {
    const date = new Date(Date.UTC(century + yy, mm - 1, dd));
    if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
    const iso = date.toISOString().slice(0, 10);
    if (iso <= today || century === 1900) return iso;
  }
  return null;
}

/**
 * What is wrong with a MyKad (or MyPR) number, in the database's words; null when nothing is. Dashes and spaces are allowed.
 *
 * @example
 * ```ts
 * mykadProblem('860314-00-5022'); // "digits 7 and 8 of a MyKad number are a place-of-birth code, and 00 is not one"
 * ```
 */
export function mykadProblem(input: string): string | null {
  const number = input.replace(/[\s-]/g, '');
  if (!/^[0-9]{12}$/.test(number)) return 'a MyKad number has 12 digits (YYMMDD-PB-###G)';
  if (mykadBirthDate(number) === null) {
    return 'the first six digits of a MyKad number are a date of birth (YYMMDD), and these are not a real date';
  }
  const place = number.slice(6, 8);
  if (!PLACE_OF_BIRTH_CODES.has(place)) return `digits 7 and 8 of a MyKad number are a place-of-birth code, and ${place} is not one`;
  return null;
}

/** A MyKad or MyPR number (YYMMDD-PB-###G, dashes optional): 12 digits, a real date of birth, a JPN place-of-birth code. Outputs the 12 digits. */
export const mykadSchema = z.pipe(
  z.string().check(
    z.trim(),
    z.superRefine((value, ctx) => {
      const problem = mykadProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    }),
  ),
  z.transform((value: string) => value.replace(/[\s-]/g, '')),
);

/**
 * What is wrong with an identity document number of a kind, in the database's words; null when nothing is.
 *
 * @example
 * ```ts
 * identityProblem('passport', 'A1'); // "a passport number has 5 to 20 letters and digits"
 * ```
 */
export function identityProblem(kind: z.infer<typeof identityTypeSchema>, number: string): string | null {
  if (kind === 'mykad' || kind === 'mypr') return mykadProblem(number);
  const compact = number.replace(/\s/g, '').toUpperCase();
  if (kind === 'passport') return /^[A-Z0-9]{5,20}$/.test(compact) ? null : 'a passport number has 5 to 20 letters and digits';
  return compact.length >= 3 && compact.length <= 30 ? null : 'a document number has 3 to 30 characters';
}

/** A district code as public.districts has them, e.g. MY-10-07 (Petaling). */
export const districtCodeSchema = z.string().check(z.regex(/^MY-[0-9]{2}-[0-9]{2}$/, { error: 'must be a district code, e.g. MY-10-07' }));

/** A full name as the database accepts it: 2 to 200 characters once trimmed. */
export const fullNameSchema = z
  .string()
  .check(z.trim(), z.minLength(2, { error: 'must have at least 2 characters' }), z.maxLength(200, { error: 'must have at most 200 characters' }));

/** A password as Auth accepts it here (config.toml: at least 8 characters, letters and digits). */
export const passwordSchema = z
  .string()
  .check(
    z.minLength(8, { error: 'must have at least 8 characters' }),
    z.regex(/[A-Za-z]/, { error: 'must contain a letter' }),
    z.regex(/[0-9]/, { error: 'must contain a digit' }),
  );

/**
 * A whole number. z.number with a check rather than z.int: the same rule without zod's integer formats
 * in every app's bundle.
 */
export const wholeNumberSchema = z.number({ error: 'must be a whole number' }).check(z.refine(Number.isInteger, { error: 'must be a whole number' }));

/**
 * A date and time in ISO 8601 with its offset (Z or ±hh:mm), e.g. 2026-11-27T08:30:00+08:00: a pattern
 * rather than z.iso.datetime, which brings zod's generator of datetime patterns into every bundle.
 */
export const dateTimeSchema = z.string({ error: 'must be an ISO 8601 date and time' }).check(
  z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/, {
    error: 'must be an ISO 8601 date and time',
  }),
);

/** An absolute URL (what `new URL` accepts), e.g. where an emailed link leads. */
export const urlSchema = z.string({ error: 'must be a URL' }).check(
  z.refine(
    (value) => {
      try {
        return Boolean(new URL(value));
      } catch {
        return false;
      }
    },
    { error: 'must be a URL' },
  ),
);

/** An email address. */
export const emailSchema = z.email({ error: 'must be an email address' });
