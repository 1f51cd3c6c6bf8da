import { loadMessages } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/** The page's language's texts, loaded before anything renders: the browser fetches only that catalogue. */
export const load: LayoutLoad = async ({ data }) => {
  await loadMessages(data.locale);
  return data;
};
