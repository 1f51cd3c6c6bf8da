/** sejahtera.auth against the stack's Auth: registration by phone with a code, password sign-in, sign-out, resets. */
import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, RateLimitError, ValidationError } from '../src/index.ts';
import { DEMO_PASSWORD, INBOX_URL, PASSWORD, codeSentTo, emailUser, phoneUser, randomIp, sdk, uniquePhone } from './support.ts';

/** The `code` the newest recovery email's link hands to its redirect, as a browser following it would get it. */
async function linkCodeSentTo(email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const messages = (await (await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(email)}`)).json()) as Array<{ kind: string; link?: string }>;
    const link = messages.find((m) => m.kind === 'recovery' && m.link)?.link;
    if (link) {
      const response = await fetch(link, { redirect: 'manual' });
      const code = new URL(response.headers.get('location') ?? '', link).searchParams.get('code');
      if (!code) throw new Error(`The link led to ${response.headers.get('location')}, without a code`);
      return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No recovery link to ${email} arrived`);
}

describe('auth', () => {
  it('registers by phone: the code goes by SMS, verifying it signs in; then sign-out, and password sign-in by phone', async () => {
    const client = sdk();
    const phone = uniquePhone();
    const local = `0${phone.slice(3, 5)}-${phone.slice(5, 8)} ${phone.slice(8)}`; // as people write it: 011-234 5678
    const pending = await client.auth.signUpWithPhone({ phone: local, password: PASSWORD });
    expect(pending.phone).toBe(phone);
    expect(await client.auth.session()).toBeNull();

    const code = await codeSentTo(phone, 'sms_otp');
    const { user, session } = await client.auth.verifyPhone({ phone, code });
    expect(user.id).toBe(pending.userId);
    expect(user.phone).toBe(phone.slice(1));
    expect(session.access_token).toBeTruthy();
    expect((await client.auth.user()).id).toBe(user.id);

    await client.auth.signOut();
    expect(await client.auth.session()).toBeNull();
    await expect(client.auth.user()).rejects.toMatchObject({ name: 'AuthError', code: 'not_signed_in' });

    const again = await client.auth.signInWithPassword({ phone, password: PASSWORD });
    expect(again.user.id).toBe(user.id);
  });

  it('a wrong code is AuthError invalid_code; a registered phone is ConflictError', async () => {
    const client = sdk();
    const phone = uniquePhone();
    await client.auth.signUpWithPhone({ phone, password: PASSWORD });
    const code = await codeSentTo(phone, 'sms_otp');
    const wrong = code === '000000' ? '111111' : '000000';
    const error = await client.auth.verifyPhone({ phone, code: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_code' });
    await client.auth.verifyPhone({ phone, code });

    const conflict = await sdk().auth.signUpWithPhone({ phone, password: PASSWORD }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('bad input is ValidationError per field, before any request', async () => {
    const client = sdk({ fetch: () => Promise.reject(new Error('no request may be sent')) });
    const error = await client.auth.signUpWithPhone({ phone: '+6512345678', password: 'short' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({
      phone: ['must be a Malaysian mobile number (01x-xxx xxxx, or +601x-xxx xxxx)'],
      password: ['must have at least 8 characters', 'must contain a digit'],
    });
    await expect(client.auth.verifyPhone({ phone: '+60123456789', code: '12ab' })).rejects.toMatchObject({
      fields: { code: ['must be the 6-digit code we sent'] },
    });
    await expect(client.auth.signInWithPassword({ email: 'not-an-email', password: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('a wrong password is AuthError invalid_credentials, and its message names no one', async () => {
    const { email } = await emailUser();
    const error = await sdk().auth.signInWithPassword({ email, password: 'Wrong-password-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 400 });
    expect(JSON.stringify(error)).not.toContain(email);
  });

  it('a demo account signs in with the dev password', async () => {
    const { user } = await sdk().auth.signInWithPassword({ email: 'aminah@sejahtera.test', password: DEMO_PASSWORD });
    expect(user.email).toBe('aminah@sejahtera.test');
  });

  it('resets a forgotten password by email: the code signs in, a new password follows', async () => {
    const { email } = await emailUser();
    const client = sdk();
    await client.auth.requestPasswordReset({ email });
    const code = await codeSentTo(email, 'recovery');
    await client.auth.verifyPasswordReset({ email, code });
    await client.auth.updatePassword({ password: 'Another-passw0rd' });
    await client.auth.signOut();
    await expect(sdk().auth.signInWithPassword({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect((await sdk().auth.signInWithPassword({ email, password: 'Another-passw0rd' })).user.email).toBe(email);
  });

  it('resets a forgotten password by phone, with a code by SMS', async () => {
    const { phone } = await phoneUser();
    const client = sdk();
    await client.auth.requestPasswordReset({ phone });
    const code = await codeSentTo(phone, 'sms_otp');
    await client.auth.verifyPasswordReset({ phone, code });
    await client.auth.updatePassword({ password: 'Another-passw0rd' });
    expect((await sdk().auth.signInWithPassword({ phone, password: 'Another-passw0rd' })).user.phone).toBe(phone.slice(1));
  });

  it('too many requests from one address is RateLimitError (30 per 5 minutes to /recover, /otp, /signup)', async () => {
    const client = sdk({ headers: { 'x-forwarded-for': randomIp() } });
    let error: unknown;
    for (let i = 0; i < 40 && !error; i++) {
      await client.auth.requestPasswordReset({ email: `nobody-${i}@sejahtera.test` }).catch((e: unknown) => {
        error = e;
      });
    }
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('exchangeCode: the emailed link\'s code signs in the client that asked for it (PKCE), once; elsewhere it is AuthError invalid_code', async () => {
    const { email } = await emailUser();
    const asking = sdk({ auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType: 'pkce' } });
    await asking.auth.requestPasswordReset({ email, redirectTo: 'http://127.0.0.1:5173/reset-password' });
    const code = await linkCodeSentTo(email);
    // Another client (another browser) holds no verifier for it.
    await expect(sdk({ auth: { persistSession: false, flowType: 'pkce' } }).auth.exchangeCode(code)).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_code' });
    const { user } = await asking.auth.exchangeCode(code);
    expect(user.email).toBe(email);
    await asking.auth.updatePassword({ password: 'Linked-passw0rd' });
    expect((await sdk().auth.signInWithPassword({ email, password: 'Linked-passw0rd' })).user.email).toBe(email);
    // Spent.
    await expect(asking.auth.exchangeCode(code)).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_code' });
    await expect(asking.auth.exchangeCode('')).rejects.toMatchObject({ name: 'ValidationError', issues: [{ field: '_', code: 'required' }] });
  });
});
