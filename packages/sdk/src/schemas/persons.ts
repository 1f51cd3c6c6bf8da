/** Profiles (the account holder's own person) and dependents: what a form may send. */
import * as z from 'zod/mini';
import {
  districtCodeSchema,
  emailSchema,
  fullNameSchema,
  genderSchema,
  identityProblem,
  identityTypeSchema,
  languageSchema,
  mykadBirthDate,
  pastDateSchema,
  phoneSchema,
} from './common.ts';

/** Relationships a guardian may have to a dependent (public.dependents' check). */
export const relationshipSchema = z.enum(['child', 'parent', 'spouse', 'sibling', 'grandparent', 'grandchild', 'relative', 'ward', 'other']);

const personFields = {
  full_name: fullNameSchema,
  identity_type: z.optional(identityTypeSchema),
  identity_number: z.optional(z.string().check(z.trim(), z.minLength(1, { error: 'is required with identity_type' }))),
  nationality: z.optional(
    z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/, { error: 'must be a two-letter country code, e.g. MY' })),
  ),
  date_of_birth: z.optional(pastDateSchema),
  gender: z.optional(genderSchema),
  district_code: z.optional(districtCodeSchema),
  preferred_language: z.optional(languageSchema),
};

interface IdentityFields {
  identity_type?: z.infer<typeof identityTypeSchema> | undefined;
  identity_number?: string | undefined;
  date_of_birth?: string | null | undefined;
}

/** The identity document's cross-field rules, as the database's persons trigger has them. */
const checkIdentity = z.superRefine((value: IdentityFields, ctx) => {
  if (value.identity_number === undefined) return;
  if (value.identity_type === undefined) {
    ctx.addIssue({ code: 'custom', path: ['identity_type'], message: 'say which document the number is from (mykad, mypr, passport or other)', input: value });
    return;
  }
  const problem = identityProblem(value.identity_type, value.identity_number);
  if (problem) {
    ctx.addIssue({ code: 'custom', path: ['identity_number'], message: problem, input: value });
    return;
  }
  if ((value.identity_type === 'mykad' || value.identity_type === 'mypr') && typeof value.date_of_birth === 'string') {
    const born = mykadBirthDate(value.identity_number.replace(/[\s-]/g, ''));
    if (born !== value.date_of_birth) {
      ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'does not match the date of birth in the MyKad number', input: value });
    }
  }
});

const somethingToChange = z.refine((value: unknown) => Object.values(value as object).some((field) => field !== undefined), {
  error: 'say what to change',
});

const addressSchema = z.string().check(z.trim(), z.maxLength(500, { error: 'must have at most 500 characters' }));
const postcodeSchema = z.string().check(z.trim(), z.regex(/^[0-9]{5}$/, { error: 'must be a 5-digit postcode' }));

const profileObject = z.object({
  ...personFields,
  phone: z.optional(phoneSchema),
  email: z.optional(emailSchema),
  address: z.optional(addressSchema),
  postcode: z.optional(postcodeSchema),
});

/** A field an update may clear: null clears it, undefined (left out) leaves it as it is. */
const clearable = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));

/** The optional details of any person that an update may clear. The rest (name, document, nationality, language) cannot be emptied. */
const clearablePersonFields = {
  date_of_birth: clearable(pastDateSchema),
  gender: clearable(genderSchema),
  district_code: clearable(districtCodeSchema),
};

/** Registering one's own profile (public.register_profile). */
export const registerProfileSchema = profileObject.check(checkIdentity);

/**
 * Changing one's own profile: any of the register fields, and the time of day for reminders. A field
 * left out stays as it is; null clears an optional one (date of birth, gender, district, phone, email,
 * address, postcode).
 */
export const updateProfileSchema = z
  .extend(z.partial(profileObject), {
    ...clearablePersonFields,
    phone: clearable(phoneSchema),
    email: clearable(emailSchema),
    address: clearable(addressSchema),
    postcode: clearable(postcodeSchema),
    reminder_time: z.optional(
      z.string().check(z.regex(/^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, { error: 'must be a time of day, e.g. 09:00' })),
    ),
  })
  .check(checkIdentity, somethingToChange);

const dependentObject = z.object({ ...personFields, relationship: relationshipSchema });

/** Adding a dependent (public.add_dependent). */
export const addDependentSchema = dependentObject.check(checkIdentity);

/**
 * Changing a dependent: their details and/or the relationship. A field left out stays as it is; null
 * clears an optional one (date of birth, gender, district).
 */
export const updateDependentSchema = z.extend(z.partial(dependentObject), clearablePersonFields).check(checkIdentity, somethingToChange);

/** What `profile.register` takes. */
export type RegisterProfileInput = z.input<typeof registerProfileSchema>;
/** What `profile.update` takes. */
export type UpdateProfileInput = z.input<typeof updateProfileSchema>;
/** What `dependents.add` takes. */
export type AddDependentInput = z.input<typeof addDependentSchema>;
/** What `dependents.update` takes. */
export type UpdateDependentInput = z.input<typeof updateDependentSchema>;
/** How a dependent is related to their guardian. */
export type Relationship = z.infer<typeof relationshipSchema>;
