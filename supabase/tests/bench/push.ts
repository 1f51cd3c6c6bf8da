/**
 * npm run bench (database): an announcement's fan-out to BENCH_PUSH_DEVICES devices (default 100,000),
 * from publishing to the last message FCM accepted, against the FCM stand-in's own maximum rate
 * (BENCH_PUSH_RATE messages per second, default 1,000) measured in the same run: the ratio says how
 * close the whole path comes to what FCM would allow (1 = as fast as FCM takes them).
 *
 * The whole path is the product's: the publish's fan-out trigger (one set-based statement), the stack's
 * push trigger calling the dispatch-notifications edge function in Deno, firebase-admin, and the
 * stand-in on this machine. Runs on its own stack instance (ports 27721, 27722, 27724; data in
 * .sejahtera/pushbench, removed after the run) unless SEJAHTERA_BENCH_STACK=running (which then needs
 * FCM settings of its own).
 */
import { rmSync } from 'node:fs';
import pg from 'pg';
import { benchNumber, benchStack, mustRunStackCli, startFcmStandIn } from '@sejahtera/stack/testing';

const devices = benchNumber('BENCH_PUSH_DEVICES', 100_000);
const rate = benchNumber('BENCH_PUSH_RATE', 1000);
const step = (text: string) => console.log(`\n» ${text}`);

const fcm = await startFcmStandIn({ maxPerSecond: rate });
const { useRunning, ports, env, dataDir } = benchStack('pushbench', 27721);
const stackEnv = { ...env, FCM_SERVICE_ACCOUNT: JSON.stringify(fcm.serviceAccount), FCM_API_URL: fcm.url, SEJAHTERA_SCHEDULER_JOBS: 'none' };
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);

if (!useRunning) {
  step('starting the push bench stack (FCM pointed at the stand-in)');
  await stack('start');
}
const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres` });
await db.connect();
db.on('error', () => {}); // the stack stopping under an idle connection is expected at the end
try {
  step(`creating ${devices.toLocaleString('en')} accounts, each with a device`);
  await db.query(`delete from auth.users where email like 'pushbench-%'`);
  const chunk = 20_000;
  for (let done = 0; done < devices; done += chunk) {
    const n = Math.min(chunk, devices - done);
    await db.query(
      `with u as (
         insert into auth.users (id, aud, role, email, created_at, updated_at)
         select gen_random_uuid(), 'authenticated', 'authenticated', 'pushbench-' || gen_random_uuid() || '@example.test', now(), now()
         from generate_series(1, $1) returning id
       )
       insert into public.device_tokens (account_id, token, platform) select id, 'pushbench-' || replace(id::text, '-', ''), 'android' from u`,
      [n],
    );
    process.stdout.write(`  ${(done + n).toLocaleString('en')} of ${devices.toLocaleString('en')}\r`);
  }
  await db.query('analyze auth.users; analyze public.device_tokens; analyze public.persons');
  const [{ accounts }] = (await db.query<{ accounts: number }>(`select count(*)::int as accounts from auth.users where deleted_at is null`)).rows;

  step(`publishing an announcement to everyone (${accounts.toLocaleString('en')} accounts); FCM stand-in takes at most ${rate.toLocaleString('en')} messages/s`);
  // The publish runs in a session with auto_explain, so the fan-out trigger's own statement shows its plan.
  const admin = new pg.Client({ connectionString: `postgresql://supabase_admin:postgres@127.0.0.1:${ports.db}/postgres` });
  await admin.connect();
  const plans: string[] = [];
  admin.on('notice', (notice) => plans.push(String(notice.message)));
  await admin.query(`load 'auto_explain'; set auto_explain.log_min_duration = 200; set auto_explain.log_analyze = on;
    set auto_explain.log_timing = off; set auto_explain.log_nested_statements = on; set auto_explain.log_level = notice`);
  fcm.reset();
  const started = performance.now();
  await admin.query(
    `insert into public.announcements (title, body, target_kind, published_at)
     values ('{"ms": "Ujian penanda aras", "en": "Benchmark"}', '{"ms": "Teks", "en": "Text"}', 'everyone', now())`,
  );
  const published = performance.now();
  await admin.end();
  console.log(`  fan-out in the database (one set-based statement in the publish): ${((published - started) / 1000).toFixed(1)} s; its plan:`);
  const fanOut = plans.find((plan) => plan.includes('Insert on notifications'));
  for (const line of (fanOut ?? 'no plan captured').split('\n').filter((l) => /Insert|Scan|Join|Unique|Sort|CTE|Function|Query Text/.test(l)).slice(0, 25)) {
    console.log(`    ${line.slice(0, 160)}`);
  }

  const ours = () => fcm.delivered().filter((r) => r.message.token?.startsWith('pushbench-'));
  const deadline = started + Math.max(600_000, (devices / rate) * 5000);
  let last = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const count = ours().length;
    const seconds = (performance.now() - started) / 1000;
    console.log(`  ${count.toLocaleString('en')} of ${devices.toLocaleString('en')} sent after ${seconds.toFixed(0)} s (${Math.round((count - last) / 2)}/s now; 429s so far: ${fcm.received.filter((r) => r.status === 429).length})`);
    last = count;
    if (count >= devices || performance.now() > deadline) break;
  }
  const delivered = ours();
  const tokens = new Set(delivered.map((r) => r.message.token));
  if (tokens.size !== delivered.length) throw new Error(`${delivered.length - tokens.size} devices got the announcement twice`);
  if (delivered.length < devices) throw new Error(`only ${delivered.length} of ${devices} devices got the announcement in time`);
  const lastSend = Math.max(...delivered.map((r) => r.at));
  const ours_s = (lastSend - started) / 1000;
  const floor_s = devices / rate;
  console.log(`\n  publish -> last send: ${ours_s.toFixed(1)} s (${Math.round(devices / ours_s)} messages/s)`);
  console.log(`  the stand-in's own limit: ${floor_s.toFixed(1)} s for ${devices.toLocaleString('en')} at ${rate}/s`);
  console.log(`  ratio (limit / ours, 1 = as fast as FCM allows): ${(floor_s / ours_s).toFixed(2)}; each device once: yes`);
} finally {
  if (useRunning) {
    await db.query(`delete from public.announcements where title ->> 'en' = 'Benchmark'`).catch(() => {});
    await db.query(`delete from auth.users where email like 'pushbench-%'`).catch(() => {});
  }
  await db.end();
  if (!useRunning) {
    // Faster than deleting 100,000 accounts and what cascades from them.
    await stack('stop');
    rmSync(dataDir, { recursive: true, force: true });
  }
  await fcm.close();
}
