import { Balancers } from './balancer.js';
import type { LoadedConfig } from './config-source.js';
import { compose, type MeshContext } from './filters/context.js';
import { filterChain, type ChainOptions } from './filters/table.js';
import { upstream, type UpstreamFetch } from './filters/upstream.js';
import type { RequestView } from './match.js';
import type { Router } from './router.js';

export interface ProxyOptions extends ChainOptions {
  /** The current config; a SnapshotCache in the gateway. */
  config: { get(defer?: (work: Promise<unknown>) => void): Promise<LoadedConfig | undefined> };
  fetch: UpstreamFetch;
  /** The listener (container) port this proxy serves, 8080 for Istio's ingress gateway. */
  listenerPort: number;
  authorityHeader?: string;
  random?: () => number;
  now?: () => number;
}

export interface DownstreamInfo {
  clientAddress?: string | undefined;
  /** Keeps background work (a config refresh) alive past the response: workerd's waitUntil. */
  waitUntil?: (work: Promise<unknown>) => void;
}

/**
 * The data path, runtime-neutral: a request and what the runtime knows of its peer in,
 * a response out. The chain is composed once here, not per request.
 */
export function createProxy(options: ProxyOptions): (request: Request, info?: DownstreamInfo) => Promise<Response> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const run = compose(
    filterChain({ ...options, route: { random, ...options.route } }),
    upstream({ fetch: options.fetch, ...(options.authorityHeader ? { authorityHeader: options.authorityHeader } : {}) }),
  );
  const balancers = new WeakMap<Router, Balancers>();
  const emptyBalancers = new Balancers(random);

  return async function proxy(request, info = {}) {
    const loaded = await options.config.get(info.waitUntil);
    const router = loaded?.router;
    let bal = emptyBalancers;
    if (router) {
      bal = balancers.get(router) ?? new Balancers(random);
      balancers.set(router, bal);
    }
    const url = new URL(request.url);
    const authority = request.headers.get('host') ?? url.host;
    const upstreamHeaders = new Headers(request.headers);
    const ctx: MeshContext = {
      request,
      url,
      // Matching reads the normalised headers, so stripped internal headers cannot steer routing.
      view: requestView(request, url, authority, upstreamHeaders),
      listenerPort: options.listenerPort,
      router,
      balancers: bal,
      clientAddress: info.clientAddress,
      startMs: now(),
      upstreamHeaders,
      requestId: '',
      matchedBlock: -1,
      upstreamPath: url.pathname + url.search,
      upstreamAuthority: authority,
      responseOps: [],
      flag: 'NONE',
    };
    return run(ctx);
  };
}

function requestView(request: Request, url: URL, authority: string, headers: Headers): RequestView {
  let lower: string | undefined;
  return {
    method: request.method,
    path: url.pathname,
    lowerPath: () => (lower ??= url.pathname.toLowerCase()),
    scheme: url.protocol.slice(0, -1),
    authority,
    headers,
    query: url.searchParams,
  };
}
