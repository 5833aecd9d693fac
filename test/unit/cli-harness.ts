import { main, type Io } from '../../src/cli/main.js';

export interface Run { code: number; out: string; err: string }

/** Runs the CLI in-process with captured output and, unless given, no environment at all. */
export async function runCli(argv: string[], io: Partial<Io> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    env: {},
    cwd: '/nonexistent-isthmus-test-dir',
    now: () => Date.parse('2026-05-01T12:00:00Z'),
    ...io,
    out: (s) => { out += s; },
    err: (s) => { err += s; },
  });
  return { code, out, err };
}

export interface Recorded { method: string; url: URL; body: string; headers: Headers }

/** A fake admin API: answers each request from `routes` ("GET /status" → [status, body]) and records it. */
export function fakeServer(routes: Record<string, [number, unknown] | ((r: Recorded) => [number, unknown])>): { fetch: typeof fetch; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const rec: Recorded = { method: init?.method ?? 'GET', url, body: typeof init?.body === 'string' ? init.body : '', headers: new Headers(init?.headers) };
    calls.push(rec);
    const route = routes[`${rec.method} ${url.pathname}`];
    const [status, body] = route === undefined
      ? [404, { kind: 'Status', message: `no admin endpoint ${rec.method} ${url.pathname}`, reason: 'NotFound', code: 404 }]
      : typeof route === 'function' ? route(rec) : route;
    return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

/** Flags that point the CLI at the fake server. */
export const SERVER = ['--server', 'http://control.test', '--token', 't0ken'];
