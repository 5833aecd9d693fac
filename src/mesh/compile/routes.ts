import type {
  Headers as IstioHeaders, HTTPMatchRequest, HTTPRoute, StringMatch, VirtualService,
} from '../types.js';
import { resourceRef } from '../types.js';
import type {
  Condition, HeaderMutations, HeaderOps, KeyedMatcher, Route, RouteAction, RouteMatch, StringMatcher,
} from '../snapshot.js';
import { parseDuration } from '../duration.js';
import type { ClusterBuilder } from './clusters.js';
import { qualifyGatewayRef } from './hosts.js';

/** Where a VirtualService is being bound: which gateway, on which workload and server port. */
export interface BindContext {
  gateway: string;
  workloadNamespace: string;
  workloadLabels: Record<string, string>;
  serverPort: number;
}

/** Delegate VirtualServices by `namespace/name`. */
export type DelegateIndex = ReadonlyMap<string, VirtualService>;

/**
 * Translates a VirtualService's `http` routes into IR routes for one binding.
 * Match fields that only depend on where the request entered (`gateways`, `port`,
 * `sourceLabels`, `sourceNamespace`) are decided here, once, not per request.
 */
export function translateHttpRoutes(
  vs: VirtualService, bind: BindContext, clusters: ClusterBuilder, delegates: DelegateIndex, conditions: Condition[],
): Route[] {
  const ns = vs.metadata.namespace ?? 'default';
  const out: Route[] = [];
  (vs.spec.http ?? []).forEach((http, i) => {
    const path = `spec.http[${i}]`;
    const match = bindMatches(http.match, bind, ns);
    if (match === null) return;
    if (http.delegate) {
      const key = `${http.delegate.namespace ?? ns}/${http.delegate.name}`;
      const child = delegates.get(key);
      if (!child) {
        const message = `delegate VirtualService ${key} does not exist`;
        conditions.push({ resource: resourceRef(vs), path: `${path}.delegate`, reason: 'DelegateNotFound', message });
        out.push(degraded(vs, http, i, match, message));
        return;
      }
      // Istio merges a delegate's matches into the root's: each child block is ANDed with each root block.
      for (const r of translateHttpRoutes(child, bind, clusters, new Map(), conditions)) {
        const merged = mergeMatches(match, r.match);
        if (merged) out.push({ ...r, match: merged });
      }
      return;
    }
    out.push(translateRoute(vs, http, i, match, clusters));
  });
  return out;
}

function translateRoute(vs: VirtualService, http: HTTPRoute, i: number, match: RouteMatch[], clusters: ClusterBuilder): Route {
  const source = `${resourceRef(vs)} spec.http[${i}]`;
  const route: Route = { name: routeName(vs, http, i), source, match, action: action(vs, http, i, clusters) };
  const headers = headerMutations(http.headers);
  if (headers) route.headers = headers;
  // Istio turns a request `host` (or `:authority`) header operation into a host rewrite.
  const hostValue = authorityIn(http.headers?.request?.set) ?? authorityIn(http.headers?.request?.add);
  if (http.rewrite || hostValue !== undefined) {
    const rw: NonNullable<Route['rewrite']> = {};
    if (http.rewrite?.uri !== undefined) rw.uri = http.rewrite.uri;
    const authority = http.rewrite?.authority ?? hostValue;
    if (authority !== undefined) rw.authority = authority;
    if (http.rewrite?.uriRegexRewrite) rw.regex = { ...http.rewrite.uriRegexRewrite };
    route.rewrite = rw;
  }
  const timeout = http.timeout !== undefined ? parseDuration(http.timeout) : undefined;
  // A timeout of 0s disables the route timeout (Istio HTTPRoute.timeout).
  if (timeout !== undefined && timeout > 0) route.timeoutMs = timeout;
  return route;
}

function action(vs: VirtualService, http: HTTPRoute, i: number, clusters: ClusterBuilder): RouteAction {
  const ns = vs.metadata.namespace ?? 'default';
  if (http.redirect) {
    const r = http.redirect;
    const a: RouteAction = { type: 'redirect', status: r.redirectCode ?? 301 };
    if (r.uri !== undefined) a.uri = r.uri;
    if (r.authority !== undefined) a.authority = r.authority;
    if (r.scheme !== undefined) a.scheme = r.scheme;
    if (r.port !== undefined) a.port = r.port;
    if (r.derivePort !== undefined) a.derivePort = r.derivePort;
    return a;
  }
  if (http.directResponse) {
    const d = http.directResponse;
    const a: RouteAction = { type: 'direct', status: d.status };
    if (d.body?.string !== undefined) a.body = d.body.string;
    else if (d.body?.bytes !== undefined) { a.body = d.body.bytes; a.base64 = true; }
    return a;
  }
  const dests = http.route ?? [];
  // A lone destination takes all traffic whatever its weight; weights are relative (Istio ≥1.18).
  const destinations = dests.map((d, j) => {
    const cluster = clusters.ref(d.destination, ns, { resource: resourceRef(vs), path: `spec.http[${i}].route[${j}].destination` });
    const w: { cluster: string; weight: number; headers?: HeaderMutations } = {
      cluster, weight: dests.length === 1 ? 100 : (d.weight ?? 0),
    };
    const h = headerMutations(d.headers);
    if (h) w.headers = h;
    return w;
  }).filter((d) => d.weight > 0);
  return { type: 'forward', destinations, totalWeight: destinations.reduce((s, d) => s + d.weight, 0) };
}

function degraded(vs: VirtualService, http: HTTPRoute, i: number, match: RouteMatch[], message: string): Route {
  return {
    name: routeName(vs, http, i), source: `${resourceRef(vs)} spec.http[${i}]`, match,
    action: { type: 'direct', status: 503, body: message, flag: 'NC' },
  };
}

