import { stringify } from 'yaml';
import type { RegistryService } from '../../src/mesh/registry.js';

/**
 * The synthetic mesh config the route and proxy benchmarks load: N/10 VirtualServices,
 * each with its own host `svc-<i>.example.com` and ten routes that mix exact and prefix
 * uri matches, header and method matches, ORed match blocks and (in every tenth
 * VirtualService) a regex. All are bound to one Gateway. There is no catch-all route, so
 * a path no route names is a miss, as is a host no VirtualService names.
 */
export const GATEWAY_PROXY = 'istio-system/istio-ingressgateway';
export const NAMESPACE = 'bench';

export interface BenchConfig {
  /** Number of HTTP routes (a multiple of 10). */
  routes: number;
  /** Number of VirtualServices / hosts / services. */
  hosts: number;
  yaml: string;
  registry: RegistryService[];
}

export const hostOf = (i: number): string => `svc-${i}.example.com`;
const serviceOf = (i: number): string => `svc-${i}`;

/** A request that hits route `r` (0..9) of VirtualService `i`. */
export function requestFor(i: number, r: number): { path: string; method: string; headers: Record<string, string> } {
  switch (r) {
    case 0: return { path: `/api/v1/items/${i}`, method: 'GET', headers: {} };
    case 1: return { path: '/api/v1/users/42/profile', method: 'GET', headers: {} };
    case 2: return { path: '/api/v2/orders', method: 'GET', headers: { 'x-tenant': `t-${i}` } };
    case 3: return { path: '/healthz', method: 'GET', headers: {} };
    case 4: return { path: '/static/app.js', method: 'GET', headers: {} };
    case 5: return { path: '/orders/12345', method: 'GET', headers: {} };
    case 6: return { path: '/search', method: 'POST', headers: {} };
    case 7: return { path: '/beta/feature', method: 'GET', headers: { 'x-canary': 'true' } };
    case 8: return { path: '/auth/callback', method: 'GET', headers: {} };
    default: return { path: '/catalog/books/7', method: 'GET', headers: {} };
  }
}

type Match = Record<string, unknown>;

function matchesFor(i: number, r: number): Match[] {
  switch (r) {
    case 0: return [{ uri: { exact: `/api/v1/items/${i}` } }];
    case 1: return [{ uri: { prefix: '/api/v1/users/' } }];
    case 2: return [{ uri: { prefix: '/api/v2/' }, headers: { 'x-tenant': { exact: `t-${i}` } } }];
    case 3: return [{ uri: { exact: '/healthz' } }];
    case 4: return [{ uri: { prefix: '/static/' } }];
    case 5: return [{ uri: i % 10 === 0 ? { regex: '/orders/[0-9]+' } : { prefix: '/orders/' } }];
    case 6: return [{ uri: { prefix: '/search' }, method: { exact: 'POST' } }];
    case 7: return [{ uri: { prefix: '/beta/' }, headers: { 'x-canary': { exact: 'true' } } }];
    case 8: return [{ uri: { exact: '/login' } }, { uri: { prefix: '/auth/' } }];
    default: return [{ uri: { prefix: '/catalog/' } }];
  }
}

/**
 * Builds the config for `routes` HTTP routes. `upstreamPort` is where every service's
 * single endpoint really listens (127.0.0.1).
 */
export function buildConfig(routes: number, upstreamPort = 8000): BenchConfig {
  const hosts = Math.max(1, Math.floor(routes / 10));
  const docs: unknown[] = [{
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'bench-gateway', namespace: NAMESPACE },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    },
  }];
  const registry: RegistryService[] = [];
  for (let i = 0; i < hosts; i++) {
    const svc = serviceOf(i);
    const destination = { host: `${svc}.${NAMESPACE}.svc.cluster.local`, port: { number: 80 } };
    const http = Array.from({ length: 10 }, (_, r) => ({ name: `r${r}`, match: matchesFor(i, r), route: [{ destination }] }));
    docs.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `vs-${i}`, namespace: NAMESPACE },
      spec: { hosts: [hostOf(i)], gateways: ['bench-gateway'], http },
    });
    registry.push({
      name: svc,
      namespace: NAMESPACE,
      ports: [{ name: 'http', port: 80, protocol: 'HTTP' }],
      endpoints: [{ address: '127.0.0.1', ports: { http: upstreamPort }, labels: { app: svc }, name: `${svc}-0` }],
    });
  }
  return { routes: hosts * 10, hosts, yaml: docs.map((d) => stringify(d)).join('---\n'), registry };
}
