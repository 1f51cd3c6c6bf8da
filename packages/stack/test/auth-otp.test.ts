/**
 * One-time codes and links: email OTPs and magic links (implicit and PKCE, the PKCE exchange done by
 * @supabase/ssr as a SvelteKit server would), password recovery, SMS codes and test numbers,
 * confirmations resent, email and phone changes, reauthentication, and the codes that must fail.
 * Codes are read from the development inbox, as a developer would read them.
 */
import { createHash } from 'node:crypto';
import { createServerClient } from '@supabase/ssr';
import { describe, expect, it } from 'vitest';
import { ANON_KEY, API_URL, db, latestMessage, messagesTo, uniqueEmail, uniquePhone } from './support.ts';
import {
  API_VERSION,
  AUTH_URL,
  PASSWORD,
  adminClient,
  authClient,
  authFetch,
  codeSentTo,
  decodeJwt,
  phoneUser,
  randomIp,
  redirectParams,
  signedUpUser,
} from './auth-support.ts';

const SITE_URL = 'http://127.0.0.1:5173';
const sha224 = (text: string) => createHash('sha224').update(text).digest('hex');

/** A server client as @supabase/ssr makes one in hooks.server.ts, its cookies kept in a Map. */
function ssrClient(ip = randomIp()) {
  const jar = new Map<string, string>();
  const client = createServerClient(API_URL, ANON_KEY, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.set(name, value);
          else jar.delete(name);
        }
      },
    },
    global: { headers: { 'x-forwarded-for': ip } },
  });
  return { client, jar };
}

