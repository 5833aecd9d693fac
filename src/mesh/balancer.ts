import type { Cluster, ClusterEndpoint } from './snapshot.js';

/** What a load balancer may look at to choose. */
export interface PickInput {
  headers: Headers;
  query: URLSearchParams;
  /** Cookie value for a consistent-hash cookie, already parsed. */
  cookie(name: string): string | undefined;
}

export interface Pick {
  endpoint: ClusterEndpoint;
  /** Set when a hash cookie had to be created: the response must carry it (Envoy httpCookie with ttl). */
  setCookie?: string;
  /** Call when the request is done, for LEAST_REQUEST's counts. */
  release(): void;
}

const noop = (): void => {};

/**
 * Per-cluster balancing state (round-robin cursors, active request counts, hash
 * rings), kept per snapshot. DestinationRule `loadBalancer`: ROUND_ROBIN, RANDOM,
 * LEAST_REQUEST (power of two choices, as Envoy) and consistentHash (a ring).
 */
export class Balancers {
  private readonly rr = new Map<string, number>();
  private readonly active = new Map<ClusterEndpoint, number>();
  private readonly rings = new Map<string, Ring>();

  constructor(private readonly random: () => number = Math.random) {}

  pick(cluster: Cluster, input: PickInput): Pick | undefined {
    const eps = cluster.endpoints;
    if (eps.length === 0) return undefined;
    const lb = cluster.lb;
    switch (lb.policy) {
      case 'ROUND_ROBIN': {
        const i = this.rr.get(cluster.name) ?? 0;
        this.rr.set(cluster.name, (i + 1) % eps.length);
        return { endpoint: at(eps, i), release: noop };
      }
      case 'RANDOM':
        return { endpoint: at(eps, Math.floor(this.random() * eps.length)), release: noop };
      case 'LEAST_REQUEST': {
        const a = at(eps, Math.floor(this.random() * eps.length));
        const b = at(eps, Math.floor(this.random() * eps.length));
        const endpoint = (this.active.get(a) ?? 0) <= (this.active.get(b) ?? 0) ? a : b;
        this.active.set(endpoint, (this.active.get(endpoint) ?? 0) + 1);
        return { endpoint, release: () => this.active.set(endpoint, Math.max(0, (this.active.get(endpoint) ?? 1) - 1)) };
      }
      case 'CONSISTENT_HASH': {
        let key: string | undefined;
        let setCookie: string | undefined;
        if (lb.header) key = input.headers.get(lb.header) ?? undefined;
        else if (lb.query) key = input.query.get(lb.query) ?? undefined;
        else if (lb.cookie) {
          key = input.cookie(lb.cookie.name);
          if (key === undefined && lb.cookie.ttlSeconds !== undefined) {
            key = crypto.randomUUID();
            const maxAge = lb.cookie.ttlSeconds > 0 ? `; Max-Age=${lb.cookie.ttlSeconds}` : '';
            setCookie = `${lb.cookie.name}=${key}; Path=${lb.cookie.path ?? '/'}${maxAge}; HttpOnly`;
          }
        }
        // Without a key Envoy falls back to a random host.
        if (key === undefined) return { endpoint: at(eps, Math.floor(this.random() * eps.length)), release: noop };
        let ring = this.rings.get(cluster.name);
        if (!ring) { ring = new Ring(eps); this.rings.set(cluster.name, ring); }
        const pick: Pick = { endpoint: ring.lookup(key), release: noop };
        if (setCookie) pick.setCookie = setCookie;
        return pick;
      }
    }
  }
}

function at(eps: readonly ClusterEndpoint[], i: number): ClusterEndpoint {
  const e = eps[i] ?? eps[0];
  if (!e) throw new Error('empty endpoint list');
  return e;
}

/** A hash ring with virtual nodes, built once per cluster per snapshot. */
class Ring {
  private readonly hashes: Uint32Array;
  private readonly owners: ClusterEndpoint[];

  constructor(eps: readonly ClusterEndpoint[], replicas = 64) {
    const points: Array<[number, ClusterEndpoint]> = [];
    for (const e of eps) for (let r = 0; r < replicas; r++) points.push([fnv1a(`${e.address}:${e.port}#${r}`), e]);
    points.sort((a, b) => a[0] - b[0]);
    this.hashes = Uint32Array.from(points.map((p) => p[0]));
    this.owners = points.map((p) => p[1]);
  }

  lookup(key: string): ClusterEndpoint {
    const h = fnv1a(key);
    let lo = 0;
    let hi = this.hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.hashes[mid] ?? 0) < h) lo = mid + 1; else hi = mid;
    }
    return at(this.owners, lo === this.owners.length ? 0 : lo);
  }
}

/** FNV-1a, 32 bits: fast and good enough to spread keys over a ring. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
