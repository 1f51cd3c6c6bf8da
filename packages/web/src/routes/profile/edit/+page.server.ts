import { redirect } from '@sveltejs/kit';
import { isConflictError, isNotFoundError, updateProfileSchema } from '@sejahtera/sdk';
import { LOCALE_COOKIE, isLocale, messages } from '$lib/i18n';
import { addError, errorsFromSdk, failForm, formValues, parseWith } from '$lib/server/forms';
import { setFlash } from '$lib/server/flash';
import { statesWithDistricts } from '$lib/server/geography';
import { sejahteraFor } from '$lib/server/sejahtera';
import { EDIT_PROFILE_FIELDS } from '$lib/profile';
import type { Actions, PageServerLoad } from './$types';

/** Optional details an emptied box clears (the SDK's update takes null for them). */
const CLEARABLE = ['phone', 'email', 'date_of_birth', 'district_code', 'postcode', 'address'] as const;

/** The signed-in user's profile as the form starts with it; without one, registering it comes first. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const [profile, states] = await Promise.all([sejahtera.profile.get(), statesWithDistricts(event.locals.locale)]);
  if (!profile) redirect(303, '/profile');
  return {
    identity: profile.identity_masked ? { type: profile.identity_type ?? 'other', masked: profile.identity_masked } : null,
    // The document number is never read back, only its masked form: its box starts empty.
    values: {
      full_name: profile.full_name,
      phone: profile.phone ?? undefined,
      email: profile.email ?? undefined,
      identity_type: profile.identity_type ?? undefined,
      nationality: profile.identity_type === 'passport' ? profile.nationality : undefined,
      date_of_birth: profile.date_of_birth ?? undefined,
      gender: profile.gender ?? undefined,
      district_code: profile.district_code ?? undefined,
      postcode: profile.postcode ?? undefined,
      address: profile.address ?? undefined,
      preferred_language: profile.preferred_language,
      // Stored as 09:00:00; a time box shows 09:00.
      reminder_time: profile.reminder_time.slice(0, 5),
    } as Record<string, string | undefined>,
    states,
  };
};

export const actions = {
  /** Saves the profile; back to it, in the preferred language when that changed. */
  save: async (event) => {
    const locale = event.locals.locale;
    const m = messages(locale);
    const form = await event.request.formData();
    const values = formValues(form, EDIT_PROFILE_FIELDS);
    const input: Record<string, string | null> = { ...values };
    for (const field of CLEARABLE) if (values[field] === undefined && form.has(field)) input[field] = null;
    // An empty number keeps the stored document (it cannot be read back to fill the box).
    if (!values.identity_number) delete input.identity_type;
    // Nationality belongs to a passport; a MyKad holder's is Malaysia's by definition.
    if (values.identity_type !== 'passport') delete input.nationality;
    // An empty box would otherwise mean "unchanged": the name cannot be blanked.
    if (!values.full_name) return failForm(addError({}, 'full_name', messages(locale).fieldErrors.required), values);
    const parsed = parseWith(updateProfileSchema, input, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    let saved;
    try {
      saved = await sejahteraFor(event).profile.update(parsed.data);
    } catch (error) {
      if (isNotFoundError(error)) redirect(303, '/profile');
      if (isConflictError(error)) return failForm(addError({}, 'identity_number', m.profileEdit.documentTaken), values, 409);
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    // The language one prefers for messages is the site's language for them too.
    if (isLocale(saved.preferred_language) && saved.preferred_language !== locale) {
      event.cookies.set(LOCALE_COOKIE, saved.preferred_language, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: false, secure: event.url.protocol === 'https:' });
    }
    setFlash(event, { kind: 'profileUpdated', name: saved.full_name });
    redirect(303, '/profile');
  },
} satisfies Actions;
