import { malaysianToday } from '@sejahtera/sdk';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { RequestHandler } from './$types';

/**
 * The subject-access export (PDPA 2010) as a file: everything held about the signed-in account and its
 * dependents, from the database's export_my_data through the SDK (which the database audits). Never
 * cached anywhere: it is the most personal document the site serves.
 */
export const GET: RequestHandler = async (event) => {
  const data = await sejahteraFor(event).privacy.exportMyData();
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="sejahtera-my-data-${malaysianToday()}.json"`,
      'cache-control': 'no-store',
    },
  });
};
