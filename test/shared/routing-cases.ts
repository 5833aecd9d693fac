/**
 * Routing behaviour every proxy runtime must show, as data: each case is Istio YAML,
 * then requests and what must come back. The same cases run in Node (test/unit) and
 * inside workerd (test/workers/gateway), like Hono's shared router suite.
 */
export interface CaseRequest {
  method?: string;
  /** Path and query on the gateway, `/productpage?x=1`. */
  path: string;
  host?: string;
  headers?: Record<string, string>;
  scheme?: 'http' | 'https';
}

export interface Expectation {
  status: number;
  /** The endpoint (registry pod name) the request reached. */
  upstream?: string;
  /** Path + query the upstream saw. */
  upstreamPath?: string;
  /** Headers the upstream saw (lowercase names); null means absent. */
  upstreamHeaders?: Record<string, string | null>;
  /** Headers on the response the client got; null means absent. */
  headers?: Record<string, string | null>;
  body?: string;
}

export interface RoutingCase {
  name: string;
  config: string;
  requests: Array<{ req: CaseRequest; expect: Expectation }>;
}

const gateway = (hosts = '["*"]', port = 8080, extra = ''): string => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: ${port}, name: http, protocol: HTTP }
    hosts: ${hosts}${extra}
---`;

const subsets = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: default }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
  - { name: v3, labels: { version: v3 } }
  - { name: v9, labels: { version: v9 } }
---`;

const vs = (http: string, hosts = '["*"]', name = 'vs'): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: default }
spec:
  hosts: ${hosts}
  gateways: [gw]
  http:
