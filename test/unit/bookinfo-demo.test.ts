import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadRegistryFile,
  parseRegistry,
  RegistryFileError,
  resolver,
  shiftRegistryPorts,
  startBookinfo,
  type RunningDemo,
} from '../../examples/bookinfo/index.js';
import type { RegistryState } from '../../src/mesh/registry.js';
import { freePortOffset } from '../shared/ports.js';

const REGISTRY_FILE = fileURLToPath(new URL('../../examples/registry.yaml', import.meta.url));
// Each demo started here gets its own free port range, found when it starts.

interface Capture {
  url: string;
  seen: Array<{ path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A stand-in peer that records what it was sent and answers with `status` and `body`. */
async function captureServer(status: number, body: unknown): Promise<Capture> {
  const seen: Capture['seen'] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const c = await captureServer(200, {});
  const port = Number(new URL(c.url).port);
  await c.close();
  return port;
}

function only(reg: RegistryState, podnames: string[]): RegistryState {
  return {
    services: reg.services.map((s) => ({ ...s, endpoints: s.endpoints.filter((e) => podnames.includes(e.name ?? '')) })),
  };
}

function urlOf(demo: RunningDemo, name: string): string {
  const ep = demo.endpoints.find((e) => e.name === name);
  if (!ep) throw new Error(`no endpoint ${name}`);
  return ep.url;
}

async function page(demo: RunningDemo, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${urlOf(demo, 'productpage-v1-local')}/productpage`, { headers });
  expect(res.status).toBe(200);
  return res.text();
}

const servedBy = (html: string): string | undefined => /Reviews served by: (reviews-v\d-local)/.exec(html)?.[1];

const CANNED_REVIEWS = { id: '0', podname: 'reviews-capture', clustername: 'null', reviews: [] };

describe('the local Bookinfo demo', () => {
  let registry: RegistryState;
  let demo: RunningDemo;
  let offset: number;

  beforeAll(async () => {
    registry = await loadRegistryFile(REGISTRY_FILE);
    offset = await freePortOffset(registry);
    demo = await startBookinfo({ registry, basePortOffset: offset, env: {} });
  });
  afterAll(async () => {
    await demo.close();
  });

  it('starts one server per Bookinfo endpoint of the registry file, on the shifted ports', () => {
    expect(demo.endpoints.map((e) => e.name).sort()).toEqual([
      'details-v1-local',
      'productpage-v1-local',
      'ratings-v1-local',
      'reviews-v1-local',
      'reviews-v2-local',
      'reviews-v3-local',
    ]);
    expect(urlOf(demo, 'productpage-v1-local')).toBe(`http://127.0.0.1:${19080 + offset}`);
  });

  it('serves the product page with the title Istio checks for', async () => {
    expect(await page(demo)).toContain('<title>Simple Bookstore App</title>');
  });

