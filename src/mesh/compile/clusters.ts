import type { DestinationRule, Destination, LoadBalancerSettings, TrafficPolicy } from '../types.js';
import { endpointPort, type RegistryService, type ServicePort } from '../registry.js';
import type { Cluster, ClusterEndpoint, Condition, LoadBalancer } from '../snapshot.js';
import { parseDuration } from '../duration.js';
import { qualifyHost } from './hosts.js';
import type { ServiceIndex } from './services.js';

interface Origin { resource: string; path: string }

/**
 * Turns route destinations into clusters, Envoy-style: one cluster per
 * (service, port, subset). A destination that cannot be resolved still gets a
 * cluster, marked `unresolved`, so that only the traffic sent to it fails (503 NC),
 * and a condition says why.
 */
export class ClusterBuilder {
  private readonly clusters = new Map<string, Cluster>();
  private readonly rules = new Map<string, DestinationRule>();

  constructor(
    private readonly services: ServiceIndex,
    destinationRules: readonly DestinationRule[],
    private readonly conditions: Condition[],
  ) {
    // Istio merges DestinationRules for one host in one namespace (subsets are unioned,
    // the oldest trafficPolicy wins), then prefers the rule in the service's own namespace.
    // Inputs arrive oldest first.
    const byHostNs = new Map<string, DestinationRule>();
    for (const dr of destinationRules) {
      const ns = dr.metadata.namespace ?? 'default';
      const host = qualifyHost(dr.spec.host, ns);
      const key = `${host}|${ns}`;
      const seen = byHostNs.get(key);
      if (seen) {
        const names = new Set((seen.spec.subsets ?? []).map((x) => x.name));
        const added = (dr.spec.subsets ?? []).filter((x) => !names.has(x.name));
        byHostNs.set(key, { ...seen, spec: { ...seen.spec, subsets: [...(seen.spec.subsets ?? []), ...added] } });
        continue;
      }
      byHostNs.set(key, dr);
      const existing = this.rules.get(host);
      const svc = services.get(host);
      if (!existing || (svc && existing.metadata.namespace !== svc.namespace && ns === svc.namespace)) this.rules.set(host, dr);
    }
    for (const [host, dr] of this.rules) {
      const merged = byHostNs.get(`${host}|${dr.metadata.namespace ?? 'default'}`);
      if (merged) this.rules.set(host, merged);
    }
  }

  /** The rule for a host: its own, else the most specific `*.suffix` rule (Istio's wildcard hosts). */
  private ruleForHost(host: string): DestinationRule | undefined {
    const exact = this.rules.get(host);
    if (exact) return exact;
    for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      const wildcard = this.rules.get(`*${host.slice(i)}`);
      if (wildcard) return wildcard;
    }
    return this.rules.get('*');
  }

  /** Returns the cluster name for a destination, creating the cluster on first use. */
  ref(dest: Destination, ruleNamespace: string, origin: Origin): string {
    const host = qualifyHost(dest.host, ruleNamespace);
    const svc = this.services.get(host);
    const port = svc ? pickPort(svc, dest.port?.number) : undefined;
    const portNumber = port?.port ?? dest.port?.number ?? 0;
    const name = `outbound|${portNumber}|${dest.subset ?? ''}|${host}`;
    if (this.clusters.has(name)) return name;

    const cluster: Cluster = { name, service: host, port: portNumber, lb: { policy: 'ROUND_ROBIN' }, endpoints: [] };
    if (dest.subset !== undefined) cluster.subset = dest.subset;
    this.clusters.set(name, cluster);

    if (!svc) return this.unresolved(cluster, origin, 'ServiceNotFound', `service ${host} is not in the registry`);
    if (!port) {
      const why = dest.port?.number === undefined
        ? `service ${host} has ${svc.ports.length} ports; set destination.port.number`
        : `service ${host} has no port ${dest.port.number}`;
      return this.unresolved(cluster, origin, 'PortNotFound', why);
    }
    const dr = this.ruleForHost(host);
    let selector: Record<string, string> = {};
    let subsetPolicy: TrafficPolicy | undefined;
    if (dest.subset !== undefined) {
      const subset = dr?.spec.subsets?.find((s) => s.name === dest.subset);
      if (!dr || !subset) {
        return this.unresolved(cluster, origin, 'SubsetNotFound',
          `subset "${dest.subset}" of ${host} is not defined in any DestinationRule`);
      }
      selector = subset.labels ?? {};
      subsetPolicy = subset.trafficPolicy;
    }
    cluster.lb = loadBalancer(
      policyFor(subsetPolicy, port.port)?.loadBalancer ?? policyFor(dr?.spec.trafficPolicy, port.port)?.loadBalancer,
    );
    cluster.endpoints = endpointsFor(svc, port, selector);
    return name;
  }

  build(): Record<string, Cluster> {
    const out: Record<string, Cluster> = {};
    for (const name of [...this.clusters.keys()].sort()) {
      const c = this.clusters.get(name);
      if (c) out[name] = c;
    }
    return out;
  }

  /** The DestinationRule that applies to a host, for conditions and later features. */
  ruleFor(host: string): DestinationRule | undefined {
    return this.ruleForHost(host);
  }

  private unresolved(cluster: Cluster, origin: Origin, reason: Condition['reason'], message: string): string {
    cluster.unresolved = message;
    this.conditions.push({ ...origin, reason, message });
    return cluster.name;
  }
}

