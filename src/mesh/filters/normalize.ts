import { BadRequestError } from '../errors.js';
import type { Filter } from './context.js';

export interface NormalizeOptions {
  /** Longest path + query accepted (Envoy's default max request headers are 60 KiB; paths are far shorter in practice). */
  maxPathBytes?: number;
  /** Largest total size of request headers (Envoy `max_request_headers_kb`: 60). */
  maxHeaderBytes?: number;
  /** Makes request ids; crypto.randomUUID by default. */
  newRequestId?: () => string;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross a proxy. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization'];

/** Header prefixes only the mesh may set: a client sending them could steer routing or forge telemetry. */
const INTERNAL_PREFIXES = ['x-envoy-', 'x-isthmus-'];

/**
 * Input normalisation, before anything looks at the request: size limits, hop-by-hop
 * and internal headers stripped, x-forwarded-* and x-request-id set as an Istio
 * gateway sets them. The URL is already RFC 3986-normalised by parsing.
 */
export function normalize(options: NormalizeOptions = {}): Filter {
  const maxPath = options.maxPathBytes ?? 8192;
  const maxHeaders = options.maxHeaderBytes ?? 60 * 1024;
  const newId = options.newRequestId ?? (() => crypto.randomUUID());
  return async function normalizeFilter(ctx, next) {
    const h = ctx.upstreamHeaders;
    if (ctx.url.pathname.length + ctx.url.search.length > maxPath) throw new BadRequestError('URI too long', 414);
    let size = 0;
    h.forEach((v, k) => { size += k.length + v.length + 4; });
    if (size > maxHeaders) throw new BadRequestError('request headers too large', 431);

    const listed = h.get('connection');
    if (listed) for (const name of listed.split(',')) h.delete(name.trim());
    for (const name of HOP_BY_HOP) h.delete(name);
    const internal: string[] = [];
    h.forEach((_v, k) => { if (INTERNAL_PREFIXES.some((p) => k.startsWith(p))) internal.push(k); });
    for (const k of internal) h.delete(k);

    // An edge gateway is the first trusted hop: it appends the peer it saw (Envoy use_remote_address).
    if (ctx.clientAddress) {
      const xff = h.get('x-forwarded-for');
      h.set('x-forwarded-for', xff ? `${xff}, ${ctx.clientAddress}` : ctx.clientAddress);
    }
    h.set('x-forwarded-proto', ctx.url.protocol.replace(':', ''));
    const id = h.get('x-request-id');
    if (id && id.length <= 256) ctx.requestId = id;
    else { ctx.requestId = newId(); h.set('x-request-id', ctx.requestId); }
    return next();
  };
}

/** Strips hop-by-hop headers from an upstream response before it goes to the client. */
export function stripHopByHop(headers: Headers): void {
  const listed = headers.get('connection');
  if (listed) for (const name of listed.split(',')) headers.delete(name.trim());
  for (const name of HOP_BY_HOP) headers.delete(name);
}
