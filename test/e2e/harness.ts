import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RegistryState } from '../../src/mesh/registry.js';
export { freePortOffset } from '../shared/ports.js';
import { startLocalMesh, type LocalMesh } from '../../src/local/mesh.js';

/** The conformance corpus beside the repo; CI always has it, a user's clone may not. */
export const SHARED = resolve(__dirname, '../../../shared/conformance');
export const HAVE_SHARED = existsSync(SHARED);
if (!HAVE_SHARED) console.warn(`conformance corpus not found at ${SHARED}: corpus tests are skipped`);

export interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

/** A plain HTTP/1.1 request over loopback, with the Host header we choose. */
export function send(url: string, opts: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = httpRequest({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET',
      headers: { ...(opts.host ? { host: opts.host } : {}), ...opts.headers },
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(opts.body);
  });
}

export interface EchoServer { name: string; port: number; close(): Promise<void> }

/** An upstream on loopback that answers with its name and what it received. */
export async function startEcho(name: string): Promise<EchoServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ endpoint: name, method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    name, port,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

export interface TestMesh extends LocalMesh {
  apply(yaml: string, opts?: { dryRun?: boolean }): Promise<{ status: number; json: Record<string, unknown> }>;
  admin(method: string, path: string, body?: string, type?: string): Promise<{ status: number; json: Record<string, unknown> }>;
  putRegistry(state: RegistryState, source?: string): Promise<void>;
  /** Sends to the gateway until `check` passes (config propagates within the poll interval) or time runs out. */
  eventually(path: string, check: (r: Reply) => boolean, opts?: { host?: string; headers?: Record<string, string>; timeoutMs?: number }): Promise<Reply>;
  /** Waits until the gateway reports it serves the snapshot control published last. */
  synced(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Control and gateway on workerd with a fresh state directory. */
export async function startTestMesh(pollMs = 50): Promise<TestMesh> {
  const stateDir = await mkdtemp(join(tmpdir(), 'isthmus-e2e-'));
  const mesh = await startLocalMesh({ stateDir, gatewayPort: 0, adminPort: 0, pollMs, persist: true });
  const admin: TestMesh['admin'] = async (method, path, body, type = 'application/json') => {
    const res = await fetch(`${mesh.adminUrl}${path}`, { method, ...(body !== undefined ? { body } : {}), headers: { authorization: `Bearer ${mesh.token}`, 'content-type': type } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    ...mesh,
    admin,
    apply: (yaml, opts = {}) => admin('POST', `/apply${opts.dryRun ? '?dryRun=All' : ''}`, yaml, 'application/yaml'),
    async putRegistry(state, source = 'test') {
      const r = await admin('PUT', `/registry/v1/sources/${source}`, JSON.stringify(state));
      if (r.status !== 200) throw new Error(`registry PUT failed: ${JSON.stringify(r.json)}`);
    },
    async eventually(path, check, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 5000);
      let last: Reply | undefined;
      while (Date.now() < deadline) {
        last = await send(`${mesh.gatewayUrl}${path}`, { ...(opts.host ? { host: opts.host } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
        if (check(last)) return last;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`gateway never satisfied the check for ${path}; last reply ${last?.status ?? 'none'}: ${last?.body.slice(0, 200) ?? ''}`);
    },
    async synced(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        // A request makes the isolate look at KV; its swap is then reported to control.
        await send(`${mesh.gatewayUrl}/`);
        const s = (await admin('GET', '/status')).json as { published?: { hash: string }; gateways?: Array<{ hash: string; reportedAt: string }> };
        const newest = [...(s.gateways ?? [])].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
        if (s.published && newest?.hash === s.published.hash) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the gateway never reported serving the published snapshot');
    },
    async stop() {
      await mesh.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A registry with one service whose endpoints are local echo servers. */
export function registryOf(services: Array<{ name: string; port: number; endpoints: Array<{ echo: EchoServer; labels?: Record<string, string> }> }>): RegistryState {
  return {
    services: services.map((s) => ({
      name: s.name, namespace: 'default', ports: [{ name: 'http', port: s.port }],
      endpoints: s.endpoints.map((e) => ({ name: e.echo.name, address: '127.0.0.1', ports: { http: e.echo.port }, labels: e.labels ?? { app: s.name } })),
    })),
  };
}