function pickPort(svc: RegistryService, wanted: number | undefined): ServicePort | undefined {
  if (wanted === undefined) return svc.ports.length === 1 ? svc.ports[0] : undefined;
  return svc.ports.find((p) => p.port === wanted);
}

/** Port-level settings override the policy they sit in (DestinationRule trafficPolicy.portLevelSettings). */
function policyFor(policy: TrafficPolicy | undefined, port: number): Omit<TrafficPolicy, 'portLevelSettings'> | undefined {
  if (!policy) return undefined;
  const level = policy.portLevelSettings?.find((p) => p.port?.number === port);
  return level ? { ...policy, ...level } : policy;
}

function loadBalancer(lb: LoadBalancerSettings | undefined): LoadBalancer {
  const hash = lb?.consistentHash;
  if (hash) {
    if (hash.httpHeaderName) return { policy: 'CONSISTENT_HASH', header: hash.httpHeaderName.toLowerCase() };
    if (hash.httpQueryParameterName) return { policy: 'CONSISTENT_HASH', query: hash.httpQueryParameterName };
    if (hash.httpCookie) {
      const cookie: { name: string; path?: string; ttlSeconds?: number } = { name: hash.httpCookie.name };
      if (hash.httpCookie.path) cookie.path = hash.httpCookie.path;
      // With a ttl the proxy creates the cookie when it is missing; 0 makes it a session cookie.
      const ttl = hash.httpCookie.ttl ? parseDuration(hash.httpCookie.ttl) : undefined;
      if (ttl !== undefined) cookie.ttlSeconds = Math.round(ttl / 1000);
      return { policy: 'CONSISTENT_HASH', cookie };
    }
    // useSourceIp: the client address is the key.
    return { policy: 'CONSISTENT_HASH', header: 'x-forwarded-for' };
  }
  switch (lb?.simple) {
    case 'RANDOM': return { policy: 'RANDOM' };
    // LEAST_CONN is Istio's deprecated alias of LEAST_REQUEST.
    case 'LEAST_REQUEST': case 'LEAST_CONN': return { policy: 'LEAST_REQUEST' };
    default: return { policy: 'ROUND_ROBIN' };
  }
}

function endpointsFor(svc: RegistryService, port: ServicePort, selector: Record<string, string>): ClusterEndpoint[] {
  const out: ClusterEndpoint[] = [];
  for (const ep of svc.endpoints) {
    if (ep.ready === false) continue;
    const labels = ep.labels ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
    const e: ClusterEndpoint = { address: ep.address, port: endpointPort(ep, port), namespace: svc.namespace };
    if (ep.name) e.name = ep.name;
    if (ep.serviceAccount) e.serviceAccount = ep.serviceAccount;
    out.push(e);
  }
  return out.sort((a, b) => `${a.address}:${a.port}`.localeCompare(`${b.address}:${b.port}`));
}
