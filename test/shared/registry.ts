import type { RegistryService } from '../../src/mesh/registry.js';

const ep = (name: string, address: string, port: number, labels: Record<string, string>, sa: string) => ({
  name, address, ports: { http: port }, labels, serviceAccount: sa,
});

/** A small fixed registry the shared routing cases compile against. */
export const TEST_REGISTRY: RegistryService[] = [
  {
    name: 'httpbin', namespace: 'default', ports: [{ name: 'http', port: 8000, targetPort: 8080 }],
    endpoints: [
      ep('httpbin-v1', '10.0.0.1', 8080, { app: 'httpbin', version: 'v1' }, 'httpbin'),
      ep('httpbin-v2', '10.0.0.2', 8080, { app: 'httpbin', version: 'v2' }, 'httpbin'),
    ],
  },
  {
    name: 'productpage', namespace: 'default', ports: [{ name: 'http', port: 9080 }],
    endpoints: [ep('productpage-v1', '10.0.1.1', 9080, { app: 'productpage', version: 'v1' }, 'bookinfo-productpage')],
  },
  {
    name: 'reviews', namespace: 'default', ports: [{ name: 'http', port: 9080 }],
    endpoints: [
      ep('reviews-v1', '10.0.2.1', 9080, { app: 'reviews', version: 'v1' }, 'bookinfo-reviews'),
      ep('reviews-v2', '10.0.2.2', 9080, { app: 'reviews', version: 'v2' }, 'bookinfo-reviews'),
      ep('reviews-v3', '10.0.2.3', 9080, { app: 'reviews', version: 'v3' }, 'bookinfo-reviews'),
    ],
  },
  {
    name: 'twoports', namespace: 'default', ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 81 }],
    endpoints: [ep('twoports-1', '10.0.3.1', 80, { app: 'twoports' }, 'default')],
  },
];
