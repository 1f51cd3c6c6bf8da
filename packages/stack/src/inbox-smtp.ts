/**
 * The inbox's SMTP listener (Inbucket listens on smtp_port, 54325 by default): mail that Sejahtera's
 * functions send through SMTP, such as the daily reports, lands in the same inbox as Auth's emails, one
 * message per recipient, readable at /api/messages. It accepts any sender and recipient without
 * authentication and keeps attachments' names, types and sizes (their content only when small), so a
 * test sees what a real mail server would have received.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Inbox, InboxAttachment } from './inbox.ts';

/** Attachments up to this size keep their content (base64) in the inbox. */
const KEEP_CONTENT_BYTES = 256 * 1024;
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SmtpServer {
  listen(port: number, host: string): Promise<void>;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

export function createSmtpServer(inbox: Inbox, log: (line: string) => void): SmtpServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'Sejahtera development inbox: nothing sent here leaves this machine',
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          // The envelope decides who receives it (Bcc included), as a real server delivers.
          const envelope = session.envelope.rcptTo.map((r) => r.address);
          const recipients = envelope.length ? envelope : addresses(mail.to);
          const attachments: InboxAttachment[] = mail.attachments.map((a) => ({
            filename: a.filename ?? 'attachment',
            contentType: a.contentType,
            size: a.size,
            ...(a.size <= KEEP_CONTENT_BYTES ? { content: a.content.toString('base64') } : {}),
          }));
          const kind = String(mail.headers.get('x-sejahtera-kind') ?? 'smtp');
          for (const to of recipients) {
            inbox.deliver({
              channel: 'email',
              to,
              from: mail.from?.text ?? session.envelope.mailFrom?.valueOf().toString() ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
              kind,
              attachments,
            });
          }
          // Who and what kind only: addresses and subjects of reports stay out of the log's detail.
          log(`received ${kind} for ${recipients.length} recipient(s), ${attachments.length} attachment(s)`);
          callback();
        })
        .catch((error: Error) => {
          log(`could not read a message: ${error.message}`);
          callback(error);
        });
    },
  });
  server.on('error', (error) => log(`error: ${error.message}`));
  return {
    listen: (port, host) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} (inbox SMTP) is already in use by another program.`) : error);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          resolve();
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
