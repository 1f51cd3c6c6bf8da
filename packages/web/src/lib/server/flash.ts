/**
 * A one-time message for the page a form redirects to ("declaration recorded", "dependent removed"):
 * kept for a minute in an httpOnly cookie, read and cleared by the next page. A redirect after a post
 * keeps a reload from posting again, and the message survives it without JavaScript.
 */
import type { Cookies } from '@sveltejs/kit';
import * as z from 'zod/mini';

const FLASH_COOKIE = 'flash';

const flashSchema = z.object({
  kind: z.enum(['declared', 'dependentAdded', 'dependentUpdated', 'dependentDeleted', 'dependentUnlinked', 'ticketOpened', 'ticketReplied', 'ticketClosed', 'passwordChanged', 'profileUpdated']),
  name: z.string(),
});

export type Flash = z.infer<typeof flashSchema>;

export function setFlash(event: { cookies: Cookies; url: URL }, flash: Flash): void {
  event.cookies.set(FLASH_COOKIE, JSON.stringify(flash), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60,
    secure: event.url.protocol === 'https:',
  });
}

/** The message left for this page, if any; it is shown once. */
export function takeFlash(event: { cookies: Cookies; url: URL }): Flash | null {
  const raw = event.cookies.get(FLASH_COOKIE);
  if (raw === undefined) return null;
  event.cookies.delete(FLASH_COOKIE, { path: '/', secure: event.url.protocol === 'https:' });
  try {
    const parsed = flashSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
