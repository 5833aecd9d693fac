/** Sidecar: ingress and egress listeners and the outbound policy (Istio ValidateSidecar). */
import { z } from 'zod';
import type { Port, SidecarSpec } from '../types.js';
import { checkPort, destination, int, notYet, str, strList, strMap } from './common.js';
import { checkProtocol } from './gateway.js';
import { checkFqdn, checkIPOrCidr, checkNamespacedHost, isDns1123Label } from './hosts.js';
import { fail, warn } from './issues.js';

const CAPTURE = z.enum(['DEFAULT', 'IPTABLES', 'NONE']);

const sidecarPort: z.ZodType<Port> = z.strictObject({ number: int, protocol: str, name: str.optional(), targetPort: int.optional() }).superRefine((p, ctx) => {
  if (p.name !== undefined && !isDns1123Label(p.name)) fail(ctx, ['name'], `invalid port name "${p.name}"`);
  const badProto = checkProtocol(p.protocol);
  if (badProto) fail(ctx, ['protocol'], badProto);
  if (p.targetPort !== undefined) fail(ctx, ['targetPort'], 'targetPort has no effect on Sidecars; remove it');
});

function checkBind(bind: string | undefined, path: Array<string | number>, ctx: z.RefinementCtx): void {
  if (bind !== undefined && bind !== '' && !bind.startsWith('unix://') && checkIPOrCidr(bind) !== undefined) fail(ctx, path, `bind "${bind}" is not an IP address`);
}

const ingress = z.strictObject({
  port: sidecarPort,
  bind: str.optional(),
  captureMode: CAPTURE.optional(),
  defaultEndpoint: str.optional(),
  tls: notYet('Sidecar ingress tls'),
  connectionPool: notYet('Sidecar ingress connectionPool'),
}).superRefine((i, ctx) => {
  const bad = checkPort(i.port.number);
  if (bad) fail(ctx, ['port', 'number'], bad);
  checkBind(i.bind, ['bind'], ctx);
  const ep = i.defaultEndpoint;
  if (ep === undefined || ep === '' || ep.startsWith('unix://')) return;
  const m = /^(?:(127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\[::\]))?:(\d+)$/.exec(ep);
  if (!m) fail(ctx, ['defaultEndpoint'], 'defaultEndpoint must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<path>');
  else { const badPort = checkPort(Number(m[2])); if (badPort) fail(ctx, ['defaultEndpoint'], badPort); }
});

const egress = z.strictObject({
  port: sidecarPort.optional(),
  bind: str.optional(),
  captureMode: CAPTURE.optional(),
  hosts: strList,
}).superRefine((e, ctx) => {
  if (e.hosts.length === 0) fail(ctx, ['hosts'], 'an egress listener needs at least one host, e.g. "./*" or "istio-system/*"');
  e.hosts.forEach((h, k) => { for (const p of checkNamespacedHost(h, false)) fail(ctx, ['hosts', k], p); });
  if (e.port && e.port.number === 0) {
    if (!e.bind?.startsWith('unix://')) fail(ctx, ['bind'], 'a port 0 listener needs a unix:// bind address');
  } else if (e.port) {
    const bad = checkPort(e.port.number);
    if (bad) fail(ctx, ['port', 'number'], bad);
    checkBind(e.bind, ['bind'], ctx);
  }
});

export const sidecarSpec: z.ZodType<SidecarSpec> = z.strictObject({
  workloadSelector: z.strictObject({ labels: strMap.optional() }).optional(),
  ingress: z.array(ingress).optional(),
  egress: z.array(egress).optional(),
  outboundTrafficPolicy: z.strictObject({
    mode: z.enum(['REGISTRY_ONLY', 'ALLOW_ANY']).optional(),
    egressProxy: destination.optional(),
  }).superRefine((o, ctx) => {
    if (!o.egressProxy) return;
    if (o.mode !== 'ALLOW_ANY') fail(ctx, ['egressProxy'], 'egressProxy can only be set with mode ALLOW_ANY');
    const bad = checkFqdn(o.egressProxy.host);
    if (bad) fail(ctx, ['egressProxy', 'host'], bad);
    if (!o.egressProxy.port) fail(ctx, ['egressProxy', 'port'], 'egressProxy needs port.number');
  }).optional(),
  inboundConnectionPool: notYet('Sidecar inboundConnectionPool'),
}).superRefine((s, ctx) => {
  const sel = s.workloadSelector;
  if (sel) {
    const entries = Object.entries(sel.labels ?? {});
    if (entries.length === 0) warn(ctx, ['workloadSelector'], 'workload selector has no labels, so this Sidecar applies to every workload in the namespace');
    for (const [k, v] of entries) {
      if (k === '' || k.includes('*') || v.includes('*')) fail(ctx, ['workloadSelector', 'labels', k], `invalid selector "${k}=${v}": no empty keys or wildcards`);
    }
  }
  const egressList = s.egress ?? [];
  if (egressList.length === 0 && (s.ingress ?? []).length === 0 && !s.outboundTrafficPolicy) {
    fail(ctx, [], 'a Sidecar needs ingress, egress or outboundTrafficPolicy');
  }
  const ingressPorts = new Set<number>();
  (s.ingress ?? []).forEach((i, k) => {
    if (ingressPorts.has(i.port.number)) fail(ctx, ['ingress', k, 'port', 'number'], `ingress port ${i.port.number} is used twice`);
    ingressPorts.add(i.port.number);
  });
  // Only one catch-all egress listener (no port), and it must come last.
  const ports = new Set<number>();
  egressList.forEach((e, k) => {
    if (!e.port) {
      if (k !== egressList.length - 1) fail(ctx, ['egress', k], 'the egress listener without a port must be the last one');
      return;
    }
    if (e.port.number !== 0 && ports.has(e.port.number)) fail(ctx, ['egress', k, 'port', 'number'], `egress port ${e.port.number} is used twice`);
    ports.add(e.port.number);
  });
});
