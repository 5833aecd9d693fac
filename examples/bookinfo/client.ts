/**
 * The outbound HTTP call the apps make to each other: one request, a hard timeout,
 * the body read whole. It never throws; a failure (refused, reset, timed out, bad URL)
 * comes back as `{ ok: false }` with the reason, which is all the Bookinfo apps need
 * to choose their error text.
 */
import { Agent, request } from 'node:http';
import type { Resolver } from './upstream.js';

export type CallResult =
  | { ok: true; status: number; body: string }
  | { ok: false; reason: string };

export interface CallOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** The demo's own agent, destroyed when the demo closes. */
  agent: Agent;
  method?: string;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * A fresh connection per call, like the originals (Python `requests.get` and the Java
 * client open one each time). Reusing idle sockets would race the peer's idle timeout.
 */
export function demoAgent(): Agent {
  return new Agent({ keepAlive: false });
}

export function call(url: string, opts: CallOptions): Promise<CallResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, reason: `bad upstream URL ${JSON.stringify(url)}` });
  }
  if (target.protocol !== 'http:') {
    return Promise.resolve({ ok: false, reason: `unsupported upstream scheme ${target.protocol}` });
  }
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (r: CallResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(r);
    };
    const req = request(target, { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish({ ok: false, reason: `response over ${MAX_RESPONSE_BYTES} bytes` });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish({ ok: false, reason: err.message }));
      res.on('close', () => {
        if (!res.complete) finish({ ok: false, reason: 'connection closed before the response completed' });
      });
    });
    timer = setTimeout(() => {
      finish({ ok: false, reason: `timed out after ${opts.timeoutMs} ms` });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => finish({ ok: false, reason: err.message }));
    req.end();
  });
}

/**
 * Calls `path` on a service the way a pod calls a Kubernetes Service: the resolver picks
 * the address, and Host carries the service's own name (`reviews:9080`), which is what
 * a sidecar in front of the app routes on.
 */
export function callService(
  resolver: Resolver,
  service: string,
  path: string,
  opts: CallOptions,
): Promise<CallResult> {
  let base: string;
  try {
    base = resolver.url(service, 'http');
  } catch (err) {
    return Promise.resolve({ ok: false, reason: err instanceof Error ? err.message : String(err) });
  }
  const headers = { ...opts.headers, host: resolver.authority(service, 'http') };
  return call(`${base.replace(/\/+$/, '')}${path}`, { ...opts, headers });
}

/** Parses a JSON body; undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
