/**
 * The offline queue under dropped connections: faults are injected at fetch for submit_assessment only
 * (a request that never left, and one that reached the server and stored the declaration but whose
 * response was lost); everything else reaches the stack. The database is the judge: exactly one
 * declaration per queued item, in the order they were queued.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  type KeyValueStore,
  NetworkError,
  type QueuedAssessment,
  type SejahteraClient,
  type SejahteraError,
  ValidationError,
  createOfflineQueue,
  keyValueStorage,
  memoryStorage,
} from '../src/index.ts';
import { PASSWORD, answers, emailUser, sdk } from './support.ts';

type Fault = 'pass' | 'drop' | 'lose-response';

/** A network for submissions: each request takes the next fault (none: it goes through), or drops while offline. */
function network() {
  const state = { faults: [] as Fault[], offline: false, sent: [] as string[] };
  const faulty: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/rpc/submit_assessment')) return fetch(input, init);
    state.sent.push(JSON.parse(String(init?.body)).idempotency_key);
    const fault = state.offline ? 'drop' : state.faults.shift();
    if (fault === 'drop') throw new TypeError('fetch failed');
    if (fault === 'lose-response') {
      await fetch(input, init);
      throw new TypeError('fetch failed');
    }
    return fetch(input, init);
  };
  return Object.assign(state, { fetch: faulty });
}

/** A signed-in client over `net`, sending each request once (so that every fault reaches the queue). */
async function client(net: ReturnType<typeof network>, email: string): Promise<SejahteraClient> {
  const sejahtera = sdk({ fetch: net.fetch, retry: false });
  await sejahtera.auth.signInWithPassword({ email, password: PASSWORD });
  return sejahtera;
}

/** A new user with a profile, and a client for them over a faulty network. */
async function user() {
  const { email } = await emailUser();
  const net = network();
  const sejahtera = await client(net, email);
  await sejahtera.profile.register({ full_name: 'Offline Person', district_code: 'MY-15-01' });
  const declaration = await answers(sejahtera);
  return { email, net, sejahtera, declaration };
}

/** The user's declarations in the database, in the order they arrived. */
async function stored(sejahtera: SejahteraClient): Promise<string[]> {
  return (await sejahtera.assessments.list({ limit: 1000 })).map((a) => a.idempotency_key).reverse();
}

/** A localStorage stand-in. */
function fakeLocalStorage(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) };
}

