import { isPermissionError, NotFoundError } from '../lib/errors.ts';
import { PERSON_COLUMNS, withStateOfDistrict, withoutIdentityNumber } from '../lib/columns.ts';
import type { RequestOptions, SubmitOptions, Transport } from '../lib/Transport.ts';
import { rowIdFor } from '../lib/createOnce.ts';
import { type AddDependentInput, type UpdateDependentInput, addDependentSchema, updateDependentSchema } from '../schemas/persons.ts';
import { idSchema } from '../schemas/common.ts';
import type { Dependent, DependentRemoval } from '../types.ts';

const DEPENDENT_COLUMNS = `relationship, created_at, person:persons(${PERSON_COLUMNS})` as const;

function notFound(personId: string): NotFoundError {
  return new NotFoundError('No such dependent of yours', { details: { person_id: personId } });
}

/** People the signed-in guardian acts for (children, the elderly): full persons, assessed and traced. */
export class Dependents {
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The signed-in guardian's dependents, oldest registration first. Throws AuthError `not_signed_in`.
   *
   * @example
   * ```ts
   * for (const { person, relationship } of await sejahtera.dependents.list()) console.log(relationship, person.full_name);
   * ```
   */
  async list(options: RequestOptions = {}): Promise<Dependent[]> {
    const user = await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) =>
        this.transport.supabase.from('dependents').select(DEPENDENT_COLUMNS).eq('guardian_id', user).order('created_at').abortSignal(signal),
      options,
    );
    return (rows ?? []).filter((row) => row.person !== null);
  }

  /**
   * One dependent by their person id. Throws NotFoundError (not a dependent of the signed-in user), AuthError.
   *
   * @example
   * ```ts
   * const { person } = await sejahtera.dependents.get(personId);
   * ```
   */
  async get(personId: string, options: RequestOptions = {}): Promise<Dependent> {
    const id = this.transport.parse(idSchema, personId);
    const user = await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) =>
        this.transport.supabase
          .from('dependents')
          .select(DEPENDENT_COLUMNS)
          .eq('guardian_id', user)
          .eq('person_id', id)
          .abortSignal(signal)
          .maybeSingle(),
      options,
      () => notFound(id),
    );
    return row;
  }

  /**
   * Registers a dependent of the signed-in user. `idempotencyKey` (a uuid, generated unless given)
   * becomes the new person's id: a retry, or a second click, with the same key returns the dependent the
   * first added. Throws ValidationError (per field), ConflictError (the identity document is registered
   * to someone else), AuthError.
   *
   * @example
   * ```ts
   * const { person } = await sejahtera.dependents.add(
   *   { full_name: 'Nur Aisyah binti Hakim', relationship: 'child', identity_type: 'mykad', identity_number: '160509-10-6012' },
   *   { idempotencyKey: newIdempotencyKey() }, // kept with the form, so a resubmission adds nobody twice
   * );
   * ```
   */
  async add(input: AddDependentInput, options: SubmitOptions = {}): Promise<Dependent> {
    const { relationship, ...args } = this.transport.parse(addDependentSchema, input);
    // The key becomes the new person's id: the database answers a repeat with the dependent it added,
    // so the call is retried like a read and a double-click adds one dependent.
    const id = rowIdFor(this.transport, options);
    await this.transport.userId();
    const row = await this.transport.requestOne(
      'safe',
      (signal) => this.transport.supabase.rpc('add_dependent', { ...args, relationship, id }).abortSignal(signal),
      options,
      () => new NotFoundError('The dependent was not registered'),
    );
    return { relationship, created_at: row.created_at, person: withoutIdentityNumber(row) };
  }

  /**
   * Changes a dependent's details and/or the relationship: only the fields given; `null` clears an
   * optional one (date of birth, gender, district), a field left out stays as it is.
   * Throws ValidationError, ConflictError, NotFoundError (not a dependent of the signed-in user), AuthError.
   *
   * @example
   * ```ts
   * await sejahtera.dependents.update(personId, { full_name: 'Nur Aisyah binti Hakim', relationship: 'ward' });
   * await sejahtera.dependents.update(personId, { gender: null }); // no longer recorded
   * ```
   */
  async update(personId: string, input: UpdateDependentInput, options: RequestOptions = {}): Promise<Dependent> {
    const id = this.transport.parse(idSchema, personId);
    const { relationship, ...changes } = this.transport.parse(updateDependentSchema, input);
    const patch = withStateOfDistrict(changes);
    const user = await this.transport.userId();
    const supabase = this.transport.supabase;
    // Staff may change persons who are not their dependents: this call is only for the guardian's own.
    await this.get(id, options);
    // The database has no single call for both: the person first (where the database may still refuse
    // a value), then the link, whose one column is already validated.
    if (Object.values(patch).some((value) => value !== undefined)) {
      await this.transport.requestOne(
        'unsafe',
        (signal) => supabase.from('persons').update(patch).eq('id', id).is('account_id', null).select('id').abortSignal(signal),
        options,
        () => notFound(id),
      );
    }
    if (relationship !== undefined) {
      await this.transport.requestOne(
        'unsafe',
        (signal) =>
          supabase.from('dependents').update({ relationship }).eq('guardian_id', user).eq('person_id', id).select('person_id').abortSignal(signal),
        options,
        () => notFound(id),
      );
    }
    return this.get(id, options);
  }

  /**
   * Removes a dependent: deletes the person (with their declarations), or, when health officers hold
   * tracing records about them, only unlinks them from the signed-in guardian (the records stay with
   * the officers). Throws NotFoundError (not a dependent of the signed-in user), AuthError.
   *
   * @example
   * ```ts
   * const outcome = await sejahtera.dependents.remove(personId); // 'deleted' or 'unlinked'
   * ```
   */
  async remove(personId: string, options: RequestOptions = {}): Promise<DependentRemoval> {
    const id = this.transport.parse(idSchema, personId);
    // One call: the database decides between deleting and unlinking, and refuses anyone else's person.
    // Not found rather than forbidden, as for the other methods: whether the person exists is not the
    // caller's to learn.
    try {
      return await this.transport.request(
        'unsafe',
        (signal) => this.transport.supabase.rpc('remove_dependent', { person_id: id }).abortSignal(signal),
        options,
      ) as DependentRemoval;
    } catch (error) {
      if (isPermissionError(error)) throw notFound(id);
      throw error;
    }
  }
}
