/**
 * Where the offline queue keeps itself between app starts: one serialized string, read and written
 * whole. Any store that can get and set a string will do: memory (tests, or a page that need not
 * survive a reload), localStorage or sessionStorage, React Native's AsyncStorage, IndexedDB behind a
 * small wrapper.
 */

/** The offline queue's storage: the serialized queue, or null when nothing was stored yet. */
export interface QueueStorage {
  /** The serialized queue, or null when nothing was stored yet. */
  get(): string | null | Promise<string | null>;
  /** Replaces the serialized queue. */
  set(value: string): void | Promise<void>;
}

/** A store with localStorage's shape, synchronous (localStorage, sessionStorage) or not (React Native's AsyncStorage). */
export interface KeyValueStore {
  /** The value under `key`, or null. */
  getItem(key: string): string | null | Promise<string | null>;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void | Promise<void>;
}

/**
 * A queue storage in memory: it lasts as long as the object does.
 *
 * @example
 * ```ts
 * const queue = createOfflineQueue({ sejahtera, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(initial: string | null = null): QueueStorage {
  let value = initial;
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
  };
}

/**
 * A queue storage over localStorage, sessionStorage, React Native's AsyncStorage or anything with their
 * getItem/setItem, under one key (default `sejahtera.offline-queue`).
 *
 * @example
 * ```ts
 * const queue = createOfflineQueue({ sejahtera, storage: keyValueStorage(window.localStorage), online: window });
 * // React Native:
 * const queue = createOfflineQueue({ sejahtera, storage: keyValueStorage(AsyncStorage) });
 * ```
 */
export function keyValueStorage(store: KeyValueStore, key = 'sejahtera.offline-queue'): QueueStorage {
  return {
    get: () => store.getItem(key),
    set: (value) => store.setItem(key, value),
  };
}