describe('offline queue', () => {
  it('delivers each queued declaration once, in order, through dropped connections and lost responses', async () => {
    const { net, sejahtera, declaration } = await user();
    const queue = createOfflineQueue({ sejahtera, storage: memoryStorage() });
    const queued: QueuedAssessment[] = [];
    for (let i = 0; i < 5; i++) queued.push(await queue.enqueue({ answers: { ...declaration, fever: i % 2 === 1 } }));
    const keys = queued.map((q) => q.idempotencyKey);
    expect(new Set(keys).size).toBe(5);

    // The first attempt never leaves the device: nothing delivered, nothing lost.
    net.faults = ['drop'];
    const first = await queue.flush();
    expect(first).toMatchObject({ delivered: [], dropped: [], remaining: 5 });
    expect(first.stoppedBy).toBeInstanceOf(NetworkError);

    // The next reaches the server, which stores it, but the answer is lost: still queued.
    net.faults = ['lose-response'];
    expect((await queue.flush()).remaining).toBe(5);
    expect(await stored(sejahtera)).toEqual(keys.slice(0, 1));

    // Resent with its key, the first is not stored twice; the second goes; the third's answer is lost.
    net.faults = ['pass', 'pass', 'lose-response'];
    const third = await queue.flush();
    expect(third.delivered.map((d) => d.item.idempotencyKey)).toEqual(keys.slice(0, 2));
    expect(third.remaining).toBe(3);

    const last = await queue.flush();
    expect(last.delivered.map((d) => d.item.idempotencyKey)).toEqual(keys.slice(2));
    expect(last).toMatchObject({ remaining: 0, stoppedBy: null });
    expect(last.delivered[0].assessment.kind).toBe('daily');
    expect(third.delivered[0].assessment.kind).toBe('day0');

    // Exactly one declaration per queued item, in the order queued.
    expect(await stored(sejahtera)).toEqual(keys);
    expect(await queue.pending()).toEqual([]);
    expect((await queue.flush()).delivered).toEqual([]);
  });

  it('a declaration held overnight counts for the moment it was made, not when it arrived', async () => {
    const { sejahtera, declaration } = await user();
    const local = fakeLocalStorage();
    await createOfflineQueue({ sejahtera, storage: keyValueStorage(local) }).enqueue({ answers: declaration });
    // As if queued 20 hours ago, with the device offline since.
    const heldSince = new Date(Date.now() - 20 * 3600_000).toISOString();
    const [key] = [...local.map.keys()];
    local.map.set(key, local.map.get(key)!.replace(/"queued_at":"[^"]+"/, `"queued_at":"${heldSince}"`));
    const { delivered } = await createOfflineQueue({ sejahtera, storage: keyValueStorage(local) }).flush();
    expect(delivered).toHaveLength(1);
    expect(new Date(delivered[0].assessment.submitted_at).toISOString()).toBe(heldSince);
  });

  it('survives a restart: a new queue over the same storage resumes, and the declaration whose answer was lost is not stored twice', async () => {
    const { email, net, sejahtera, declaration } = await user();
    const local = fakeLocalStorage();
    const before = createOfflineQueue({ sejahtera, storage: keyValueStorage(local) });
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) keys.push((await before.enqueue({ answers: declaration })).idempotencyKey);
    net.faults = ['lose-response'];
    await before.flush();
    expect(JSON.parse(local.map.get('sejahtera.offline-queue') ?? '').items).toHaveLength(3);

    // The app restarts: a new client (the session from sign-in) and a new queue over the same storage.
    const restartedNet = network();
    const restarted = await client(restartedNet, email);
    const after = createOfflineQueue({ sejahtera: restarted, storage: keyValueStorage(local) });
    expect((await after.pending()).map((i) => i.idempotencyKey)).toEqual(keys);
    const result = await after.flush();
    expect(result.delivered.map((d) => d.item.idempotencyKey)).toEqual(keys);
    expect(restartedNet.sent).toEqual(keys);
    expect(await stored(restarted)).toEqual(keys);
  });

  it('concurrent flushes, on one queue or two over the same storage, send nothing twice', async () => {
    const { net, sejahtera, declaration } = await user();
    const storage = memoryStorage();
    const queue = createOfflineQueue({ sejahtera, storage });
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) keys.push((await queue.enqueue({ answers: declaration })).idempotencyKey);
    const [a, b, c] = [queue.flush(), queue.flush(), queue.flush()];
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect((await a).delivered).toHaveLength(4);
    expect(net.sent).toEqual(keys);

    // Two queues over one storage (two tabs): each may send an item the other is sending, and the key
    // makes the database store it once.
    for (let i = 0; i < 4; i++) keys.push((await queue.enqueue({ answers: declaration })).idempotencyKey);
    const other = createOfflineQueue({ sejahtera, storage });
    const results = await Promise.all([queue.flush(), other.flush()]);
    expect(results.every((r) => r.remaining === 0)).toBe(true);
    expect(await stored(sejahtera)).toEqual(keys);
  });

  it('a declaration the server refuses is dropped and reported, and the rest still go', async () => {
    const { sejahtera, declaration } = await user();
    const dropped: Array<[string, SejahteraError]> = [];
    const queue = createOfflineQueue({ sejahtera, storage: memoryStorage(), onDropped: (item, error) => dropped.push([item.idempotencyKey, error]) });
    const good = await queue.enqueue({ answers: declaration });
    const bad = await queue.enqueue({ answers: { ...declaration, sneezing: true } });
    const forStranger = await queue.enqueue({ person_id: '00000000-0000-4000-8000-000000000000', answers: declaration });
    const alsoGood = await queue.enqueue({ answers: declaration });

    const result = await queue.flush();
    expect(result.delivered.map((d) => d.item.idempotencyKey)).toEqual([good.idempotencyKey, alsoGood.idempotencyKey]);
    expect(result.dropped.map((d) => [d.item.idempotencyKey, d.error.code])).toEqual([
      [bad.idempotencyKey, 'validation_failed'],
      [forStranger.idempotencyKey, 'permission_denied'],
    ]);
    expect(dropped.map(([key]) => key)).toEqual([bad.idempotencyKey, forStranger.idempotencyKey]);
    expect(result.remaining).toBe(0);
    expect(await stored(sejahtera)).toEqual([good.idempotencyKey, alsoGood.idempotencyKey]);

    // What the SDK can tell is wrong never enters the queue.
    // @ts-expect-error: answers are true or false
    await expect(queue.enqueue({ answers: { cough: 'yes' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(queue.enqueue({ answers: declaration }, { idempotencyKey: 'short' })).rejects.toBeInstanceOf(ValidationError);
    expect(await queue.pending()).toEqual([]);
  });

  it('flushes when the device is back online', async () => {
    const { net, sejahtera, declaration } = await user();
    const online = new EventTarget();
    const delivered: string[] = [];
    const queue = createOfflineQueue({ sejahtera, storage: memoryStorage(), online, onDelivered: (item) => delivered.push(item.idempotencyKey) });
    net.offline = true;
    const item = await queue.enqueue({ answers: declaration });
    expect((await queue.flush()).stoppedBy).toBeInstanceOf(NetworkError);

    net.offline = false;
    online.dispatchEvent(new Event('online'));
    for (let i = 0; i < 100 && delivered.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivered).toEqual([item.idempotencyKey]);
    expect(await stored(sejahtera)).toEqual([item.idempotencyKey]);

    queue.close();
    await queue.enqueue({ answers: declaration });
    online.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await queue.pending()).toHaveLength(1);
  });

  it('declarations wait for the account that made them; without a session nothing is sent or lost', async () => {
    const first = await user();
    const second = await user();
    // One device: the first user queues offline and signs out; the second signs in on it.
    const local = fakeLocalStorage();
    const device = createOfflineQueue({ sejahtera: first.sejahtera, storage: keyValueStorage(local) });
    first.net.offline = true;
    const mine = await device.enqueue({ answers: first.declaration });
    await first.sejahtera.auth.signOut({ scope: 'local' });
    const signedOut = await device.flush();
    expect(signedOut.stoppedBy).toBeInstanceOf(AuthError);
    expect(signedOut.remaining).toBe(1);
    await expect(device.enqueue({ answers: first.declaration })).rejects.toMatchObject({ code: 'not_signed_in' });

    const secondDevice = createOfflineQueue({ sejahtera: second.sejahtera, storage: keyValueStorage(local) });
    const theirs = await secondDevice.enqueue({ answers: second.declaration });
    const result = await secondDevice.flush();
    expect(result.delivered.map((d) => d.item.idempotencyKey)).toEqual([theirs.idempotencyKey]);
    expect(result.remaining).toBe(1);
    expect(await stored(second.sejahtera)).toEqual([theirs.idempotencyKey]);

    // The first user signs in again: their declaration goes, for them.
    const again = await client(network(), first.email);
    const back = await createOfflineQueue({ sejahtera: again, storage: keyValueStorage(local) }).flush();
    expect(back.delivered.map((d) => d.item.idempotencyKey)).toEqual([mine.idempotencyKey]);
    expect(await stored(again)).toEqual([mine.idempotencyKey]);
  });

  it('storage it cannot read is left alone', async () => {
    const { sejahtera } = await user();
    const storage = memoryStorage('not json');
    const queue = createOfflineQueue({ sejahtera, storage });
    await expect(queue.flush()).rejects.toMatchObject({ name: 'SejahteraError' });
    expect(storage.get()).toBe('not json');
  });
});
