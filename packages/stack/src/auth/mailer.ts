/**
 * GoTrue's mailer and SMS provider, delivering to the development inbox instead of SMTP or Twilio.
 * Subjects and bodies are GoTrue's default templates; links point at this server's /verify with the
 * token hash, as GoTrue's {{ .ConfirmationURL }} does.
 */
import type { Inbox } from '../inbox.ts';
import type { AuthSettings } from './config.ts';

export type EmailAction = 'signup' | 'invite' | 'recovery' | 'magiclink' | 'email_change' | 'reauthentication';

const SUBJECTS: Record<EmailAction, string> = {
  signup: 'Confirm Your Signup',
  invite: 'You have been invited',
  recovery: 'Reset Your Password',
  magiclink: 'Your Magic Link',
  email_change: 'Confirm Email Change',
  reauthentication: 'Confirm reauthentication',
};

/** `{externalURL}/verify?token=<hash>&type=<type>&redirect_to=<url>` (GetEmailActionLink). */
export function emailActionLink(settings: AuthSettings, tokenHash: string, type: string, redirectTo: string): string {
  const query = `token=${encodeURIComponent(tokenHash)}&type=${encodeURIComponent(type)}`;
  return `${settings.issuer}/verify?${query}${redirectTo ? `&redirect_to=${encodeURIComponent(redirectTo)}` : ''}`;
}

function body(action: EmailAction, vars: { url: string; code: string; siteUrl: string; email: string; newEmail: string }) {
  switch (action) {
    case 'signup':
      return `<h2>Confirm your email</h2>\n<p>Follow this link to confirm your email:</p>\n<p><a href="${vars.url}">Confirm your email address</a></p>\n<p>Alternatively, enter the code: ${vars.code}</p>`;
    case 'invite':
      return `<h2>You have been invited</h2>\n<p>You have been invited to create a user on ${vars.siteUrl}. Follow this link to accept the invite:</p>\n<p><a href="${vars.url}">Accept the invite</a></p>\n<p>Alternatively, enter the code: ${vars.code}</p>`;
    case 'recovery':
      return `<h2>Reset password</h2>\n<p>Follow this link to reset the password for your user:</p>\n<p><a href="${vars.url}">Reset password</a></p>\n<p>Alternatively, enter the code: ${vars.code}</p>`;
    case 'magiclink':
      return `<h2>Magic Link</h2>\n<p>Follow this link to login:</p>\n<p><a href="${vars.url}">Log In</a></p>\n<p>Alternatively, enter the code: ${vars.code}</p>`;
    case 'email_change':
      return `<h2>Confirm email address change</h2>\n<p>Follow this link to confirm the update of your email address from ${vars.email} to ${vars.newEmail}:</p>\n<p><a href="${vars.url}">Change email address</a></p>\n<p>Alternatively, enter the code: ${vars.code}</p>`;
    case 'reauthentication':
      return `<h2>Confirm reauthentication</h2>\n<p>Enter the code: ${vars.code}</p>`;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const htmlToText = (html: string) =>
  html
    .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '$2: $1')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export interface EmailMessage {
  to: string;
  action: EmailAction;
  /** the one-time code the email carries */
  otp: string;
  /** the token hash its link carries ('' for reauthentication, which has no link) */
  tokenHash: string;
  redirectTo: string;
  /** for email changes: the address being replaced and the new one */
  email?: string;
  newEmail?: string;
}

export function sendEmail(settings: AuthSettings, inbox: Inbox, message: EmailMessage): void {
  const link = message.tokenHash ? emailActionLink(settings, message.tokenHash, message.action, message.redirectTo) : undefined;
  const html = body(message.action, {
    url: escapeHtml(link ?? ''),
    code: message.otp,
    siteUrl: escapeHtml(settings.siteUrl),
    email: escapeHtml(message.email ?? ''),
    newEmail: escapeHtml(message.newEmail ?? ''),
  });
  inbox.deliver({
    channel: 'email',
    to: message.to,
    subject: SUBJECTS[message.action],
    text: htmlToText(html),
    html,
    code: message.otp || undefined,
    link,
    kind: message.action,
  });
}

/** The SMS an OTP goes out in: the project's template with {{ .Code }} filled in. */
export function sendSms(settings: AuthSettings, inbox: Inbox, phone: string, otp: string, kind: string): string {
  const text = settings.smsTemplate.replace(/\{\{\s*\.Code\s*\}\}/g, otp);
  return inbox.deliver({ channel: 'sms', to: `+${phone}`, subject: '', text, code: otp, kind }).id;
}
