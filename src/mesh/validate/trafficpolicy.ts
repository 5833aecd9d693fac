/**
 * DestinationRule traffic policies: load balancing, connection pools, outlier detection
 * and client TLS (Istio validateTrafficPolicy, validateLoadBalancer, validateConnectionPool,
 * validateOutlierDetection, agent.ValidateTLS, agent.ValidateLocalityLbSetting).
 */
import { z } from 'zod';
import type { ClientTLSSettings, ConnectionPoolSettings, LoadBalancerSettings, OutlierDetection, TrafficPolicy } from '../types.js';
import { bool, duration, int, nonNegative, notYet, percentInt, portSelector, str, strList } from './common.js';
import { fail, warn } from './issues.js';

function isPrime(x: number): boolean {
  if (x < 2) return false;
  for (let f = 2; f * f <= x; f++) if (x % f === 0) return false;
  return true;
}

const localityLb = z.strictObject({
  enabled: bool.optional(),
  distribute: z.array(z.strictObject({ from: str, to: z.record(z.string(), int) })).optional(),
  failover: z.array(z.strictObject({ from: str, to: str })).optional(),
  failoverPriority: strList.optional(),
}).superRefine((l, ctx) => {
  if (l.distribute?.length && l.failover?.length) fail(ctx, [], 'set either distribute or failover, not both');
  (l.distribute ?? []).forEach((d, k) => {
    const weights = Object.values(d.to);
    if (weights.some((w) => w < 1 || w > 100)) fail(ctx, ['distribute', k, 'to'], 'locality weights must be in the range 1..100');
    else if (weights.reduce((a, b) => a + b, 0) !== 100) fail(ctx, ['distribute', k, 'to'], 'locality weights must add up to 100');
  });
  (l.failover ?? []).forEach((f, k) => {
    if (f.from === f.to) fail(ctx, ['failover', k], 'failover must name two different regions');
    if (`${f.from}${f.to}`.includes('/')) fail(ctx, ['failover', k], 'failover takes regions only, not zones');
    if (`${f.from}${f.to}`.includes('*')) fail(ctx, ['failover', k], 'failover regions cannot contain "*"');
  });
});

