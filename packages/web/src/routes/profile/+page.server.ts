import { redirect } from '@sveltejs/kit';
import { isConflictError, registerDeviceSchema, registerProfileSchema } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { addError, errorsFromSdk, failForm, formValues, parseWith } from '$lib/server/forms';
import { statesWithDistricts } from '$lib/server/geography';
import { sejahteraFor } from '$lib/server/sejahtera';
import { REGISTER_PROFILE_FIELDS } from '$lib/profile';
import { takeFlash } from '$lib/server/flash';
import { pushSettings } from '$lib/server/push';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const [profile, states] = await Promise.all([sejahtera.profile.get(), statesWithDistricts(event.locals.locale)]);
  if (profile) {
    const state = states.find((s) => s.code === profile.state_code);
    const district = state?.districts.find((d) => d.code === profile.district_code);
    return {
      profile,
      place: district && state ? `${district.name}, ${state.name}` : null,
      states: [],
      flash: takeFlash(event),
      push: pushSettings(),
    };
  }
  return { profile: null, place: null, states, flash: null, push: null };
};

export const actions = {
  /** Registers the signed-in user's own person (day 0 needs one). */
  register: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const values = formValues(form, REGISTER_PROFILE_FIELDS);
    const input: Record<string, string> = { ...values };
    // Nationality belongs to a passport; a MyKad holder's is Malaysia's by definition.
    if (values.identity_type !== 'passport') delete input.nationality;
    const parsed = parseWith(registerProfileSchema, input, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    try {
      await sejahteraFor(event).profile.register(parsed.data);
    } catch (error) {
      if (isConflictError(error)) {
        const m = messages(locale);
        const errors = /identity/.test(`${error.field ?? ''} ${error.message}`)
          ? addError({}, 'identity_number', m.profile.documentTaken)
          : addError({}, 'form', m.profile.alreadyRegistered);
        return failForm(errors, values, 409);
      }
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    redirect(303, '/');
  },

  /** Registers this browser's FCM token for web push (posted by the notifications control, with JavaScript). */
  registerDevice: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const parsed = parseWith(registerDeviceSchema, { token: form.get('token'), platform: 'web' }, locale);
    if (parsed.errors) return failForm(parsed.errors, {});
    try {
      await sejahteraFor(event).notifications.registerDevice(parsed.data);
    } catch (error) {
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, {}, known.status);
      throw error;
    }
    return { deviceRegistered: true };
  },
} satisfies Actions;