${http}
---`;

export const ROUTING_CASES: RoutingCase[] = [
  {
    name: 'exact and prefix uri matches route Bookinfo paths and everything else gets 404',
    config: gateway() + vs(`
  - match:
    - uri: { exact: /productpage }
    - uri: { prefix: /static }
    - uri: { exact: /login }
    - uri: { prefix: /api/v1/products }
    route:
    - destination: { host: productpage, port: { number: 9080 } }`),
    requests: [
      { req: { path: '/productpage' }, expect: { status: 200, upstream: 'productpage-v1', upstreamPath: '/productpage' } },
      { req: { path: '/productpage?u=normal' }, expect: { status: 200, upstreamPath: '/productpage?u=normal' } },
      { req: { path: '/productpage/extra' }, expect: { status: 404 } },
      { req: { path: '/static/css/site.css' }, expect: { status: 200, upstream: 'productpage-v1' } },
      // uri.prefix is a plain string prefix, not a path-segment prefix (Istio StringMatch).
      { req: { path: '/staticfoo' }, expect: { status: 200, upstream: 'productpage-v1' } },
      { req: { path: '/login', method: 'POST' }, expect: { status: 200 } },
      { req: { path: '/api/v1/products/0/reviews' }, expect: { status: 200 } },
      { req: { path: '/' }, expect: { status: 404 } },
      { req: { path: '/headers' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'gateway hosts match case-insensitively and ignore the Host header port',
    config: gateway('["httpbin.example.com"]') + vs(`
  - route:
    - destination: { host: httpbin }`, '["httpbin.example.com"]'),
    requests: [
      { req: { path: '/status/200', host: 'httpbin.example.com' }, expect: { status: 200, upstream: 'httpbin-v1' } },
      { req: { path: '/status/200', host: 'HTTPBIN.Example.COM:8080' }, expect: { status: 200 } },
      { req: { path: '/status/200', host: 'other.example.com' }, expect: { status: 404 } },
      { req: { path: '/status/200', host: '127.0.0.1:8080' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'a wildcard host matches any subdomain but not the bare domain',
    config: gateway('["*.example.com"]') + vs(`
  - route:
    - destination: { host: httpbin }`, '["*.example.com"]'),
    requests: [
      { req: { path: '/', host: 'a.example.com' }, expect: { status: 200 } },
      { req: { path: '/', host: 'a.b.example.com' }, expect: { status: 200 } },
      { req: { path: '/', host: 'example.com' }, expect: { status: 404 } },
      { req: { path: '/', host: 'a.example.org' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'the most specific virtual host wins over a wildcard and the catch-all',
    config: gateway('["*"]') + vs(`
  - directResponse: { status: 200, body: { string: exact } }`, '["api.example.com"]', 'exact') + vs(`
  - directResponse: { status: 200, body: { string: wildcard } }`, '["*.example.com"]', 'wild') + vs(`
  - directResponse: { status: 200, body: { string: any } }`, '["*"]', 'any'),
    requests: [
      { req: { path: '/', host: 'api.example.com' }, expect: { status: 200, body: 'exact' } },
      { req: { path: '/', host: 'www.example.com' }, expect: { status: 200, body: 'wildcard' } },
      { req: { path: '/', host: 'elsewhere.test' }, expect: { status: 200, body: 'any' } },
    ],
  },
  {
    name: 'header matches support exact, prefix, regex, presence and withoutHeaders',
    config: gateway() + subsets + vs(`
  - match:
    - headers: { end-user: { exact: jason } }
    route:
    - destination: { host: reviews, subset: v2 }
  - match:
    - headers: { x-canary: { prefix: "yes" } }
    route:
    - destination: { host: reviews, subset: v3 }
  - match:
    - headers: { x-version: { regex: "v[0-9]+" } }
      withoutHeaders: { x-skip: {} }
    route:
    - destination: { host: reviews, subset: v3 }
  - match:
    - headers: { x-present: {} }
    directResponse: { status: 299 }
  - route:
    - destination: { host: reviews, subset: v1 }`),
    requests: [
      { req: { path: '/reviews/0', headers: { 'end-user': 'jason' } }, expect: { status: 200, upstream: 'reviews-v2' } },
      { req: { path: '/reviews/0', headers: { 'end-user': 'Jason' } }, expect: { status: 200, upstream: 'reviews-v1' } },
      { req: { path: '/reviews/0', headers: { 'x-canary': 'yes-please' } }, expect: { status: 200, upstream: 'reviews-v3' } },
      { req: { path: '/reviews/0', headers: { 'x-version': 'v12' } }, expect: { status: 200, upstream: 'reviews-v3' } },
      // Regex matches are full matches (Envoy safe_regex), not searches.
      { req: { path: '/reviews/0', headers: { 'x-version': 'v12-beta' } }, expect: { status: 200, upstream: 'reviews-v1' } },
      { req: { path: '/reviews/0', headers: { 'x-version': 'v12', 'x-skip': '1' } }, expect: { status: 200, upstream: 'reviews-v1' } },
      { req: { path: '/reviews/0', headers: { 'x-present': '' } }, expect: { status: 299 } },
      { req: { path: '/reviews/0' }, expect: { status: 200, upstream: 'reviews-v1' } },
    ],
  },
  {
    name: 'query parameters, methods and authority are matched, and match blocks are ORed while fields are ANDed',
    config: gateway() + vs(`
  - match:
    - queryParams: { debug: { exact: "1" } }
      method: { exact: GET }
    - authority: { prefix: "admin." }
    directResponse: { status: 201, body: { string: matched } }
  - match:
    - queryParams: { id: { regex: "[0-9]+" } }
    directResponse: { status: 202 }
  - directResponse: { status: 204 }`),
    requests: [
      { req: { path: '/x?debug=1' }, expect: { status: 201, body: 'matched' } },
      { req: { path: '/x?debug=1', method: 'POST' }, expect: { status: 204 } },
      { req: { path: '/x', host: 'admin.example.com' }, expect: { status: 201 } },
      { req: { path: '/x?id=42' }, expect: { status: 202 } },
      { req: { path: '/x?id=42a' }, expect: { status: 204 } },
    ],
  },
  {
    name: 'uri regex is a full match and ignoreUriCase folds case for uri matches',
    config: gateway() + vs(`
  - match:
    - uri: { regex: "/status/[0-9]{3}" }
    directResponse: { status: 200, body: { string: regex } }
  - match:
    - uri: { exact: /Hello }
      ignoreUriCase: true
    - uri: { prefix: /CaseLess/ }
      ignoreUriCase: true
    directResponse: { status: 200, body: { string: nocase } }`),
    requests: [
      { req: { path: '/status/418' }, expect: { status: 200, body: 'regex' } },
      { req: { path: '/status/4180' }, expect: { status: 404 } },
      { req: { path: '/x/status/418' }, expect: { status: 404 } },
      { req: { path: '/hello' }, expect: { status: 200, body: 'nocase' } },
      { req: { path: '/HELLO' }, expect: { status: 200, body: 'nocase' } },
      { req: { path: '/caseless/page' }, expect: { status: 200, body: 'nocase' } },
      { req: { path: '/hello/there' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'the first matching route wins even when a later one is more specific',
    config: gateway() + vs(`
  - match:
    - uri: { prefix: /api }
    directResponse: { status: 200, body: { string: first } }
  - match:
    - uri: { exact: /api/v1 }
    directResponse: { status: 200, body: { string: second } }`),
    requests: [
      { req: { path: '/api/v1' }, expect: { status: 200, body: 'first' } },
    ],
  },
  {
    name: 'redirects default to 301 and rewrite uri, authority, scheme and port',
    config: gateway() + vs(`
  - match: [{ uri: { exact: /old } }]
    redirect: { uri: /new }
  - match: [{ uri: { exact: /moved } }]
    redirect: { uri: "/new?from=moved", authority: new.example.com, redirectCode: 302 }
  - match: [{ uri: { exact: /secure } }]
    redirect: { scheme: https }
  - match: [{ uri: { exact: /port } }]
    redirect: { port: 9443 }
  - match: [{ uri: { exact: /derive } }]
    redirect: { authority: other.example.com, derivePort: FROM_REQUEST_PORT }
  - match: [{ uri: { exact: /default-port } }]
    redirect: { port: 80 }`),
    requests: [
      { req: { path: '/old?q=1', host: 'www.example.com' }, expect: { status: 301, headers: { location: 'http://www.example.com/new?q=1' } } },
      { req: { path: '/moved?q=1', host: 'www.example.com' }, expect: { status: 302, headers: { location: 'http://new.example.com/new?from=moved' } } },
      // A scheme change keeps a non-default port and drops the old scheme's default (Envoy).
      { req: { path: '/secure', host: 'www.example.com:8080' }, expect: { status: 301, headers: { location: 'https://www.example.com:8080/secure' } } },
      { req: { path: '/secure', host: 'www.example.com:80' }, expect: { status: 301, headers: { location: 'https://www.example.com/secure' } } },
      { req: { path: '/port', host: 'www.example.com:8080' }, expect: { status: 301, headers: { location: 'http://www.example.com:9443/port' } } },
      { req: { path: '/derive', host: 'www.example.com:8080' }, expect: { status: 301, headers: { location: 'http://other.example.com:8080/derive' } } },
      // No port is written when it is the scheme's default.
      { req: { path: '/default-port', host: 'www.example.com:8080' }, expect: { status: 301, headers: { location: 'http://www.example.com/default-port' } } },
    ],
  },
  {
    name: 'rewrites replace the matched prefix, the whole path, or regex matches, and the authority',
    config: gateway() + vs(`
  - match: [{ uri: { prefix: /api/ } }]
    rewrite: { uri: /, authority: backend.internal }
    route: [{ destination: { host: httpbin } }]
  - match: [{ uri: { exact: /exact } }]
    rewrite: { uri: /replaced }
    route: [{ destination: { host: httpbin } }]
  - match: [{ uri: { prefix: /v1/ } }]
    rewrite: { uriRegexRewrite: { match: "^/v1/([^/]+)/(.*)$", rewrite: "/\\\\2/\\\\1" } }
    route: [{ destination: { host: httpbin } }]`),
    requests: [
      { req: { path: '/api/status/200?x=1' }, expect: { status: 200, upstreamPath: '/status/200?x=1', upstreamHeaders: { 'x-forwarded-host': 'backend.internal' } } },
      { req: { path: '/exact?y=2' }, expect: { status: 200, upstreamPath: '/replaced?y=2' } },
      { req: { path: '/v1/users/42' }, expect: { status: 200, upstreamPath: '/42/users' } },
    ],
  },
  {
    name: 'header operations apply to requests and responses at route and destination level',
    config: gateway() + vs(`
  - headers:
      request:
        set: { x-route: set-by-route }
        add: { x-added: one }
        remove: [x-remove-me]
      response:
        set: { x-response: from-route }
        remove: [x-upstream-secret]
    route:
    - destination: { host: httpbin }
      headers:
        request: { set: { x-destination: v1 } }
        response: { add: { x-destination-response: yes } }`),
    requests: [
      {
        req: { path: '/headers', headers: { 'x-remove-me': 'gone', 'x-added': 'zero' } },
        expect: {
          status: 200,
          upstreamHeaders: { 'x-route': 'set-by-route', 'x-added': 'zero, one', 'x-remove-me': null, 'x-destination': 'v1' },
          headers: { 'x-response': 'from-route', 'x-destination-response': 'yes', 'x-upstream-secret': null },
        },
      },
    ],
  },
  {
    name: 'a direct response returns its status and body without an upstream',
    config: gateway() + vs(`
  - match: [{ uri: { exact: /maintenance } }]
    directResponse: { status: 503, body: { string: "down for maintenance" } }
  - match: [{ uri: { exact: /bytes } }]
    directResponse: { status: 200, body: { bytes: "aGVsbG8=" } }`),
    requests: [
      { req: { path: '/maintenance' }, expect: { status: 503, body: 'down for maintenance' } },
      { req: { path: '/bytes' }, expect: { status: 200, body: 'hello' } },
    ],
  },
  {
    name: 'an undefined subset, a subset with no endpoints and an unknown service all answer 503',
    config: gateway() + subsets + vs(`
  - match: [{ uri: { prefix: /undefined } }]
    route: [{ destination: { host: reviews, subset: nope } }]
  - match: [{ uri: { prefix: /empty } }]
    route: [{ destination: { host: reviews, subset: v9 } }]
  - match: [{ uri: { prefix: /unknown } }]
    route: [{ destination: { host: nosuchservice } }]
  - match: [{ uri: { prefix: /noport } }]
    route: [{ destination: { host: twoports } }]
  - route: [{ destination: { host: reviews, subset: v3 } }]`),
    requests: [
      { req: { path: '/undefined' }, expect: { status: 503 } },
      { req: { path: '/empty' }, expect: { status: 503, body: 'no healthy upstream' } },
      { req: { path: '/unknown' }, expect: { status: 503 } },
      { req: { path: '/noport' }, expect: { status: 503 } },
      { req: { path: '/ok' }, expect: { status: 200, upstream: 'reviews-v3' } },
    ],
  },
  {
    name: 'weights of 100 and 0 send every request to one subset',
    config: gateway() + subsets + vs(`
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: 0
    - destination: { host: reviews, subset: v2 }
      weight: 100`),
    requests: Array.from({ length: 5 }, () => ({ req: { path: '/reviews/0' }, expect: { status: 200, upstream: 'reviews-v2' } })),
  },
  {
    name: 'a delegate VirtualService supplies routes under the root route match',
    config: gateway() + vs(`
  - match: [{ uri: { prefix: /reviews } }]
    delegate: { name: reviews-delegate }
  - match: [{ uri: { prefix: /missing } }]
    delegate: { name: not-there }`) + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-delegate, namespace: default }
spec:
  http:
  - match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
---` + subsets,
    requests: [
      { req: { path: '/reviews/1', headers: { 'end-user': 'jason' } }, expect: { status: 200, upstream: 'reviews-v2' } },
      { req: { path: '/reviews/1' }, expect: { status: 200, upstream: 'reviews-v1' } },
      { req: { path: '/other' }, expect: { status: 404 } },
      { req: { path: '/missing' }, expect: { status: 503 } },
    ],
  },
  {
    name: 'hop-by-hop and internal headers are stripped and forwarding headers are set',
    config: gateway() + vs(`
  - route: [{ destination: { host: httpbin } }]`),
    requests: [
      {
        req: { path: '/headers', headers: { connection: 'keep-alive, x-drop', 'x-drop': '1', 'keep-alive': 'timeout=5', 'x-envoy-upstream-rq-timeout-ms': '1', 'x-isthmus-internal': 'forged', 'x-request-id': 'abc-123' } },
        expect: {
          status: 200,
          upstreamHeaders: { 'x-drop': null, 'keep-alive': null, 'x-envoy-upstream-rq-timeout-ms': null, 'x-isthmus-internal': null, 'x-request-id': 'abc-123', 'x-forwarded-proto': 'http' },
        },
      },
    ],
  },
  {
    name: 'a Gateway on port 80 binds the 8080 listener as the ingress Service maps it, and other ports do not',
    config: gateway('["*"]', 80) + vs(`
  - route: [{ destination: { host: httpbin } }]`) + `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: other-port, namespace: default }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 9999, name: http, protocol: HTTP }
    hosts: ["only-on-9999.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: on-9999, namespace: default }
spec:
  hosts: ["only-on-9999.example.com"]
  gateways: [other-port]
  http:
  - directResponse: { status: 200, body: { string: wrong-listener } }
---`,
    requests: [
      { req: { path: '/ip' }, expect: { status: 200, upstream: 'httpbin-v1' } },
      { req: { path: '/ip', host: 'only-on-9999.example.com' }, expect: { status: 200, upstreamPath: '/ip' } },
    ],
  },
  {
    name: 'a VirtualService without the gateway in its gateways list is not served at the gateway',
    config: gateway() + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: mesh-only, namespace: default }
