/**
 * The per-route policies of an http route: retries, fault injection and CORS (Istio
 * validateHTTPRetry, validateHTTPFaultInjection, validateCORSPolicy).
 */
import { z } from 'zod';
import type { CorsPolicy, HTTPFaultInjection, HTTPRetry } from '../types.js';
import { bool, duration, int, notYet, percentage, str, strList, stringMatch } from './common.js';
import { fail, warn } from './issues.js';

/** RFC 7230 token characters: what a header name may contain. */
export const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);

export const retries: z.ZodType<HTTPRetry> = z.strictObject({
  attempts: int.optional(),
  perTryTimeout: duration().optional(),
  retryOn: str.optional(),
  retryRemoteLocalities: bool.optional(),
  retryIgnorePreviousHosts: notYet('retries.retryIgnorePreviousHosts'),
  backoff: notYet('retries.backoff'),
}).superRefine((r, ctx) => {
  const attempts = r.attempts ?? 0;
  if (attempts < 0) fail(ctx, ['attempts'], 'attempts cannot be negative');
  if (attempts === 0 && (r.perTryTimeout !== undefined || r.retryOn !== undefined || r.retryRemoteLocalities !== undefined)) {
    fail(ctx, ['attempts'], 'retry settings are given but attempts is 0, which disables retries; set attempts');
  }
  for (const p of (r.retryOn ?? '').split(',').filter((x) => x !== '')) {
    if (!RETRY_ON.has(p) && !/^[1-5]\d\d$/.test(p)) fail(ctx, ['retryOn'], `"${p}" is not a retryOn policy Envoy knows (e.g. 5xx, gateway-error, connect-failure, or a status code)`);
  }
});

const GRPC_STATUS = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE',
  'DATA_LOSS', 'UNAUTHENTICATED',
]);

export const fault: z.ZodType<HTTPFaultInjection> = z.strictObject({
  delay: z.strictObject({
    fixedDelay: duration().optional(),
    exponentialDelay: notYet('fault.delay.exponentialDelay (Istio does not support it either)'),
    percentage: percentage.optional(),
    percent: int.optional(),
  }).superRefine((d, ctx) => {
    // Envoy's FaultDelay needs a delay; without one it rejects the route.
    if (d.fixedDelay === undefined) fail(ctx, [], 'fault.delay needs fixedDelay, e.g. "5s"');
    if (d.percent !== undefined) {
      if (d.percent < 0 || d.percent > 100) fail(ctx, ['percent'], `percentage ${d.percent} is not in the range 0..100`);
      warn(ctx, ['percent'], 'fault.delay.percent is deprecated; use percentage: {value: N}');
    }
  }).optional(),
  abort: z.strictObject({
    httpStatus: int.optional(),
    grpcStatus: str.optional(),
    http2Error: notYet('fault.abort.http2Error (Istio does not support it either)'),
    percentage: percentage.optional(),
  }).superRefine((a, ctx) => {
    if (a.httpStatus !== undefined && a.grpcStatus !== undefined) fail(ctx, [], 'set either httpStatus or grpcStatus, not both');
    if (a.httpStatus === undefined && a.grpcStatus === undefined) warn(ctx, [], 'abort is configured without httpStatus or grpcStatus, so it does nothing');
    if (a.httpStatus !== undefined && (a.httpStatus < 200 || a.httpStatus > 599)) fail(ctx, ['httpStatus'], `HTTP status ${a.httpStatus} is not in the range 200..599`);
    if (a.grpcStatus !== undefined && !GRPC_STATUS.has(a.grpcStatus)) fail(ctx, ['grpcStatus'], `gRPC status "${a.grpcStatus}" is not a gRPC status code name such as NOT_FOUND or UNAVAILABLE`);
  }).optional(),
}).superRefine((f, ctx) => {
  if (!f.delay && !f.abort) fail(ctx, [], 'fault injection needs an abort, a delay, or both');
});

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);

export const corsPolicy: z.ZodType<CorsPolicy> = z.strictObject({
  allowOrigins: z.array(stringMatch('cors')).optional(),
  allowOrigin: strList.optional(),
  allowMethods: strList.optional(),
  allowHeaders: strList.optional(),
  exposeHeaders: strList.optional(),
  maxAge: duration({ wholeSeconds: true }).optional(),
  allowCredentials: bool.optional(),
  unmatchedPreflights: notYet('corsPolicy.unmatchedPreflights'),
}).superRefine((c, ctx) => {
  if (c.allowOrigin !== undefined) warn(ctx, ['allowOrigin'], 'corsPolicy.allowOrigin is deprecated; use allowOrigins with exact/prefix/regex entries');
  (c.allowMethods ?? []).forEach((m, k) => {
    if (!CORS_METHODS.has(m)) fail(ctx, ['allowMethods', k], `"${m}" is not a supported HTTP method`);
  });
  for (const f of ['allowHeaders', 'exposeHeaders'] as const) {
    (c[f] ?? []).forEach((h, k) => {
      if (h !== '*' && !TCHAR.test(h)) fail(ctx, [f, k], `"${h}" is not a valid header name`);
    });
  }
});
