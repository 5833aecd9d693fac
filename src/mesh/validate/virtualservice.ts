/**
 * VirtualService: hosts, gateways, delegation, and the tls/tcp routes (Istio
 * ValidateVirtualService, validateTLSRoute, validateTCPRoute). HTTP routes are in httproute.ts.
 */
import { z } from 'zod';
import type { L4MatchAttributes, RouteDestination, TCPRoute, TLSRoute, VirtualServiceSpec } from '../types.js';
import { destination, exportTo, labels, nonNegative, portNumber, str, strList } from './common.js';
import { gatewayNames } from './gatewaynames.js';
import { checkIPOrCidr, checkWildcardDomain, isDns1123Label, isIP } from './hosts.js';
import { httpRoute, isClaimKey } from './httproute.js';
import { fail, warn } from './issues.js';

const l4Shape = {
  destinationSubnets: z.array(str.superRefine((s, ctx) => { const bad = checkIPOrCidr(s); if (bad) fail(ctx, [], bad); })).optional(),
  port: portNumber.optional(),
  sourceLabels: labels.optional(),
  gateways: gatewayNames.optional(),
  sourceNamespace: str.superRefine((s, ctx) => { if (!isDns1123Label(s)) fail(ctx, [], `"${s}" is not a namespace name`); }).optional(),
};

const routeDestination: z.ZodType<RouteDestination> = z.strictObject({ destination, weight: nonNegative.optional() });

function checkWeights(route: readonly RouteDestination[], ctx: z.RefinementCtx): void {
  if (route.length > 1 && route.reduce((t, r) => t + (r.weight ?? 0), 0) === 0) {
    fail(ctx, ['route'], 'the route weights add up to 0, so no destination gets traffic; give at least one a weight');
  }
}

const tcpRoute: z.ZodType<TCPRoute> = z.strictObject({
  match: z.array(z.strictObject(l4Shape) satisfies z.ZodType<L4MatchAttributes>).optional(),
  route: z.array(routeDestination).optional(),
}).superRefine((r, ctx) => {
  if ((r.route ?? []).length === 0) fail(ctx, ['route'], 'a tcp route needs at least one route destination');
  checkWeights(r.route ?? [], ctx);
});

const tlsRoute: z.ZodType<TLSRoute> = z.strictObject({
  match: z.array(z.strictObject({ ...l4Shape, sniHosts: strList })),
  route: z.array(routeDestination).optional(),
}).superRefine((r, ctx) => {
  if (r.match.length === 0) fail(ctx, ['match'], 'a tls route needs at least one match with sniHosts');
  r.match.forEach((m, k) => { if (m.sniHosts.length === 0) fail(ctx, ['match', k, 'sniHosts'], 'a tls match needs at least one SNI host'); });
  if ((r.route ?? []).length === 0) fail(ctx, ['route'], 'a tls route needs at least one route destination');
  checkWeights(r.route ?? [], ctx);
});

/** True when `a` and `b` overlap: equal, or a wildcard covering the other (Istio host.Name.Matches). */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.startsWith('*') && b.endsWith(a.slice(1))) return true;
  return b.startsWith('*') && a.endsWith(b.slice(1));
}

/** True when every name `sni` matches is also matched by `host` (host.Name.SubsetOf). */
function sniWithin(sni: string, host: string): boolean {
  if (host === '*' || sni === host) return true;
  return host.startsWith('*') && sni.endsWith(host.slice(1));
}

