// A dispatcher process for the push tests: runs one dispatch with the options in DISPATCH_OPTIONS and
// prints its summary as JSON. The crash test kills it mid-batch.
import { dispatchOnce, serviceRoleDb } from './push.ts';

const db = serviceRoleDb(process.env.DISPATCH_DATABASE_URL);
const summary = await dispatchOnce(db, { url: process.env.FCM_API_URL!, serviceAccount: JSON.parse(process.env.FCM_SERVICE_ACCOUNT!) },
  { ...JSON.parse(process.env.DISPATCH_OPTIONS ?? '{}'), log: (line: string) => console.error(line) });
console.log(JSON.stringify(summary));
await db.end();
