/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The site's service worker: keeps the app shell (the built styles, icons and manifest at once, the built
 * scripts as pages use them) and the offline page on the device, so that on a weak connection the site opens fast and, with none, says
 * so in words instead of the browser's error. Pages themselves are never cached: they hold people's
 * health data, and they must be current. It also shows the push notifications FCM delivers.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `sejahtera-shell-${version}`;
const OFFLINE_PAGE = '/offline';
const SHELL = new Set([...build, ...files]);
// Kept at install: what the offline page needs (styles, icons), and the manifest. The scripts are kept as
// pages use them: a visitor on a slow connection does not download every page's code (Firebase's included).
const PRECACHE = [...build.filter((path) => path.endsWith('.css')), ...files];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE);
      // Signed out (no cookies): the page holds nobody's data, in the browser's language and the other.
      const offline = await fetch(new Request(OFFLINE_PAGE, { credentials: 'omit', cache: 'reload' }));
      if (!offline.ok) throw new Error(`The offline page answered ${offline.status}`);
      await cache.put(OFFLINE_PAGE, offline);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      // Pages already open use this worker at once, so that they too get the offline page.
      await sw.clients.claim();
    })(),
  );
});

/** Built files are named by their content and static ones change only with a new version: the cache's copy is good. */
async function fromShell(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function pageOrOffline(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(OFFLINE_PAGE, { cacheName: CACHE })) ?? Response.error();
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (SHELL.has(url.pathname)) event.respondWith(fromShell(request));
  else if (request.mode === 'navigate') event.respondWith(pageOrOffline(request));
  // Anything else (a page's data, the data export) goes to the network as if there were no worker: when
  // a client-side navigation's data cannot be fetched, SvelteKit loads the page in full, and gets the offline page.
});

/** What FCM delivers to a web push subscription: the message's notification, its data, or both. */
interface FcmPayload {
  notification?: { title?: string; body?: string; icon?: string };
  data?: Record<string, string>;
  fcmOptions?: { link?: string };
}

sw.addEventListener('push', (event) => {
  let payload: FcmPayload = {};
  try {
    payload = (event.data?.json() ?? {}) as FcmPayload;
  } catch {
    return;
  }
  const title = payload.notification?.title ?? payload.data?.title;
  if (!title) return;
  // Only pages of this site are opened from a notification.
  const target = new URL(payload.fcmOptions?.link ?? payload.data?.link ?? '/', sw.location.origin);
  event.waitUntil(
    sw.registration.showNotification(title, {
      body: payload.notification?.body ?? payload.data?.body,
      icon: '/icon-192.png',
      badge: '/icon-maskable-192.png',
      data: { link: target.origin === sw.location.origin ? target.pathname + target.search : '/' },
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = (event.notification.data as { link?: string } | null)?.link ?? '/';
  event.waitUntil(
    (async () => {
      const open = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = open.find((client) => new URL(client.url).pathname === link);
      if (same) await same.focus();
      else await sw.clients.openWindow(link);
    })(),
  );
});
