/**
 * Web push through Firebase Cloud Messaging, in the browser: permission, then this device's FCM token for
 * the site's own service worker (which shows what FCM delivers). Firebase is imported only here, and only
 * when someone turns notifications on, so that no page carries it otherwise.
 */

/** A Firebase project's public web configuration and its web push (VAPID) public key. */
export interface PushSettings {
  apiKey: string;
  projectId: string;
  messagingSenderId: string;
  appId: string;
  vapidKey: string;
}

/** What asking for notifications came to. */
export type PushOutcome = { kind: 'token'; token: string } | { kind: 'denied' } | { kind: 'unsupported' };

/** Whether this browser can take web push at all (checked before offering it). */
export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
}

/**
 * Asks the visitor's permission (call it from a click: browsers ask only then), then gets this device's
 * FCM registration token. Throws when Firebase cannot be reached.
 */
export async function requestPushToken(settings: PushSettings): Promise<PushOutcome> {
  if (!pushSupported()) return { kind: 'unsupported' };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return { kind: 'denied' };

  const [{ getApps, initializeApp }, { getMessaging, getToken, isSupported }] = await Promise.all([import('firebase/app'), import('firebase/messaging')]);
  if (!(await isSupported())) return { kind: 'unsupported' };
  const { vapidKey, ...config } = settings;
  const app = getApps().find((a) => a.name === 'sejahtera') ?? initializeApp(config, 'sejahtera');
  // The site's service worker (src/service-worker.ts) receives the pushes: no firebase-messaging-sw.js.
  const serviceWorkerRegistration = await navigator.serviceWorker.ready;
  const token = await getToken(getMessaging(app), { vapidKey, serviceWorkerRegistration });
  return { kind: 'token', token };
}
