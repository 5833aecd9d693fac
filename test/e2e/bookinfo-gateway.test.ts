import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistryFile, shiftRegistryPorts, startBookinfo, type RunningDemo } from '../../examples/bookinfo/index.js';
import { freePortOffset, HAVE_SHARED, SHARED, send, startTestMesh, type TestMesh } from './harness.js';

/**
 * EXPECTED.md, samples/bookinfo/networking/bookinfo-gateway.yaml: exact /productpage,
 * /login, /logout and prefix /static, /api/v1/products go to productpage:9080; any
 * other path on the gateway gets 404 (NR). The file is applied verbatim from the
 * corpus, in today's form (port 8080) and in its Istio 1.13.9 form (v1alpha3, port 80).
 */
const ROUTED: Array<[string, string]> = [
  ['GET', '/productpage'],
  ['POST', '/login'],
  ['GET', '/logout'],
  ['GET', '/static/css/bookinfo.css'],
  ['GET', '/api/v1/products'],
  ['GET', '/api/v1/products/0/reviews'],
];
const NOT_ROUTED = ['/', '/productpage/', '/productpage/x', '/login/x', '/headers', '/api/v1', '/details/0', '/reviews/0', '/favicon.ico'];

describe.skipIf(!HAVE_SHARED)('the Bookinfo gateway from the Istio corpus', () => {
  let mesh: TestMesh;
  let demo: RunningDemo;

  beforeAll(async () => {
    const file = await loadRegistryFile(join(__dirname, '../../examples/registry.yaml'));
    const registry = shiftRegistryPorts(file, await freePortOffset(file));
    demo = await startBookinfo({ registry });
    mesh = await startTestMesh();
    await mesh.putRegistry(registry);
  });
  afterAll(async () => {
    await mesh?.stop();
    await demo?.close();
  });

  for (const [label, file] of [
    ['Istio today (networking.istio.io/v1, port 8080)', 'istio/samples/bookinfo/networking/bookinfo-gateway.yaml'],
    ['Istio 1.13.9 (v1alpha3, port 80)', 'istio-1.13.9/samples/bookinfo/networking/bookinfo-gateway.yaml'],
  ] as const) {
    describe(label, () => {
      it('is accepted and published', async () => {
        const r = await mesh.apply(await readFile(join(SHARED, file), 'utf8'));
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        const items = r.json.items as Array<{ kind: string; name: string }>;
        expect(items.map((i) => `${i.kind}/${i.name}`).sort()).toEqual(['Gateway/bookinfo-gateway', 'VirtualService/bookinfo']);
      });

      it('serves the product page titled Simple Bookstore App', async () => {
        const r = await mesh.eventually('/productpage', (x) => x.status === 200);
        expect(r.body).toContain('<title>Simple Bookstore App</title>');
      });

      it('routes exactly the five Bookinfo paths to productpage', async () => {
        for (const [method, path] of ROUTED) {
          const r = await send(`${mesh.gatewayUrl}${path}`, { method, ...(method === 'POST' ? { body: 'username=jason', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
          expect(r.status, `${method} ${path}: ${r.body.slice(0, 100)}`).toBeLessThan(400);
        }
      });

      it('answers 404 for every other path', async () => {
        for (const path of NOT_ROUTED) {
          const r = await send(`${mesh.gatewayUrl}${path}`);
          expect(r.status, path).toBe(404);
        }
      });

      it('matches any Host, since the Gateway and VirtualService hosts are "*"', async () => {
        for (const host of ['bookinfo.example.com', 'LOCALHOST:8080', '203.0.113.7']) {
          const r = await send(`${mesh.gatewayUrl}/productpage`, { host });
          expect(r.status, host).toBe(200);
        }
      });
    });
  }
});
