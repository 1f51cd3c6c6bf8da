// Sends a report by SMTP with nodemailer. The server comes from the environment, so production points at
// a real mail service and the stack at its inbox (which sets SMTP_HOST and SMTP_PORT for every function):
//   SMTP_HOST, SMTP_PORT (default 587), SMTP_USER, SMTP_PASS, SMTP_SECURE (true: TLS from the start,
//   port 465; otherwise STARTTLS when the server offers it), SMTP_FROM (default Sejahtera <reports@sejahtera.local>).
import nodemailer from 'npm:nodemailer@10.6.1';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; contentType: string }[];
}

export type Sender = (mail: Mail) => Promise<void>;

/** A sender from the environment's SMTP settings, or undefined when SMTP_HOST is unset (reports are then not emailed). */
export function smtpSender(env: (name: string) => string | undefined = (name) => Deno.env.get(name)): Sender | undefined {
  const host = env('SMTP_HOST');
  if (!host) return undefined;
  const port = Number(env('SMTP_PORT') ?? 587);
  const user = env('SMTP_USER');
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: env('SMTP_SECURE') === 'true',
    auth: user ? { user, pass: env('SMTP_PASS') ?? '' } : undefined,
    // Local inboxes offer no TLS; a real server's STARTTLS is used when offered.
    ignoreTLS: host === '127.0.0.1' || host === 'localhost',
  });
  const from = env('SMTP_FROM') ?? 'Sejahtera <reports@sejahtera.local>';
  return async (mail) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'X-Sejahtera-Kind': 'daily_report' },
      attachments: mail.attachments,
    });
  };
}
