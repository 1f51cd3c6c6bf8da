import { sejahteraFor } from '$lib/server/sejahtera';
import type { PageServerLoad } from './$types';

/** The signed-in user's tickets with where each stands, most recently active first. */
export const load: PageServerLoad = async (event) => {
  const tickets = await sejahteraFor(event).feedback.list();
  return {
    tickets: tickets.map(({ id, subject, category, status, created_at, message_count, last_message_at }) => ({
      id,
      subject,
      category,
      status,
      created_at,
      message_count,
      last_message_at,
    })),
  };
};
