import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryOf, send, startEcho, startTestMesh, type EchoServer, type TestMesh } from './harness.js';

const gateway = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge, namespace: default }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 8080, name: http, protocol: HTTP }, hosts: ["*"] }]
`;

const route = (body: string) => `${gateway}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: edge, namespace: default }
spec:
  hosts: ["*"]
  gateways: [edge]
  http:
  - match: [{ uri: { prefix: /echo } }]
    route: [{ destination: { host: echo } }]
  - match: [{ uri: { prefix: /pick } }]
    route:
    - { destination: { host: echo, subset: blue } }
  - directResponse: { status: 200, body: { string: "${body}" } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: echo, namespace: default }
spec:
  host: echo
  subsets:
  - { name: blue, labels: { color: blue } }
`;

interface Echoed { endpoint: string; method: string; path: string; headers: Record<string, string>; body: string }

describe('the edge mesh end to end over loopback', () => {
  let mesh: TestMesh;
  let blue: EchoServer;
  let green: EchoServer;

  beforeAll(async () => {
    blue = await startEcho('echo-blue');
    green = await startEcho('echo-green');
    mesh = await startTestMesh();
    await mesh.putRegistry(registryOf([{ name: 'echo', port: 80, endpoints: [{ echo: blue, labels: { color: 'blue' } }, { echo: green, labels: { color: 'green' } }] }]));
    expect((await mesh.apply(route('v1'))).status).toBe(200);
    await mesh.eventually('/', (r) => r.body === 'v1');
  });
  afterAll(async () => {
    await mesh.stop();
    await blue.close();
    await green.close();
  });

  it('routes a new config within a second of the apply returning', async () => {
    const r = await mesh.apply(route('v2'));
    expect(r.status).toBe(200);
    const applied = Date.now();
    await mesh.eventually('/', (x) => x.body === 'v2', { timeoutMs: 1000 });
    expect(Date.now() - applied).toBeLessThan(1000);
  });

  it('keeps serving the running config when an invalid apply is rejected', async () => {
    const bad = route('v3').replace('prefix: /echo', 'prefix: /echo, regex: "(a)\\\\1"');
    const r = await mesh.apply(bad);
    expect(r.status).toBe(422);
    await new Promise((ok) => setTimeout(ok, 200));
    expect((await send(`${mesh.gatewayUrl}/`)).body).toBe('v2');
  });

  it('streams request and response bodies through, both ways, unchanged', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024) + 'end';
    const r = await send(`${mesh.gatewayUrl}/echo/upload`, { method: 'POST', body: big, headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(200);
    const echoed = JSON.parse(r.body) as Echoed;
    expect(echoed.body.length).toBe(big.length);
    expect(echoed.body.endsWith('end')).toBe(true);
  });

  it('sends forwarding headers and strips hop-by-hop and internal ones', async () => {
    const r = await send(`${mesh.gatewayUrl}/echo/h`, {
      host: 'shop.example.com',
      headers: { connection: 'x-secret-hop', 'x-secret-hop': 'no', 'x-envoy-force-trace': '1', 'x-isthmus-identity': 'forged' },
    });
    const e = JSON.parse(r.body) as Echoed;
    expect(e.headers['x-secret-hop']).toBeUndefined();
    expect(e.headers['x-envoy-force-trace']).toBeUndefined();
    expect(e.headers['x-isthmus-identity']).toBeUndefined();
    expect(e.headers['x-forwarded-proto']).toBe('http');
    expect(e.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.headers['x-forwarded-host']).toBe('shop.example.com');
  });

  it('keeps the caller\u2019s x-request-id', async () => {
    const r = await send(`${mesh.gatewayUrl}/echo/id`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect((JSON.parse(r.body) as Echoed).headers['x-request-id']).toBe('trace-me-123');
  });

  it('balances across endpoints and honours subsets by label', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((JSON.parse((await send(`${mesh.gatewayUrl}/echo/rr`)).body) as Echoed).endpoint);
    expect([...seen].sort()).toEqual(['echo-blue', 'echo-green']);
    for (let i = 0; i < 4; i++) expect((JSON.parse((await send(`${mesh.gatewayUrl}/pick`)).body) as Echoed).endpoint).toBe('echo-blue');
  });

  it('follows registry changes: an endpoint that leaves stops getting traffic', async () => {
    await mesh.putRegistry(registryOf([{ name: 'echo', port: 80, endpoints: [{ echo: green, labels: { color: 'green' } }] }]));
    await mesh.eventually('/pick', (r) => r.status === 503);
    for (let i = 0; i < 4; i++) expect((JSON.parse((await send(`${mesh.gatewayUrl}/echo/x`)).body) as Echoed).endpoint).toBe('echo-green');
  });

  it('answers 502 when the endpoint refuses connections', async () => {
    await mesh.putRegistry({ services: [{ name: 'echo', namespace: 'default', ports: [{ name: 'http', port: 80 }], endpoints: [{ address: '127.0.0.1', ports: { http: 1 } }] }] });
    const r = await mesh.eventually('/echo/down', (x) => x.status !== 200);
    expect(r.status).toBe(502);
  });

  it('reports to control which snapshot the gateway serves', async () => {
    const status = await mesh.admin('GET', '/status');
    const published = status.json.published as { hash: string };
    const gateways = status.json.gateways as Array<{ gateway: string; hash: string }>;
    expect(gateways.some((g) => g.gateway === 'istio-system/istio-ingressgateway' && g.hash === published.hash)).toBe(true);
  });
});
