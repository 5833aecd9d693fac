import { NoHealthyUpstreamError } from '../errors.js';
import type { Filter } from './context.js';

/**
 * Chooses the endpoint of the routed cluster by its DestinationRule load-balancer
 * policy. Outlier detection and circuit breaking will sit in this slot too.
 */
export function balancer(): Filter {
  return async function balancerFilter(ctx, next) {
    const cluster = ctx.cluster;
    if (!cluster) return next(ctx);
    const pick = ctx.balancers.pick(cluster, {
      headers: ctx.upstreamHeaders,
      query: ctx.view.query,
      cookie: (name) => readCookie(ctx.request.headers.get('cookie'), name),
    });
    if (!pick) throw new NoHealthyUpstreamError(cluster.name);
    ctx.endpoint = pick.endpoint;
    try {
      const res = await next(ctx);
      if (!pick.setCookie) return res;
      const out = new Response(res.body, res);
      out.headers.append('set-cookie', pick.setCookie);
      return out;
    } finally {
      pick.release();
    }
  };
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
