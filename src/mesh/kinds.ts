/**
 * The Istio kinds isthmus serves, with every apiVersion Istio serves for each
 * (istio/api kubernetes/customresourcedefinitions.gen.yaml), their plurals and
 * the short names kubectl knows them by.
 */
export interface KindInfo {
  kind: string;
  group: string;
  versions: readonly string[];
  plural: string;
  shortNames: readonly string[];
  /** True when the kind is served by isthmus today. */
  supported: boolean;
}

const NETWORKING_VERSIONS = ['v1alpha3', 'v1beta1', 'v1'] as const;
const SECURITY_VERSIONS = ['v1beta1', 'v1'] as const;

export const KINDS: readonly KindInfo[] = [
  { kind: 'Gateway', group: 'networking.istio.io', versions: NETWORKING_VERSIONS, plural: 'gateways', shortNames: ['gw'], supported: true },
  { kind: 'VirtualService', group: 'networking.istio.io', versions: NETWORKING_VERSIONS, plural: 'virtualservices', shortNames: ['vs'], supported: true },
  { kind: 'DestinationRule', group: 'networking.istio.io', versions: NETWORKING_VERSIONS, plural: 'destinationrules', shortNames: ['dr'], supported: true },
  { kind: 'ServiceEntry', group: 'networking.istio.io', versions: NETWORKING_VERSIONS, plural: 'serviceentries', shortNames: ['se'], supported: true },
  { kind: 'Sidecar', group: 'networking.istio.io', versions: NETWORKING_VERSIONS, plural: 'sidecars', shortNames: [], supported: true },
  { kind: 'PeerAuthentication', group: 'security.istio.io', versions: SECURITY_VERSIONS, plural: 'peerauthentications', shortNames: ['pa'], supported: true },
  { kind: 'RequestAuthentication', group: 'security.istio.io', versions: SECURITY_VERSIONS, plural: 'requestauthentications', shortNames: ['ra'], supported: true },
  { kind: 'AuthorizationPolicy', group: 'security.istio.io', versions: SECURITY_VERSIONS, plural: 'authorizationpolicies', shortNames: ['ap'], supported: true },
];

/** Istio kinds that exist but that isthmus does not serve yet. Apply refuses them by name. */
export const NOT_YET_SUPPORTED: ReadonlyMap<string, string> = new Map([
  ['networking.istio.io/EnvoyFilter', 'EnvoyFilter patches Envoy xDS, which isthmus does not speak'],
  ['networking.istio.io/WorkloadEntry', 'VM workloads come with the k8s-bridge'],
  ['networking.istio.io/WorkloadGroup', 'VM workloads come with the k8s-bridge'],
  ['networking.istio.io/ProxyConfig', 'proxy tuning is not configurable yet'],
  ['telemetry.istio.io/Telemetry', 'telemetry configuration comes with the observability work'],
  ['extensions.istio.io/WasmPlugin', 'Wasm plugins cannot run on workerd'],
  ['gateway.networking.k8s.io/Gateway', 'Gateway API comes later through the same IR'],
  ['gateway.networking.k8s.io/HTTPRoute', 'Gateway API comes later through the same IR'],
  ['gateway.networking.k8s.io/GRPCRoute', 'Gateway API comes later through the same IR'],
  ['gateway.networking.k8s.io/TCPRoute', 'Gateway API comes later through the same IR'],
  ['gateway.networking.k8s.io/TLSRoute', 'Gateway API comes later through the same IR'],
  ['gateway.networking.k8s.io/ReferenceGrant', 'Gateway API comes later through the same IR'],
]);

/** Plain Kubernetes kinds that travel in the same files as Istio config (Bookinfo's bookinfo.yaml). */
export const KUBERNETES_KINDS: ReadonlySet<string> = new Set([
  'Service', 'Deployment', 'ServiceAccount', 'ConfigMap', 'Secret', 'Namespace', 'StatefulSet',
  'DaemonSet', 'Pod', 'Job', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Role', 'RoleBinding',
  'ClusterRole', 'ClusterRoleBinding',
]);

const byName = new Map<string, KindInfo>();
for (const k of KINDS) {
  for (const n of [k.kind.toLowerCase(), k.plural, ...k.shortNames]) byName.set(n, k);
}

/** Resolves what a user typed (`vs`, `virtualservice`, `VirtualServices`) to a kind. */
export function lookupKind(name: string): KindInfo | undefined {
  const n = name.toLowerCase();
  return byName.get(n) ?? byName.get(n.replace(/s$/, ''));
}

export function kindByKind(kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.kind === kind);
}

export function kindByPlural(group: string, plural: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.plural === plural);
}

/** The storage version: the newest one Istio serves. */
export function preferredVersion(k: KindInfo): string {
  return k.versions[k.versions.length - 1] ?? 'v1';
}
