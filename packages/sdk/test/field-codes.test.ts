/**
 * Stable codes on field errors: every issue a ValidationError (or ConflictError, PermissionError) carries
 * has a machine code besides its English words, from the SDK's schemas and from the database alike, and
 * forms validating with the schemas themselves get the same codes through fieldIssues().
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  ConflictError,
  type FieldIssue,
  PermissionError,
  ValidationError,
  addDependentSchema,
  fieldIssues,
  passwordSignInSchema,
  phoneSignUpSchema,
  registerProfileSchema,
  submitAssessmentSchema,
  updateDependentSchema,
  updateProfileSchema,
  verifyPhoneSchema,
} from '../src/index.ts';
import { fromPostgrestError } from '../src/lib/mapErrors.ts';
import { answers, registered, uniqueMykad } from './support.ts';

/** The [field, code] of each issue `schema` finds in `input`. */
function codes(schema: z.ZodMiniType, input: unknown): Array<[string, string]> {
  const result = z.safeParse(schema, input, { reportInput: true });
  if (result.success) return [];
  return fieldIssues(result.error).map((issue) => [issue.field, issue.code]);
}

describe('field codes from the schemas', () => {
  it('each way a profile can be wrong has its own code', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const cases: Array<[Record<string, unknown>, Array<[string, string]>]> = [
      [{}, [['full_name', 'required']]],
      [{ full_name: 'A' }, [['full_name', 'too_short']]],
      [{ full_name: 'A'.repeat(201) }, [['full_name', 'too_long']]],
      [{ full_name: 'Aminah', phone: '12345' }, [['phone', 'invalid_phone']]],
      [{ full_name: 'Aminah', email: 'aminah@' }, [['email', 'invalid_email']]],
      [{ full_name: 'Aminah', postcode: '4730' }, [['postcode', 'invalid_postcode']]],
      [{ full_name: 'Aminah', nationality: 'MYS' }, [['nationality', 'invalid_country']]],
      [{ full_name: 'Aminah', district_code: 'Petaling' }, [['district_code', 'invalid_district']]],
      [{ full_name: 'Aminah', date_of_birth: tomorrow }, [['date_of_birth', 'future_date']]],
      [{ full_name: 'Aminah', date_of_birth: '2020-02-30' }, [['date_of_birth', 'invalid_date']]],
      [{ full_name: 'Aminah', gender: 'unknown' }, [['gender', 'invalid_choice']]],
      [{ full_name: 'Aminah', identity_number: '860314145022' }, [['identity_type', 'required']]],
      [{ full_name: 'Aminah', identity_type: 'mykad', identity_number: '86031414502' }, [['identity_number', 'invalid_mykad']]],
      [{ full_name: 'Aminah', identity_type: 'mykad', identity_number: '861314145022' }, [['identity_number', 'invalid_mykad_date']]],
      [{ full_name: 'Aminah', identity_type: 'mykad', identity_number: '860314005022' }, [['identity_number', 'invalid_place_of_birth']]],
      [{ full_name: 'Aminah', identity_type: 'passport', identity_number: 'A1' }, [['identity_number', 'invalid_passport']]],
      [{ full_name: 'Aminah', identity_type: 'other', identity_number: 'X' }, [['identity_number', 'invalid_document']]],
      [{ full_name: 'Aminah', identity_type: 'mykad', identity_number: '860314145022', date_of_birth: '1986-03-15' }, [['date_of_birth', 'mykad_mismatch']]],
      [{ full_name: 42 }, [['full_name', 'invalid_type']]],
    ];
    for (const [input, expected] of cases) expect(codes(registerProfileSchema, input), JSON.stringify(input)).toEqual(expected);
    expect(codes(updateProfileSchema, {})).toEqual([['_', 'nothing_to_change']]);
    expect(codes(updateProfileSchema, { reminder_time: '25:00' })).toEqual([['reminder_time', 'invalid_time']]);
    expect(codes(updateDependentSchema, { relationship: 'cousin' })).toEqual([['relationship', 'invalid_choice']]);
    expect(codes(addDependentSchema, { full_name: 'Anak' })).toEqual([['relationship', 'required']]);
  });

  it('sign-up, codes and declarations', () => {
    expect(codes(phoneSignUpSchema, { phone: '03-1234 5678', password: 'short' })).toEqual([
      ['phone', 'invalid_mobile'],
      ['password', 'too_short'],
      ['password', 'weak_password'],
    ]);
    expect(codes(verifyPhoneSchema, { phone: '012-345 6789', code: '12345' })).toEqual([['code', 'invalid_code']]);
    expect(codes(passwordSignInSchema, { email: 'a@b.co', password: '' })).toContainEqual(['password', 'required']);
    expect(codes(submitAssessmentSchema, { answers: { cough: 'yes' }, person_id: 'me', declared_at: 'yesterday' })).toEqual([
      ['person_id', 'invalid_id'],
      ['answers.cough', 'invalid_type'],
      ['declared_at', 'invalid_datetime'],
    ]);
    // A question code that cannot be one, an answers value that is not an object, a missing one, a time without its offset.
    expect(codes(submitAssessmentSchema, { answers: { 'Bad Key': true, cough: false } })).toEqual([['answers.Bad Key', 'invalid_format']]);
    expect(codes(submitAssessmentSchema, { answers: ['cough'] })).toEqual([['answers', 'invalid_type']]);
    expect(codes(submitAssessmentSchema, {})).toEqual([['answers', 'required']]);
    expect(codes(submitAssessmentSchema, { answers: {}, declared_at: '2026-11-27T08:30:00' })).toEqual([['declared_at', 'invalid_datetime']]);
    expect(codes(submitAssessmentSchema, { answers: {}, declared_at: '2026-11-27T08:30:00.123+08:00' })).toEqual([]);
  });

  it('issues carry the limit a too_short or too_long message names, and the words', () => {
    const [issue] = fieldIssues(z.safeParse(registerProfileSchema, { full_name: 'A' }).error!);
    expect(issue).toEqual<FieldIssue>({ field: 'full_name', code: 'too_short', message: 'must have at least 2 characters', params: { minimum: 2 } });
    // Without reportInput (a plain safeParse), a field of the wrong type reads as missing: what a form's are.
    expect(fieldIssues(z.safeParse(registerProfileSchema, {}).error!).map((i) => i.code)).toEqual(['required']);
  });
});

