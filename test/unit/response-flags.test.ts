import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '../../src/mesh/filters/access-log.js';
import { createProxy } from '../../src/mesh/proxy.js';
import { Router } from '../../src/mesh/router.js';
import { GATEWAY } from '../shared/config.js';
import { caseRequest, compileCase, echoFetch } from '../shared/run-cases.js';

const config = `${GATEWAY}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: default }
spec:
  host: reviews
  subsets: [{ name: v9, labels: { version: v9 } }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: vs, namespace: default }
spec:
  hosts: ["*"]
  gateways: [gw]
  http:
  - match: [{ uri: { exact: /ok } }]
    route: [{ destination: { host: httpbin } }]
  - match: [{ uri: { exact: /nc } }]
    route: [{ destination: { host: reviews, subset: missing } }]
  - match: [{ uri: { exact: /uh } }]
    route: [{ destination: { host: reviews, subset: v9 } }]
  - match: [{ uri: { exact: /uf } }]
    route: [{ destination: { host: productpage } }]
  - match: [{ uri: { exact: /slow } }]
    timeout: 0.05s
    route: [{ destination: { host: reviews } }]
`;

describe('access logs and response flags', () => {
  it('logs each request with Envoy\u2019s response flag and the status it got', async () => {
    const log: AccessLogEntry[] = [];
    const snapshot = compileCase(config);
    const loaded = { router: new Router(snapshot, snapshot.gateways['istio-system/istio-ingressgateway']), hash: 'h', generation: 1, loadedAt: 0 };
    const handle = createProxy({
      config: { get: async () => loaded },
      listenerPort: 8080,
      accessLog: { sink: (e) => log.push(e) },
      fetch: async (url, init) => {
        const u = new URL(url);
        if (u.hostname === '10.0.1.1') throw new TypeError('connection refused');
        if (u.hostname.startsWith('10.0.2.')) {
          // A slow upstream: answers only after the route timeout, unless aborted.
          return new Promise<Response>((ok, fail) => {
            const t = setTimeout(() => ok(new Response('late')), 2000);
            init.signal?.addEventListener('abort', () => { clearTimeout(t); fail(init.signal?.reason); });
          });
        }
        return echoFetch(url, init);
      },
    });
    for (const path of ['/ok', '/none', '/nc', '/uh', '/uf', '/slow']) await (await handle(caseRequest({ path }))).text();
    expect(log.map((e) => [e.path, e.response_code, e.response_flags])).toEqual([
      ['/ok', 200, '-'],
      ['/none', 404, 'NR'],
      ['/nc', 503, 'NC'],
      ['/uh', 503, 'UH'],
      ['/uf', 502, 'UF'],
      ['/slow', 504, 'UT'],
    ]);
    expect(log[0]?.upstream_cluster).toBe('outbound|8000||httpbin.default.svc.cluster.local');
    expect(log[0]?.upstream_host).toBe('10.0.0.1:8080');
  });

  it('answers 503 while no snapshot has been loaded', async () => {
    const handle = createProxy({ config: { get: async () => undefined }, listenerPort: 8080, fetch: echoFetch });
    const res = await handle(caseRequest({ path: '/ok' }));
    expect(res.status).toBe(503);
  });

  it('appends the downstream address to x-forwarded-for', async () => {
    const snapshot = compileCase(config);
    const loaded = { router: new Router(snapshot, snapshot.gateways['istio-system/istio-ingressgateway']), hash: 'h', generation: 1, loadedAt: 0 };
    const handle = createProxy({ config: { get: async () => loaded }, listenerPort: 8080, fetch: echoFetch });
    const res = await handle(caseRequest({ path: '/ok', headers: { 'x-forwarded-for': '198.51.100.1' } }), { clientAddress: '203.0.113.9' });
    const echo = (await res.json()) as { headers: Record<string, string> };
    expect(echo.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9');
  });
});
