/**
 * Web push settings: the Firebase project's public web configuration, read at run time. All five must be
 * set for the site to offer notifications; without them no Firebase code reaches the browser.
 */
import { env } from '$env/dynamic/public';
import type { PushSettings } from '$lib/push';

export function pushSettings(): PushSettings | null {
  const settings = {
    apiKey: env.PUBLIC_FIREBASE_API_KEY,
    projectId: env.PUBLIC_FIREBASE_PROJECT_ID,
    messagingSenderId: env.PUBLIC_FIREBASE_MESSAGING_SENDER_ID,
    appId: env.PUBLIC_FIREBASE_APP_ID,
    vapidKey: env.PUBLIC_FIREBASE_VAPID_KEY,
  };
  if (!settings.apiKey || !settings.projectId || !settings.messagingSenderId || !settings.appId || !settings.vapidKey) return null;
  return settings as PushSettings;
}
