// Contact invitations by SMS through Twilio's Messages API (the provider Supabase Auth's SMS uses
// first), for a project where the stack's inbox is not there to take them. At most once per person:
// an invitation is claimed as 'sending' before it goes out, and only Twilio's definite refusal (429,
// 5xx, a refused connection) puts it back; one whose answer was lost is never sent again.
import type { Db } from './dispatcher.ts';

export interface SmsSettings {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string;
  /** Twilio's API (https://api.twilio.com); a local stand-in in tests. */
  apiUrl: string;
  /** The registration page the invitation links to (SITE_URL + /register). */
  registerUrl: string;
}

/** The SMS settings from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_MESSAGE_SERVICE_SID and SITE_URL; undefined without Twilio. */
export function smsSettings(env: (name: string) => string | undefined): SmsSettings | undefined {
  const accountSid = env('TWILIO_ACCOUNT_SID')?.trim();
  if (!accountSid) return undefined;
  const need = (name: string) => {
    const value = env(name)?.trim();
    if (!value) throw new Error(`${name}: required with TWILIO_ACCOUNT_SID`);
    return value;
  };
  const site = need('SITE_URL');
  if (!/^https?:\/\//.test(site)) throw new Error('SITE_URL: an http(s) address of the public site');
  return {
    accountSid,
    authToken: need('TWILIO_AUTH_TOKEN'),
    messagingServiceSid: need('TWILIO_MESSAGE_SERVICE_SID'),
    apiUrl: (env('TWILIO_API_URL')?.trim() || 'https://api.twilio.com').replace(/\/+$/, ''),
    registerUrl: `${site.replace(/\/+$/, '')}/register`,
  };
}

export interface InvitationSummary {
  sent: number;
  retried: number;
  failed: number;
  /** Sent, but Twilio's answer was lost: never sent again. */
  unconfirmed: number;
}

interface ClaimedInvitation {
  person_id: string;
  phone: string;
  lease: string;
  message: string;
}

type Verdict = { outcome: 'sent' | 'retry' | 'failed'; error?: string } | { outcome: 'unconfirmed'; error: string };

async function sendSms(sms: SmsSettings, invitation: ClaimedInvitation): Promise<Verdict> {
  let response: Response;
  try {
    response = await fetch(`${sms.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${sms.accountSid}:${sms.authToken}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: invitation.phone, MessagingServiceSid: sms.messagingServiceSid, Body: invitation.message }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const text = String((error as Error)?.message ?? error) + String((error as { cause?: unknown })?.cause ?? '');
    return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ConnectionRefused|dns error/i.test(text)
      ? { outcome: 'retry', error: 'connection refused' }
      : { outcome: 'unconfirmed', error: 'no answer from Twilio' };
  }
  const body = await response.json().catch(() => ({})) as { code?: number };
  if (response.ok) return { outcome: 'sent' };
  const error = `twilio ${response.status}${body.code ? ` (${body.code})` : ''}`;
  return response.status === 429 || response.status >= 500 ? { outcome: 'retry', error } : { outcome: 'failed', error };
}

/** Sends every due invitation; the log gets counts and Twilio's error codes, never a phone number or a text. */
export async function sendInvitations(db: Db, sms: SmsSettings, log: (line: string) => void = () => {}): Promise<InvitationSummary> {
  const summary: InvitationSummary = { sent: 0, retried: 0, failed: 0, unconfirmed: 0 };
  for (;;) {
    const claimed = await db.query<ClaimedInvitation>('select * from private.claim_invitations(100, $1)', [sms.registerUrl]);
    if (claimed.length === 0) break;
    const errors = new Set<string>();
    // A few at a time: an import of thousands of contacts is not sent one by one.
    for (let i = 0; i < claimed.length; i += 8) {
      await Promise.all(claimed.slice(i, i + 8).map(async (invitation) => {
        const verdict = await sendSms(sms, invitation);
        if (verdict.error) errors.add(verdict.error);
        if (verdict.outcome === 'unconfirmed') {
          // Left as 'sending': when its claim lapses it is failed, never sent twice.
          summary.unconfirmed += 1;
          return;
        }
        summary[verdict.outcome === 'sent' ? 'sent' : verdict.outcome === 'retry' ? 'retried' : 'failed'] += 1;
        await db.query('select private.finish_invitation($1, $2, $3, $4)', [invitation.person_id, invitation.lease, verdict.outcome, verdict.error ?? null]);
      }));
    }
    log(`invitations: ${summary.sent} sent, ${summary.retried} to retry, ${summary.failed} failed, ${summary.unconfirmed} unconfirmed` +
      (errors.size ? ` (${[...errors].join(', ')})` : ''));
    if (summary.retried > 0) break;
  }
  return summary;
}
