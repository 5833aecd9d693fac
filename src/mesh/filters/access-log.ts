import type { Filter } from './context.js';

/** One access-log entry, with Envoy's field names (Istio's default JSON access-log format). */
export interface AccessLogEntry {
  start_time: string;
  method: string;
  path: string;
  protocol: string;
  response_code: number;
  response_flags: string;
  duration: number;
  upstream_host: string | null;
  upstream_cluster: string | null;
  route_name: string | null;
  request_id: string;
  authority: string;
  downstream_remote_address: string | null;
  user_agent: string | null;
}

export interface AccessLogOptions {
  sink: (entry: AccessLogEntry) => void;
  now?: () => number;
}

/**
 * Telemetry is the outermost filter: rescue, just inside it, has already turned any
 * error into a response, so every request is logged with its status and flag. A
 * failing sink is reported, never allowed to fail the request.
 */
export function accessLog(options: AccessLogOptions): Filter {
  const now = options.now ?? Date.now;
  return async function accessLogFilter(ctx, next) {
    const res = await next(ctx);
    try {
      options.sink({
        start_time: new Date(ctx.startMs).toISOString(),
        method: ctx.request.method,
        path: ctx.url.pathname + ctx.url.search,
        protocol: 'HTTP/1.1',
        response_code: res.status,
        response_flags: ctx.flag === 'NONE' ? '-' : ctx.flag,
        duration: now() - ctx.startMs,
        upstream_host: ctx.endpoint ? `${ctx.endpoint.address}:${ctx.endpoint.port}` : null,
        upstream_cluster: ctx.cluster?.name ?? null,
        route_name: ctx.route?.route.name ?? null,
        request_id: ctx.requestId,
        authority: ctx.view.authority,
        downstream_remote_address: ctx.clientAddress ?? null,
        user_agent: ctx.request.headers.get('user-agent'),
      });
    } catch (err) {
      console.error('isthmus: access log sink failed', err);
    }
    return res;
  };
}
