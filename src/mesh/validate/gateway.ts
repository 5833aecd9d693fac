/**
 * Gateway: servers, ports, hosts and server TLS (Istio ValidateGateway, validateServer,
 * validateServerPort, validateTLSOptions).
 */
import { z } from 'zod';
import type { GatewaySpec, Port, Server, ServerTLSSettings } from '../types.js';
import { bool, checkPort, int, notYet, str, strList, strMap } from './common.js';
import { checkIPOrCidr, checkNamespacedHost } from './hosts.js';
import { fail, warn } from './issues.js';

/** Protocols Istio's protocol.Parse knows (case-insensitive), less UDP which gateways cannot serve. */
const PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'HTTP_PROXY', 'MONGO', 'REDIS', 'MYSQL', 'TCP', 'TLS'];

export function checkProtocol(p: string): string | undefined {
  return PROTOCOLS.includes(p.toUpperCase()) ? undefined : `unsupported protocol "${p}"; use one of ${PROTOCOLS.join(', ')}`;
}

export const isTlsProtocol = (p: string): boolean => ['HTTPS', 'TLS'].includes(p.toUpperCase());
export const isHttpProtocol = (p: string): boolean => ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes(p.toUpperCase());

const TLS_VERSIONS = z.enum(['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3']);

const serverTls: z.ZodType<ServerTLSSettings> = z.strictObject({
  httpsRedirect: bool.optional(),
  mode: z.enum(['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']).optional(),
  serverCertificate: str.optional(),
  privateKey: str.optional(),
  caCertificates: str.optional(),
  credentialName: str.optional(),
  subjectAltNames: strList.optional(),
  minProtocolVersion: TLS_VERSIONS.optional(),
  maxProtocolVersion: TLS_VERSIONS.optional(),
  cipherSuites: strList.optional(),
  credentialNames: notYet('tls.credentialNames'),
  tlsCertificates: notYet('tls.tlsCertificates'),
  caCrl: notYet('tls.caCrl'),
  verifyCertificateSpki: notYet('tls.verifyCertificateSpki'),
  verifyCertificateHash: notYet('tls.verifyCertificateHash'),
}).superRefine((t, ctx) => {
  // The proto default for mode is PASSTHROUGH (enum value 0).
  const mode = t.mode ?? 'PASSTHROUGH';
  if ((t.minProtocolVersion === 'TLSV1_0' || t.minProtocolVersion === 'TLSV1_1') && !t.cipherSuites?.length) {
    warn(ctx, ['minProtocolVersion'], 'TLS versions below 1.2 need compatible cipherSuites; the defaults no longer include them');
  }
  const certs = ['serverCertificate', 'privateKey', 'caCertificates', 'credentialName'] as const;
  if (mode === 'ISTIO_MUTUAL') {
    for (const f of certs) if (t[f]) fail(ctx, [f], `ISTIO_MUTUAL uses the mesh certificates; remove ${f}`);
    return;
  }
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    if (certs.some((f) => t[f])) warn(ctx, [], `${mode} does not terminate TLS, so its certificates are ignored`);
    return;
  }
  const filePair = t.serverCertificate !== undefined && t.privateKey !== undefined;
  if (t.credentialName && filePair) fail(ctx, ['credentialName'], 'set either credentialName or serverCertificate/privateKey, not both');
  if (t.credentialName) return; // SIMPLE/MUTUAL with credentialName: certificates come from the secret
  const label = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
  if (!t.serverCertificate) fail(ctx, ['serverCertificate'], `${label} needs credentialName, or serverCertificate and privateKey`);
  if (!t.privateKey) fail(ctx, ['privateKey'], `${label} needs credentialName, or serverCertificate and privateKey`);
  if (mode !== 'SIMPLE' && !t.caCertificates) fail(ctx, ['caCertificates'], `${label} needs caCertificates to verify clients (or a credentialName with a CA)`);
});

const port: z.ZodType<Port> = z.strictObject({ number: int, protocol: str, name: str.optional(), targetPort: int.optional() });

const server: z.ZodType<Server> = z.strictObject({
  port,
  bind: str.optional(),
  hosts: strList,
  tls: serverTls.optional(),
  name: str.optional(),
  defaultEndpoint: str.optional(),
}).superRefine((s, ctx) => {
  if (s.hosts.length === 0) fail(ctx, ['hosts'], 'a server needs at least one host, e.g. "*" or "bookinfo.example.com"');
  s.hosts.forEach((h, k) => { for (const p of checkNamespacedHost(h, true)) fail(ctx, ['hosts', k], p); });
  const unix = s.bind?.startsWith('unix://') === true;
  // A unix-socket bind takes port 0 (Istio validateServerPort).
  const badPort = s.port.number === 0 && unix ? undefined : checkPort(s.port.number);
  if (badPort) fail(ctx, ['port', 'number'], badPort);
  const badProto = checkProtocol(s.port.protocol);
  if (badProto) fail(ctx, ['port', 'protocol'], badProto);
  if (!s.port.name) fail(ctx, ['port', 'name'], 'the server port needs a name, e.g. "http"');
  if (s.port.targetPort !== undefined) fail(ctx, ['port', 'targetPort'], 'targetPort has no effect on Gateways; remove it');
  if (s.bind !== undefined && !unix && checkIPOrCidr(s.bind) !== undefined) fail(ctx, ['bind'], `bind "${s.bind}" is not an IP address`);
  if (badProto) return;
  const p = s.port.protocol;
  if (isTlsProtocol(p) && !s.tls) fail(ctx, ['tls'], `a ${p.toUpperCase()} server needs tls settings, e.g. tls: {mode: SIMPLE, credentialName: my-cert}`);
  if (!isTlsProtocol(p) && s.tls) {
    const t = s.tls;
    const plainRedirectOnly = (t.mode ?? 'PASSTHROUGH') === 'PASSTHROUGH' && !t.caCertificates && !t.privateKey && !t.serverCertificate && !t.credentialName;
    if (!isHttpProtocol(p)) fail(ctx, ['tls'], `a ${p.toUpperCase()} server cannot have tls settings; use protocol HTTPS or TLS`);
    else if (!plainRedirectOnly) fail(ctx, ['tls'], 'a plain-text HTTP server can only have tls.httpsRedirect; use protocol HTTPS to terminate TLS');
  }
  if (s.tls?.httpsRedirect && !isHttpProtocol(p)) warn(ctx, ['tls', 'httpsRedirect'], 'tls.httpsRedirect is only meaningful on HTTP servers');
});

export const gatewaySpec: z.ZodType<GatewaySpec> = z.strictObject({
  servers: z.array(server).optional(),
  selector: strMap.optional(),
}).superRefine((g, ctx) => {
  const servers = g.servers ?? [];
  if (servers.length === 0) fail(ctx, ['servers'], 'a Gateway needs at least one server');
  const names = new Map<string, number>();
  servers.forEach((s, k) => {
    const n = s.port.name;
    if (n === undefined || n === '') return;
    if (names.has(n)) fail(ctx, ['servers', k, 'port', 'name'], `port names must be unique across servers; "${n}" is also used by servers[${names.get(n) ?? 0}]`);
    else names.set(n, k);
  });
});
