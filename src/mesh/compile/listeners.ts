import type { Gateway, Server, VirtualService } from '../types.js';
import { resourceRef } from '../types.js';
import type { Condition, GatewayProxy, GatewayWorkload, Listener, Route, VirtualHost } from '../snapshot.js';
import type { ClusterBuilder } from './clusters.js';
import { intersectHosts, qualifyGatewayRef, qualifyHost, splitServerHost } from './hosts.js';
import { translateHttpRoutes, type DelegateIndex } from './routes.js';

/** Protocols a gateway serves as HTTP. TLS and TCP servers come with the egress and tcp work. */
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'HTTPS']);

interface HostBucket { domain: string; routes: Route[]; httpsRedirect: boolean }

/**
 * Builds the listeners of one gateway workload: every Gateway whose selector matches
 * the workload contributes its servers; every VirtualService bound to that Gateway
 * contributes routes under the hosts the server and the VirtualService share.
 */
export function buildGatewayProxy(
  workload: GatewayWorkload,
  gateways: readonly Gateway[],
  virtualServices: readonly VirtualService[],
  clusters: ClusterBuilder,
  delegates: DelegateIndex,
  conditions: Condition[],
): GatewayProxy {
  const listeners = new Map<number, { gateways: Set<string>; hosts: Map<string, HostBucket> }>();
  for (const gw of gateways) {
    if (!selects(gw.spec.selector, workload.labels)) continue;
    const gwNs = gw.metadata.namespace ?? 'default';
    const gwKey = `${gwNs}/${gw.metadata.name}`;
    for (const server of gw.spec.servers ?? []) {
      if (!HTTP_PROTOCOLS.has(server.port.protocol.toUpperCase())) continue;
      const port = workload.ports.find((p) => p.port === server.port.number)?.targetPort ?? server.port.number;
      let listener = listeners.get(port);
      if (!listener) { listener = { gateways: new Set(), hosts: new Map() }; listeners.set(port, listener); }
      listener.gateways.add(gwKey);
      bindServer(listener.hosts, gwKey, gwNs, server, workload, virtualServices, clusters, delegates, conditions);
    }
  }
  const out: Record<string, Listener> = {};
  for (const port of [...listeners.keys()].sort((a, b) => a - b)) {
    const l = listeners.get(port);
    if (l) out[String(port)] = indexListener(port, [...l.gateways].sort(), [...l.hosts.values()]);
  }
  return { workload, listeners: out };
}

function bindServer(
  hosts: Map<string, HostBucket>, gwKey: string, gwNs: string, server: Server, workload: GatewayWorkload,
  virtualServices: readonly VirtualService[], clusters: ClusterBuilder, delegates: DelegateIndex, conditions: Condition[],
): void {
  const httpsRedirect = server.tls?.httpsRedirect === true;
  if (httpsRedirect) {
    // Istio makes a TLS-required virtual host for every host of such a server, bound
    // VirtualService or not: plain HTTP there is always redirected.
    for (const sh of server.hosts) {
      const { host } = splitServerHost(sh, gwNs);
      const bucket = hosts.get(host);
      if (bucket) bucket.httpsRedirect = true;
      else hosts.set(host, { domain: host, routes: [], httpsRedirect: true });
    }
  }
  for (const vs of virtualServices) {
    const vsNs = vs.metadata.namespace ?? 'default';
    if (!(vs.spec.gateways ?? []).some((g) => qualifyGatewayRef(g, vsNs) === gwKey)) continue;
    const bind = { gateway: gwKey, workloadNamespace: workload.namespace, workloadLabels: workload.labels, serverPort: server.port.number };
    let routes: Route[] | undefined;
    for (const sh of server.hosts) {
      const { namespace, host } = splitServerHost(sh, gwNs);
      if (namespace !== '*' && namespace !== vsNs) continue;
      for (const vh of vs.spec.hosts ?? []) {
        const domain = intersectHosts(host, qualifyHost(vh, vsNs));
        if (!domain) continue;
        routes ??= translateHttpRoutes(vs, bind, clusters, delegates, conditions);
        let bucket = hosts.get(domain);
        if (!bucket) { bucket = { domain, routes: [], httpsRedirect: false }; hosts.set(domain, bucket); }
        bucket.routes.push(...routes);
        bucket.httpsRedirect ||= httpsRedirect;
      }
    }
  }
}

function indexListener(port: number, gateways: string[], buckets: HostBucket[]): Listener {
  const virtualHosts: VirtualHost[] = [];
  const listener: Listener = { port, gateways, virtualHosts, exactHosts: {}, wildcardHosts: {} };
  for (const b of buckets.sort((x, y) => x.domain.localeCompare(y.domain))) {
    const i = virtualHosts.length;
    const vh: VirtualHost = { name: `${b.domain}:${port}`, domains: [b.domain], routes: catchAllLast(dedupe(b.routes)) };
    if (b.httpsRedirect) vh.httpsRedirect = true;
    virtualHosts.push(vh);
    if (b.domain === '*') listener.catchAll = i;
    else if (b.domain.startsWith('*.')) listener.wildcardHosts[b.domain] = i;
    else listener.exactHosts[b.domain] = i;
  }
  return listener;
}

/** A VirtualService bound through two server hosts that intersect to the same domain adds its routes once. */
function dedupe(routes: Route[]): Route[] {
  const seen = new Set<Route>();
  return routes.filter((r) => (seen.has(r) ? false : (seen.add(r), true)));
}

/**
 * On gateways Istio moves catch-all routes behind all others, keeping every other order
 * (pilot's SortVHostRoutes), so that one VirtualService's catch-all does not shadow the
 * routes another VirtualService adds to the same host.
 */
function catchAllLast(routes: Route[]): Route[] {
  const isCatchAll = (r: Route): boolean => r.match.length === 0 || r.match.every((m) =>
    (!m.uri || (m.uri.kind === 'prefix' && m.uri.value === '/') || (m.uri.kind === 'regex' && (m.uri.value === '.*' || m.uri.value === '*')))
    && !m.headers && !m.withoutHeaders && !m.queryParams && !m.method && !m.authority && !m.scheme);
  return [...routes.filter((r) => !isCatchAll(r)), ...routes.filter(isCatchAll)];
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** Conditions for VirtualServices naming Gateways that do not exist. */
export function checkGatewayRefs(virtualServices: readonly VirtualService[], gateways: readonly Gateway[], conditions: Condition[]): void {
  const known = new Set(gateways.map((g) => `${g.metadata.namespace ?? 'default'}/${g.metadata.name}`));
  for (const vs of virtualServices) {
    const ns = vs.metadata.namespace ?? 'default';
    (vs.spec.gateways ?? []).forEach((g, i) => {
      const key = qualifyGatewayRef(g, ns);
      if (key !== 'mesh' && !known.has(key)) {
        conditions.push({ resource: resourceRef(vs), path: `spec.gateways[${i}]`, reason: 'GatewayNotFound', message: `Gateway ${key} does not exist` });
      }
    });
  }
}
