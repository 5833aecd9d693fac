/**
 * Valid resources that use much of Istio's API must pass without a single diagnostic:
 * over-strict validation would break config that works in Istio.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/mesh/diagnostics.js';
import { validateText } from '../../src/mesh/validate/index.js';

const VALID: Array<[string, string]> = [
  ['a VirtualService using most http route features', `
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: reviews-route, namespace: shop}
spec:
  hosts: [reviews.shop.svc.cluster.local, "*.reviews.example.com"]
  gateways: [mesh, istio-system/public-gateway]
  exportTo: [".", istio-system]
  http:
  - name: v2-for-testers
    match:
    - uri: {regex: "^/reviews/[0-9]+(/.*)?$"}
      headers:
        x-tester: {}
        end-user: {exact: jason}
        user-agent: {regex: ".*(?i:mobile).*"}
      queryParams: {debug: {exact: "1"}, v: {regex: "[0-9]+"}}
      withoutHeaders: {x-skip: {}}
      method: {exact: GET}
      authority: {prefix: reviews}
      port: 9080
      sourceLabels: {app: productpage}
      gateways: [mesh]
      ignoreUriCase: true
    rewrite: {uri: /v2/reviews, authority: reviews-v2}
    route:
    - destination: {host: reviews.shop.svc.cluster.local, subset: v2, port: {number: 9080}}
      weight: 75
      headers: {request: {set: {x-version: v2}}, response: {remove: [x-internal]}}
    - destination: {host: reviews.shop.svc.cluster.local, subset: v3}
      weight: 25
    timeout: 10s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure,503", retryRemoteLocalities: true}
    fault:
      delay: {fixedDelay: 100ms, percentage: {value: 0.1}}
      abort: {httpStatus: 503, percentage: {value: 0.5}}
    mirror: {host: reviews-shadow.shop.svc.cluster.local}
    mirrorPercentage: {value: 12.5}
    corsPolicy:
      allowOrigins: [{exact: "https://example.com"}, {regex: "https://.*\\\\.example\\\\.com"}]
      allowMethods: [GET, POST]
      allowHeaders: [x-custom, content-type]
      exposeHeaders: [x-request-id]
      maxAge: 24h
      allowCredentials: true
    headers:
      request: {add: {x-forwarded-proto-version: "%PROTOCOL%"}, set: {x-percent: "100%%"}}
      response: {set: {cache-control: no-store}}
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, authority: www.example.com, redirectCode: 308, scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}
  - match: [{uri: {exact: /healthz}}]
    directResponse: {status: 200, body: {string: ok}}
  - match: [{uri: {prefix: /api}}]
    delegate: {name: api-routes, namespace: api}
  - match: [{uri: {regex: "^/svc/([^/]+)/(.*)$"}}]
    rewrite: {uriRegexRewrite: {match: "^/svc/([^/]+)/(.*)$", rewrite: "/\\\\2/\\\\1"}}
    route: [{destination: {host: backend}}]
  - route: [{destination: {host: reviews.shop.svc.cluster.local, subset: v1}}]
`],
  ['a delegate VirtualService', `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-routes, namespace: api}
spec:
  http:
  - match: [{uri: {prefix: /api/v1}}]
    route: [{destination: {host: api-v1}}]
`],
  ['tls and tcp routes', `
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: edge}
spec:
  hosts: ["*.example.com", mongo.internal.net]
  gateways: [edge-gateway]
  tls:
  - match: [{port: 443, sniHosts: [login.example.com, "*.shop.example.com"]}]
    route: [{destination: {host: login, port: {number: 8443}}}]
  tcp:
  - match: [{port: 27017, destinationSubnets: [10.0.0.0/8, "2001:db8::/32"], sourceNamespace: shop}]
    route: [{destination: {host: mongo, port: {number: 27017}}, weight: 100}]
`],
  ['a Gateway with every TLS mode it serves', `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge-gateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop/www.example.com, "./api.example.com", "*/*.example.org"]
    tls: {mode: SIMPLE, credentialName: example-cert, minProtocolVersion: TLSV1_2}
  - port: {number: 8443, name: https-mtls, protocol: HTTPS}
    hosts: [partner.example.com]
    tls: {mode: MUTUAL, serverCertificate: /etc/certs/server.pem, privateKey: /etc/certs/key.pem, caCertificates: /etc/certs/ca.pem, subjectAltNames: [partner]}
  - port: {number: 9443, name: tls-passthrough, protocol: TLS}
    hosts: ["*.internal.example.com"]
    tls: {mode: PASSTHROUGH}
  - port: {number: 15443, name: tls-mesh, protocol: TLS}
    hosts: ["*.local"]
    tls: {mode: AUTO_PASSTHROUGH}
  - port: {number: 31400, name: tcp, protocol: tcp}
    hosts: ["*"]
