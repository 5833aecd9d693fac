import { MeshError } from '../errors.js';
import type { Filter } from './context.js';

export interface RescueOptions {
  /** Where unexpected errors are reported; they become a plain 500. */
  onUnexpected?: (err: unknown) => void;
}

/**
 * The one place errors become responses (linkerd's ServerRescue): a typed MeshError
 * gives its status, Envoy-style body and response flag; anything else is a bug and
 * gives 500 without leaking details.
 */
export function rescue(options: RescueOptions = {}): Filter {
  const onUnexpected = options.onUnexpected ?? ((err: unknown) => console.error('isthmus: unexpected error', err));
  return async function rescueFilter(ctx, next) {
    try {
      return await next(ctx);
    } catch (err) {
      if (err instanceof MeshError) {
        ctx.flag = err.flag;
        return errorResponse(err.status, err.body);
      }
      onUnexpected(err);
      return errorResponse(500, 'internal error');
    }
  };
}

export function errorResponse(status: number, body: string): Response {
  return new Response(body === '' ? null : body, {
    status,
    headers: body === '' ? {} : { 'content-type': 'text/plain' },
  });
}
