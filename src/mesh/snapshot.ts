/**
 * The snapshot: the compiled, JSON-serialisable IR that control publishes to KV and
 * every proxy (gateway worker, sidecar) loads. It is the only thing the data path
 * reads. It is built deterministically: same resources and registry, same bytes.
 *
 * Anything a later feature needs on the data path (retries, faults, mirrors, authn,
 * authz, rate limits, telemetry tags) is carried here as a compiled field, never as
 * raw Istio YAML to be interpreted per request.
 */

export const SNAPSHOT_SCHEMA = 1;

export interface Snapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  /** The config-store generation this snapshot was compiled from. */
  generation: number;
  /** Keyed by gateway workload, `istio-system/istio-ingressgateway`. */
  gateways: Record<string, GatewayProxy>;
  /** Keyed by Envoy-style cluster name, `outbound|9080|v1|reviews.default.svc.cluster.local`. */
  clusters: Record<string, Cluster>;
  /** What could not be resolved, and why; each such route degrades alone. */
  conditions: Condition[];
}

export interface Condition {
  /** The resource the problem belongs to, `VirtualService default/reviews`. */
  resource: string;
  path: string;
  reason: 'SubsetNotFound' | 'ServiceNotFound' | 'PortNotFound' | 'DelegateNotFound' | 'HostNotBound' | 'GatewayNotFound' | 'Conflict';
  message: string;
}

export interface GatewayWorkload {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** The gateway's Kubernetes Service ports: a Gateway server on `port` binds the listener on `targetPort`. */
  ports: Array<{ name: string; port: number; targetPort: number }>;
}

export interface GatewayProxy {
  workload: GatewayWorkload;
  /** Keyed by the listener (container) port, as a string for JSON. */
  listeners: Record<string, Listener>;
}

export interface Listener {
  port: number;
  /** The Gateway resources bound to this listener, `namespace/name`. */
  gateways: string[];
  virtualHosts: VirtualHost[];
  /** Host index: lowercase exact domain → virtualHosts index. */
  exactHosts: Record<string, number>;
  /** `*.example.com` domains → virtualHosts index; looked up by walking the request host's labels. */
  wildcardHosts: Record<string, number>;
  /** The index of the `*` virtual host, if any. */
  catchAll?: number;
}

export interface VirtualHost {
  /** `httpbin.example.com:8080`, Envoy's naming. */
  name: string;
  domains: string[];
  routes: Route[];
  /** Gateway server `tls.httpsRedirect`: every plain-HTTP request gets a 301 to https. */
  httpsRedirect?: boolean;
}

export type StringMatchKind = 'exact' | 'prefix' | 'regex';

export interface StringMatcher { kind: StringMatchKind; value: string }

/** A header or query-parameter condition. No matcher means "present". */
export interface KeyedMatcher { name: string; match?: StringMatcher }

/** One `match` block: every field must hold (AND). */
export interface RouteMatch {
  uri?: StringMatcher;
  ignoreUriCase?: boolean;
  scheme?: StringMatcher;
  method?: StringMatcher;
  authority?: StringMatcher;
  headers?: KeyedMatcher[];
  withoutHeaders?: KeyedMatcher[];
  queryParams?: KeyedMatcher[];
}

export interface HeaderOps {
  set?: Array<[string, string]>;
  add?: Array<[string, string]>;
  remove?: string[];
}

export interface HeaderMutations { request?: HeaderOps; response?: HeaderOps }

export interface Route {
  /** `default/bookinfo#0` or the route's own name. */
  name: string;
  /** Where the route came from: `VirtualService default/bookinfo spec.http[0]`. */
  source: string;
  /** Match blocks, ORed; empty means every request matches. */
  match: RouteMatch[];
  action: RouteAction;
  headers?: HeaderMutations;
  rewrite?: Rewrite;
  /** Route timeout in ms; absent means none (Istio's default). */
  timeoutMs?: number;
}

export interface Rewrite {
  /** Replaces the matched prefix (prefix matches) or the whole path. */
  uri?: string;
  authority?: string;
  regex?: { match: string; rewrite: string };
}

export type RouteAction = ForwardAction | RedirectAction | DirectResponseAction;

export interface WeightedCluster { cluster: string; weight: number; headers?: HeaderMutations }

export interface ForwardAction { type: 'forward'; destinations: WeightedCluster[]; totalWeight: number }

export interface RedirectAction {
  type: 'redirect';
  status: number;
  uri?: string;
  authority?: string;
  scheme?: string;
  port?: number;
  derivePort?: 'FROM_PROTOCOL_DEFAULT' | 'FROM_REQUEST_PORT';
}

export interface DirectResponseAction {
  type: 'direct';
  status: number;
  body?: string;
  /** Set when the body came as `bytes` (base64). */
  base64?: boolean;
  /** Why a route degraded to a direct 503, when it did. */
  flag?: 'NC';
}

export type LoadBalancer =
  | { policy: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' }
  | { policy: 'CONSISTENT_HASH'; header?: string; cookie?: { name: string; path?: string; ttlSeconds?: number }; query?: string };

export interface ClusterEndpoint {
  address: string;
  port: number;
  /** Pod name, when known (`reviews-v2-abc`). */
  name?: string;
  serviceAccount?: string;
  namespace: string;
}

export interface Cluster {
  name: string;
  /** FQDN of the service, `reviews.default.svc.cluster.local`. */
  service: string;
  port: number;
  subset?: string;
  lb: LoadBalancer;
  endpoints: ClusterEndpoint[];
  /** Set when the cluster does not exist for Envoy (unknown service, port or subset): requests get 503 NC. */
  unresolved?: string;
}
