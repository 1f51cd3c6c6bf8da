/**
 * The inbox over HTTP (Supabase serves Inbucket on this port): GET /api/messages?to=&channel=&kind=
 * lists captured messages as JSON, newest first; GET /api/messages/<id> shows one; DELETE
 * /api/messages?to= clears; GET / is a page for people.
 */
import { createServer, type Server } from 'node:http';
import type { Inbox, InboxChannel, InboxMessage } from './inbox.ts';
import { sendJson } from './gateway.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(messages: InboxMessage[], filter: string): string {
  const rows = messages
    .map(
      (m) => `<article>
  <header><span class="channel">${m.channel === 'sms' ? 'SMS' : 'Email'}</span> to <strong>${escapeHtml(m.to)}</strong>
  <time datetime="${m.createdAt}">${escapeHtml(new Date(m.createdAt).toLocaleString('en-GB'))}</time></header>
  ${m.subject ? `<h2>${escapeHtml(m.subject)}</h2>` : ''}
  ${m.code ? `<p class="code">Code: <output>${escapeHtml(m.code)}</output></p>` : ''}
  ${m.link ? `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>` : ''}
  <pre>${escapeHtml(m.text)}</pre>
  ${m.attachments?.length ? `<p>Attachments: ${m.attachments.map((f) => `${escapeHtml(f.filename)} (${escapeHtml(f.contentType)}, ${f.size} bytes)`).join(', ')}</p>` : ''}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sejahtera inbox</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;color:#1a1a1a}
article{border:1px solid #ccc;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
header{color:#444}.channel{background:#0b5394;color:#fff;border-radius:.25rem;padding:0 .4rem;font-size:.85em}
time{float:right;font-size:.9em}.code output{font:700 1.4em ui-monospace,monospace;letter-spacing:.1em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.5rem;border-radius:.25rem}
a{overflow-wrap:anywhere}h2{margin:.5rem 0}
form{display:flex;gap:.5rem}input{flex:1;font:inherit;padding:.3rem}button{font:inherit}
</style></head><body>
<h1>Sejahtera inbox</h1>
<p>Emails (auth and mail sent over SMTP) and SMS codes the development stack would have sent. Nothing here left this machine.</p>
<form method="get"><label for="to" hidden>Recipient</label><input id="to" name="to" value="${escapeHtml(filter)}" placeholder="email or phone"><button>Filter</button></form>
${rows || '<p>No messages yet.</p>'}
</body></html>`;
}

export function createInboxServer(inbox: Inbox): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://inbox');
    const filter = {
      to: url.searchParams.get('to') ?? undefined,
      channel: (url.searchParams.get('channel') ?? undefined) as InboxChannel | undefined,
      kind: url.searchParams.get('kind') ?? undefined,
    };
    if (url.pathname === '/' && req.method === 'GET') {
      const html = page(inbox.list(filter), filter.to ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'access-control-allow-origin': '*' });
      res.end(html);
      return;
    }
    if (url.pathname === '/api/messages') {
      if (req.method === 'GET') return sendJson(res, 200, inbox.list(filter));
      if (req.method === 'DELETE') return sendJson(res, 200, { deleted: inbox.clear(filter) });
    }
    const one = /^\/api\/messages\/([\w-]+)$/.exec(url.pathname);
    if (one && req.method === 'GET') {
      const message = inbox.get(one[1]);
      return message ? sendJson(res, 200, message) : sendJson(res, 404, { message: 'No such message' });
    }
    sendJson(res, 404, { message: 'Not found' });
  });
}
