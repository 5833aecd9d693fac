import { BadRequestError } from '../errors.js';
import { requestIds } from '../request-id.js';
import type { Filter } from './context.js';

export interface NormalizeOptions {
  /** Longest path + query accepted (Envoy's default max request headers are 60 KiB; paths are far shorter in practice). */
  maxPathBytes?: number;
  /** Largest total size of request headers (Envoy `max_request_headers_kb`: 60). */
  maxHeaderBytes?: number;
  /** Makes request ids; random UUIDv4s from a pool by default. */
  newRequestId?: () => string;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross a proxy. */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

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
  const newId = options.newRequestId ?? requestIds();
  return async function normalizeFilter(ctx, next) {
    const h = ctx.upstreamHeaders;
    if (ctx.url.pathname.length + ctx.url.search.length > maxPath) throw new BadRequestError('URI too long', 414);
    // One pass: measure, and collect what must go (hop-by-hop and internal headers).
    let size = 0;
    let drop: string[] | undefined;
    h.forEach((v, k) => {
      size += k.length + v.length + 4;
      if (HOP_BY_HOP.has(k) || (k.charCodeAt(0) === 120 /* x */ && INTERNAL_PREFIXES.some((p) => k.startsWith(p)))) (drop ??= []).push(k);
      else if (k === 'connection') (drop ??= []).push(k, ...v.split(',').map((n) => n.trim().toLowerCase()));
    });
    if (size > maxHeaders) throw new BadRequestError('request headers too large', 431);
    if (drop) for (const k of drop) h.delete(k);

    // An edge gateway is the first trusted hop: it appends the peer it saw (Envoy use_remote_address).
    if (ctx.clientAddress) {
      const xff = h.get('x-forwarded-for');
      h.set('x-forwarded-for', xff ? `${xff}, ${ctx.clientAddress}` : ctx.clientAddress);
    }
    h.set('x-forwarded-proto', ctx.url.protocol.replace(':', ''));
    const id = h.get('x-request-id');
    if (id && id.length <= 256) ctx.requestId = id;
    else { ctx.requestId = newId(); h.set('x-request-id', ctx.requestId); }
    return next(ctx);
  };
}

export function hasHopByHop(headers: Headers): boolean {
  if (headers.has('connection')) return true;
  for (const name of HOP_BY_HOP) if (headers.has(name)) return true;
  return false;
}

/** Strips hop-by-hop headers from an upstream response before it goes to the client. */
export function stripHopByHop(headers: Headers): void {
  const listed = headers.get('connection');
  if (listed) {
    for (const name of listed.split(',')) headers.delete(name.trim());
    headers.delete('connection');
  }
  for (const name of HOP_BY_HOP) if (headers.has(name)) headers.delete(name);
}
