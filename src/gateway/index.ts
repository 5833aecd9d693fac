import { Hono } from 'hono';
import { SnapshotCache, type LoadedConfig } from '../mesh/config-source.js';
import { createProxy } from '../mesh/proxy.js';
import type { GatewayEnv, GatewayStatusReport } from './env.js';

/**
 * The ingress gateway worker. All routing is the mesh core's; this file only binds it
 * to workerd: KV as the snapshot store, the runtime's fetch, and a status report to
 * control whenever this isolate swaps snapshots.
 */
interface Isolate {
  handle: ReturnType<typeof createProxy>;
  pendingReports: GatewayStatusReport[];
}

let isolate: Isolate | undefined;

function boot(env: GatewayEnv): Isolate {
  const gateway = env.GATEWAY_NAME ?? 'istio-system/istio-ingressgateway';
  // Random values are only allowed inside a handler, so the isolate names itself on first use.
  const isolateId = crypto.randomUUID();
  const pendingReports: GatewayStatusReport[] = [];
  const cache = new SnapshotCache({
    store: { get: (key) => env.CONFIG.get(key) },
    proxy: gateway,
    pollMs: Number(env.CONFIG_POLL_MS ?? 1000),
    onSwap: (c: LoadedConfig) => {
      pendingReports.push({ gateway, hash: c.hash, generation: c.generation, loadedAt: new Date(c.loadedAt).toISOString(), isolate: isolateId });
    },
    onError: (err) => console.error(`isthmus-gateway: keeping the last good snapshot: ${String(err)}`),
  });
  const handle = createProxy({
    config: cache,
    fetch: (url, init) => fetch(url, init),
    listenerPort: Number(env.LISTENER_PORT ?? 8080),
    authorityHeader: 'x-forwarded-host',
    ...(env.ACCESS_LOG === 'json' ? { accessLog: { sink: (e) => console.log(JSON.stringify(e)) } } : {}),
  });
  return { handle, pendingReports };
}

const app = new Hono<{ Bindings: GatewayEnv }>();

app.all('*', async (c) => {
  isolate ??= boot(c.env);
  const ctx = c.executionCtx;
  const res = await isolate.handle(c.req.raw, {
    clientAddress: c.req.header('cf-connecting-ip'),
    waitUntil: (work) => ctx.waitUntil(work),
  });
  const reports = isolate.pendingReports.splice(0);
  const control = c.env.CONTROL;
  if (control && reports.length > 0) {
    ctx.waitUntil(Promise.all(reports.map((r) => control.report(r))).catch((err: unknown) => {
      console.error(`isthmus-gateway: status report failed: ${String(err)}`);
    }));
  }
  return res;
});

export default app;
