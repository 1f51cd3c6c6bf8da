import { createSejahtera, type SejahteraClient } from '@sejahtera/sdk';
import type { RequestEvent } from '@sveltejs/kit';

/** The SDK around this request's Supabase client (its session is the request's cookies), in the page's language. */
export function sejahteraFor(event: Pick<RequestEvent, 'locals'>): SejahteraClient {
  return createSejahtera({ client: event.locals.supabase, language: event.locals.locale });
}
