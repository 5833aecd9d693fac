import { NoClusterError, NoConfigError, NoRouteError } from '../errors.js';
import type { DirectResponseAction, ForwardAction, RedirectAction, WeightedCluster } from '../snapshot.js';
import { applyHeaderOps, type Filter, type MeshContext } from './context.js';

export interface RouteOptions {
  /** Picks weighted destinations; Math.random by default. */
  random?: () => number;
}

/**
 * Routing: the listener's virtual host by Host header, then the first route whose
 * match holds. Redirects and direct responses end here; forwarded requests leave with
 * their cluster chosen, path and authority rewritten and route headers applied.
 */
export function route(options: RouteOptions = {}): Filter {
  const random = options.random ?? Math.random;
  return async function routeFilter(ctx, next) {
    const router = ctx.router;
    if (!router) throw new NoConfigError();
    const listener = router.listener(ctx.listenerPort);
    const vhost = listener?.virtualHost(hostOf(ctx.view.authority));
    if (!vhost) throw new NoRouteError('no virtual host');
    if (vhost.config.httpsRedirect && ctx.url.protocol === 'http:') {
      return redirectTo(301, `https://${hostOf(ctx.view.authority)}${ctx.url.pathname}${ctx.url.search}`);
    }
    const hit = vhost.match(ctx.view);
    if (!hit) throw new NoRouteError('no route');
    ctx.route = hit.route;
    ctx.matchedBlock = hit.block;
    const r = hit.route.route;
    switch (r.action.type) {
      case 'redirect':
        if (r.headers?.response) ctx.responseOps.push(r.headers.response);
        return withOps(ctx, redirect(ctx, r.action));
      case 'direct':
        if (r.headers?.response) ctx.responseOps.push(r.headers.response);
        return withOps(ctx, direct(ctx, r.action));
      case 'forward': break;
    }
    const dest = forward(ctx, r.action, random);
    // Istio's order: with one destination its operations apply after the route's; with
    // weighted destinations the route's apply last and win.
    const [first, second] = r.action.destinations.length === 1 ? [r.headers, dest.headers] : [dest.headers, r.headers];
    applyHeaderOps(ctx.upstreamHeaders, first?.request);
    applyHeaderOps(ctx.upstreamHeaders, second?.request);
    if (first?.response) ctx.responseOps.push(first.response);
    if (second?.response) ctx.responseOps.push(second.response);
    rewrite(ctx);
    return next(ctx);
  };
}

function forward(ctx: MeshContext, action: ForwardAction, random: () => number): WeightedCluster {
  if (action.destinations.length === 0) throw new NoClusterError('route has no destination with weight');
  let pick = action.destinations[0];
  if (action.destinations.length > 1) {
    let roll = random() * action.totalWeight;
    for (const d of action.destinations) {
      roll -= d.weight;
      if (roll < 0) { pick = d; break; }
    }
  }
  if (!pick) throw new NoClusterError('route has no destination');
  const cluster = ctx.router?.clusters.get(pick.cluster);
  if (!cluster || cluster.unresolved) throw new NoClusterError(cluster?.unresolved ?? `cluster ${pick.cluster} not found`);
  ctx.cluster = cluster;
  return pick;
}

/** HTTPRewrite: a prefix match has its matched prefix replaced; other matches the whole path. */
function rewrite(ctx: MeshContext): void {
  const rt = ctx.route;
  const rw = rt?.route.rewrite;
  if (!rt || !rw) return;
  let path = ctx.url.pathname;
  if (rw.uri !== undefined) {
    // A route without match blocks matches as Istio's `prefix: /`.
    const prefix = ctx.matchedBlock >= 0 ? rt.prefixes[ctx.matchedBlock] : '/';
    path = prefix !== undefined ? rw.uri + path.slice(prefix.length) : rw.uri;
    if (path === '') path = '/';
  } else if (rt.regexRewrite) {
    path = path.replace(rt.regexRewrite.pattern, rt.regexRewrite.replacement);
  }
  ctx.upstreamPath = path + ctx.url.search;
  if (rw.authority !== undefined) ctx.upstreamAuthority = rw.authority;
}

function redirect(ctx: MeshContext, a: RedirectAction): Response {
  const fromScheme = ctx.url.protocol.slice(0, -1);
  const scheme = a.scheme ?? fromScheme;
  const target = a.authority ?? ctx.view.authority;
  let host = hostOf(target);
  // Keep the case of a configured authority; only the request's Host is normalised.
  if (a.authority !== undefined) host = a.authority.replace(/:\d+$/, '');
  let port = portOf(target);
  if (a.port !== undefined) port = a.port;
  else if (a.derivePort === 'FROM_REQUEST_PORT') port = portOf(ctx.view.authority) ?? DEFAULT_PORT[fromScheme];
  else if (a.derivePort === 'FROM_PROTOCOL_DEFAULT') port = undefined;
  // Envoy drops a port that was the old scheme's default when the scheme changes, and
  // Istio writes no port that is the new scheme's default.
  if (scheme !== fromScheme && port === DEFAULT_PORT[fromScheme]) port = undefined;
  if (port === DEFAULT_PORT[scheme]) port = undefined;
  let path = ctx.url.pathname;
  let query = ctx.url.search;
  if (a.uri !== undefined) {
    // A query in the redirect uri replaces the request's; otherwise the request's is kept (Envoy path_redirect).
    const q = a.uri.indexOf('?');
    if (q >= 0) { path = a.uri.slice(0, q); query = a.uri.slice(q); } else path = a.uri;
  }
  return redirectTo(a.status, `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}${query}`);
}

const DEFAULT_PORT: Readonly<Record<string, number>> = { http: 80, https: 443 };

function redirectTo(status: number, location: string): Response {
  return new Response(null, { status, headers: { location } });
}

function direct(ctx: MeshContext, a: DirectResponseAction): Response {
  if (a.flag) ctx.flag = a.flag;
  if (a.body === undefined) return new Response(null, { status: a.status });
  const body = a.base64 ? Uint8Array.from(atob(a.body), (c) => c.charCodeAt(0)) : a.body;
  return new Response(body, { status: a.status, headers: { 'content-type': a.base64 ? 'application/octet-stream' : 'text/plain' } });
}

function withOps(ctx: MeshContext, res: Response): Response {
  if (ctx.responseOps.length === 0) return res;
  const out = new Response(res.body, res);
  for (const ops of ctx.responseOps) applyHeaderOps(out.headers, ops);
  return out;
}

/** `Example.COM:8080` → `example.com`; IPv6 literals keep their brackets. */
export function hostOf(authority: string): string {
  const a = authority.toLowerCase();
  if (a.startsWith('[')) { const end = a.indexOf(']'); return end > 0 ? a.slice(0, end + 1) : a; }
  const colon = a.lastIndexOf(':');
  return colon >= 0 ? a.slice(0, colon) : a;
}

function portOf(authority: string): number | undefined {
  const m = /:(\d+)$/.exec(authority);
  return m?.[1] ? Number(m[1]) : undefined;
}
