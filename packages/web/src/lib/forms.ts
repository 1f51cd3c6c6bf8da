import type { SubmitFunction } from '@sveltejs/kit';

/**
 * What `use:enhance` runs for the site's forms: while the form is sending, `setBusy(true)` (its button is
 * disabled, so a second click sends nothing); after, the page updates as a full load would, keeping what
 * was typed (a failed form shows its errors beside the values).
 */
export function keepingValues(setBusy: (busy: boolean) => void): SubmitFunction {
  return () => {
    setBusy(true);
    return async ({ update }) => {
      await update({ reset: false });
      setBusy(false);
    };
  };
}
