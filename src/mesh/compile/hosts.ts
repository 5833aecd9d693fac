import { CLUSTER_DOMAIN } from '../registry.js';

/**
 * Host name rules shared by the compiler. Istio reads a short name (`reviews`) in a rule
 * relative to the rule's namespace: `reviews.<ns>.svc.cluster.local`
 * (VirtualService `hosts`, Destination `host`).
 */
export function qualifyHost(host: string, namespace: string): string {
  const h = host.toLowerCase();
  if (h === '*' || h.startsWith('*.') || h.includes('.')) return h;
  return `${h}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** True when `pattern` (exact, `*` or `*.suffix`) covers `host` (exact or wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1); // `.example.com`
    if (host.startsWith('*.')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return false;
}

/**
 * The hosts two host patterns both accept, as Istio computes the domains of a virtual
 * host bound to a Gateway server: the more specific of the two, or nothing.
 */
export function intersectHosts(a: string, b: string): string | undefined {
  if (hostCovers(a, b)) return b;
  if (hostCovers(b, a)) return a;
  return undefined;
}

/** Splits a Gateway server host `ns/dnsName` (namespace `*`, `.` or none) into its parts. */
export function splitServerHost(host: string, gatewayNamespace: string): { namespace: string; host: string } {
  const i = host.indexOf('/');
  if (i < 0) return { namespace: '*', host: host.toLowerCase() };
  const ns = host.slice(0, i);
  return { namespace: ns === '.' ? gatewayNamespace : ns, host: host.slice(i + 1).toLowerCase() };
}

/**
 * Resolves a VirtualService `gateways` entry to `ns/name`: `name`, `ns/name`, `mesh`, and
 * the dotted forms Istio also accepts, `name.ns` (deprecated) and `name.ns.svc.cluster.local`
 * (Gateway names cannot contain dots, so a dot always means one of these).
 */
export function qualifyGatewayRef(ref: string, namespace: string): string {
  if (ref === 'mesh' || ref.includes('/')) return ref;
  const [name, ns] = ref.split('.');
  return ns !== undefined && name !== undefined ? `${ns}/${name}` : `${namespace}/${ref}`;
}
