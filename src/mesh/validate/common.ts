/**
 * Building blocks shared by every kind: numbers with Istio's ranges, Go durations,
 * percentages, labels, StringMatch, Destination, header operations, exportTo and
 * the workload selector. Structure is zod; the rules are hand-written refinements.
 */
import { z } from 'zod';
import { backtrackingRisks, checkRe2 } from '../regex.js';
import type { Destination, HeaderOperations, Headers, Percent, StringMatch, WorkloadSelector } from '../types.js';
import { checkLabel, checkWildcardDomain, isDns1123Label } from './hosts.js';
import { fail, warn } from './issues.js';

export const str = z.string();
export const bool = z.boolean();
export const int = z.number().int();
export const strList = z.array(z.string());
export const strMap = z.record(z.string(), z.string());

export const nonNegative = int.superRefine((n, ctx) => {
  if (n < 0) fail(ctx, [], `must not be negative, got ${n}`);
});

export function checkPort(n: number): string | undefined {
  return n >= 1 && n <= 65535 ? undefined : `port number ${n} must be in the range 1..65535`;
}

export const portNumber = int.superRefine((n, ctx) => {
  const bad = checkPort(n);
  if (bad) fail(ctx, [], bad);
});

/** Integer percent fields such as maxEjectionPercent (Istio ValidatePercent). */
export const percentInt = int.superRefine((n, ctx) => {
  if (n < 0 || n > 100) fail(ctx, [], `percentage ${n} is not in the range 0..100`);
});

/** `{ value: 12.5 }`: 0, or 0.0001..100 (Istio validatePercentage). */
export const percentage: z.ZodType<Percent> = z.strictObject({ value: z.number().optional() }).superRefine((p, ctx) => {
  const v = p.value ?? 0;
  if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
    fail(ctx, ['value'], `percentage ${v} is neither 0 nor in the range 0.0001..100`);
  }
});

const DURATION_PART = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;
const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration grammar (what Istio's CRDs accept): nanoseconds, or undefined. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) { sign = s.startsWith('-') ? -1 : 1; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    DURATION_PART.lastIndex = pos;
    const m = DURATION_PART.exec(s);
    const num = m?.[1];
    const unit = m?.[2];
    if (!m || num === undefined || unit === undefined || !/\d/.test(num)) return undefined;
    total += Number(num) * (UNIT_NS[unit] ?? 0);
    pos = DURATION_PART.lastIndex;
  }
  return sign * total;
}

const DURATION_HINT = 'write a Go duration such as 1s, 0.5s, 100ms, 1m or 1h30m';

/**
 * A duration Istio passes to Envoy (agent.ValidateDuration): at least 1ms and whole
 * milliseconds. `allowZero` is for fields where 0s means "disabled".
 */
export function duration(opts: { allowZero?: boolean; wholeSeconds?: boolean } = {}): z.ZodType<string> {
  return str.superRefine((text, ctx) => {
    const ns = parseGoDuration(text);
    if (ns === undefined) { fail(ctx, [], `"${text}" is not a duration; ${DURATION_HINT}`); return; }
    if (ns === 0 && opts.allowZero) return;
    if (ns < 1e6) fail(ctx, [], `duration "${text}" must be at least 1ms`);
    else if (ns % 1e6 !== 0) fail(ctx, [], `duration "${text}" is finer than a millisecond; Envoy takes whole milliseconds`);
    else if (opts.wholeSeconds && ns % 1e9 !== 0) fail(ctx, [], `duration "${text}" must be whole seconds`);
  });
}

export const labels = strMap.superRefine((m, ctx) => {
  for (const [k, v] of Object.entries(m)) {
    const bad = checkLabel(k, v);
    if (bad) fail(ctx, [k], bad);
  }
});

export const subsetName = str.superRefine((s, ctx) => {
  if (s === '') fail(ctx, [], 'subset name cannot be empty');
  else if (!isDns1123Label(s)) fail(ctx, [], `subset name "${s}" is invalid: use an RFC 1123 label such as "v1" (letters, digits and "-")`);
});

/** Reasons a StringMatch regex is unusable; shared with uriRegexRewrite.match. */
export function regexProblems(re: string): string[] {
  if (re === '') return ['regex must not be empty'];
  // Istio caps the length because Envoy's RE2 program size limit grows with it.
  if (re.length > 1024) return ['regex is too long: Istio allows at most 1024 characters'];
  return checkRe2(re);
}

export type MatchWhere = 'uri' | 'scheme' | 'method' | 'authority' | 'header' | 'query' | 'cors';

/**
 * StringMatch is a proto oneof: at most one of exact, prefix, regex. In headers and
 * queryParams an empty `{}` checks that the key is present (Istio HTTPMatchRequest docs).
 */
