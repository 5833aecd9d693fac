/**
 * Istio's resource shapes, as the YAML carries them (istio/api, networking/v1 and
 * security/v1). One set of types serves every apiVersion: v1alpha3, v1beta1 and v1
 * differ only in the apiVersion string.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  uid?: string;
}

export interface Resource<K extends string = string, S = unknown> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  spec: S;
}

// ---------- networking.istio.io ----------

export interface StringMatch { exact?: string; prefix?: string; regex?: string }

export interface PortSelector { number?: number }

export interface Destination { host: string; subset?: string; port?: PortSelector }

export interface HeaderOperations { set?: Record<string, string>; add?: Record<string, string>; remove?: string[] }

export interface Headers { request?: HeaderOperations; response?: HeaderOperations }

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  withoutHeaders?: Record<string, StringMatch>;
  sourceNamespace?: string;
  statPrefix?: string;
}

export interface HTTPRouteDestination { destination: Destination; weight?: number; headers?: Headers }

export interface HTTPRedirect {
  uri?: string;
  authority?: string;
  port?: number;
  derivePort?: 'FROM_PROTOCOL_DEFAULT' | 'FROM_REQUEST_PORT';
  scheme?: string;
  redirectCode?: number;
}

export interface RegexRewrite { match: string; rewrite: string }

export interface HTTPRewrite { uri?: string; authority?: string; uriRegexRewrite?: RegexRewrite }

export interface HTTPDirectResponse { status: number; body?: { string?: string; bytes?: string } }

export interface Delegate { name: string; namespace?: string }

export interface HTTPRetry { attempts?: number; perTryTimeout?: string; retryOn?: string; retryRemoteLocalities?: boolean }

export interface Percent { value?: number }

export interface HTTPFaultInjection {
  delay?: { fixedDelay?: string; exponentialDelay?: string; percentage?: Percent; percent?: number };
  abort?: { httpStatus?: number; grpcStatus?: string; http2Error?: string; percentage?: Percent };
}

export interface HTTPMirrorPolicy { destination: Destination; percentage?: Percent }

export interface CorsPolicy {
  allowOrigins?: StringMatch[];
  allowOrigin?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  redirect?: HTTPRedirect;
  directResponse?: HTTPDirectResponse;
  delegate?: Delegate;
  rewrite?: HTTPRewrite;
  timeout?: string;
  retries?: HTTPRetry;
  fault?: HTTPFaultInjection;
  mirror?: Destination;
  mirrors?: HTTPMirrorPolicy[];
  mirrorPercent?: number;
  mirrorPercentage?: Percent;
  corsPolicy?: CorsPolicy;
  headers?: Headers;
}

export interface L4MatchAttributes {
  destinationSubnets?: string[];
  port?: number;
  sourceLabels?: Record<string, string>;
  gateways?: string[];
  sourceNamespace?: string;
}

export interface RouteDestination { destination: Destination; weight?: number }

export interface TCPRoute { match?: L4MatchAttributes[]; route?: RouteDestination[] }

export interface TLSMatchAttributes extends L4MatchAttributes { sniHosts: string[] }

export interface TLSRoute { match: TLSMatchAttributes[]; route?: RouteDestination[] }

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HTTPRoute[];
  tls?: TLSRoute[];
  tcp?: TCPRoute[];
  exportTo?: string[];
}

export interface ServerTLSSettings {
  httpsRedirect?: boolean;
  mode?: 'PASSTHROUGH' | 'SIMPLE' | 'MUTUAL' | 'AUTO_PASSTHROUGH' | 'ISTIO_MUTUAL' | 'OPTIONAL_MUTUAL';
  serverCertificate?: string;
  privateKey?: string;
  caCertificates?: string;
  credentialName?: string;
  subjectAltNames?: string[];
  minProtocolVersion?: string;
  maxProtocolVersion?: string;
  cipherSuites?: string[];
}

export interface Port { number: number; protocol: string; name?: string; targetPort?: number }

export interface Server { port: Port; bind?: string; hosts: string[]; tls?: ServerTLSSettings; name?: string; defaultEndpoint?: string }

export interface GatewaySpec { servers?: Server[]; selector?: Record<string, string> }

export interface LoadBalancerSettings {
  simple?: 'UNSPECIFIED' | 'LEAST_CONN' | 'RANDOM' | 'PASSTHROUGH' | 'ROUND_ROBIN' | 'LEAST_REQUEST';
  consistentHash?: {
    httpHeaderName?: string;
    httpCookie?: { name: string; path?: string; ttl?: string };
    useSourceIp?: boolean;
    httpQueryParameterName?: string;
    ringHash?: { minimumRingSize?: number };
    maglev?: { tableSize?: number };
    minimumRingSize?: number;
  };
  localityLbSetting?: unknown;
  warmupDurationSecs?: string;
}

export interface ConnectionPoolSettings {
  tcp?: { maxConnections?: number; connectTimeout?: string; tcpKeepalive?: unknown; maxConnectionDuration?: string };
  http?: {
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
    maxRetries?: number;
    idleTimeout?: string;
    h2UpgradePolicy?: string;
    useClientProtocol?: boolean;
    maxConcurrentStreams?: number;
  };
}

export interface OutlierDetection {
  splitExternalLocalOriginErrors?: boolean;
  consecutiveLocalOriginFailures?: number;
  consecutiveGatewayErrors?: number;
  consecutive5xxErrors?: number;
  consecutiveErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

export interface ClientTLSSettings {
  mode?: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
  clientCertificate?: string;
  privateKey?: string;
  caCertificates?: string;
  credentialName?: string;
  subjectAltNames?: string[];
  sni?: string;
  insecureSkipVerify?: boolean;
}

export interface TrafficPolicy {
  loadBalancer?: LoadBalancerSettings;
  connectionPool?: ConnectionPoolSettings;
  outlierDetection?: OutlierDetection;
  tls?: ClientTLSSettings;
  portLevelSettings?: Array<Omit<TrafficPolicy, 'portLevelSettings'> & { port?: PortSelector }>;
}

export interface Subset { name: string; labels?: Record<string, string>; trafficPolicy?: TrafficPolicy }

export interface DestinationRuleSpec {
  host: string;
  trafficPolicy?: TrafficPolicy;
  subsets?: Subset[];
  exportTo?: string[];
  workloadSelector?: { matchLabels?: Record<string, string> };
}

export interface WorkloadEntrySpec {
  address?: string;
  ports?: Record<string, number>;
  labels?: Record<string, string>;
  network?: string;
  locality?: string;
  weight?: number;
  serviceAccount?: string;
}

export interface ServiceEntrySpec {
  hosts: string[];
  addresses?: string[];
  ports?: Port[];
  location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  resolution?: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN';
  endpoints?: WorkloadEntrySpec[];
  workloadSelector?: { labels?: Record<string, string> };
  exportTo?: string[];
  subjectAltNames?: string[];
}

export interface SidecarSpec {
  workloadSelector?: { labels?: Record<string, string> };
  ingress?: unknown[];
  egress?: Array<{ port?: Port; bind?: string; captureMode?: string; hosts: string[] }>;
  outboundTrafficPolicy?: { mode?: 'REGISTRY_ONLY' | 'ALLOW_ANY'; egressProxy?: Destination };
}

// ---------- security.istio.io ----------

export interface WorkloadSelector { matchLabels?: Record<string, string> }

export interface PolicyTargetReference { group?: string; kind: string; name: string; namespace?: string }

export type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface PeerAuthenticationSpec {
  selector?: WorkloadSelector;
  mtls?: { mode?: MtlsMode };
  portLevelMtls?: Record<string, { mode?: MtlsMode }>;
}

export interface JWTRule {
  issuer?: string;
  audiences?: string[];
  jwksUri?: string;
  jwks?: string;
  fromHeaders?: Array<{ name: string; prefix?: string }>;
  fromParams?: string[];
  fromCookies?: string[];
  outputPayloadToHeader?: string;
  forwardOriginalToken?: boolean;
  outputClaimToHeaders?: Array<{ header: string; claim: string }>;
  timeout?: string;
}

export interface RequestAuthenticationSpec {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  jwtRules?: JWTRule[];
}

export interface AuthzSource {
  principals?: string[]; notPrincipals?: string[];
  requestPrincipals?: string[]; notRequestPrincipals?: string[];
  namespaces?: string[]; notNamespaces?: string[];
  ipBlocks?: string[]; notIpBlocks?: string[];
  remoteIpBlocks?: string[]; notRemoteIpBlocks?: string[];
}

export interface AuthzOperation {
  hosts?: string[]; notHosts?: string[];
  ports?: string[]; notPorts?: string[];
  methods?: string[]; notMethods?: string[];
  paths?: string[]; notPaths?: string[];
}

export interface AuthzCondition { key: string; values?: string[]; notValues?: string[] }

export interface AuthzRule {
  from?: Array<{ source?: AuthzSource }>;
  to?: Array<{ operation?: AuthzOperation }>;
  when?: AuthzCondition[];
}

export interface AuthorizationPolicySpec {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  rules?: AuthzRule[];
  action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
  provider?: { name: string };
}

// ---------- the union ----------

export type Gateway = Resource<'Gateway', GatewaySpec>;
export type VirtualService = Resource<'VirtualService', VirtualServiceSpec>;
export type DestinationRule = Resource<'DestinationRule', DestinationRuleSpec>;
export type ServiceEntry = Resource<'ServiceEntry', ServiceEntrySpec>;
export type Sidecar = Resource<'Sidecar', SidecarSpec>;
export type PeerAuthentication = Resource<'PeerAuthentication', PeerAuthenticationSpec>;
export type RequestAuthentication = Resource<'RequestAuthentication', RequestAuthenticationSpec>;
export type AuthorizationPolicy = Resource<'AuthorizationPolicy', AuthorizationPolicySpec>;

export type MeshResource =
  | Gateway | VirtualService | DestinationRule | ServiceEntry | Sidecar
  | PeerAuthentication | RequestAuthentication | AuthorizationPolicy;

/** `Kind namespace/name`: how diagnostics and logs name a resource. */
export function resourceRef(r: { kind: string; metadata: { name?: string; namespace?: string } }): string {
  return `${r.kind} ${r.metadata.namespace ?? 'default'}/${r.metadata.name ?? '<unnamed>'}`;
}

/** The identity of a stored resource: kind, namespace and name. */
export function resourceKey(r: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${r.kind}/${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;
}
