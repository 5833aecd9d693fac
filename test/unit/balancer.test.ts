import { describe, expect, it } from 'vitest';
import { Balancers, type PickInput } from '../../src/mesh/balancer.js';
import type { Cluster, LoadBalancer } from '../../src/mesh/snapshot.js';

const cluster = (lb: LoadBalancer, n = 3): Cluster => ({
  name: `c-${lb.policy}`, service: 'svc.default.svc.cluster.local', port: 80, lb,
  endpoints: Array.from({ length: n }, (_, i) => ({ address: `10.0.0.${i + 1}`, port: 80, namespace: 'default', name: `ep-${i + 1}` })),
});

const input = (headers: Record<string, string> = {}, query = '', cookies: Record<string, string> = {}): PickInput => ({
  headers: new Headers(headers), query: new URLSearchParams(query), cookie: (n) => cookies[n],
});

/** A repeatable pseudo-random sequence, so distributions are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

describe('load balancing', () => {
  it('gives no endpoint for an empty cluster, so the caller answers 503', () => {
    expect(new Balancers().pick(cluster({ policy: 'ROUND_ROBIN' }, 0), input())).toBeUndefined();
  });

  it('ROUND_ROBIN cycles through endpoints in order', () => {
    const b = new Balancers();
    const c = cluster({ policy: 'ROUND_ROBIN' });
    expect(Array.from({ length: 6 }, () => b.pick(c, input())?.endpoint.name)).toEqual(['ep-1', 'ep-2', 'ep-3', 'ep-1', 'ep-2', 'ep-3']);
  });

  it('RANDOM spreads requests over every endpoint', () => {
    const b = new Balancers(seeded(7));
    const c = cluster({ policy: 'RANDOM' });
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) { const n = b.pick(c, input())?.endpoint.name ?? ''; counts.set(n, (counts.get(n) ?? 0) + 1); }
    expect(counts.size).toBe(3);
    for (const v of counts.values()) expect(v).toBeGreaterThan(800);
  });

  it('LEAST_REQUEST avoids an endpoint that is busy', () => {
    const b = new Balancers(seeded(3));
    const c = cluster({ policy: 'LEAST_REQUEST' }, 2);
    const held = Array.from({ length: 10 }, () => b.pick(c, input()));
    // Release everything on ep-1 only: it is now idle and ep-2 is still busy.
    for (const p of held) if (p?.endpoint.name === 'ep-1') p.release();
    const next = Array.from({ length: 20 }, () => { const p = b.pick(c, input()); p?.release(); return p?.endpoint.name; });
    expect(next.filter((n) => n === 'ep-1').length).toBeGreaterThan(next.filter((n) => n === 'ep-2').length);
  });

  it('consistent hashing maps a header, a query parameter or a cookie to a stable endpoint', () => {
    const b = new Balancers();
    for (const [lb, make] of [
      [{ policy: 'CONSISTENT_HASH', header: 'x-user' }, (k: string) => input({ 'x-user': k })],
      [{ policy: 'CONSISTENT_HASH', query: 'user' }, (k: string) => input({}, `user=${k}`)],
      [{ policy: 'CONSISTENT_HASH', cookie: { name: 'sid' } }, (k: string) => input({}, '', { sid: k })],
    ] as const) {
      const c = cluster(lb, 5);
      const owners = new Set<string>();
      for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
        const first = b.pick(c, make(key))?.endpoint.name;
        for (let i = 0; i < 3; i++) expect(b.pick(c, make(key))?.endpoint.name).toBe(first);
        owners.add(first ?? '');
      }
      expect(owners.size).toBeGreaterThan(1);
    }
  });

  it('a hash cookie with a ttl is created when missing and returned to set on the response', () => {
    const b = new Balancers();
    const c = cluster({ policy: 'CONSISTENT_HASH', cookie: { name: 'sid', path: '/', ttlSeconds: 60 } });
    const p = b.pick(c, input());
    expect(p?.setCookie).toMatch(/^sid=[0-9a-f-]{36}; Path=\/; Max-Age=60; HttpOnly$/);
    const value = /^sid=([^;]+)/.exec(p?.setCookie ?? '')?.[1] ?? '';
    expect(b.pick(c, input({}, '', { sid: value }))?.endpoint).toBe(p?.endpoint);
  });

  it('a hash cookie with a ttl of 0 is created as a session cookie, without Max-Age', () => {
    const b = new Balancers();
    const c = cluster({ policy: 'CONSISTENT_HASH', cookie: { name: 'sid', ttlSeconds: 0 } });
    expect(b.pick(c, input())?.setCookie).toMatch(/^sid=[0-9a-f-]{36}; Path=\/; HttpOnly$/);
  });
});