export function stringMatch(where: MatchWhere): z.ZodType<StringMatch> {
  return z.strictObject({ exact: str.optional(), prefix: str.optional(), regex: str.optional() }).superRefine((m, ctx) => {
    const set = (['exact', 'prefix', 'regex'] as const).filter((k) => m[k] !== undefined);
    if (set.length > 1) fail(ctx, [], `set only one of exact, prefix or regex; found ${set.join(' and ')}`);
    if (set.length === 0 && (where !== 'header' && where !== 'query')) {
      fail(ctx, [], 'set one of exact, prefix or regex');
    }
    if (m.prefix !== undefined && where === 'query') {
      // Istio's docs call this unsupported, yet its validation lets it through; Envoy honours it, and so do we.
      warn(ctx, ['prefix'], 'Istio documents prefix as unsupported for queryParams; isthmus matches it as a prefix, but Istio proxies may not');
    } else if (m.prefix === '' && where !== 'uri') {
      fail(ctx, ['prefix'], 'prefix must not be empty; to match any value use regex ".*", or {} to test presence');
    }
    if (where === 'cors' && (m.exact === '' || (set.length === 0))) fail(ctx, [], 'an allowOrigins entry needs a non-empty exact, prefix or regex');
    if (m.regex !== undefined) {
      const problems = regexProblems(m.regex);
      for (const p of problems) fail(ctx, ['regex'], p);
      if (problems.length === 0) for (const r of backtrackingRisks(m.regex)) warn(ctx, ['regex'], r);
    }
  });
}

export const portSelector = z.strictObject({ number: portNumber.optional() });

export const destination: z.ZodType<Destination> = z.strictObject({
  host: str,
  subset: subsetName.optional(),
  port: portSelector.optional(),
}).superRefine((d, ctx) => {
  if (d.host === '*') fail(ctx, ['host'], 'destination host cannot be "*"; name a service, e.g. "reviews" or "reviews.default.svc.cluster.local"');
  else {
    const bad = checkWildcardDomain(d.host);
    if (bad) fail(ctx, ['host'], bad);
  }
});

/** Envoy header values: no control characters, and `%` starts a %COMMAND% or is doubled. */
export function checkHeaderValue(v: string): string | undefined {
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) return 'header value contains a control character';
  for (let k = 0; k < v.length; k++) {
    if (v[k] !== '%') continue;
    if (v[k + 1] === '%') { k++; continue; }
    let depth = 0;
    let end = -1;
    for (let j = k + 1; j < v.length; j++) {
      if (v[j] === '(') depth++;
      else if (v[j] === ')') depth--;
      else if (v[j] === '%' && depth <= 0) { end = j; break; }
    }
    if (end < 0 || !/^[A-Z_]/.test(v.slice(k + 1, end))) {
      return `header value ${JSON.stringify(v)} has a lone "%": write "%%" for a percent sign, or a %COMMAND% such as %HOSTNAME%`;
    }
    k = end;
  }
  return undefined;
}

function headerOps(side: 'request' | 'response'): z.ZodType<HeaderOperations> {
  return z.strictObject({ set: strMap.optional(), add: strMap.optional(), remove: strList.optional() }).superRefine((o, ctx) => {
    const name = (op: string, n: string, canSetAuthority: boolean): void => {
      if (n === '') fail(ctx, [op], 'header name cannot be empty');
      else if (/^host$/i.test(n) && !canSetAuthority) fail(ctx, [op, n], `cannot ${op} the Host header here; use rewrite.authority`);
      else if (n.startsWith(':') && !(canSetAuthority && n.toLowerCase() === ':authority')) {
        fail(ctx, [op, n], `invalid header "${n}": a header name cannot start with ":"`);
      }
    };
    for (const op of ['set', 'add'] as const) {
      for (const [n, v] of Object.entries(o[op] ?? {})) {
        name(op, n, side === 'request');
        const bad = checkHeaderValue(v);
        if (bad) fail(ctx, [op, n], bad);
      }
    }
    (o.remove ?? []).forEach((n, k) => name(`remove[${k}]`, n, false));
  });
}

export const headers: z.ZodType<Headers> = z.strictObject({ request: headerOps('request').optional(), response: headerOps('response').optional() });

/** Security kinds select workloads by matchLabels (type.v1beta1.WorkloadSelector). */
export const workloadSelector: z.ZodType<WorkloadSelector> = z.strictObject({ matchLabels: strMap.optional() }).superRefine((s, ctx) => {
  const entries = Object.entries(s.matchLabels ?? {});
  if (entries.length === 0) warn(ctx, [], 'workload selector has no labels, so it selects every workload in the namespace');
  for (const [k, v] of entries) {
    if (k === '') fail(ctx, ['matchLabels'], 'an empty label key is not allowed in a selector');
    if (k.includes('*') || v.includes('*')) fail(ctx, ['matchLabels', k], `wildcards are not supported in selectors: "${k}=${v}"`);
  }
});

/** exportTo: ".", "*", namespace names, and "~" for ServiceEntries (Istio validateExportTo). */
export function exportTo(isServiceEntry: boolean): z.ZodType<string[]> {
  return strList.superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, k) => {
      if (seen.has(e)) fail(ctx, [k], `duplicate entry "${e}" in exportTo`);
      seen.add(e);
      if (e === '~' && !isServiceEntry) fail(ctx, [k], '"~" (export to nobody) is only allowed on ServiceEntries');
      else if (e !== '.' && e !== '*' && e !== '~' && !isDns1123Label(e)) fail(ctx, [k], `"${e}" is not ".", "*" or a namespace name`);
    });
    if (seen.has('*') && list.length > 1) fail(ctx, [], 'cannot combine public (*) with other exportTo values');
    if (seen.has('~') && list.length > 1) fail(ctx, [], 'cannot export to nobody (~) and to someone');
  });
}

/** An Istio field isthmus does not implement yet: refused by name rather than ignored. */
export function notYet(what: string): z.ZodOptional<z.ZodCustom<never>> {
  return z.custom<never>(() => false, { message: `${what} is not supported by isthmus yet` }).optional();
}
