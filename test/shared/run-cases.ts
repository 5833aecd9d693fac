import { expect } from 'vitest';
import { compile } from '../../src/mesh/compile/index.js';
import { formatDiagnostic, hasErrors } from '../../src/mesh/diagnostics.js';
import { createProxy } from '../../src/mesh/proxy.js';
import { Router } from '../../src/mesh/router.js';
import type { Snapshot } from '../../src/mesh/snapshot.js';
import { validateText } from '../../src/mesh/validate/index.js';
import type { RoutingCase, CaseRequest } from './routing-cases.js';
import { TEST_REGISTRY } from './registry.js';

const INGRESS = 'istio-system/istio-ingressgateway';

/** What the echo upstream reports about the request it received. */
export interface Echo { endpoint: string; method: string; path: string; headers: Record<string, string> }

/** An upstream that answers as the registry endpoint at the URL's address, echoing what it got. */
export async function echoFetch(url: string, init: RequestInit): Promise<Response> {
  const u = new URL(url);
  const ep = TEST_REGISTRY.flatMap((s) => s.endpoints).find((e) => e.address === u.hostname && Object.values(e.ports ?? {}).includes(Number(u.port)));
  if (!ep) throw new TypeError(`connection refused: ${u.host}`);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => { headers[k] = v; });
  const echo: Echo = { endpoint: ep.name ?? '?', method: init.method ?? 'GET', path: u.pathname + u.search, headers };
  return new Response(JSON.stringify(echo), { headers: { 'content-type': 'application/json', 'x-upstream-secret': 's3cret', connection: 'close' } });
}

export function compileCase(config: string): Snapshot {
  const v = validateText(config, 'case');
  expect(hasErrors(v.diagnostics), v.diagnostics.map(formatDiagnostic).join('\n')).toBe(false);
  return compile({ generation: 1, resources: v.resources, registry: TEST_REGISTRY });
}

export function proxyFor(snapshot: Snapshot, random: () => number = Math.random): ReturnType<typeof createProxy> {
  const loaded = { router: new Router(snapshot, snapshot.gateways[INGRESS]), hash: 'test', generation: 1, loadedAt: 0 };
  return createProxy({ config: { get: async () => loaded }, fetch: echoFetch, listenerPort: 8080, authorityHeader: 'x-forwarded-host', random });
}

export function caseRequest(r: CaseRequest): Request {
  const host = r.host ?? 'gateway.test:8080';
  return new Request(`${r.scheme ?? 'http'}://${host}${r.path}`, { method: r.method ?? 'GET', headers: { ...r.headers, host } });
}

/** Runs one routing case through the runtime-neutral proxy and checks every expectation. */
export async function runCase(c: RoutingCase): Promise<void> {
  const handle = proxyFor(compileCase(c.config));
  for (const { req, expect: want } of c.requests) {
    const label = `${req.method ?? 'GET'} ${req.host ?? ''}${req.path}`;
    const res = await handle(caseRequest(req));
    const body = await res.text();
    expect(res.status, `${label} → ${body}`).toBe(want.status);
    for (const [k, v] of Object.entries(want.headers ?? {})) expect(res.headers.get(k), `${label} response header ${k}`).toBe(v);
    if (want.body !== undefined) expect(body, label).toBe(want.body);
    if (want.upstream || want.upstreamPath || want.upstreamHeaders) {
      const echo = JSON.parse(body) as Echo;
      if (want.upstream) expect(echo.endpoint, label).toBe(want.upstream);
      if (want.upstreamPath) expect(echo.path, label).toBe(want.upstreamPath);
      for (const [k, v] of Object.entries(want.upstreamHeaders ?? {})) expect(echo.headers[k] ?? null, `${label} upstream header ${k}`).toBe(v);
    }
  }
}
