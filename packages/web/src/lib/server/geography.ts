/** Malaysia's states and their districts, for the district pickers, named in the page's language. */
import { createSejahtera, type SejahteraClient } from '@sejahtera/sdk';
import type { Locale } from '$lib/i18n';
import { supabaseConfig } from './config';

export interface StateDistricts {
  code: string;
  name: string;
  districts: Array<{ code: string; name: string }>;
}

/**
 * A signed-out client for public reference data only: its geography namespace reads the two tables once
 * and keeps them (only a migration changes them), so that pickers cost no request after the first page.
 */
let reference: SejahteraClient | undefined;

/** States (by name in `locale`) with their districts (by name), from the SDK's geography. */
export async function statesWithDistricts(locale: Locale): Promise<StateDistricts[]> {
  reference ??= createSejahtera({ ...supabaseConfig(), auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } });
  const [states, districts] = await Promise.all([reference.geography.states({ language: locale }), reference.geography.districts()]);
  return states.map((state) => ({
    code: state.code,
    name: state.name,
    districts: districts.filter((d) => d.state_code === state.code).map(({ code, name }) => ({ code, name })),
  }));
}
