import type { ResponseFlag } from '../errors.js';
import type { RequestView } from '../match.js';
import type { Balancers } from '../balancer.js';
import type { Router, RuntimeRoute } from '../router.js';
import type { Cluster, ClusterEndpoint, HeaderOps } from '../snapshot.js';

/** What one request carries through the filter chain. */
export interface MeshContext {
  readonly request: Request;
  readonly url: URL;
  readonly view: RequestView;
  /** The listener (container) port the request arrived on. */
  readonly listenerPort: number;
  /** Absent until a snapshot has been loaded: the route filter then answers 503. */
  readonly router: Router | undefined;
  readonly balancers: Balancers;
  /** The downstream address, when the runtime knows it. */
  readonly clientAddress: string | undefined;
  /** Milliseconds since the epoch when the request arrived. */
  readonly startMs: number;
  /** Headers to send upstream; filters edit this copy, never the client's. */
  readonly upstreamHeaders: Headers;
  requestId: string;
  route?: RuntimeRoute;
  /** The index of the match block that matched, -1 for a route without blocks. */
  matchedBlock: number;
  cluster?: Cluster;
  endpoint?: ClusterEndpoint;
  /** Path and query sent upstream, after rewrites. */
  upstreamPath: string;
  /** Authority sent upstream, after rewrites. */
  upstreamAuthority: string;
  /** Response header operations to apply, most specific first. */
  readonly responseOps: HeaderOps[];
  /** Set on responses that did not come from an upstream. */
  flag: ResponseFlag;
}

/** The rest of the chain. It takes the context, so the chain is built once, not per request. */
export type Next = (ctx: MeshContext) => Promise<Response>;

/** A filter is a named function around the rest of the chain (Hono's middleware shape). */
export type Filter = (ctx: MeshContext, next: Next) => Promise<Response>;

/** Composes filters once, innermost first: a request then allocates no closures to walk it. */
export function compose(filters: readonly Filter[], terminal: Next): Next {
  let chain = terminal;
  for (const f of [...filters].reverse()) {
    const next = chain;
    chain = (ctx) => f(ctx, next);
  }
  return chain;
}

/** Applies Istio header operations in Envoy's order: remove, then set, then add. */
export function applyHeaderOps(headers: Headers, ops: HeaderOps | undefined): void {
  if (!ops) return;
  for (const name of ops.remove ?? []) headers.delete(name);
  for (const [name, value] of ops.set ?? []) headers.set(name, value);
  for (const [name, value] of ops.add ?? []) headers.append(name, value);
}