  it('spreads reviews calls over v1, v2 and v3 when nothing routes them, with no, black and red stars', async () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 9; i++) {
      const html = await page(demo);
      const pod = servedBy(html);
      if (pod) seen.set(pod, html);
    }
    expect([...seen.keys()].sort()).toEqual(['reviews-v1-local', 'reviews-v2-local', 'reviews-v3-local']);
    expect(seen.get('reviews-v1-local')).not.toContain('<font color=');
    expect(seen.get('reviews-v2-local')).toContain('<font color="black"');
    expect(seen.get('reviews-v3-local')).toContain('<font color="red"');
    expect(seen.get('reviews-v2-local')).toContain('Type:');
  });

  it('answers the reviews API with the pod name, and ratings only from v2 and v3', async () => {
    const bodies = new Map<string, { podname: string; reviews: Array<{ rating?: { stars?: number; color?: string } }> }>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${urlOf(demo, 'productpage-v1-local')}/api/v1/products/0/reviews`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { podname: string; reviews: Array<{ rating?: { stars?: number; color?: string } }> };
      bodies.set(body.podname, body);
    }
    expect(bodies.get('reviews-v1-local')?.reviews[0]?.rating).toBeUndefined();
    expect(bodies.get('reviews-v2-local')?.reviews[0]?.rating).toEqual({ stars: 5, color: 'black' });
    expect(bodies.get('reviews-v3-local')?.reviews[1]?.rating).toEqual({ stars: 4, color: 'red' });
  });

  it('answers the products, details and ratings APIs as JSON', async () => {
    const base = urlOf(demo, 'productpage-v1-local');
    const products = (await (await fetch(`${base}/api/v1/products`)).json()) as Array<{ id: number; title: string }>;
    expect(products[0]).toMatchObject({ id: 0, title: 'The Comedy of Errors' });
    expect(await (await fetch(`${base}/api/v1/products/0`)).json()).toMatchObject({ id: 0, author: 'William Shakespeare' });
    expect(await (await fetch(`${base}/api/v1/products/0/ratings`)).json()).toEqual({
      id: 0,
      ratings: { Reviewer1: 5, Reviewer2: 4 },
    });
  });

  it('answers unknown paths, bad ids and bad bodies with a 4xx and keeps serving', async () => {
    expect((await fetch(`${urlOf(demo, 'productpage-v1-local')}/nope`)).status).toBe(404);
    expect((await fetch(`${urlOf(demo, 'productpage-v1-local')}/api/v1/products/x`)).status).toBe(400);
    expect((await fetch(`${urlOf(demo, 'productpage-v1-local')}/login`)).status).toBe(405);
    expect((await fetch(`${urlOf(demo, 'details-v1-local')}/details/abc`)).status).toBe(400);
    expect((await fetch(`${urlOf(demo, 'reviews-v1-local')}/reviews/%zz`)).status).toBe(400);
    const ratings = `${urlOf(demo, 'ratings-v1-local')}/ratings/7`;
    expect((await fetch(ratings, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await fetch(ratings, { method: 'POST', body: '{"Reviewer1":9}' })).status).toBe(400);
    expect((await fetch(ratings, { method: 'POST', body: '{"Reviewer1":2}' })).status).toBe(200);
    expect(await (await fetch(ratings)).json()).toEqual({ id: 7, ratings: { Reviewer1: 2 } });
    for (const e of demo.endpoints) expect((await fetch(`${e.url}/health`)).status).toBe(200);
    const css = await fetch(`${urlOf(demo, 'productpage-v1-local')}/static/css/bookinfo.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});