describe('email OTP and magic links', () => {
  it('a new address gets a magic link with a code; the code signs in (type email)', async () => {
    const email = uniqueEmail('otp');
    const client = authClient();
    const { error } = await client.auth.signInWithOtp({ email, options: { data: { full_name: 'Nurul' } } });
    expect(error).toBeNull();

    const message = await latestMessage(email, 'magiclink');
    expect(message.subject).toBe('Your Magic Link');
    expect(message.code).toMatch(/^[0-9]{6}$/);
    const hash = sha224(email + message.code);
    expect(message.link).toBe(`${AUTH_URL}/verify?token=${hash}&type=magiclink&redirect_to=${encodeURIComponent(SITE_URL)}`);
    expect(message.text).toContain(message.code);

    const pg = await db();
    try {
      const row = (await pg.query('select token_type, relates_to from auth.one_time_tokens where token_hash = $1', [hash])).rows[0];
      expect(row).toEqual({ token_type: 'recovery_token', relates_to: email });
    } finally {
      await pg.end();
    }

    const { data, error: verifyError } = await client.auth.verifyOtp({ email, token: message.code!, type: 'email' });
    expect(verifyError).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(data.user!.user_metadata).toMatchObject({ full_name: 'Nurul' });
    expect(decodeJwt(data.session!.access_token).amr[0].method).toBe('otp');
  });

  it('the link (GET /verify) redirects with the session in the fragment, to an allowed redirect_to', async () => {
    const { email } = await signedUpUser();
    const client = authClient();
    await client.auth.signInWithOtp({ email, options: { emailRedirectTo: `${SITE_URL}/welcome?from=email` } });
    const message = await latestMessage(email, 'magiclink');
    expect(message.link).toContain(`redirect_to=${encodeURIComponent(`${SITE_URL}/welcome?from=email`)}`);

    const res = await fetch(message.link!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const { url, fragment } = redirectParams(res.headers.get('location')!);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(`${SITE_URL}/welcome?from=email`);
    expect(fragment).toMatchObject({ token_type: 'bearer', expires_in: '3600', type: 'magiclink' });
    expect(Number(fragment.expires_at)).toBeGreaterThan(Date.now() / 1000);

    const me = await authFetch('/user', { token: fragment.access_token });
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe(email);
    // The link's token was spent.
    const again = await fetch(message.link!, { redirect: 'manual' });
    expect(again.status).toBe(303);
    const error = redirectParams(again.headers.get('location')!).fragment;
    expect(error).toEqual({
      error: 'access_denied',
      error_code: 'otp_expired',
      error_description: 'Email link is invalid or has expired',
    });
  });

  it('a redirect_to that is not allowed falls back to the site URL', async () => {
    const { email } = await signedUpUser();
    await authClient().auth.signInWithOtp({ email, options: { emailRedirectTo: 'https://evil.example/steal' } });
    const message = await latestMessage(email, 'magiclink');
    const res = await fetch(message.link!, { redirect: 'manual' });
    expect(res.headers.get('location')!.startsWith(`${SITE_URL}#access_token=`)).toBe(true);
  });

  it('a token hash verifies on its own (verifyOtp with token_hash)', async () => {
    const { email } = await signedUpUser();
    const client = authClient();
    await client.auth.signInWithOtp({ email });
    const tokenHash = new URL((await latestMessage(email, 'magiclink')).link!).searchParams.get('token')!;
    const { data, error } = await client.auth.verifyOtp({ token_hash: tokenHash, type: 'magiclink' });
    expect(error).toBeNull();
    expect(data.session).not.toBeNull();
  });

  it('a wrong code is 403 otp_expired', async () => {
    const { email } = await signedUpUser();
    const client = authClient();
    await client.auth.signInWithOtp({ email });
    const code = await codeSentTo(email, 'magiclink');
    const wrong = code === '000000' ? '111111' : '000000';
    const { error } = await client.auth.verifyOtp({ email, token: wrong, type: 'email' });
    expect(error).toMatchObject({ status: 403, code: 'otp_expired', message: 'Token has expired or is invalid' });
  });

  it('an expired code is 403 otp_expired', async () => {
    const { email, user } = await signedUpUser();
    const client = authClient();
    await client.auth.signInWithOtp({ email });
    const code = await codeSentTo(email, 'magiclink');
    const pg = await db();
    try {
      await pg.query(`update auth.users set recovery_sent_at = now() - interval '2 hours' where id = $1`, [user.id]);
    } finally {
      await pg.end();
    }
    const { error } = await client.auth.verifyOtp({ email, token: code, type: 'magiclink' });
    expect(error).toMatchObject({ status: 403, code: 'otp_expired' });
  });

  it('create_user: false refuses an unknown address: 422 otp_disabled', async () => {
    const { error } = await authClient().auth.signInWithOtp({ email: uniqueEmail(), options: { shouldCreateUser: false } });
    expect(error).toMatchObject({ status: 422, code: 'otp_disabled', message: 'Signups not allowed for otp' });
  });

  it('a second email within max_frequency is 429 over_email_send_rate_limit with Retry-After', async () => {
    const { email } = await signedUpUser();
    const ip = randomIp();
    const first = await authFetch('/otp', { body: { email }, ip });
    expect(first.status).toBe(200);
    const second = await authFetch('/otp', { body: { email }, ip, headers: API_VERSION });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await second.json()).toEqual({
      code: 'over_email_send_rate_limit',
      message: 'For security purposes, you can only request this after 1 seconds.',
    });
  });
});

