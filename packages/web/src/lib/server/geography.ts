/** Malaysia's states and their districts, for the district pickers, named in the page's language. */
import type { SejahteraClient } from '@sejahtera/sdk';
import type { Locale } from '$lib/i18n';

export interface StateDistricts {
  code: string;
  name: string;
  districts: Array<{ code: string; name: string }>;
}

/**
 * States (by name in `locale`) with their districts. The SDK has no reference-geography namespace yet:
 * states and districts are public reference tables, read through its supabase-js client.
 */
export async function statesWithDistricts(sejahtera: SejahteraClient, locale: Locale): Promise<StateDistricts[]> {
  const [states, districts] = await Promise.all([
    sejahtera.supabase.from('states').select('code, name_ms, name_en').order('code'),
    sejahtera.supabase.from('districts').select('code, name, state_code').order('name'),
  ]);
  if (states.error) throw states.error;
  if (districts.error) throw districts.error;
  return states.data
    .map((state) => ({
      code: state.code,
      name: locale === 'en' ? state.name_en : state.name_ms,
      districts: districts.data.filter((d) => d.state_code === state.code).map(({ code, name }) => ({ code, name })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
