import { UpstreamConnectError, UpstreamTimeoutError } from '../errors.js';
import { applyHeaderOps, type MeshContext } from './context.js';
import { hasHopByHop, stripHopByHop } from './normalize.js';

/** How the runtime reaches an endpoint; injected so the core never touches a runtime API. */
export type UpstreamFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface UpstreamOptions {
  fetch: UpstreamFetch;
  /**
   * Header carrying the original authority upstream, for runtimes whose fetch derives
   * Host from the URL (workerd does). Sidecars read it back as the authority.
   */
  authorityHeader?: string;
}

/**
 * The end of the chain: streams the request to the chosen endpoint and the response
 * back, with hop-by-hop headers stripped both ways and the route timeout enforced.
 */
export function upstream(options: UpstreamOptions): (ctx: MeshContext) => Promise<Response> {
  return async function upstreamCall(ctx) {
    const ep = ctx.endpoint;
    if (!ep) throw new UpstreamConnectError('no endpoint chosen');
    const headers = ctx.upstreamHeaders;
    headers.set('host', ctx.upstreamAuthority);
    if (options.authorityHeader) headers.set(options.authorityHeader, ctx.upstreamAuthority);
    const timeoutMs = ctx.route?.route.timeoutMs;
    const init: RequestInit = {
      method: ctx.request.method,
      headers,
      redirect: 'manual',
    };
    if (ctx.request.body && ctx.request.method !== 'GET' && ctx.request.method !== 'HEAD') init.body = ctx.request.body;
    if (timeoutMs !== undefined) init.signal = AbortSignal.timeout(timeoutMs);
    const host = ep.address.includes(':') && !ep.address.startsWith('[') ? `[${ep.address}]` : ep.address;
    let res: Response;
    try {
      res = await options.fetch(`http://${host}:${ep.port}${ctx.upstreamPath}`, init);
    } catch (err) {
      if (isTimeout(err)) throw new UpstreamTimeoutError(`upstream did not answer within ${timeoutMs ?? 0} ms`);
      throw new UpstreamConnectError(`connect to ${host}:${ep.port} failed: ${String(err)}`);
    }
    // Re-wrapping a response costs workerd its native body pipe: do it only to edit headers.
    if (ctx.responseOps.length === 0 && !hasHopByHop(res.headers)) return res;
    const out = new Response(res.body, res);
    stripHopByHop(out.headers);
    for (const ops of ctx.responseOps) applyHeaderOps(out.headers, ops);
    return out;
  };
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}
