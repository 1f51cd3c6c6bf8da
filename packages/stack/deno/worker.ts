// Runs one Supabase edge function in real Deno, as Supabase's edge runtime does: the function's
// index.ts calls Deno.serve(handler); this wrapper binds that handler to the port the stack gave it.
// Usage: deno run --allow-all worker.ts <path/to/index.ts> <port>
const [entry, port] = Deno.args;
const serve = Deno.serve.bind(Deno);
let bound = false;

// deno-lint-ignore no-explicit-any
(Deno as any).serve = (...args: any[]) => {
  if (bound) throw new Error('Deno.serve was called twice: an edge function serves one handler.');
  bound = true;
  const handler = args.find((a) => typeof a === 'function') ??
    args.find((a) => a && typeof a === 'object' && typeof a.handler === 'function')?.handler;
  if (!handler) throw new Error('Deno.serve was called without a handler.');
  const given = args.find((a) => a && typeof a === 'object' && typeof a !== 'function') ?? {};
  return serve({
    port: Number(port),
    hostname: '127.0.0.1',
    onListen() {
      console.log(`__sejahtera_worker_listening__ ${port}`);
    },
    onError(error: unknown) {
      console.error(error);
      return Response.json(
        { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' },
        { status: 500 },
      );
    },
    signal: given.signal,
  }, handler);
};

await import(new URL(`file://${entry}`).href);
if (!bound) {
  console.error(`${entry} did not call Deno.serve(): an edge function must serve a handler.`);
  Deno.exit(1);
}
