/**
 * Invalid resources of our own: each gets exactly one error, at the exact Kubernetes field
 * path, with a message that says what is wrong. Deprecated fields warn and never block.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/mesh/diagnostics.js';
import { validateText } from '../../src/mesh/validate/index.js';

const NET = 'networking.istio.io/v1';
const SEC = 'security.istio.io/v1';

/** A resource document; `spec` is YAML indented by two spaces under `spec:`. */
function doc(kind: string, spec: string, opts: { apiVersion?: string; name?: string; meta?: string } = {}): string {
  const apiVersion = opts.apiVersion ?? (['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy'].includes(kind) ? SEC : NET);
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${opts.name ?? 'test'}\n${opts.meta ?? ''}spec:\n${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
}

/** A VirtualService for reviews whose first http route is `route` (YAML under `- `). */
function vsRoute(route: string): string {
  const body = route.replace(/^\n/, '').split('\n').map((l, k) => (k === 0 ? `- ${l}` : `  ${l}`)).join('\n');
  return doc('VirtualService', `hosts: [reviews]\nhttp:\n${body}`);
}

const ROUTE = 'route: [{destination: {host: reviews}}]';

const CASES: Array<[string, string, string, string]> = [
  // ----- VirtualService -----
  ['a lookahead in a uri regex', vsRoute(`match: [{uri: {regex: "^/api(?=/v1)"}}]\n${ROUTE}`),
    'spec.http[0].match[0].uri.regex', 'lookahead (?=...) is not supported by RE2'],
  ['a backreference in a header regex', vsRoute(`match: [{headers: {x-id: {regex: "(a)\\\\1"}}}]\n${ROUTE}`),
    'spec.http[0].match[0].headers.x-id.regex', 'backreference \\1 is not supported by RE2'],
  ['both exact and prefix in one StringMatch', vsRoute(`match: [{uri: {exact: /a, prefix: /b}}]\n${ROUTE}`),
    'spec.http[0].match[0].uri', 'set only one of exact, prefix or regex; found exact and prefix'],
  ['a route that has both redirect and route', vsRoute(`redirect: {uri: /new}\n${ROUTE}`),
    'spec.http[0].redirect', 'only one of route, redirect, directResponse or delegate; found route and redirect'],
  ['a negative weight', vsRoute('route: [{destination: {host: reviews}, weight: -10}]'),
    'spec.http[0].route[0].weight', 'must not be negative'],
  ['a fractional weight', vsRoute('route: [{destination: {host: reviews}, weight: 12.5}]'),
    'spec.http[0].route[0].weight', 'expected a whole number, got the fraction 12.5'],
  ['a destination without host', vsRoute('route: [{destination: {subset: v1}}]'),
    'spec.http[0].route[0].destination.host', '"host" is required'],
  ['a timeout that is not a duration', vsRoute(`timeout: 3 seconds\n${ROUTE}`),
    'spec.http[0].timeout', '"3 seconds" is not a duration; write a Go duration such as 1s'],
  ['a timeout below a millisecond', vsRoute(`timeout: 500us\n${ROUTE}`),
    'spec.http[0].timeout', 'must be at least 1ms'],
  ['a destination port out of range', vsRoute('route: [{destination: {host: reviews, port: {number: 70000}}}]'),
    'spec.http[0].route[0].destination.port.number', 'port number 70000 must be in the range 1..65535'],
  ['a misspelt field', vsRoute(`mirrorPercentag: {value: 5}\n${ROUTE}`),
    'spec.http[0].mirrorPercentag', 'unknown field "mirrorPercentag"; did you mean "mirrorPercentage"?'],
  ['a redirect code Envoy cannot send', vsRoute('redirect: {uri: /new, redirectCode: 305}'),
    'spec.http[0].redirect.redirectCode', '305 is not a redirect code Envoy supports; use one of 301, 302, 303, 307, 308'],
  ['a redirect with both port and derivePort', vsRoute('redirect: {port: 8443, derivePort: FROM_REQUEST_PORT}'),
    'spec.http[0].redirect.derivePort', 'set either port or derivePort, not both'],
  ['a rewrite with both uri and uriRegexRewrite', vsRoute(`rewrite: {uri: /a, uriRegexRewrite: {match: "^/b", rewrite: /c}}\n${ROUTE}`),
    'spec.http[0].rewrite', 'set either rewrite.uri or rewrite.uriRegexRewrite, not both'],
  ['a lookbehind in uriRegexRewrite.match', vsRoute(`rewrite: {uriRegexRewrite: {match: "(?<=/api)/v1", rewrite: /v2}}\n${ROUTE}`),
    'spec.http[0].rewrite.uriRegexRewrite.match', 'lookbehind (?<=...) is not supported by RE2'],
  ['a rewrite that refers to a missing group', vsRoute(`rewrite: {uriRegexRewrite: {match: "^/(a)", rewrite: "/\\\\2"}}\n${ROUTE}`),
    'spec.http[0].rewrite.uriRegexRewrite.rewrite', '\\2 refers to capture group 2, but the regex has 1'],
  ['a direct response status out of range', vsRoute('directResponse: {status: 700}'),
    'spec.http[0].directResponse.status', 'HTTP status 700 is not in the range 200..599'],
  ['a direct response with two bodies', vsRoute('directResponse: {status: 200, body: {string: hi, bytes: aGk=}}'),
    'spec.http[0].directResponse.body', 'set either body.string or body.bytes, not both'],
  ['a fault percentage above 100', vsRoute(`fault: {abort: {httpStatus: 500, percentage: {value: 150}}}\n${ROUTE}`),
    'spec.http[0].fault.abort.percentage.value', 'percentage 150 is neither 0 nor in the range 0.0001..100'],
  ['negative retry attempts', vsRoute(`retries: {attempts: -1}\n${ROUTE}`),
    'spec.http[0].retries.attempts', 'attempts cannot be negative'],
  ['an http route with nothing to do', vsRoute('match: [{uri: {prefix: /}}]'),
    'spec.http[0]', 'needs one of route, redirect, directResponse or delegate'],
  ['route weights that add up to zero', vsRoute('route: [{destination: {host: reviews, subset: v1}, weight: 0}, {destination: {host: reviews, subset: v2}, weight: 0}]'),
    'spec.http[0].route', 'the route weights add up to 0'],
  ['both mirror and mirrors', vsRoute(`mirror: {host: a}\nmirrors: [{destination: {host: b}}]\n${ROUTE}`),
    'spec.http[0].mirrors', 'set either mirror or mirrors, not both'],
  ['a delegate VirtualService that lists gateways', doc('VirtualService', `gateways: [gw]\nhttp: [{${ROUTE}}]`),
    'spec.gateways', 'a VirtualService without hosts is a delegate'],
  ['a wildcard in the middle of a host', doc('VirtualService', `hosts: ["foo.*.com"]\nhttp: [{${ROUTE}}]`),
    'spec.hosts[0]', 'domain name "foo.*.com" is invalid: label "*" is not an RFC 1123 label'],
  ['a namespace prefix on a VirtualService host', doc('VirtualService', `hosts: [default/reviews]\nhttp: [{${ROUTE}}]`),
    'spec.hosts[0]', 'VirtualService hosts take no namespace prefix; write "reviews"'],
  ['an invalid gateway reference', doc('VirtualService', `hosts: [a.example.com]\ngateways: [my_gateway]\nhttp: [{${ROUTE}}]`),
    'spec.gateways[0]', 'gateway "my_gateway" is invalid'],
  ['host "*" on a VirtualService for the mesh', doc('VirtualService', `hosts: ["*"]\nhttp: [{${ROUTE}}]`),
    'spec.hosts[0]', 'host "*" is not allowed when the VirtualService applies to the mesh'],
  ['JWT claim routing without a gateway', vsRoute(`match: [{headers: {"@request.auth.claims.groups": {exact: g1}}}]\n${ROUTE}`),
    'spec.http[0].match[0].headers["@request.auth.claims.groups"]', 'JWT claim based routing is only supported on gateways'],
  ['an SNI host outside the VirtualService hosts', doc('VirtualService', 'hosts: [a.example.com]\ntls: [{match: [{sniHosts: [b.example.com]}], route: [{destination: {host: a.example.com}}]}]'),
    'spec.tls[0].match[0].sniHosts[0]', 'SNI host "b.example.com" is not within any of the VirtualService hosts'],
  ['a tcp route without destinations', doc('VirtualService', 'hosts: [db]\ntcp: [{match: [{port: 27017}]}]'),
    'spec.tcp[0].route', 'a tcp route needs at least one route destination'],
  ['a host given as a number', doc('VirtualService', `hosts: [42]\nhttp: [{${ROUTE}}]`),
    'spec.hosts[0]', 'expected a string, got the number 42'],
  // ----- Gateway -----
  ['a short-name gateway host', doc('Gateway', 'servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [httpbin]}]'),
    'spec.servers[0].hosts[0]', 'short names are not allowed here'],
  ['an invalid namespace in a gateway host', doc('Gateway', 'servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [bad_ns/a.example.com]}]'),
    'spec.servers[0].hosts[0]', 'invalid namespace "bad_ns"'],
  ['an unknown server protocol', doc('Gateway', 'servers: [{port: {number: 21, name: ftp, protocol: FTP}, hosts: ["*"]}]'),
    'spec.servers[0].port.protocol', 'unsupported protocol "FTP"'],
  ['an HTTPS server without tls', doc('Gateway', 'servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"]}]'),
    'spec.servers[0].tls', 'a HTTPS server needs tls settings'],
  ['SIMPLE TLS without a certificate', doc('Gateway', 'servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, privateKey: /k.pem}}]'),
    'spec.servers[0].tls.serverCertificate', 'SIMPLE TLS needs credentialName, or serverCertificate and privateKey'],
  ['a bad gateway port number', doc('Gateway', 'servers: [{port: {number: 0, name: http, protocol: HTTP}, hosts: ["*"]}]'),
    'spec.servers[0].port.number', 'port number 0 must be in the range 1..65535'],
  ['a Gateway without servers', doc('Gateway', 'selector: {istio: ingressgateway}'),
    'spec.servers', 'a Gateway needs at least one server'],
  ['a Gateway name with a dot', doc('Gateway', 'servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]', { name: 'my.gateway' }),
    'metadata.name', 'Gateway name "my.gateway" must be an RFC 1123 label'],
  // ----- DestinationRule -----
  ['a subset name that is not a label', doc('DestinationRule', 'host: reviews\nsubsets: [{name: v1_beta, labels: {version: v1}}]'),
    'spec.subsets[0].name', 'subset name "v1_beta" is invalid'],
  ['duplicate subsets', doc('DestinationRule', 'host: reviews\nsubsets: [{name: v1, labels: {version: v1}}, {name: v1, labels: {version: v2}}]'),
    'spec.subsets[1].name', 'duplicate subset name "v1" (also subsets[0])'],
  ['a load balancer with both simple and consistentHash', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}}'),
    'spec.trafficPolicy.loadBalancer', 'set either simple or consistentHash, not both'],
  ['a consistent hash with two keys', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {loadBalancer: {consistentHash: {useSourceIp: true, httpHeaderName: x-user}}}'),
    'spec.trafficPolicy.loadBalancer.consistentHash', 'consistentHash takes exactly one hash key; found httpHeaderName and useSourceIp'],
  ['an unknown load balancing algorithm', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {loadBalancer: {simple: FASTEST}}'),
    'spec.trafficPolicy.loadBalancer.simple', 'a string ("FASTEST") is not allowed; use one of: UNSPECIFIED, LEAST_CONN'],
  ['maxEjectionPercent above 100', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {outlierDetection: {maxEjectionPercent: 150}}'),
    'spec.trafficPolicy.outlierDetection.maxEjectionPercent', 'percentage 150 is not in the range 0..100'],
  ['a baseEjectionTime without a unit', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {outlierDetection: {baseEjectionTime: "30"}}'),
    'spec.trafficPolicy.outlierDetection.baseEjectionTime', '"30" is not a duration'],
  ['an empty traffic policy', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {}'),
    'spec.trafficPolicy', 'a traffic policy needs at least one setting'],
  ['MUTUAL client TLS without a key', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {tls: {mode: MUTUAL, clientCertificate: /c.pem}}'),
    'spec.trafficPolicy.tls.privateKey', 'MUTUAL TLS needs privateKey'],
  // ----- ServiceEntry -----
  ['a ServiceEntry without hosts', doc('ServiceEntry', 'hosts: []\nports: [{number: 80, name: http, protocol: HTTP}]\nresolution: DNS'),
    'spec.hosts', 'a ServiceEntry needs at least one host'],
  ['resolution NONE with endpoints', doc('ServiceEntry', 'hosts: [a.example.com]\nports: [{number: 80, name: http, protocol: HTTP}]\nendpoints: [{address: 10.0.0.1}]'),
    'spec.endpoints', 'resolution NONE takes no endpoints'],
  ['a STATIC endpoint with a host name', doc('ServiceEntry', 'hosts: [a.example.com]\nports: [{number: 80, name: http, protocol: HTTP}]\nresolution: STATIC\nendpoints: [{address: db.example.com}]'),
    'spec.endpoints[0].address', 'endpoint address "db.example.com" must be an IP address for resolution STATIC'],
  ['a wildcard host with DNS resolution and no endpoints', doc('ServiceEntry', 'hosts: ["*.example.com"]\nports: [{number: 443, name: https, protocol: HTTPS}]\nresolution: DNS'),
    'spec.hosts[0]', 'hosts must be fully qualified names (no wildcards)'],
  ['two ports with the same number', doc('ServiceEntry', 'hosts: [a.example.com]\nports: [{number: 80, name: http, protocol: HTTP}, {number: 80, name: http2, protocol: HTTP2}]\nresolution: DNS'),
    'spec.ports[1].number', 'port 80 is already defined by ports[0]'],
  // ----- Sidecar -----
  ['a Sidecar egress host without a namespace', doc('Sidecar', 'egress: [{hosts: [reviews.default.svc.cluster.local]}]'),
    'spec.egress[0].hosts[0]', 'must be of the form namespace/dnsName'],
  ['an empty Sidecar', doc('Sidecar', '{}'),
    'spec', 'a Sidecar needs ingress, egress or outboundTrafficPolicy'],
  // ----- security -----
  ['an unknown mTLS mode', doc('PeerAuthentication', 'mtls: {mode: ON}'),
    'spec.mtls.mode', 'a string ("ON") is not allowed; use one of: UNSET, DISABLE, PERMISSIVE, STRICT'],
  ['port-level mTLS without a selector', doc('PeerAuthentication', 'mtls: {mode: STRICT}\nportLevelMtls: {8080: {mode: DISABLE}}'),
    'spec.portLevelMtls', 'portLevelMtls needs a selector with matchLabels'],
  ['a JWT rule without issuer or jwksUri', doc('RequestAuthentication', 'jwtRules: [{audiences: [app]}]'),
    'spec.jwtRules[0].issuer', 'a JWT rule needs an issuer'],
  ['a JWT rule with both jwks and jwksUri', doc('RequestAuthentication', `jwtRules: [{issuer: me, jwksUri: "https://a.example.com/jwks", jwks: '{"keys": []}'}]`),
    'spec.jwtRules[0].jwks', 'set either jwks or jwksUri, not both'],
  ['an unknown authorization action', doc('AuthorizationPolicy', 'action: PERMIT\nrules: [{}]'),
    'spec.action', 'a string ("PERMIT") is not allowed; use one of: ALLOW, DENY, AUDIT, CUSTOM'],
  ['a CUSTOM policy without a provider', doc('AuthorizationPolicy', 'action: CUSTOM\nrules: [{to: [{operation: {paths: [/admin]}}]}]'),
    'spec.provider.name', 'a CUSTOM policy needs provider.name'],
  ['an unknown condition key', doc('AuthorizationPolicy', 'rules: [{when: [{key: request.foo, values: [x]}]}]'),
    'spec.rules[0].when[0].key', 'unknown condition key "request.foo"'],
  ['a header condition without brackets', doc('AuthorizationPolicy', 'rules: [{when: [{key: request.headers, values: [x]}]}]'),
    'spec.rules[0].when[0].key', 'write it as request.headers[name]'],
  ['a bad ipBlock', doc('AuthorizationPolicy', 'rules: [{from: [{source: {ipBlocks: [10.0.0.300]}}]}]'),
    'spec.rules[0].from[0].source.ipBlocks[0]', '"10.0.0.300" is not a valid IP address'],
  ['a named port in an operation', doc('AuthorizationPolicy', 'rules: [{to: [{operation: {ports: [http]}}]}]'),
    'spec.rules[0].to[0].operation.ports[0]', '"http" is not a port number'],
  ['a DENY policy without rules', doc('AuthorizationPolicy', 'action: DENY'),
    'spec.rules', 'a DENY policy without rules never triggers'],
  // ----- the envelope -----
  ['an apiVersion Istio does not serve', doc('VirtualService', `hosts: [reviews]\nhttp: [{${ROUTE}}]`, { apiVersion: 'networking.istio.io/v2' }),
    'apiVersion', 'apiVersion networking.istio.io/v2 is not served for VirtualService; use one of networking.istio.io/v1alpha3, networking.istio.io/v1beta1, networking.istio.io/v1'],
  ['a kind under the wrong group', doc('AuthorizationPolicy', '{}', { apiVersion: 'networking.istio.io/v1' }),
    'apiVersion', 'AuthorizationPolicy belongs to security.istio.io, not networking.istio.io'],
  ['an unknown kind', doc('Virtualservice', `hosts: [reviews]`),
    'kind', 'unknown kind "Virtualservice" (apiVersion networking.istio.io/v1); did you mean "VirtualService"?'],
  ['a kind isthmus does not serve yet', doc('EnvoyFilter', 'configPatches: []', { apiVersion: 'networking.istio.io/v1alpha3' }),
    'kind', 'kind EnvoyFilter is not supported yet: EnvoyFilter patches Envoy xDS'],
  ['a document without kind', 'apiVersion: networking.istio.io/v1\nmetadata: {name: a}\nspec: {}\n',
    'kind', 'kind is required'],
  ['a name that is not a Kubernetes name', doc('AuthorizationPolicy', '{}', { name: 'Reviews_V1' }),
    'metadata.name', 'name "Reviews_V1" is not a valid Kubernetes name'],
  ['a missing name', 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {namespace: foo}\nspec: {}\n',
    'metadata.name', '"name" is required'],
  ['an invalid namespace', doc('AuthorizationPolicy', '{}', { meta: '  namespace: Foo\n' }),
    'metadata.namespace', 'namespace "Foo" is not a valid namespace name'],
  ['an unknown top-level field', 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspecs: {}\n',
    'specs', 'unknown field "specs"; did you mean "spec"?'],
];