export const virtualServiceSpec: z.ZodType<VirtualServiceSpec> = z.strictObject({
  hosts: strList.optional(),
  gateways: gatewayNames.optional(),
  http: z.array(httpRoute).optional(),
  tls: z.array(tlsRoute).optional(),
  tcp: z.array(tcpRoute).optional(),
  exportTo: exportTo(false).optional(),
}).superRefine((vs, ctx) => {
  const hosts = vs.hosts ?? [];
  const gateways = vs.gateways ?? [];
  const isDelegate = hosts.length === 0;
  if (isDelegate) {
    // A VirtualService without hosts is a delegate: only another VirtualService's
    // http[].delegate can reach it, so gateways, tls and tcp have no meaning on it.
    const why = 'a VirtualService without hosts is a delegate, reachable only through another VirtualService\'s http[].delegate';
    if (gateways.length > 0) fail(ctx, ['gateways'], `${why}; it must not list gateways (add hosts, or remove gateways)`);
    if ((vs.tls ?? []).length > 0) fail(ctx, ['tls'], `${why}; it cannot have tls routes (add hosts)`);
    if ((vs.tcp ?? []).length > 0) fail(ctx, ['tcp'], `${why}; it cannot have tcp routes (add hosts)`);
    (vs.http ?? []).forEach((h, k) => { if (h.delegate) fail(ctx, ['http', k, 'delegate'], 'a delegate VirtualService cannot delegate again'); });
  }
  const appliesToGateway = gateways.length > 0 && !gateways.includes('mesh');
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  let allValid = true;
  hosts.forEach((h, k) => {
    if (h.includes('/')) {
      fail(ctx, ['hosts', k], `VirtualService hosts take no namespace prefix; write "${h.slice(h.lastIndexOf('/') + 1)}"`);
      allValid = false;
      return;
    }
    // Gateways may carry Istio's auto-generated SNI names (outbound_.80_._.host).
    const autoSni = appliesToGateway && h.startsWith('outbound_');
    const bad = autoSni ? undefined : checkWildcardDomain(h);
    if (bad && !isIP(h)) { fail(ctx, ['hosts', k], bad); allValid = false; }
    else if (appliesToMesh && h === '*') {
      fail(ctx, ['hosts', k], 'host "*" is not allowed when the VirtualService applies to the mesh (no gateways, or "mesh" listed); name the services');
      allValid = false;
    }
  });
  if (allValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        const a = hosts[i] ?? ''; const b = hosts[j] ?? '';
        if (hostsOverlap(a, b)) fail(ctx, ['hosts', j], `duplicate hosts in VirtualService: "${a}" and "${b}"`);
      }
    }
  }
  if ((vs.http ?? []).length === 0 && (vs.tcp ?? []).length === 0 && (vs.tls ?? []).length === 0) {
    fail(ctx, [], 'a VirtualService needs http, tcp or tls routes');
  }
  if (!appliesToGateway) {
    (vs.http ?? []).forEach((h, k) => (h.match ?? []).forEach((m, j) => {
      for (const f of ['headers', 'withoutHeaders'] as const) {
        for (const key of Object.keys(m[f] ?? {})) {
          if (isClaimKey(key)) fail(ctx, ['http', k, 'match', j, f, key], 'JWT claim based routing is only supported on gateways; bind the VirtualService to a gateway');
        }
      }
    }));
  }
  (vs.tls ?? []).forEach((t, k) => t.match.forEach((m, j) => m.sniHosts.forEach((sni, s) => {
    const bad = checkWildcardDomain(sni);
    if (bad) { if (isIP(sni)) warn(ctx, ['tls', k, 'match', j, 'sniHosts', s], `SNI host ${sni} is an IP address; most clients never send one`); else fail(ctx, ['tls', k, 'match', j, 'sniHosts', s], bad); return; }
    if (!hosts.some((h) => sniWithin(sni, h))) {
      fail(ctx, ['tls', k, 'match', j, 'sniHosts', s], `SNI host "${sni}" is not within any of the VirtualService hosts [${hosts.join(', ')}]`);
    }
  })));
  unreachableRules(vs, ctx);
});

/** Istio warns when a rule can never match: routes after a catch-all (analyzeUnreachableHTTPRules). */
function unreachableRules(vs: VirtualServiceSpec, ctx: z.RefinementCtx): void {
  for (const kind of ['http', 'tcp', 'tls'] as const) {
    const routes: ReadonlyArray<{ match?: readonly unknown[] }> = vs[kind] ?? [];
    let catchAll = -1;
    const seen = new Map<string, number>();
    routes.forEach((r, k) => {
      if (catchAll >= 0) { warn(ctx, [kind, k], `this rule is never used: ${kind}[${catchAll}] has no match and catches everything first`); return; }
      const matches = r.match ?? [];
      if (matches.length === 0) { catchAll = k; return; }
      let dup = 0;
      matches.forEach((m) => {
        const key = JSON.stringify(m, (name: string, v: unknown) => (name === 'name' ? undefined : v));
        const prev = seen.get(key);
        if (prev !== undefined) dup++; else seen.set(key, k);
      });
      if (dup === matches.length) warn(ctx, [kind, k], 'this rule is never used: every match is already used by an earlier rule');
    });
  }
}
