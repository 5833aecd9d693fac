import type { DestinationRule, Gateway, MeshResource, VirtualService } from '../types.js';
import type { RegistryService } from '../registry.js';
import { SNAPSHOT_SCHEMA, type Condition, type GatewayProxy, type GatewayWorkload, type Snapshot } from '../snapshot.js';
import { ClusterBuilder } from './clusters.js';
import { DEFAULT_GATEWAY_WORKLOADS } from './defaults.js';
import { buildGatewayProxy, checkGatewayRefs } from './listeners.js';
import { indexServices } from './services.js';

export interface CompileInput {
  generation: number;
  /** Valid resources (validation has run). */
  resources: readonly MeshResource[];
  registry: readonly RegistryService[];
  /** The edge gateway workloads to compile for; Istio's ingress and egress gateways by default. */
  gatewayWorkloads?: readonly GatewayWorkload[];
}

/**
 * Resources + registry → snapshot, as a straight list of steps. Every step is
 * deterministic: inputs are sorted first, and maps are written in sorted order.
 */
export function compile(input: CompileInput): Snapshot {
  const conditions: Condition[] = [];
  // 1. Sort every input by Istio's precedence: oldest first, then namespace/name.
  const resources = sortByAge(input.resources);
  const gateways = ofKind<Gateway>(resources, 'Gateway');
  const virtualServices = ofKind<VirtualService>(resources, 'VirtualService');
  const destinationRules = ofKind<DestinationRule>(resources, 'DestinationRule');

  // 2. Index the registry by FQDN.
  const services = indexServices(input.registry);

  // 3. Split root VirtualServices from delegates (a delegate has no hosts).
  const roots = virtualServices.filter((vs) => (vs.spec.hosts ?? []).length > 0);
  const delegates = new Map(virtualServices
    .filter((vs) => (vs.spec.hosts ?? []).length === 0)
    .map((vs) => [`${vs.metadata.namespace ?? 'default'}/${vs.metadata.name}`, vs] as const));

  // 4. Clusters come into being as routes name them.
  const clusters = new ClusterBuilder(services, destinationRules, conditions);

  // 5. One proxy config per gateway workload: listeners, virtual hosts, routes.
  const proxies: Record<string, GatewayProxy> = {};
  const workloads = [...(input.gatewayWorkloads ?? DEFAULT_GATEWAY_WORKLOADS)]
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const w of workloads) {
    proxies[`${w.namespace}/${w.name}`] = buildGatewayProxy(w, gateways, roots, clusters, delegates, conditions);
  }

  // 6. Report references that go nowhere.
  checkGatewayRefs(virtualServices, gateways, conditions);

  return {
    schema: SNAPSHOT_SCHEMA,
    generation: input.generation,
    gateways: proxies,
    clusters: clusters.build(),
    conditions: uniqueConditions(conditions),
  };
}

function ofKind<T extends MeshResource>(rs: readonly MeshResource[], kind: T['kind']): T[] {
  return rs.filter((r): r is T => r.kind === kind);
}

function sortByAge(rs: readonly MeshResource[]): MeshResource[] {
  const key = (r: MeshResource): string =>
    `${r.metadata.creationTimestamp ?? ''}\u0000${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;
  return [...rs].sort((a, b) => key(a).localeCompare(key(b)));
}

function uniqueConditions(cs: Condition[]): Condition[] {
  const seen = new Map<string, Condition>();
  for (const c of cs) seen.set(`${c.resource}|${c.path}|${c.message}`, c);
  return [...seen.values()].sort((a, b) => `${a.resource}|${a.path}`.localeCompare(`${b.resource}|${b.path}`));
}
