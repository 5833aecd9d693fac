import { describe, expect, it } from 'vitest';
import { ROUTING_CASES } from '../shared/routing-cases.js';
import { edgeRoutes, reviewsRule } from '../shared/config.js';
import { caseRequest, compileCase, proxyFor, runCase, type Echo } from '../shared/run-cases.js';

describe('routing in Node', () => {
  for (const c of ROUTING_CASES) it(c.name, () => runCase(c));

  it('consistent hashing on a header keeps each user on one endpoint', async () => {
    const handle = proxyFor(compileCase(edgeRoutes('[{ route: [{ destination: { host: reviews } }] }]') + reviewsRule('{ loadBalancer: { consistentHash: { httpHeaderName: x-user } } }')));
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 4; round++) {
      for (const user of ['ann', 'bob', 'cho', 'dee', 'eve', 'fay']) {
        const echo = (await (await handle(caseRequest({ path: '/r', headers: { 'x-user': user } }))).json()) as Echo;
        const s = seen.get(user) ?? new Set<string>();
        s.add(echo.endpoint);
        seen.set(user, s);
      }
    }
    for (const [user, endpoints] of seen) expect(endpoints.size, user).toBe(1);
    // Six users over three endpoints should not all land on one.
    expect(new Set([...seen.values()].map((s) => [...s][0])).size).toBeGreaterThan(1);
  });

  it('round robin without a DestinationRule visits every endpoint in turn', async () => {
    const handle = proxyFor(compileCase(edgeRoutes('[{ route: [{ destination: { host: reviews } }] }]')));
    const hits: string[] = [];
    for (let i = 0; i < 6; i++) hits.push(((await (await handle(caseRequest({ path: '/r' }))).json()) as Echo).endpoint);
    expect(hits).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
  });

  it('weighted destinations split traffic by relative weight', async () => {
    let i = 0;
    // An even sweep over [0, 1): exactly the weights' shares, with no sampling noise.
    const sweep = () => ((i++ % 100) + 0.5) / 100;
    const handle = proxyFor(compileCase(edgeRoutes(`
    - route:
      - { destination: { host: reviews, subset: v1 }, weight: 3 }
      - { destination: { host: reviews, subset: v3 }, weight: 1 }`) + reviewsRule()), sweep);
    const counts: Record<string, number> = {};
    for (let n = 0; n < 100; n++) {
      const e = ((await (await handle(caseRequest({ path: '/r' }))).json()) as Echo).endpoint;
      counts[e] = (counts[e] ?? 0) + 1;
    }
    expect(counts).toEqual({ 'reviews-v1': 75, 'reviews-v3': 25 });
  });
});

