import type { GatewayWorkload } from '../snapshot.js';

/**
 * The edge gateways isthmus runs, labelled and ported as Istio's default
 * `istio-ingressgateway` and `istio-egressgateway`: their Services map 80→8080 and
 * 443→8443, so a Gateway written for port 80 (Istio 1.13) or 8080 (Istio today) binds
 * the same listener.
 */
const PORTS = [
  { name: 'http2', port: 80, targetPort: 8080 },
  { name: 'https', port: 443, targetPort: 8443 },
];

export const DEFAULT_GATEWAY_WORKLOADS: readonly GatewayWorkload[] = [
  { name: 'istio-ingressgateway', namespace: 'istio-system', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, ports: PORTS },
  { name: 'istio-egressgateway', namespace: 'istio-system', labels: { app: 'istio-egressgateway', istio: 'egressgateway' }, ports: PORTS },
];
