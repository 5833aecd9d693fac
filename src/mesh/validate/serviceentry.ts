/** ServiceEntry: hosts, addresses, ports, resolution and endpoints (Istio ValidateServiceEntry). */
import { z } from 'zod';
import type { Port, ServiceEntrySpec, WorkloadEntrySpec } from '../types.js';
import { checkPort, exportTo, int, labels, nonNegative, str, strList, strMap } from './common.js';
import { checkProtocol, isHttpProtocol, isTlsProtocol } from './gateway.js';
import { checkFqdn, checkIPOrCidr, checkPartialWildcard, checkWildcardDomain, isDns1123Label, isIP } from './hosts.js';
import { fail, warn } from './issues.js';

const port: z.ZodType<Port> = z.strictObject({ number: int, protocol: str, name: str.optional(), targetPort: int.optional() }).superRefine((p, ctx) => {
  const badNumber = checkPort(p.number);
  if (badNumber) fail(ctx, ['number'], badNumber);
  const badProto = checkProtocol(p.protocol);
  if (badProto) fail(ctx, ['protocol'], badProto);
  if (p.name === undefined || !isDns1123Label(p.name)) fail(ctx, ['name'], `port name ${JSON.stringify(p.name ?? '')} is invalid: give each port an RFC 1123 name such as "http"`);
  const badTarget = p.targetPort === undefined ? undefined : checkPort(p.targetPort);
  if (badTarget) fail(ctx, ['targetPort'], badTarget);
});

const endpoint: z.ZodType<WorkloadEntrySpec> = z.strictObject({
  address: str.optional(),
  ports: z.record(z.string(), int).optional(),
  labels: labels.optional(),
  network: str.optional(),
  locality: str.optional(),
  weight: nonNegative.optional(),
  serviceAccount: str.optional(),
});

function checkEndpoint(se: ServiceEntrySpec, e: WorkloadEntrySpec, k: number, ctx: z.RefinementCtx): void {
  const at = (...p: Array<string | number>): Array<string | number> => ['endpoints', k, ...p];
  const addr = e.address ?? '';
  const portNames = new Set((se.ports ?? []).map((p) => p.name ?? ''));
  if (addr === '') {
    if (!e.network) fail(ctx, at('address'), 'an endpoint needs an address');
    else warn(ctx, at('address'), `endpoint has no address, only network "${e.network}"`);
  } else if (addr.startsWith('unix://')) {
    const path = addr.slice('unix://'.length);
    if (!path.startsWith('@') && (!path.startsWith('/') || path.endsWith('/'))) fail(ctx, at('address'), `${addr} is not an absolute path to a socket file`);
    if (e.ports && Object.keys(e.ports).length > 0) fail(ctx, at('ports'), 'a unix-socket endpoint takes no ports');
  } else if (!isIP(addr)) {
    const dns = se.resolution === 'DNS' || se.resolution === 'DNS_ROUND_ROBIN';
    if (!dns) fail(ctx, at('address'), `endpoint address "${addr}" must be an IP address for resolution ${se.resolution ?? 'NONE'}`);
    else if (checkFqdn(addr)) fail(ctx, at('address'), `endpoint address "${addr}" is neither an IP address nor a DNS name`);
  }
  for (const [name, n] of Object.entries(e.ports ?? {})) {
    if (!portNames.has(name)) fail(ctx, at('ports', name), `endpoint port "${name}" is not one of the ServiceEntry's port names`);
    const bad = checkPort(n);
    if (bad) fail(ctx, at('ports', name), bad);
  }
}

export const serviceEntrySpec: z.ZodType<ServiceEntrySpec> = z.strictObject({
  hosts: strList,
  addresses: strList.optional(),
  ports: z.array(port).optional(),
  location: z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']).optional(),
  resolution: z.enum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']).optional(),
  endpoints: z.array(endpoint).optional(),
  workloadSelector: z.strictObject({ labels: strMap.optional() }).optional(),
  exportTo: exportTo(true).optional(),
  subjectAltNames: strList.optional(),
}).superRefine((se, ctx) => {
  const resolution = se.resolution ?? 'NONE';
  const ports = se.ports ?? [];
  const endpoints = se.endpoints ?? [];
  if (se.hosts.length === 0) fail(ctx, ['hosts'], 'a ServiceEntry needs at least one host');
  se.hosts.forEach((h, k) => {
    if (h === '*') { fail(ctx, ['hosts', k], 'host "*" is not allowed in a ServiceEntry; name the external hosts'); return; }
    const bad = checkWildcardDomain(h);
    if (bad) fail(ctx, ['hosts', k], bad);
    const partial = checkPartialWildcard(h);
    if (partial) warn(ctx, ['hosts', k], partial);
  });
  let cidr = false;
  (se.addresses ?? []).forEach((a, k) => {
    cidr ||= a.includes('/');
    const bad = checkIPOrCidr(a);
    if (bad) fail(ctx, ['addresses', k], bad);
  });
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') fail(ctx, ['addresses'], 'CIDR addresses are only allowed with resolution NONE or STATIC');
  if (se.workloadSelector && se.endpoints) fail(ctx, ['workloadSelector'], 'set either workloadSelector or endpoints, not both');
  for (const [key, v] of Object.entries(se.workloadSelector?.labels ?? {})) {
    if (key.includes('*') || v.includes('*')) fail(ctx, ['workloadSelector', 'labels', key], `wildcards are not supported in selectors: "${key}=${v}"`);
  }
  const names = new Map<string, number>();
  const numbers = new Map<number, number>();
  ports.forEach((p, k) => {
    if (p.name !== undefined && names.has(p.name)) fail(ctx, ['ports', k, 'name'], `port name "${p.name}" is already used by ports[${names.get(p.name) ?? 0}]`);
    if (numbers.has(p.number)) fail(ctx, ['ports', k, 'number'], `port ${p.number} is already defined by ports[${numbers.get(p.number) ?? 0}]`);
    if (p.name !== undefined) names.set(p.name, k);
    numbers.set(p.number, k);
    if ((se.addresses ?? []).length === 0 && p.protocol.toUpperCase() === 'TCP') {
      warn(ctx, ['ports', k], 'a TCP port without addresses cannot be told apart from other TCP services on the same port; add addresses');
    }
  });
  if (resolution === 'NONE' && endpoints.length > 0) fail(ctx, ['endpoints'], 'resolution NONE takes no endpoints; use STATIC or DNS');
  if (resolution === 'NONE' && se.workloadSelector) warn(ctx, ['workloadSelector'], 'workloadSelector has no effect with resolution NONE');
  if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && endpoints.length === 0) {
    se.hosts.forEach((h, k) => {
      if (checkFqdn(h)) fail(ctx, ['hosts', k], `with resolution ${resolution} and no endpoints, hosts must be fully qualified names (no wildcards), got "${h}"`);
    });
  }
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) fail(ctx, ['endpoints'], 'resolution DNS_ROUND_ROBIN allows at most one endpoint');
  if (resolution !== 'NONE') endpoints.forEach((e, k) => checkEndpoint(se, e, k, ctx));
  // Plain TCP has no Host or SNI to tell several hosts apart on one port.
  if (resolution !== 'NONE' && se.hosts.length > 1) {
    const k = ports.findIndex((p) => !isHttpProtocol(p.protocol) && !isTlsProtocol(p.protocol));
    if (k >= 0) fail(ctx, ['ports', k], 'several hosts cannot share a non-HTTP, non-TLS port unless resolution is NONE');
  }
});
