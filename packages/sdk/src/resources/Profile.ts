import { NotFoundError } from '../lib/errors.ts';
import { PERSON_COLUMNS, withStateOfDistrict, withoutIdentityNumber } from '../lib/columns.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import { type RegisterProfileInput, type UpdateProfileInput, registerProfileSchema, updateProfileSchema } from '../schemas/persons.ts';
import type { Person } from '../types.ts';

/** The signed-in account holder's own person: their profile. */
export class Profile {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The signed-in user's profile, or null before they have registered one. Throws AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const me = await sejahtera.profile.get();
   * if (!me) redirect('/register');
   * ```
   */
  async get(options: RequestOptions = {}): Promise<Person | null> {
    const user = await this.transport.userId();
    return this.transport.request(
      'safe',
      (signal) => this.transport.supabase.from('persons').select(PERSON_COLUMNS).eq('account_id', user).abortSignal(signal).maybeSingle(),
      options,
    );
  }

  /**
   * Registers the signed-in user's profile. If an officer already entered them (a contact, by the same
   * MyKad or verified phone), that record becomes theirs, with its monitoring. The identity number is
   * validated and stored only masked. Throws ValidationError (per field), ConflictError (a profile
   * exists, or the document is registered to someone else), AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * const me = await sejahtera.profile.register({
   *   full_name: 'Aminah binti Yusof', identity_type: 'mykad', identity_number: '860314-14-5022',
   *   district_code: 'MY-10-07', preferred_language: 'ms',
   * });
   * me.identity_masked; // "******-**-5022"
   * ```
   */
  async register(input: RegisterProfileInput, options: RequestOptions = {}): Promise<Person> {
    const args = this.transport.parse(registerProfileSchema, input);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'unsafe',
      (signal) => this.transport.supabase.rpc('register_profile', args).abortSignal(signal),
      options,
      () => new NotFoundError('The profile was not registered'),
    );
    return withoutIdentityNumber(row);
  }

  /**
   * Changes fields of the signed-in user's profile: only those given; `null` clears an optional one (date
   * of birth, gender, district, phone, email, address, postcode), a field left out stays as it is. Throws
   * ValidationError, ConflictError (the document is registered to someone else), NotFoundError (no
   * profile yet), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.profile.update({ preferred_language: 'en', reminder_time: '20:00' });
   * await sejahtera.profile.update({ address: null, postcode: null }); // both cleared
   * ```
   */
  async update(input: UpdateProfileInput, options: RequestOptions = {}): Promise<Person> {
    const patch = withStateOfDistrict(this.transport.parse(updateProfileSchema, input));
    const user = await this.transport.userId();
    const rows = await this.transport.requestOne(
      'unsafe',
      (signal) => this.transport.supabase.from('persons').update(patch).eq('account_id', user).select(PERSON_COLUMNS).abortSignal(signal),
      options,
      () => new NotFoundError('Register a profile first: this account has none yet', { details: { reason: 'no_profile' } }),
    );
    return rows[0];
  }
}