describe('PKCE with @supabase/ssr', () => {
  it('a magic link redirects with ?code=, which the server client exchanges for a session', async () => {
    const { email, user } = await signedUpUser();
    const { client, jar } = ssrClient();
    const { error } = await client.auth.signInWithOtp({ email, options: { emailRedirectTo: `${SITE_URL}/auth/callback` } });
    expect(error).toBeNull();
    expect([...jar.keys()].some((name) => name.endsWith('-code-verifier'))).toBe(true);

    const message = await latestMessage(email, 'magiclink');
    expect(new URL(message.link!).searchParams.get('token')).toMatch(/^pkce_[0-9a-f]{56}$/);
    const res = await fetch(message.link!, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const { url, query } = redirectParams(res.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${SITE_URL}/auth/callback`);
    expect(query.code).toMatch(/^[0-9a-f-]{36}$/);
    expect(url.hash).toBe('');

    const exchanged = await client.auth.exchangeCodeForSession(query.code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user!.id).toBe(user.id);
    expect(decodeJwt(exchanged.data.session!.access_token).amr[0].method).toBe('magiclink');
    const { data } = await client.auth.getUser();
    expect(data.user!.id).toBe(user.id);

    // The code is spent with its flow state.
    const reuse = await authFetch('/token?grant_type=pkce', { body: { auth_code: query.code, code_verifier: 'x'.repeat(43) }, headers: API_VERSION });
    expect(reuse.status).toBe(404);
    expect(await reuse.json()).toMatchObject({ code: 'flow_state_not_found' });
  });

  it('the wrong code verifier is 400 bad_code_verifier', async () => {
    const { email } = await signedUpUser();
    const { client } = ssrClient();
    await client.auth.signInWithOtp({ email });
    const res = await fetch((await latestMessage(email, 'magiclink')).link!, { redirect: 'manual' });
    const { query } = redirectParams(res.headers.get('location')!);
    const exchange = await authFetch('/token?grant_type=pkce', {
      body: { auth_code: query.code, code_verifier: 'wrong-verifier-wrong-verifier-wrong-verifier-00' },
      headers: API_VERSION,
    });
    expect(exchange.status).toBe(400);
    expect(await exchange.json()).toEqual({
      code: 'bad_code_verifier',
      message: 'code challenge does not match previously saved code verifier',
    });
  });

  it('PKCE errors go in the query and the fragment', async () => {
    const { email } = await signedUpUser();
    const { client } = ssrClient();
    await client.auth.signInWithOtp({ email, options: { emailRedirectTo: `${SITE_URL}/auth/callback` } });
    const link = (await latestMessage(email, 'magiclink')).link!;
    await fetch(link, { redirect: 'manual' });
    const again = await fetch(link, { redirect: 'manual' });
    const { query, fragment } = redirectParams(again.headers.get('location')!);
    expect(query).toEqual({ error: 'access_denied', error_code: 'otp_expired', error_description: 'Email link is invalid or has expired' });
    expect(fragment).toEqual(query);
  });

  it('password recovery by PKCE: the exchange reports the recovery', async () => {
    const { email } = await signedUpUser();
    const { client } = ssrClient();
    const { error } = await client.auth.resetPasswordForEmail(email, { redirectTo: `${SITE_URL}/reset` });
    expect(error).toBeNull();
    const res = await fetch((await latestMessage(email, 'recovery')).link!, { redirect: 'manual' });
    const { query } = redirectParams(res.headers.get('location')!);
    const exchanged = await client.auth.exchangeCodeForSession(query.code);
    expect(exchanged.error).toBeNull();
    expect((exchanged.data as { redirectType?: string }).redirectType).toBe('recovery');
    const updated = await client.auth.updateUser({ password: 'Pulih2022' });
    expect(updated.error).toBeNull();
    expect((await authClient().auth.signInWithPassword({ email, password: 'Pulih2022' })).error).toBeNull();
  });
});

describe('password recovery', () => {
  it('sends a recovery code that signs in, after which the password can be changed', async () => {
    const { email } = await signedUpUser();
    const client = authClient();
    const { error } = await client.auth.resetPasswordForEmail(email);
    expect(error).toBeNull();
    const message = await latestMessage(email, 'recovery');
    expect(message.subject).toBe('Reset Your Password');
    expect(message.link).toContain('type=recovery');
    const { data, error: verifyError } = await client.auth.verifyOtp({ email, token: message.code!, type: 'recovery' });
    expect(verifyError).toBeNull();
    expect(data.session).not.toBeNull();
    expect((await client.auth.updateUser({ password: 'Lupa2023pass' })).error).toBeNull();
    expect((await authClient().auth.signInWithPassword({ email, password: 'Lupa2023pass' })).error).toBeNull();
  });

  it('answers an unknown address the same way, and sends nothing', async () => {
    const email = uniqueEmail('nobody');
    const { data, error } = await authClient().auth.resetPasswordForEmail(email);
    expect(error).toBeNull();
    expect(data).toEqual({});
    expect(await messagesTo(email)).toEqual([]);
  });
});

describe('confirmations resent', () => {
  it('an unconfirmed address gets a new signup code, which confirms it', async () => {
    const email = uniqueEmail('unconfirmed');
    const created = await adminClient().auth.admin.createUser({ email, password: PASSWORD });
    expect(created.data.user!.email_confirmed_at).toBeUndefined();
    const client = authClient();
    expect((await client.auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      status: 400,
      code: 'email_not_confirmed',
    });

    const { error } = await client.auth.resend({ type: 'signup', email });
    expect(error).toBeNull();
    const message = await latestMessage(email, 'signup');
    expect(message.subject).toBe('Confirm Your Signup');
    const { data, error: verifyError } = await client.auth.verifyOtp({ email, token: message.code!, type: 'signup' });
    expect(verifyError).toBeNull();
    expect(data.user!.email_confirmed_at).toBeTruthy();
    expect((await authClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it('a confirmed address gets nothing', async () => {
    const { email } = await signedUpUser();
    const { error } = await authClient().auth.resend({ type: 'signup', email });
    expect(error).toBeNull();
    expect((await messagesTo(email)).filter((m) => m.kind === 'signup')).toEqual([]);
  });

  it('needs a known type', async () => {
    const res = await authFetch('/resend', { body: { type: 'carrier_pigeon', email: uniqueEmail() }, headers: API_VERSION });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_failed' });
  });
});

describe('phone', () => {
  it('sign-up by phone sends an SMS from the template; the code confirms the phone and signs in', async () => {
    const phone = uniquePhone();
    const client = authClient();
    const { data, error } = await client.auth.signUp({ phone, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user).toMatchObject({ phone: phone.slice(1), email: '', app_metadata: { provider: 'phone' } });
    expect(data.user!.phone_confirmed_at).toBeUndefined();
    expect(data.user!.confirmation_sent_at).toBeTruthy();

    const sms = await latestMessage(phone, 'sms_otp');
    expect(sms.channel).toBe('sms');
    expect(sms.to).toBe(phone);
    expect(sms.text).toBe(`Kod Sejahtera anda / Your Sejahtera code: ${sms.code}`);

    const before = await client.auth.signInWithPassword({ phone, password: PASSWORD });
    expect(before.error).toMatchObject({ status: 400, code: 'phone_not_confirmed' });

    const verified = await client.auth.verifyOtp({ phone, token: sms.code!, type: 'sms' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.phone_confirmed_at).toBeTruthy();
    expect(verified.data.user!.identities![0]).toMatchObject({ provider: 'phone' });
    expect((await authClient().auth.signInWithPassword({ phone, password: PASSWORD })).error).toBeNull();
  });

  it('an SMS OTP signs a confirmed phone in and returns a message id', async () => {
    const { phone, user } = await phoneUser();
    const client = authClient();
    const { data, error } = await client.auth.signInWithOtp({ phone });
    expect(error).toBeNull();
    expect(data.messageId).toBeTruthy();
    const code = await codeSentTo(phone, 'sms_otp');
    const verified = await client.auth.verifyOtp({ phone, token: code, type: 'sms' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.id).toBe(user.id);
  });

  it('a wrong SMS code is 403 otp_expired', async () => {
    const { phone } = await phoneUser();
    const client = authClient();
    await client.auth.signInWithOtp({ phone });
    const code = await codeSentTo(phone, 'sms_otp');
    const { error } = await client.auth.verifyOtp({ phone, token: code === '000000' ? '999999' : '000000', type: 'sms' });
    expect(error).toMatchObject({ status: 403, code: 'otp_expired' });
  });

  it('a second SMS within max_frequency is 429 over_sms_send_rate_limit', async () => {
    const { phone } = await phoneUser();
    const ip = randomIp();
    expect((await authFetch('/otp', { body: { phone }, ip })).status).toBe(200);
    const second = await authFetch('/otp', { body: { phone }, ip, headers: API_VERSION });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await second.json();
    expect(body.code).toBe('over_sms_send_rate_limit');
    expect(body.message).toMatch(/^For security purposes, you can only request this after [1-5] seconds\.$/);
  });

  it('a test number (auth.sms.test_otp) verifies with its fixed code', async () => {
    const phone = '+60100000001';
    const client = authClient();
    // The number may already exist from an earlier run, and may have been sent a code seconds ago.
    const sent = await client.auth.signInWithOtp({ phone });
    if (sent.error) expect(sent.error.code).toBe('over_sms_send_rate_limit');
    const { data, error } = await client.auth.verifyOtp({ phone, token: '123456', type: 'sms' });
    expect(error).toBeNull();
    expect(data.user!.phone).toBe('60100000001');
    const wrong = await authClient().auth.verifyOtp({ phone, token: '654321', type: 'sms' });
    expect(wrong.error).toMatchObject({ code: 'otp_expired' });
  });

  it('a phone change is confirmed by a code sent to the new number', async () => {
    const { phone } = await phoneUser();
    const client = authClient();
    expect((await client.auth.signInWithPassword({ phone, password: PASSWORD })).error).toBeNull();
    const newPhone = uniquePhone();
    const { data, error } = await client.auth.updateUser({ phone: newPhone });
    expect(error).toBeNull();
    expect(data.user!.new_phone).toBe(newPhone.slice(1));
    expect(data.user!.phone).toBe(phone.slice(1));
    const code = await codeSentTo(newPhone, 'phone_change');
    const verified = await client.auth.verifyOtp({ phone: newPhone, token: code, type: 'phone_change' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.phone).toBe(newPhone.slice(1));
    expect(verified.data.user!.new_phone).toBeUndefined();
  });
});

describe('email change', () => {
  it('sends codes to both addresses (double_confirm_changes); with autoconfirm, one confirms the change', async () => {
    const { email, client } = await signedUpUser();
    const newEmail = uniqueEmail('moved');
    const { data, error } = await client.auth.updateUser({ email: newEmail });
    expect(error).toBeNull();
    expect(data.user!.new_email).toBe(newEmail);
    expect(data.user!.email).toBe(email);
    expect(data.user!.email_change_sent_at).toBeTruthy();

    const toCurrent = await latestMessage(email, 'email_change');
    const toNew = await latestMessage(newEmail, 'email_change');
    expect(toCurrent.subject).toBe('Confirm Email Change');
    expect(toNew.text).toContain(`from ${email} to ${newEmail}`);
    expect(toCurrent.code).not.toBe(toNew.code);

    const verified = await client.auth.verifyOtp({ email: newEmail, token: toNew.code!, type: 'email_change' });
    expect(verified.error).toBeNull();
    expect(verified.data.user!.email).toBe(newEmail);
    expect(verified.data.user!.new_email).toBeUndefined();
    expect((await authClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error).toBeNull();
  });

  it('resend email_change sends the codes again', async () => {
    const { email, client } = await signedUpUser();
    const newEmail = uniqueEmail('again');
    await client.auth.updateUser({ email: newEmail });
    const first = await latestMessage(newEmail, 'email_change');
    await new Promise((r) => setTimeout(r, 1100));
    const { error } = await authClient().auth.resend({ type: 'email_change', email });
    expect(error).toBeNull();
    const second = await latestMessage(newEmail, 'email_change');
    expect(second.id).not.toBe(first.id);
  });
});

describe('reauthentication', () => {
  it('sends a nonce by email, which a password change accepts', async () => {
    const { email, client } = await signedUpUser();
    const { error } = await client.auth.reauthenticate();
    expect(error).toBeNull();
    const message = await latestMessage(email, 'reauthentication');
    expect(message.subject).toBe('Confirm reauthentication');
    expect(message.link).toBeUndefined();
    const updated = await client.auth.updateUser({ password: 'Sahkan2024', nonce: message.code! });
    expect(updated.error).toBeNull();
    expect((await authClient().auth.signInWithPassword({ email, password: 'Sahkan2024' })).error).toBeNull();
  });

  it('sends a nonce by SMS to a phone-only user', async () => {
    const { phone } = await phoneUser();
    const client = authClient();
    await client.auth.signInWithPassword({ phone, password: PASSWORD });
    const { error } = await client.auth.reauthenticate();
    expect(error).toBeNull();
    const sms = await latestMessage(phone, 'reauthentication');
    expect(sms.code).toMatch(/^[0-9]{6}$/);
  });
});