describe('field codes from the database', () => {
  it('the database\'s own words map to the same codes', () => {
    const cases: Array<[string, string, string, string]> = [
      ['23514', 'identity_number: a MyKad number has 12 digits (YYMMDD-PB-###G)', 'identity_number', 'invalid_mykad'],
      ['23514', 'identity_number: digits 7 and 8 of a MyKad number are a place-of-birth code, and 00 is not one', 'identity_number', 'invalid_place_of_birth'],
      ['23514', 'date_of_birth: a date of birth cannot be in the future', 'date_of_birth', 'future_date'],
      ['23514', 'date_of_birth: does not match the date of birth in the MyKad number', 'date_of_birth', 'mykad_mismatch'],
      ['23514', 'full_name: give a name of 2 to 200 characters', 'full_name', 'invalid_length'],
      ['23514', 'phone: give the number in international form, e.g. +60123456789', 'phone', 'invalid_phone'],
      ['23514', 'postcode: five digits, e.g. 47301', 'postcode', 'invalid_postcode'],
      ['23514', 'district_code: district MY-01-02 is not in state MY-10', 'district_code', 'invalid_district'],
      ['23514', 'relationship: must be child, parent, spouse, sibling, grandparent, grandchild, relative, ward or other', 'relationship', 'invalid_choice'],
      ['22023', 'answers: "sneezing" is not a question of questionnaire version 1', 'answers', 'unknown_question'],
      ['22023', 'answers: no answer to "cough", "fever"', 'answers', 'missing_answer'],
      ['22023', 'answers: the answer to "cough" must be true or false', 'answers', 'invalid_answer'],
      ['22023', 'questionnaire_id: not a published questionnaire', 'questionnaire_id', 'not_published'],
      ['22023', 'declared_at: more than 48 hours ago; declare again for today', 'declared_at', 'too_old'],
      ['23514', 'reason: say why the monitoring is closed', 'reason', 'required'],
      ['23514', 'monitoring_id: this monitoring period is already closed (completed)', 'monitoring_id', 'closed'],
      ['23514', 'ticket_id: this ticket is closed; open a new ticket', 'ticket_id', 'closed'],
      ['23514', 'some_field: anything else', 'some_field', 'invalid'],
    ];
    for (const [sqlstate, message, field, code] of cases) {
      const error = fromPostgrestError({ code: sqlstate, message }, 400);
      expect(error, message).toBeInstanceOf(ValidationError);
      expect(error.issues, message).toEqual([{ field, code, message: message.slice(field.length + 2).replace('+60123456789', '[redacted phone]') }]);
    }
    expect(fromPostgrestError({ code: '23502', message: 'null value in column "full_name" of relation "persons" violates not-null constraint' }, 400).issues)
      .toEqual([{ field: 'full_name', code: 'required', message: 'is required' }]);
    expect(fromPostgrestError({ code: '23503', message: 'insert or update on table "persons" violates foreign key constraint "persons_district_code_fkey"', details: 'Key (district_code)=(MY-99-99) is not present' }, 400).issues)
      .toEqual([{ field: 'district_code', code: 'unknown_value', message: 'is not a known value' }]);
    const taken = fromPostgrestError({ code: '23505', message: 'identity_number: this identity document is already registered to another person' }, 409);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.issues).toEqual([{ field: 'identity_number', code: 'taken', message: 'this identity document is already registered to another person' }]);
    const denied = fromPostgrestError({ code: '42501', message: 'person_id: you can declare only for yourself and your dependents' }, 403);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied.issues).toEqual([{ field: 'person_id', code: 'not_allowed', message: 'you can declare only for yourself and your dependents' }]);
    // Not about a field: no issues.
    expect(fromPostgrestError({ code: 'PGRST116', message: 'no rows' }, 406).issues).toEqual([]);
  });

  it('through the stack: what only the database can tell comes back coded', async () => {
    const { client } = await registered();
    const all = await answers(client);
    const { cough: _, ...missing } = all;
    const unanswered = await client.assessments.submit({ answers: missing }).catch((e: unknown) => e);
    expect((unanswered as ValidationError).issues).toMatchObject([{ field: 'answers', code: 'missing_answer' }]);
    const unknown = await client.assessments.submit({ answers: { ...all, sneezing: true } }).catch((e: unknown) => e);
    expect((unknown as ValidationError).issues).toMatchObject([{ field: 'answers', code: 'unknown_question' }]);
    // A well-formed district code that is no district: only the database knows.
    const nowhere = await client.profile.update({ district_code: 'MY-10-99' }).catch((e: unknown) => e);
    expect(nowhere).toBeInstanceOf(ValidationError);
    expect((nowhere as ValidationError).issues).toMatchObject([{ field: 'district_code', code: 'invalid_district' }]);
    expect((nowhere as ValidationError).toJSON().issues).toEqual((nowhere as ValidationError).issues);

    const mykad = uniqueMykad();
    await client.profile.update({ identity_type: 'mykad', identity_number: mykad.number });
    const other = await registered('Someone Else');
    const clash = await other.client.profile.update({ identity_type: 'mykad', identity_number: mykad.number }).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ConflictError);
    expect((clash as ConflictError).issues).toEqual([{ field: 'identity_number', code: 'taken', message: 'this identity document is already registered to another person' }]);
    // The number itself never appears in the error.
    expect(JSON.stringify(clash)).not.toContain(mykad.number.replace(/-/g, '').slice(6));
  });
});
