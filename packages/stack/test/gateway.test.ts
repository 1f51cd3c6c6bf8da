/** The gateway: one port, Kong's apikey rules, Supabase's CORS, JSON errors, body limits, robustness. */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOCAL_PUBLISHABLE_KEY } from '../src/keys.ts';
import { ANON_KEY, API_URL, SERVICE_ROLE_KEY, signToken } from './support.ts';
import { ports } from './env.ts';

describe('gateway', () => {
  describe('apikey', () => {
    it('refuses REST requests without an apikey', async () => {
      const res = await fetch(`${API_URL}/rest/v1/`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'No API key found in request' });
    });

    it('refuses an apikey that is not one of the project keys, even a well-signed JWT', async () => {
      const lookalike = await signToken({ role: 'anon' });
      for (const key of ['nonsense', lookalike, `${ANON_KEY}x`]) {
        const res = await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: key } });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ message: 'Invalid authentication credentials' });
      }
    });

    it('accepts the apikey as a query parameter', async () => {
      const res = await fetch(`${API_URL}/rest/v1/?apikey=${ANON_KEY}`);
      expect(res.status).toBe(200);
    });

    it('accepts the opaque publishable key as the anon key', async () => {
      const res = await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: LOCAL_PUBLISHABLE_KEY } });
      expect(res.status).toBe(200);
    });

    it('serves PostgREST\'s OpenAPI document at /rest/v1/', async () => {
      const res = await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: SERVICE_ROLE_KEY } });
      expect(res.headers.get('content-type')).toContain('application/openapi+json');
      const doc = await res.json();
      expect(doc.swagger).toBe('2.0');
      expect(doc.basePath).toBe('/rest/v1');
    });
  });

  describe('CORS', () => {
    it('answers a preflight with Supabase\'s allowed headers and methods', async () => {
      const wanted = 'authorization, x-client-info, apikey, content-type, prefer, accept-profile, content-profile, range';
      const res = await fetch(`${API_URL}/rest/v1/anything`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': wanted,
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
      for (const header of wanted.split(', ')) expect(allowed).toContain(header);
      expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    });

    it('answers a preflight without requested headers with the default list', async () => {
      const res = await fetch(`${API_URL}/auth/v1/token`, { method: 'OPTIONS', headers: { origin: 'http://x.test' } });
      const allowed = res.headers.get('access-control-allow-headers')!;
      for (const header of ['apikey', 'authorization', 'x-client-info', 'prefer', 'accept-profile', 'content-profile', 'range']) {
        expect(allowed).toContain(header);
      }
    });

    it('exposes content-range and x-total-count to browsers on every answer', async () => {
      for (const url of [`${API_URL}/rest/v1/`, `${API_URL}/nowhere`]) {
        const res = await fetch(url, { headers: { apikey: ANON_KEY, origin: 'http://localhost:5173' } });
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        const exposed = res.headers.get('access-control-expose-headers')!;
        expect(exposed).toContain('content-range');
        expect(exposed).toContain('x-total-count');
      }
    });
  });

  describe('bad input', () => {
    it('answers unknown routes with 404 and a JSON body', async () => {
      for (const path of ['/nowhere', '/rest/v2/x', '/']) {
        const res = await fetch(`${API_URL}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect((await res.json()).message).toBeTruthy();
      }
    });

    it('says plainly that Storage and Realtime are not provided', async () => {
      const res = await fetch(`${API_URL}/storage/v1/bucket`, { headers: { apikey: ANON_KEY } });
      expect(res.status).toBe(501);
      expect((await res.json()).message).toContain('not provided');
    });

    it('answers malformed JSON to PostgREST with 400 in PostgREST\'s error shape', async () => {
      const res = await fetch(`${API_URL}/rest/v1/rpc/anything`, {
        method: 'POST',
        headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
        body: '{"broken":',
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe('PGRST102');
      expect(body).toHaveProperty('message');
    });

    it('refuses a body over the limit by its Content-Length, with 413', async () => {
      const big = new Uint8Array(11 * 1024 * 1024);
      const res = await fetch(`${API_URL}/rest/v1/rpc/anything`, {
        method: 'POST',
        headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
        body: big,
      });
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe('request_too_large');
    });

    it('refuses a streamed body once it passes the limit, with 413', async () => {
      const chunk = new Uint8Array(1024 * 1024).fill(32);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${API_URL}/rest/v1/rpc/anything`, {
        method: 'POST',
        headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit).catch((error: Error) => error);
      // The gateway may answer 413 or close the connection mid-upload; either way nothing went through.
      if (res instanceof Response) expect(res.status).toBe(413);
      else expect(res).toBeInstanceOf(Error);
      expect((await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: ANON_KEY } })).status).toBe(200);
    });

    it('refuses a streamed body to Auth, whose size it cannot check, with 411', async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"email":"streamed@example.test","password":"Passw0rd-long"}'));
          controller.close();
        },
      });
      const res = await fetch(`${API_URL}/auth/v1/signup`, {
        method: 'POST',
        headers: { apikey: ANON_KEY, 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(411);
      expect((await res.json()).msg).toContain('Content-Length');
    });

    it('survives garbage on the wire and keeps serving', async () => {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(ports.api, '127.0.0.1', () => socket.write('\x00\x01NOT HTTP AT ALL\r\n\r\n'));
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      expect((await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: ANON_KEY } })).status).toBe(200);
    });

    it('survives a client that disconnects mid-request', async () => {
      await new Promise<void>((resolve) => {
        const socket = connect(ports.api, '127.0.0.1', () => {
          socket.write(`POST /rest/v1/rpc/x HTTP/1.1\r\nhost: x\r\napikey: ${ANON_KEY}\r\ncontent-length: 1000\r\n\r\n{"a":`);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
      expect((await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: ANON_KEY } })).status).toBe(200);
    });
  });
});