describe('the Bookinfo demo with a dependency replaced', () => {
  it('sends end-user: jason to reviews once jason has logged in, and not after logout', async () => {
    const registry = await loadRegistryFile(REGISTRY_FILE);
    const reviewsStub = await captureServer(200, CANNED_REVIEWS);
    const demo = await startBookinfo({
      registry,
      basePortOffset: await freePortOffset(registry),
      env: { BOOKINFO_REVIEWS_URL: reviewsStub.url },
    });
    try {
      const base = urlOf(demo, 'productpage-v1-local');
      const login = await fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=jason&passwd=x',
        redirect: 'manual',
      });
      expect(login.status).toBe(302);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^session=/);

      const html = await page(demo, { cookie, 'x-request-id': 'req-1', traceparent: '00-abc-def-01' });
      expect(html).toContain('jason');
      const call = reviewsStub.seen.at(-1);
      expect(call?.path).toBe('/reviews/0');
      expect(call?.headers['end-user']).toBe('jason');
      expect(call?.headers.host).toBe('reviews:9080');
      expect(call?.headers['x-request-id']).toBe('req-1');
      expect(call?.headers.traceparent).toBe('00-abc-def-01');

      await page(demo, { 'end-user': 'mallory' });
      expect(reviewsStub.seen.at(-1)?.headers['end-user']).toBeUndefined();

      const logout = await fetch(`${base}/logout`, { headers: { cookie }, redirect: 'manual' });
      expect(logout.headers.get('set-cookie')).toMatch(/^session=;.*Max-Age=0/);
      await page(demo, { cookie: 'session=amFzb24.forged' });
      expect(reviewsStub.seen.at(-1)?.headers['end-user']).toBeUndefined();
    } finally {
      await demo.close();
      await reviewsStub.close();
    }
  });

  it('shows the ratings error on each review when ratings fails, and reviews still forwards end-user', async () => {
    const registry = only(await loadRegistryFile(REGISTRY_FILE), ['productpage-v1-local', 'details-v1-local', 'reviews-v3-local']);
    const ratingsStub = await captureServer(500, { error: 'boom' });
    const demo = await startBookinfo({ registry, basePortOffset: await freePortOffset(registry), env: { BOOKINFO_RATINGS_URL: ratingsStub.url } });
    try {
      const html = await page(demo);
      expect(servedBy(html)).toBe('reviews-v3-local');
      expect(html.match(/Ratings service is currently unavailable/g)).toHaveLength(2);
      expect(html).not.toContain('Error fetching product reviews');

      await fetch(`${urlOf(demo, 'reviews-v3-local')}/reviews/0`, { headers: { 'end-user': 'jason' } });
      expect(ratingsStub.seen.at(-1)?.headers['end-user']).toBe('jason');
    } finally {
      await demo.close();
      await ratingsStub.close();
    }
  });

  it('shows the reviews error after trying reviews twice when reviews fails', async () => {
    const registry = await loadRegistryFile(REGISTRY_FILE);
    const reviewsStub = await captureServer(503, { error: 'unavailable' });
    const demo = await startBookinfo({ registry, basePortOffset: await freePortOffset(registry), env: { BOOKINFO_REVIEWS_URL: reviewsStub.url } });
    try {
      const html = await page(demo);
      expect(html).toContain('Error fetching product reviews');
      expect(html).toContain('Sorry, product reviews are currently unavailable for this book.');
      expect(html).not.toContain('Error fetching product details');
      expect(reviewsStub.seen).toHaveLength(2);
      const api = await fetch(`${urlOf(demo, 'productpage-v1-local')}/api/v1/products/0/reviews`);
      expect(api.status).toBe(503);
    } finally {
      await demo.close();
      await reviewsStub.close();
    }
  });

  it('shows both errors when reviews and details are down', async () => {
    const registry = only(await loadRegistryFile(REGISTRY_FILE), ['productpage-v1-local']);
    const port = await closedPort();
    const demo = await startBookinfo({
      registry,
      basePortOffset: await freePortOffset(registry),
      env: { BOOKINFO_DETAILS_URL: `http://127.0.0.1:${port}` },
    });
    try {
      const html = await page(demo);
      expect(html).toContain('Error fetching product details');
      expect(html).toContain('Sorry, product details are currently unavailable for this book.');
      expect(html).toContain('Error fetching product reviews');
    } finally {
      await demo.close();
    }
  });
});

describe('the registry file and resolver', () => {
  it('lists every problem with its field path', () => {
    const bad = `services:
  - name: reviews
    namespace: default
    ports: [{ name: http, port: 9080 }]
    endpoints:
      - ports: { http: 70000, grpc: 1 }
  - name: Ratings
    ports: []
`;
    let err: unknown;
    try {
      parseRegistry(bad, 'bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegistryFileError);
    const problems = err instanceof RegistryFileError ? err.problems : [];
    expect(problems).toEqual(
      expect.arrayContaining([
        'services[0].endpoints[0].address: required',
        'services[0].endpoints[0].ports.http: must be an integer port from 1 to 65535',
        'services[0].endpoints[0].ports.grpc: the service has no port named "grpc"',
        'services[1].namespace: required',
        'services[1].ports: must be a non-empty list',
      ]),
    );
    expect(problems.some((p) => p.startsWith('services[1].name:'))).toBe(true);
  });

  it('round-robins over ready endpoints, skips unready ones and honours the URL override', async () => {
    const registry = shiftRegistryPorts(await loadRegistryFile(REGISTRY_FILE), 5);
    const reviews = registry.services.find((s) => s.name === 'reviews');
    const v2 = reviews?.endpoints[1];
    if (v2) v2.ready = false;
    const r = resolver(registry, { namespace: 'default', env: {} });
    expect([r.url('reviews'), r.url('reviews'), r.url('reviews')]).toEqual([
      'http://127.0.0.1:19087',
      'http://127.0.0.1:19089',
      'http://127.0.0.1:19087',
    ]);
    expect(r.authority('reviews')).toBe('reviews:9080');
    expect(() => r.url('nowhere')).toThrow(/no ready endpoint/);
    const o = resolver(registry, { env: { BOOKINFO_RATINGS_URL: 'http://127.0.0.1:15001' } });
    expect(o.url('ratings')).toBe('http://127.0.0.1:15001');
  });
});