`],
  ['a DestinationRule using most traffic policy features', `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews.shop.svc.cluster.local
  exportTo: ["*"]
  trafficPolicy:
    loadBalancer:
      consistentHash: {httpCookie: {name: user, ttl: 0s}, ringHash: {minimumRingSize: 1024}}
      localityLbSetting:
        enabled: true
        distribute: [{from: us-west/zone1/*, to: {"us-west/zone1/*": 80, "us-west/zone2/*": 20}}]
    connectionPool:
      tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s}}
      http: {http2MaxRequests: 1000, maxRequestsPerConnection: 10, idleTimeout: 1h, h2UpgradePolicy: UPGRADE}
    outlierDetection: {consecutive5xxErrors: 7, consecutiveGatewayErrors: 3, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 50, minHealthPercent: 10}
    tls: {mode: SIMPLE, sni: reviews.example.com, caCertificates: /etc/ca.pem}
    portLevelSettings:
    - port: {number: 80}
      loadBalancer: {simple: LEAST_REQUEST}
    - port: {number: 443}
      tls: {mode: MUTUAL, credentialName: client-cert}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2, app.kubernetes.io/name: reviews}
    trafficPolicy: {loadBalancer: {consistentHash: {maglev: {tableSize: 65537}, httpHeaderName: x-user}}}
`],
  ['ServiceEntries for each resolution', `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: external-static}
spec:
  hosts: [db.example.com]
  addresses: [192.168.10.1]
  ports: [{number: 5432, name: tcp-postgres, protocol: TCP}]
  location: MESH_EXTERNAL
  resolution: STATIC
  endpoints: [{address: 192.168.10.1, ports: {tcp-postgres: 15432}, labels: {tier: db}, weight: 2}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: external-dns}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: HTTPS, targetPort: 8443}]
  resolution: DNS
  endpoints: [{address: api-1.example.net}, {address: 203.0.113.5}]
  exportTo: ["~"]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: internal-range}
spec:
  hosts: ["*.corp.example.com"]
  addresses: [10.10.0.0/16]
  ports: [{number: 8080, name: http, protocol: HTTP}]
  location: MESH_INTERNAL
  resolution: NONE
`],
  ['a Sidecar with ingress, egress and an outbound policy', `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ratings, namespace: shop}
spec:
  workloadSelector: {labels: {app: ratings}}
  ingress:
  - port: {number: 9080, protocol: HTTP, name: somename}
    defaultEndpoint: 127.0.0.1:8080
  egress:
  - port: {number: 9080, protocol: HTTP, name: egresshttp}
    hosts: [prod-us1/*]
  - hosts: ["./*", istio-system/*, "~/*", "*/api.example.com"]
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`],
  ['security policies', `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: finance, namespace: foo}
spec:
  selector: {matchLabels: {app: finance}}
  mtls: {mode: STRICT}
  portLevelMtls: {8080: {mode: DISABLE}, "9090": {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  jwtRules:
  - issuer: issuer-foo
    audiences: [bookstore]
    jwks: '{"keys": [{"kty": "RSA", "e": "AQAB", "n": "abc"}]}'
    fromHeaders: [{name: x-jwt-assertion, prefix: "Bearer "}]
    fromParams: [my_token]
    fromCookies: [session]
    outputPayloadToHeader: x-jwt-payload
    forwardOriginalToken: true
    outputClaimToHeaders: [{header: x-jwt-claim-group, claim: group}]
    timeout: 5s
  - issuer: issuer-bar
    jwksUri: https://bar.example.com/.well-known/jwks.json
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: httpbin, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  action: ALLOW
  rules:
  - from:
    - source: {principals: ["cluster.local/ns/default/sa/curl", "*/sa/admin"]}
    - source: {namespaces: [dev], ipBlocks: [10.0.0.0/16, "2001:db8::1"], notRemoteIpBlocks: [192.0.2.0/24]}
    to:
    - operation: {methods: [GET], paths: ["/info*", "*/metrics", "/api/{*}/items/{**}"], hosts: ["*.example.com"], ports: ["8080"]}
    when:
    - key: request.auth.claims[iss]
      values: ["https://accounts.google.com"]
    - key: request.headers[x-api-key]
      notValues: [forbidden]
    - key: source.ip
      values: [10.1.2.3]
    - key: destination.port
      values: ["8080"]
    - key: connection.sni
      values: ["*.example.com"]
    - key: experimental.envoy.filters.network.mysql_proxy[db.table]
      values: ["[update]"]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext-authz, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  action: CUSTOM
  provider: {name: my-ext-authz}
  rules: [{to: [{operation: {paths: [/admin/*]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-tcp, namespace: foo}
spec:
  action: DENY
  rules: [{from: [{source: {notNamespaces: [foo]}}], to: [{operation: {ports: ["3306"]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: by-service, namespace: foo}
spec:
  targetRefs: [{kind: Service, group: "", name: httpbin}]
  rules: [{}]
`],
];

describe('validation of valid resources', () => {
  it.each(VALID)('accepts %s without diagnostics', (_name, yaml) => {
    const result = validateText(yaml, 'valid.yaml');
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(result.resources.length).toBeGreaterThan(0);
  });
});
