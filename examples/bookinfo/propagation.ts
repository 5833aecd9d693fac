/**
 * The request headers the Bookinfo apps copy from their inbound request onto their
 * outbound calls, so traces join up and header-based routing (`end-user: jason`) works
 * one hop further. The list follows Istio's apps: productpage.py `getForwardHeaders`
 * and reviews' LibertyRestEndpoint `headers_to_propagate`.
 */
import type { IncomingHttpHeaders } from 'node:http';

const PROPAGATED = [
  // Istio's access logs and consistent sampling key on x-request-id.
  'x-request-id',
  // Zipkin B3, multi- and single-header forms.
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
  // W3C Trace Context.
  'traceparent',
  'tracestate',
  // Lightstep, Datadog, Google Cloud Trace, gRPC binary, SkyWalking.
  'x-ot-span-context',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-cloud-trace-context',
  'grpc-trace-bin',
  'sw8',
  // Application and session context.
  'user-agent',
  'cookie',
  'authorization',
  'jwt',
] as const;

export interface ForwardOptions {
  /**
   * Whether an inbound `end-user` header is copied. reviews copies it (so ratings rules
   * see jason); productpage does not: it sets `end-user` from its own login session only.
   */
  endUser: boolean;
}

export function forwardHeaders(incoming: IncomingHttpHeaders, opts: ForwardOptions): Record<string, string> {
  const out: Record<string, string> = {};
  const names: readonly string[] = opts.endUser ? [...PROPAGATED, 'end-user'] : PROPAGATED;
  for (const name of names) {
    const v = incoming[name];
    if (typeof v === 'string') out[name] = v;
    else if (Array.isArray(v) && v.length > 0) out[name] = v.join(', ');
  }
  return out;
}
