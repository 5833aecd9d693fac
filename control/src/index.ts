import { Hono } from 'hono';
import { WorkerEntrypoint } from 'cloudflare:workers';
import type { GatewayStatusReport } from '../../src/gateway/env.js';
import { publicJwk, type AuthVars } from './auth.js';
import { store, type ControlEnv } from './env.js';
import { ApiError, statusBody } from './errors.js';
import { applyRoutes } from './routes/apply.js';
import { historyRoutes } from './routes/history.js';
import { registryRoutes } from './routes/registry.js';
import { resourceRoutes } from './routes/resources.js';

export { ConfigStore } from './store.js';

/** The control-plane worker: admin API (Kubernetes-style REST), registry API, JWKS. */
const app = new Hono<AuthVars>();

app.get('/healthz', (c) => c.text('ok'));
app.get('/.well-known/jwks.json', (c) => c.json({ keys: [publicJwk(c.env)] }));
app.route('/', applyRoutes);
app.route('/', resourceRoutes);
app.route('/', historyRoutes);
app.route('/', registryRoutes);

app.notFound((c) => c.json(statusBody(new ApiError(404, 'NotFound', `no admin endpoint ${c.req.method} ${c.req.path}`)), 404));

// The one place errors become responses.
app.onError((err, c) => {
  if (err instanceof ApiError) return c.json(statusBody(err), err.code as 400);
  console.error('isthmus-control: unexpected error', err);
  return c.json(statusBody(new ApiError(500, 'InternalError', 'internal error; see the control worker log')), 500);
});

export default app;

/**
 * Reached only through a service binding (never from the internet): gateways report
 * which snapshot each isolate serves, for `isthmus status`.
 */
export class StatusReporter extends WorkerEntrypoint<ControlEnv> {
  async report(s: GatewayStatusReport): Promise<void> {
    await store(this.env).recordGatewayStatus(s);
  }
}