spec:
  hosts: ["httpbin"]
  http:
  - route: [{ destination: { host: httpbin } }]
---`,
    requests: [{ req: { path: '/ip', host: 'httpbin' }, expect: { status: 404 } }],
  },
  {
    name: 'a server with httpsRedirect sends plain HTTP to https with a 301',
    config: gateway('["secure.example.com"]', 8080, '\n    tls: { httpsRedirect: true }') + vs(`
  - route: [{ destination: { host: httpbin } }]`, '["secure.example.com"]'),
    requests: [
      { req: { path: '/login?next=/', host: 'secure.example.com:8080' }, expect: { status: 301, headers: { location: 'https://secure.example.com/login?next=/' } } },
    ],
  },
  {
    name: 'a server with httpsRedirect redirects its hosts even when no VirtualService is bound to them',
    config: gateway('["redirect-only.example.com"]', 8080, '\n    tls: { httpsRedirect: true }'),
    requests: [
      { req: { path: '/x', host: 'redirect-only.example.com' }, expect: { status: 301, headers: { location: 'https://redirect-only.example.com/x' } } },
      { req: { path: '/x', host: 'elsewhere.example.com' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'a delegate cannot claim paths outside its root route\u2019s uri',
    config: gateway() + vs(`
  - match: [{ uri: { prefix: /team-a } }]
    delegate: { name: team-a }`) + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: team-a, namespace: default }
spec:
  http:
  - match: [{ uri: { prefix: /admin } }]
    directResponse: { status: 200, body: { string: stolen } }
  - match: [{ uri: { prefix: /team-a/api } }]
    directResponse: { status: 200, body: { string: team-a-api } }
---`,
    requests: [
      { req: { path: '/admin' }, expect: { status: 404 } },
      { req: { path: '/team-a/admin' }, expect: { status: 404 } },
      { req: { path: '/team-a/api/x' }, expect: { status: 200, body: 'team-a-api' } },
    ],
  },
  {
    name: 'on a gateway, one VirtualService\u2019s catch-all does not shadow another\u2019s routes on the same host',
    config: gateway() + vs(`
  - directResponse: { status: 200, body: { string: catch-all } }`, '["shop.example.com"]', 'a-catch-all') + vs(`
  - match: [{ uri: { prefix: /foo } }]
    directResponse: { status: 200, body: { string: foo } }`, '["shop.example.com"]', 'b-foo'),
    requests: [
      { req: { path: '/foo/bar', host: 'shop.example.com' }, expect: { status: 200, body: 'foo' } },
      { req: { path: '/other', host: 'shop.example.com' }, expect: { status: 200, body: 'catch-all' } },
    ],
  },
  {
    name: 'a rewrite on a route without a uri match replaces the implicit prefix /',
    config: gateway() + vs(`
  - rewrite: { uri: /v3 }
    route: [{ destination: { host: httpbin } }]`),
    requests: [
      { req: { path: '/foo?x=1' }, expect: { status: 200, upstreamPath: '/v3foo?x=1' } },
    ],
  },
  {
    name: 'ignoreUriCase folds case for exact and prefix matches but not for regex ones',
    config: gateway() + vs(`
  - match: [{ uri: { regex: "/Foo/[0-9]+" }, ignoreUriCase: true }]
    directResponse: { status: 200, body: { string: regex } }`),
    requests: [
      { req: { path: '/Foo/12' }, expect: { status: 200, body: 'regex' } },
      { req: { path: '/foo/12' }, expect: { status: 404 } },
    ],
  },
  {
    name: 'with one destination its header operations win over the route\u2019s; a lone weight of 0 is ignored',
    config: gateway() + vs(`
  - headers: { request: { set: { x-a: route } } }
    route:
    - destination: { host: httpbin }
      weight: 0
      headers: { request: { set: { x-a: destination } } }`),
    requests: [
      { req: { path: '/h' }, expect: { status: 200, upstreamHeaders: { 'x-a': 'destination' } } },
    ],
  },
  {
    name: 'DestinationRules for one host merge their subsets, and a wildcard rule covers hosts without their own',
    config: gateway() + vs(`
  - match: [{ uri: { prefix: /two } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - match: [{ uri: { prefix: /three } }]
    route: [{ destination: { host: reviews, subset: v3 } }]
  - route: [{ destination: { host: httpbin, subset: blue } }]`) + `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-a, namespace: default }
spec:
  host: reviews
  subsets: [{ name: v2, labels: { version: v2 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-b, namespace: default }
spec:
  host: reviews
  subsets: [{ name: v3, labels: { version: v3 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: everything-in-default, namespace: default }
spec:
  host: "*.default.svc.cluster.local"
  subsets: [{ name: blue, labels: { version: v2 } }]
---`,
    requests: [
      { req: { path: '/two' }, expect: { status: 200, upstream: 'reviews-v2' } },
      { req: { path: '/three' }, expect: { status: 200, upstream: 'reviews-v3' } },
      { req: { path: '/other' }, expect: { status: 200, upstream: 'httpbin-v2' } },
    ],
  },
  {
    name: 'a host header set on the request becomes the authority sent upstream',
    config: gateway() + vs(`
  - headers: { request: { set: { Host: api.internal, x-kept: yes } } }
    route: [{ destination: { host: httpbin } }]`),
    requests: [
      { req: { path: '/h', host: 'public.example.com' }, expect: { status: 200, upstreamHeaders: { 'x-forwarded-host': 'api.internal', 'x-kept': 'yes' } } },
    ],
  },
  {
    name: 'a VirtualService may name its gateway in FQDN form',
    config: gateway() + `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: fqdn-ref, namespace: default }
spec:
  hosts: ["*"]
  gateways: [gw.default.svc.cluster.local]
  http: [{ directResponse: { status: 200, body: { string: bound } } }]
---`,
    requests: [{ req: { path: '/' }, expect: { status: 200, body: 'bound' } }],
  },
];
