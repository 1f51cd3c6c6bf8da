/**
 * Where GoTrue sends people after a link (utilities/request.go): the requested `redirect_to` when the
 * site URL's host or an additional_redirect_urls pattern allows it, else the site URL. Patterns are
 * globs as GoTrue matches them (gobwas/glob with '.' and '/' as separators): `*` stays within a
 * segment, `**` crosses them.
 */
import type { AuthSettings } from './config.ts';

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^./]*';
      }
    } else if (ch === '?') {
      source += '[^./]';
    } else {
      source += ch.replace(/[\\^$.+()|[\]{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export function isRedirectUrlValid(settings: AuthSettings, redirectUrl: string | undefined | null): boolean {
  if (!redirectUrl) return false;
  let target: URL;
  try {
    target = new URL(redirectUrl);
  } catch {
    return false;
  }
  try {
    if (new URL(settings.siteUrl).hostname === target.hostname) return true;
  } catch {
    // a broken site_url allows nothing by host
  }
  return settings.additionalRedirectUrls.some((pattern) => globToRegExp(pattern).test(redirectUrl));
}

/**
 * The redirect target of a request: `redirect_to` from the query (or header), else the Referer,
 * when allowed; else the site URL (GetReferrer).
 */
export function getReferrer(settings: AuthSettings, req: { query: (name: string) => string | undefined; header: (name: string) => string | undefined }): string {
  const requested = req.header('redirect_to') || req.query('redirect_to');
  if (isRedirectUrlValid(settings, requested)) return requested!;
  const referer = req.header('referer');
  if (isRedirectUrlValid(settings, referer)) return referer!;
  return settings.siteUrl;
}
