/**
 * VirtualService `http[]` routes: structure plus Istio's rules (istio/istio
 * pkg/config/validation/virtualservice.go validateHTTPRoute and validation.go helpers).
 */
import { z } from 'zod';
import type { HTTPMatchRequest, HTTPRedirect, HTTPRewrite, HTTPRoute } from '../types.js';
import { backtrackingRisks, checkRewrite } from '../regex.js';
import {
  bool, destination, duration, headers, int, labels, nonNegative, percentage, portNumber,
  regexProblems, str, stringMatch, type MatchWhere,
} from './common.js';
import { gatewayNames } from './gatewaynames.js';
import { corsPolicy, fault, retries, TCHAR } from './httppolicies.js';
import { isDns1123Label } from './hosts.js';
import { fail, warn } from './issues.js';

const PSEUDO = new Set([':method', ':scheme', ':authority', ':path', ':status']);

/** JWT-claim routing keys (`@request.auth.claims.groups`) are only read by gateways. */
export function isClaimKey(name: string): boolean {
  return /^@request\.auth\.claims(\.|\[)/.test(name);
}

function matchMap(where: MatchWhere): z.ZodType<Record<string, z.infer<ReturnType<typeof stringMatch>>>> {
  return z.record(z.string(), stringMatch(where)).superRefine((m, ctx) => {
    if (where !== 'header') return;
    for (const name of Object.keys(m)) {
      if (name === '') fail(ctx, [], 'header name cannot be empty');
      else if (isClaimKey(name) || PSEUDO.has(name)) continue;
      else if (!TCHAR.test(name)) fail(ctx, [name], `"${name}" is not a valid header name (RFC 7230 token)`);
      // Istio's API says header keys must be lowercase, but its validation accepts any
      // case and Envoy compares names case-insensitively: warn, and match lowercased.
      else if (name !== name.toLowerCase()) warn(ctx, [name], `header names should be lowercase; "${name}" is matched as "${name.toLowerCase()}"`);
    }
  });
}

const matchRequest: z.ZodType<HTTPMatchRequest> = z.strictObject({
  name: str.optional(),
  uri: stringMatch('uri').optional(),
  scheme: stringMatch('scheme').optional(),
  method: stringMatch('method').optional(),
  authority: stringMatch('authority').optional(),
  headers: matchMap('header').optional(),
  port: portNumber.optional(),
  sourceLabels: labels.optional(),
  gateways: gatewayNames.optional(),
  queryParams: matchMap('query').optional(),
  ignoreUriCase: bool.optional(),
  withoutHeaders: matchMap('header').optional(),
  sourceNamespace: str.optional(),
  statPrefix: str.optional(),
}).superRefine((m, ctx) => {
  if (m.sourceNamespace !== undefined && !isDns1123Label(m.sourceNamespace)) {
    fail(ctx, ['sourceNamespace'], `sourceNamespace "${m.sourceNamespace}" is not a namespace name`);
  }
});

const routeDestination = z.strictObject({ destination, weight: nonNegative.optional(), headers: headers.optional() });

const ENVOY_REDIRECT_CODES = [301, 302, 303, 307, 308];

const redirect: z.ZodType<HTTPRedirect> = z.strictObject({
  uri: str.optional(),
  authority: str.optional(),
  port: portNumber.optional(),
  derivePort: z.enum(['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT']).optional(),
  scheme: str.optional(),
  redirectCode: int.optional(),
}).superRefine((r, ctx) => {
  if (!r.uri && !r.authority && r.port === undefined && !r.derivePort && !r.scheme) {
    fail(ctx, [], 'redirect must set at least one of uri, authority, scheme, port or derivePort');
  }
  if (r.port !== undefined && r.derivePort !== undefined) fail(ctx, ['derivePort'], 'set either port or derivePort, not both');
  // Envoy's RedirectResponseCode enum has only these; Istio drops a route with any other code.
  if (r.redirectCode !== undefined && !ENVOY_REDIRECT_CODES.includes(r.redirectCode)) {
    fail(ctx, ['redirectCode'], `${r.redirectCode} is not a redirect code Envoy supports; use one of ${ENVOY_REDIRECT_CODES.join(', ')}`);
  }
  if (r.scheme !== undefined && r.scheme !== 'http' && r.scheme !== 'https') fail(ctx, ['scheme'], 'redirect scheme must be "http" or "https"');
});

const directResponse = z.strictObject({
  status: int,
  body: z.strictObject({ string: str.optional(), bytes: str.optional() }).optional(),
}).superRefine((d, ctx) => {
  if (d.status < 200 || d.status > 599) fail(ctx, ['status'], `HTTP status ${d.status} is not in the range 200..599`);
  const b = d.body;
  if (!b) return;
  if (b.string !== undefined && b.bytes !== undefined) fail(ctx, ['body'], 'set either body.string or body.bytes, not both');
  if (b.bytes !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(b.bytes)) fail(ctx, ['body', 'bytes'], 'body.bytes must be base64');
  const size = (b.string ?? b.bytes ?? '').length;
  if (size > 1024 * 1024) fail(ctx, ['body'], 'a direct response body must be smaller than 1MB');
  else if (size > 100 * 1024) warn(ctx, ['body'], 'large direct responses may slow down config distribution');
});

const rewrite: z.ZodType<HTTPRewrite> = z.strictObject({
  uri: str.optional(),
  authority: str.optional(),
  uriRegexRewrite: z.strictObject({ match: str, rewrite: str }).optional(),
}).superRefine((r, ctx) => {
  if (r.uri && r.uriRegexRewrite) fail(ctx, [], 'set either rewrite.uri or rewrite.uriRegexRewrite, not both');
  if (!r.uri && !r.uriRegexRewrite && !r.authority) fail(ctx, [], 'rewrite must set uri, uriRegexRewrite or authority');
  const rx = r.uriRegexRewrite;
  if (!rx) return;
  const problems = regexProblems(rx.match);
  for (const p of problems) fail(ctx, ['uriRegexRewrite', 'match'], p);
  if (rx.rewrite === '') fail(ctx, ['uriRegexRewrite', 'rewrite'], 'uriRegexRewrite needs both match and rewrite');
  else if (problems.length === 0) for (const p of checkRewrite(rx.rewrite, rx.match)) fail(ctx, ['uriRegexRewrite', 'rewrite'], p);
  if (problems.length === 0) for (const r of backtrackingRisks(rx.match)) warn(ctx, ['uriRegexRewrite', 'match'], r);
});

export const httpRoute: z.ZodType<HTTPRoute> = z.strictObject({
  name: str.optional(),
  match: z.array(matchRequest).optional(),
  route: z.array(routeDestination).optional(),
  redirect: redirect.optional(),
  directResponse: directResponse.optional(),
  delegate: z.strictObject({ name: str, namespace: str.optional() }).optional(),
  rewrite: rewrite.optional(),
  timeout: duration().optional(),
  retries: retries.optional(),
  fault: fault.optional(),
  mirror: destination.optional(),
  mirrors: z.array(z.strictObject({ destination, percentage: percentage.optional() })).optional(),
  mirrorPercent: int.optional(),
  mirrorPercentage: percentage.optional(),
  corsPolicy: corsPolicy.optional(),
  headers: headers.optional(),
}).superRefine((h, ctx) => {
  const actions = (['route', 'redirect', 'directResponse', 'delegate'] as const).filter((k) => k === 'route' ? (h.route?.length ?? 0) > 0 : h[k] !== undefined);
  if (actions.length === 0) fail(ctx, [], 'an http route needs one of route, redirect, directResponse or delegate');
  if (actions.length > 1) fail(ctx, [actions[1] ?? ''], `an http route can have only one of route, redirect, directResponse or delegate; found ${actions.join(' and ')}`);
  if (h.redirect || h.directResponse) {
    const what = h.redirect ? 'redirect' : 'directResponse';
    if (h.fault) fail(ctx, ['fault'], `fault cannot be combined with ${what}: nothing is forwarded`);
    if (h.rewrite) fail(ctx, ['rewrite'], `rewrite cannot be combined with ${what}: nothing is forwarded`);
  }
  if (h.mirror && h.mirrors) fail(ctx, ['mirrors'], 'set either mirror or mirrors, not both');
  if (h.mirrorPercent !== undefined) {
    if (h.mirrorPercent < 0 || h.mirrorPercent > 100) fail(ctx, ['mirrorPercent'], `mirrorPercent ${h.mirrorPercent} is not in the range 0..100`);
    warn(ctx, ['mirrorPercent'], 'mirrorPercent is deprecated; use mirrorPercentage: {value: N}');
  }
  const route = h.route ?? [];
  if (route.length > 1 && route.reduce((t, r) => t + (r.weight ?? 0), 0) === 0) {
    fail(ctx, ['route'], 'the route weights add up to 0, so no destination gets traffic; give at least one a weight');
  }
  // Rewriting the authority twice (rewrite.authority and a Host header) is ambiguous.
  const setsHost = Object.keys({ ...h.headers?.request?.set, ...h.headers?.request?.add }).some((k) => /^(host|:authority)$/i.test(k));
  if (setsHost && h.rewrite?.authority) fail(ctx, ['headers', 'request'], 'the authority is rewritten twice: by rewrite.authority and by a Host header');
});

export type { HTTPRoute };