describe('validation of invalid resources', () => {
  it('has at least forty cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('rejects %s', (_name, yaml, path, fragment) => {
    const errors = validateText(yaml, 'case.yaml').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(formatDiagnostic)).toHaveLength(1);
    expect(errors[0]?.path).toBe(path);
    expect(errors[0]?.message).toContain(fragment);
  });

  it('reports all three problems of a resource with three problems, not just the first', () => {
    const yaml = vsRoute('match: [{uri: {regex: "^/a(?=b)"}}]\nroute: [{destination: {host: reviews}, weight: -1}]\ntimeout: soon');
    const result = validateText(yaml, 'three.yaml');
    expect(result.resources).toEqual([]);
    expect(result.diagnostics.map((d) => [d.severity, d.path])).toEqual([
      ['error', 'spec.http[0].match[0].uri.regex'],
      ['error', 'spec.http[0].route[0].weight'],
      ['error', 'spec.http[0].timeout'],
    ]);
  });

  it('reports problems in every document of a stream', () => {
    const yaml = [doc('Gateway', 'selector: {}'), doc('DestinationRule', 'host: reviews\nsubsets: [{name: V_1}]')].join('---\n');
    const result = validateText(yaml, 'two.yaml');
    expect(result.diagnostics.map((d) => `${d.resource} ${d.path} ${d.source ?? ''}`)).toEqual([
      'Gateway default/test spec.servers two.yaml#1',
      'DestinationRule default/test spec.subsets[0].name two.yaml#2',
    ]);
  });

  it('names the resource and its namespace in every diagnostic', () => {
    const [d] = validateText(doc('VirtualService', 'hosts: []', { name: 'reviews', meta: '  namespace: shop\n' }), 'x.yaml').diagnostics;
    expect(d?.resource).toBe('VirtualService shop/reviews');
  });
});

