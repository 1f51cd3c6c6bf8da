/**
 * This browser's FCM token, remembered once registered, so that signing out can unregister it: the next
 * person to use a shared device must not get the last one's health notifications. Kept apart from
 * $lib/push so that every page's sign-out carries this, not Firebase's loader.
 */
const KEY = 'sejahtera.push-token';

export function rememberPushToken(token: string): void {
  try {
    localStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the token is then left for the next registration to move.
  }
}

/** Whether this browser registered a token (and has not signed out since). */
export function hasPushToken(): boolean {
  try {
    return localStorage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}

/** The token registered from this browser, if any; forgotten once read for a sign-out. */
export function takePushToken(): string | null {
  try {
    const token = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
    return token;
  } catch {
    return null;
  }
}