const consistentHash = z.strictObject({
  httpHeaderName: str.optional(),
  httpCookie: z.strictObject({ name: str, path: str.optional(), ttl: duration({ allowZero: true }).optional(), attributes: notYet('httpCookie.attributes') }).optional(),
  useSourceIp: bool.optional(),
  httpQueryParameterName: str.optional(),
  ringHash: z.strictObject({ minimumRingSize: nonNegative.optional() }).optional(),
  maglev: z.strictObject({ tableSize: nonNegative.optional() }).optional(),
  minimumRingSize: nonNegative.optional(),
}).superRefine((c, ctx) => {
  // Both are proto oneofs: one hash key, and at most one hash algorithm.
  const keys = (['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const).filter((k) => c[k] !== undefined);
  if (keys.length !== 1) {
    fail(ctx, [], keys.length === 0
      ? 'consistentHash needs one hash key: httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName'
      : `consistentHash takes exactly one hash key; found ${keys.join(' and ')}`);
  }
  if (c.ringHash && c.maglev) fail(ctx, ['maglev'], 'set either ringHash or maglev, not both');
  if (c.httpCookie && c.httpCookie.name === '') fail(ctx, ['httpCookie', 'name'], 'httpCookie needs a name');
  if (c.minimumRingSize !== undefined) {
    warn(ctx, ['minimumRingSize'], 'consistentHash.minimumRingSize is deprecated; use ringHash.minimumRingSize');
    if (c.ringHash || c.maglev) fail(ctx, ['minimumRingSize'], 'set either minimumRingSize or ringHash/maglev, not both');
  }
  const size = c.maglev?.tableSize;
  if (c.maglev && (size === undefined || size === 0)) fail(ctx, ['maglev', 'tableSize'], 'maglev needs a tableSize');
  else if (size !== undefined && (size >= 5000011 || !isPrime(size))) fail(ctx, ['maglev', 'tableSize'], 'maglev tableSize must be a prime below 5000011');
});

const loadBalancer: z.ZodType<LoadBalancerSettings> = z.strictObject({
  simple: z.enum(['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST']).optional(),
  consistentHash: consistentHash.optional(),
  localityLbSetting: localityLb.optional(),
  warmupDurationSecs: duration().optional(),
  warmup: notYet('loadBalancer.warmup'),
}).superRefine((l, ctx) => {
  if (l.simple !== undefined && l.consistentHash !== undefined) fail(ctx, [], 'set either simple or consistentHash, not both (they are one choice in Istio\'s API)');
  if (l.simple === 'LEAST_CONN') warn(ctx, ['simple'], 'LEAST_CONN is deprecated; use LEAST_REQUEST');
});

const connectionPool: z.ZodType<ConnectionPoolSettings> = z.strictObject({
  tcp: z.strictObject({
    maxConnections: nonNegative.optional(),
    connectTimeout: duration().optional(),
    tcpKeepalive: z.strictObject({ probes: nonNegative.optional(), time: duration().optional(), interval: duration().optional() }).optional(),
    maxConnectionDuration: duration().optional(),
    idleTimeout: notYet('connectionPool.tcp.idleTimeout'),
  }).optional(),
  http: z.strictObject({
    http1MaxPendingRequests: nonNegative.optional(),
    http2MaxRequests: nonNegative.optional(),
    maxRequestsPerConnection: nonNegative.optional(),
    maxRetries: nonNegative.optional(),
    idleTimeout: duration().optional(),
    h2UpgradePolicy: z.enum(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']).optional(),
    useClientProtocol: bool.optional(),
    maxConcurrentStreams: nonNegative.optional(),
  }).superRefine((h, ctx) => {
    if (h.h2UpgradePolicy === 'UPGRADE' && h.useClientProtocol) fail(ctx, ['useClientProtocol'], 'useClientProtocol cannot be true when h2UpgradePolicy is UPGRADE');
  }).optional(),
}).superRefine((c, ctx) => {
  if (!c.tcp && !c.http) fail(ctx, [], 'connectionPool needs tcp or http settings');
});

const outlierDetection: z.ZodType<OutlierDetection> = z.strictObject({
  splitExternalLocalOriginErrors: bool.optional(),
  consecutiveLocalOriginFailures: nonNegative.optional(),
  consecutiveGatewayErrors: nonNegative.optional(),
  consecutive5xxErrors: nonNegative.optional(),
  consecutiveErrors: nonNegative.optional(),
  interval: duration().optional(),
  baseEjectionTime: duration().optional(),
  maxEjectionPercent: percentInt.optional(),
  minHealthPercent: percentInt.optional(),
}).superRefine((o, ctx) => {
  if (o.consecutiveErrors !== undefined) warn(ctx, ['consecutiveErrors'], 'consecutiveErrors is deprecated; use consecutive5xxErrors (or consecutiveGatewayErrors)');
  if ((o.consecutiveLocalOriginFailures ?? 0) > 0 && !o.splitExternalLocalOriginErrors) {
    fail(ctx, ['consecutiveLocalOriginFailures'], 'consecutiveLocalOriginFailures needs splitExternalLocalOriginErrors: true');
  }
});

const clientTls: z.ZodType<ClientTLSSettings> = z.strictObject({
  mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']).optional(),
  clientCertificate: str.optional(),
  privateKey: str.optional(),
  caCertificates: str.optional(),
  credentialName: str.optional(),
  subjectAltNames: strList.optional(),
  sni: str.optional(),
  insecureSkipVerify: bool.optional(),
  caCrl: notYet('tls.caCrl'),
}).superRefine((t, ctx) => {
  if (t.insecureSkipVerify) {
    if (t.mode === 'SIMPLE' && (t.caCertificates || t.credentialName || t.subjectAltNames)) {
      fail(ctx, ['insecureSkipVerify'], 'insecureSkipVerify cannot be combined with caCertificates, credentialName or subjectAltNames');
    }
    if (t.mode === 'MUTUAL' && (t.caCertificates || t.subjectAltNames)) {
      fail(ctx, ['insecureSkipVerify'], 'insecureSkipVerify cannot be combined with caCertificates or subjectAltNames');
    }
  }
  if ((t.mode === 'SIMPLE' || t.mode === 'MUTUAL') && t.credentialName) {
    if (t.clientCertificate || t.caCertificates || t.privateKey) fail(ctx, ['credentialName'], 'with credentialName set, certificates come from the secret; remove clientCertificate, privateKey and caCertificates');
    return;
  }
  if (t.mode === 'MUTUAL') {
    if (!t.clientCertificate) fail(ctx, ['clientCertificate'], 'MUTUAL TLS needs clientCertificate (or credentialName)');
    if (!t.privateKey) fail(ctx, ['privateKey'], 'MUTUAL TLS needs privateKey (or credentialName)');
  }
});

const policyShape = {
  loadBalancer: loadBalancer.optional(),
  connectionPool: connectionPool.optional(),
  outlierDetection: outlierDetection.optional(),
  tls: clientTls.optional(),
};

const portTrafficPolicy = z.strictObject({ port: portSelector.optional(), ...policyShape }).superRefine((p, ctx) => {
  if (!p.port) fail(ctx, ['port'], 'a port-level traffic policy needs port.number');
  if (!p.loadBalancer && !p.connectionPool && !p.outlierDetection && !p.tls) fail(ctx, [], 'a port-level traffic policy needs at least one setting besides port');
});

export const trafficPolicy: z.ZodType<TrafficPolicy> = z.strictObject({
  ...policyShape,
  portLevelSettings: z.array(portTrafficPolicy).optional(),
  tunnel: notYet('trafficPolicy.tunnel'),
  proxyProtocol: notYet('trafficPolicy.proxyProtocol'),
}).superRefine((p, ctx) => {
  if (!p.loadBalancer && !p.connectionPool && !p.outlierDetection && !p.tls && !p.portLevelSettings) {
    fail(ctx, [], 'a traffic policy needs at least one setting');
  }
});
