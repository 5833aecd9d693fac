/**
 * Small Istio configs the tests build on: a Gateway on the ingress gateway for every host,
 * and a VirtualService bound to it with the given `http` routes (YAML flow style).
 */
export const GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 8080, name: http, protocol: HTTP }, hosts: ["*"] }]
`;

export function edgeRoutes(http: string, name = 'vs'): string {
  return `${GATEWAY}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: default }
spec:
  hosts: ["*"]
  gateways: [gw]
  http: ${http}
`;
}

/** A DestinationRule for reviews with subsets v1, v2 and v3 and an optional traffic policy. */
export function reviewsRule(trafficPolicy?: string): string {
  return `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: default }
spec:
  host: reviews${trafficPolicy ? `\n  trafficPolicy: ${trafficPolicy}` : ''}
  subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }, { name: v3, labels: { version: v3 } }]
`;
}
