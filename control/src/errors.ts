import type { Diagnostic } from '../../src/mesh/diagnostics.js';

/**
 * Typed admin-API errors. Handlers throw them; `app.onError` alone turns them into
 * Kubernetes `Status` bodies, so kubectl-minded clients and the CLI read one shape.
 */
export type StatusReason = 'BadRequest' | 'RequestEntityTooLarge' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'Invalid' | 'UnsupportedMediaType' | 'InternalError';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

export const tooLarge = (m: string): ApiError => new ApiError(413, 'RequestEntityTooLarge', m);
export const badRequest = (m: string): ApiError => new ApiError(400, 'BadRequest', m);
export const unauthorized = (m: string): ApiError => new ApiError(401, 'Unauthorized', m);
export const forbidden = (m: string): ApiError => new ApiError(403, 'Forbidden', m);
export const notFound = (m: string): ApiError => new ApiError(404, 'NotFound', m);
export const conflict = (m: string): ApiError => new ApiError(409, 'Conflict', m);
export const invalid = (m: string, d: readonly Diagnostic[]): ApiError => new ApiError(422, 'Invalid', m, d);

/** A Kubernetes Status object (meta/v1), with each diagnostic as a cause. */
export function statusBody(e: ApiError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: e.message,
    reason: e.reason,
    code: e.code,
    ...(e.diagnostics.length > 0
      ? {
          details: {
            causes: e.diagnostics.map((d) => ({
              reason: d.severity === 'error' ? 'FieldValueInvalid' : 'Warning',
              field: d.path,
              message: d.message,
              resource: d.resource,
              severity: d.severity,
              ...(d.source ? { source: d.source } : {}),
            })),
          },
        }
      : {}),
  };
}
