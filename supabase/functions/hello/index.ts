// A small function that proves the functions runner: it answers who called it, from the JWT the
// gateway verified, and which of the environment variables Supabase gives every function are set.
import { corsHeaders } from '../_shared/cors.ts';

interface Claims {
  role?: string;
  sub?: string;
}

function claimsOf(req: Request): Claims {
  const token = req.headers.get('authorization')?.replace(/^bearer\s+/i, '');
  if (!token) return {};
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return {};
  }
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders });
  const url = new URL(req.url);
  let body: unknown = null;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const text = await req.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return Response.json({ error: 'Body must be JSON' }, { status: 400, headers: corsHeaders });
      }
    }
  }
  const name = body && typeof body === 'object' && 'name' in body ? String(body.name) : 'Sejahtera';
  const claims = claimsOf(req);
  return Response.json(
    {
      message: `Hello, ${name}!`,
      method: req.method,
      path: url.pathname,
      role: claims.role ?? null,
      user: claims.sub ?? null,
      env: Object.fromEntries(
        ['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_DB_URL'].map((k) => [k, Boolean(Deno.env.get(k))]),
      ),
    },
    { headers: corsHeaders },
  );
});
