/** The link in the stack's contact invitations: the Auth site_url's /register, or a reason why there is none. */
import { describe, expect, it } from 'vitest';
import { registerUrl } from '../src/push.ts';

describe('registerUrl', () => {
  it('is the site_url\'s /register, whatever trailing slashes it has', () => {
    expect(registerUrl('http://127.0.0.1:5173')).toEqual({ url: 'http://127.0.0.1:5173/register' });
    expect(registerUrl('https://sejahtera.example/app//')).toEqual({ url: 'https://sejahtera.example/app/register' });
  });

  it('says why when site_url is not an http(s) address, so that invitations are skipped with one log line', () => {
    expect(registerUrl('')).toEqual({ error: 'auth site_url "" is not an address' });
    expect(registerUrl('sejahtera://open')).toEqual({ error: 'auth site_url "sejahtera://open" is not an http(s) address' });
  });
});
