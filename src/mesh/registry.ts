/**
 * The service registry: what the mesh knows about services and their endpoints.
 * Kubernetes (through the k8s-bridge) or a local YAML file feeds it, one source at a
 * time: a full-state PUT, then idempotent delta PATCHes.
 */

export interface ServicePort {
  name: string;
  port: number;
  /** The container port behind the service port; defaults to `port`. */
  targetPort?: number;
  /** HTTP, HTTP2, GRPC, TCP, TLS, HTTPS… (Istio's protocol selection by port name). */
  protocol?: string;
}

export interface Endpoint {
  /** IP or hostname the endpoint is reached at. */
  address: string;
  /** Port name → the port this endpoint really listens on (EndpointSlice ports). Missing names use the service port's targetPort. */
  ports?: Record<string, number>;
  labels?: Record<string, string>;
  serviceAccount?: string;
  /** Pod name, when the source knows it. */
  name?: string;
  /** False for endpoints Kubernetes reports not ready. */
  ready?: boolean;
}

export interface RegistryService {
  name: string;
  namespace: string;
  /** Defaults to `<name>.<namespace>.svc.cluster.local`. */
  hostname?: string;
  labels?: Record<string, string>;
  ports: ServicePort[];
  endpoints: Endpoint[];
}

/** A full-state push from one source (PUT). */
export interface RegistryState { services: RegistryService[] }

/** A delta from one source (PATCH): upserts replace a service whole; deletes name it. */
export interface RegistryDelta {
  upsert?: RegistryService[];
  delete?: Array<{ name: string; namespace: string }>;
}

export const CLUSTER_DOMAIN = 'cluster.local';

export function serviceHostname(s: { name: string; namespace: string; hostname?: string }): string {
  return s.hostname ?? `${s.name}.${s.namespace}.svc.${CLUSTER_DOMAIN}`;
}

export function serviceKey(s: { name: string; namespace: string }): string {
  return `${s.namespace}/${s.name}`;
}

/** The port an endpoint really listens on for a service port. */
export function endpointPort(ep: Endpoint, sp: ServicePort): number {
  return ep.ports?.[sp.name] ?? sp.targetPort ?? sp.port;
}