describe('deprecated fields', () => {
  const WARNINGS: Array<[string, string, string, string]> = [
    ['mirrorPercent', vsRoute(`mirror: {host: reviews, subset: v2}\nmirrorPercent: 50\n${ROUTE}`), 'spec.http[0].mirrorPercent', 'use mirrorPercentage'],
    ['fault.delay.percent', vsRoute(`fault: {delay: {fixedDelay: 2s, percent: 100}}\n${ROUTE}`), 'spec.http[0].fault.delay.percent', 'use percentage'],
    ['corsPolicy.allowOrigin', vsRoute(`corsPolicy: {allowOrigin: ["https://a.example.com"]}\n${ROUTE}`), 'spec.http[0].corsPolicy.allowOrigin', 'use allowOrigins'],
    ['outlierDetection.consecutiveErrors', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {outlierDetection: {consecutiveErrors: 5}}'), 'spec.trafficPolicy.outlierDetection.consecutiveErrors', 'use consecutive5xxErrors'],
    ['loadBalancer.simple LEAST_CONN', doc('DestinationRule', 'host: reviews\ntrafficPolicy: {loadBalancer: {simple: LEAST_CONN}}'), 'spec.trafficPolicy.loadBalancer.simple', 'use LEAST_REQUEST'],
  ];

  it.each(WARNINGS)('warns about %s without blocking the resource', (_name, yaml, path, fragment) => {
    const result = validateText(yaml, 'old.yaml');
    expect(result.diagnostics.map((d) => [d.severity, d.path])).toEqual([['warning', path]]);
    expect(result.diagnostics[0]?.message).toContain('deprecated');
    expect(result.diagnostics[0]?.message).toContain(fragment);
    expect(result.resources).toHaveLength(1);
  });

  it.each([
    ['an uppercase header name in a match', vsRoute(`match: [{headers: {End-User: {exact: jason}}}]\n${ROUTE}`), 'spec.http[0].match[0].headers.End-User', 'matched as "end-user"'],
    ['a prefix match on a query parameter', vsRoute(`match: [{queryParams: {q: {prefix: a}}}]\n${ROUTE}`), 'spec.http[0].match[0].queryParams.q.prefix', 'isthmus matches it as a prefix'],
  ])('accepts %s, as Istio does, with a warning', (_name, yaml, path, fragment) => {
    const result = validateText(yaml, 'lenient.yaml');
    expect(result.diagnostics.map((d) => [d.severity, d.path])).toEqual([['warning', path]]);
    expect(result.diagnostics[0]?.message).toContain(fragment);
    expect(result.resources).toHaveLength(1);
  });

  it('accepts mirror, which is not deprecated', () => {
    const result = validateText(vsRoute(`mirror: {host: reviews, subset: v2}\n${ROUTE}`), 'mirror.yaml');
    expect(result.diagnostics).toEqual([]);
  });
});

describe('regexes that RE2 accepts but a backtracking engine may not', () => {
  it('warns about nested repeats without blocking the resource', () => {
    const result = validateText(vsRoute(`match: [{uri: {regex: "^/(a+)+$"}}]\n${ROUTE}`), 'slow.yaml');
    expect(result.diagnostics.map((d) => [d.severity, d.path])).toEqual([['warning', 'spec.http[0].match[0].uri.regex']]);
    expect(result.diagnostics[0]?.message).toContain('exponential time');
    expect(result.resources).toHaveLength(1);
  });
});