function routeName(vs: VirtualService, http: HTTPRoute, i: number): string {
  return http.name ?? `${vs.metadata.namespace ?? 'default'}/${vs.metadata.name}#${i}`;
}

/**
 * Keeps the match blocks that can hold for this binding, with binding-only fields
 * resolved. Returns null when no block can hold: the route does not exist here.
 */
function bindMatches(blocks: HTTPMatchRequest[] | undefined, bind: BindContext, ns: string): RouteMatch[] | null {
  if (!blocks || blocks.length === 0) return [];
  const kept: RouteMatch[] = [];
  for (const m of blocks) {
    if (m.gateways && !m.gateways.map((g) => qualifyGatewayRef(g, ns)).includes(bind.gateway)) continue;
    if (m.port !== undefined && m.port !== bind.serverPort) continue;
    if (m.sourceNamespace !== undefined && m.sourceNamespace !== bind.workloadNamespace) continue;
    if (m.sourceLabels && !Object.entries(m.sourceLabels).every(([k, v]) => bind.workloadLabels[k] === v)) continue;
    kept.push(requestMatch(m));
  }
  return kept.length > 0 ? kept : null;
}

function requestMatch(m: HTTPMatchRequest): RouteMatch {
  const out: RouteMatch = {};
  if (m.uri) out.uri = matcher(m.uri);
  if (m.ignoreUriCase) out.ignoreUriCase = true;
  if (m.scheme) out.scheme = matcher(m.scheme);
  if (m.method) out.method = matcher(m.method);
  if (m.authority) out.authority = matcher(m.authority);
  if (m.headers) out.headers = keyed(m.headers);
  if (m.withoutHeaders) out.withoutHeaders = keyed(m.withoutHeaders);
  if (m.queryParams) out.queryParams = keyed(m.queryParams, false);
  return out;
}

function matcher(s: StringMatch): StringMatcher {
  if (s.exact !== undefined) return { kind: 'exact', value: s.exact };
  if (s.prefix !== undefined) return { kind: 'prefix', value: s.prefix };
  return { kind: 'regex', value: s.regex ?? '' };
}

function keyed(map: Record<string, StringMatch>, lowercase = true): KeyedMatcher[] {
  return Object.keys(map).sort().map((name) => {
    const s = map[name] ?? {};
    const k: KeyedMatcher = { name: lowercase ? name.toLowerCase() : name };
    // An empty StringMatch checks presence only (Istio HTTPMatchRequest.headers).
    if (s.exact !== undefined || s.prefix !== undefined || s.regex !== undefined) k.match = matcher(s);
    return k;
  });
}

/**
 * ANDs root and delegate match blocks; a delegate's own field wins where both set one.
 * A child block whose uri leaves the root's is dropped, as Istio drops conflicting
 * delegate matches: a delegate owned by one team cannot claim another team's paths.
 * Returns null when no child block survives: the child route does not exist here.
 */
function mergeMatches(root: RouteMatch[], child: RouteMatch[]): RouteMatch[] | null {
  if (root.length === 0) return child;
  if (child.length === 0) return root;
  const out: RouteMatch[] = [];
  for (const r of root) {
    for (const c of child) {
      if (uriConflict(r.uri, c.uri)) continue;
      const m: RouteMatch = { ...r, ...c };
      const headers = [...(r.headers ?? []), ...(c.headers ?? [])];
      if (headers.length) m.headers = headers;
      const without = [...(r.withoutHeaders ?? []), ...(c.withoutHeaders ?? [])];
      if (without.length) m.withoutHeaders = without;
      const query = [...(r.queryParams ?? []), ...(c.queryParams ?? [])];
      if (query.length) m.queryParams = query;
      out.push(m);
    }
  }
  return out.length > 0 ? out : null;
}

function uriConflict(root: StringMatcher | undefined, child: StringMatcher | undefined): boolean {
  if (!root || !child) return false;
  switch (root.kind) {
    case 'exact': return !(child.kind === 'exact' && child.value === root.value);
    case 'prefix': return child.kind === 'regex' || !child.value.startsWith(root.value);
    case 'regex': return !(child.kind === 'regex' && child.value === root.value);
  }
}

const AUTHORITY_HEADERS = new Set(['host', ':authority']);

function authorityIn(ops: Record<string, string> | undefined): string | undefined {
  const key = Object.keys(ops ?? {}).find((k) => AUTHORITY_HEADERS.has(k.toLowerCase()));
  return key === undefined ? undefined : ops?.[key];
}

export function headerMutations(h: IstioHeaders | undefined): HeaderMutations | undefined {
  if (!h) return undefined;
  const out: HeaderMutations = {};
  const req = ops(h.request);
  const res = ops(h.response);
  if (req) out.request = req;
  if (res) out.response = res;
  return req || res ? out : undefined;
}

function ops(o: { set?: Record<string, string>; add?: Record<string, string>; remove?: string[] } | undefined): HeaderOps | undefined {
  if (!o) return undefined;
  const out: HeaderOps = {};
  // Host and :authority become the route's authority rewrite instead (translateRoute).
  const pairs = (r: Record<string, string>): Array<[string, string]> =>
    Object.keys(r).filter((k) => !AUTHORITY_HEADERS.has(k.toLowerCase())).sort().map((k) => [k.toLowerCase(), r[k] ?? '']);
  const set = pairs(o.set ?? {});
  const add = pairs(o.add ?? {});
  if (set.length) out.set = set;
  if (add.length) out.add = add;
  if (o.remove && o.remove.length) out.remove = o.remove.map((k) => k.toLowerCase());
  return out.set || out.add || out.remove ? out : undefined;
}
