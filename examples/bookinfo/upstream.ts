/**
 * How a Bookinfo app finds the service it calls. With no sidecar, a pod calling
 * `http://reviews:9080` reaches one of the Service's ready endpoints, picked by
 * kube-proxy; here we round-robin over the registry's endpoints, so with no routing
 * rules productpage's reviews calls cycle v1, v2, v3 (Istio's "sometimes stars,
 * sometimes not" baseline).
 *
 * `BOOKINFO_<SERVICE>_URL` (e.g. `BOOKINFO_REVIEWS_URL=http://127.0.0.1:15001`) overrides
 * the address of a dependency, so a local sidecar can be put in the path.
 */
import { endpointPort, type RegistryService, type RegistryState } from '../../src/mesh/registry.js';

export interface Resolver {
  /** Base URL (`http://127.0.0.1:19082`) for the next call to `service`'s port `portName`. */
  url(service: string, portName?: string): string;
  /** What the app puts in Host: `reviews:9080`, the Service's own name and port. */
  authority(service: string, portName?: string): string;
}

export class NoEndpointsError extends Error {
  constructor(readonly service: string, readonly namespace: string | undefined) {
    super(`no ready endpoint for service ${namespace ? `${namespace}/` : ''}${service}`);
    this.name = 'NoEndpointsError';
  }
}

export interface ResolverOptions {
  /** The caller's namespace: short names resolve there, as in Kubernetes DNS. */
  namespace?: string;
  /** Where the `BOOKINFO_*_URL` overrides are read from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Bookinfo's apps hard-code port 9080 for their peers (productpage.py, LibertyRestEndpoint.java). */
const BOOKINFO_PORT = 9080;

export function overrideVariable(service: string): string {
  return `BOOKINFO_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

export function resolver(registry: RegistryState, opts: ResolverOptions = {}): Resolver {
  const env = opts.env ?? process.env;
  const next = new Map<string, number>();

  const find = (name: string): RegistryService | undefined =>
    registry.services.find((s) => s.name === name && (opts.namespace === undefined || s.namespace === opts.namespace));

  const servicePort = (svc: RegistryService, portName: string) =>
    svc.ports.find((p) => p.name === portName) ?? svc.ports[0];

  return {
    url(service, portName = 'http') {
      const override = env[overrideVariable(service)];
      if (override) return override;
      const svc = find(service);
      const sp = svc ? servicePort(svc, portName) : undefined;
      const ready = svc?.endpoints.filter((e) => e.ready !== false) ?? [];
      if (!svc || !sp || ready.length === 0) throw new NoEndpointsError(service, opts.namespace);
      const key = `${svc.namespace}/${svc.name}/${sp.name}`;
      const i = next.get(key) ?? 0;
      next.set(key, (i + 1) % ready.length);
      const ep = ready[i % ready.length] ?? ready[0];
      if (!ep) throw new NoEndpointsError(service, opts.namespace);
      const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
      return `http://${host}:${endpointPort(ep, sp)}`;
    },
    authority(service, portName = 'http') {
      const svc = find(service);
      const sp = svc ? servicePort(svc, portName) : undefined;
      return `${service}:${sp?.port ?? BOOKINFO_PORT}`;
    },
  };
}
