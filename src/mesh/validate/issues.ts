/**
 * Turns zod issues into diagnostics a person can act on: Kubernetes-style field paths,
 * `unknown field "foo"` instead of zod's wording, and warnings kept apart from errors.
 */
import type { z } from 'zod';
import { joinPath, type Diagnostic, type Severity } from '../diagnostics.js';
import { isRecord } from '../parse.js';

type PathSeg = string | number;

/** Semantic checks report through these; a warning never blocks an apply. */
export function fail(ctx: z.RefinementCtx, path: PathSeg[], message: string): void {
  ctx.addIssue({ code: 'custom', message, path });
}

export function warn(ctx: z.RefinementCtx, path: PathSeg[], message: string): void {
  ctx.addIssue({ code: 'custom', message, path, params: { severity: 'warning' } });
}

export function pathString(base: string, segs: readonly PropertyKey[]): string {
  return segs.reduce<string>((p, s) => joinPath(p, typeof s === 'number' ? s : String(s)), base);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the fraction ${v}`;
  return `${typeof v} ${String(v)}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object (a map of fields)',
  record: 'a map of keys to values',
  array: 'a list',
  never: 'nothing',
};

/** The fields a schema knows at `path`, for "did you mean" hints; walks zod 4 defs. */
function knownKeys(schema: unknown, path: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  const step = (s: unknown): unknown => {
    // Unwraps optional/nullable/default wrappers; stops at objects, arrays and records.
    let x = s;
    for (let k = 0; k < 8 && isRecord(x) && isRecord(x.def); k++) {
      const def = x.def;
      if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else break;
    }
    return x;
  };
  for (const seg of path) {
    cur = step(cur);
    if (!isRecord(cur) || !isRecord(cur.def)) return [];
    const def = cur.def;
    if (def.type === 'object' && isRecord(def.shape)) cur = def.shape[String(seg)];
    else if (def.type === 'array') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else return [];
  }
  cur = step(cur);
  if (isRecord(cur) && isRecord(cur.def) && cur.def.type === 'object' && isRecord(cur.def.shape)) return Object.keys(cur.def.shape);
  return [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

function suggestion(key: string, known: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestD) { best = k; bestD = d; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 4)) ? `; did you mean "${best}"?` : '';
}

export interface IssueContext { resource: string; source?: string; base: string; schema: unknown }

/** One zod issue becomes one diagnostic, or one per key for unknown fields. */
export function issueToDiagnostics(issue: z.core.$ZodIssue, c: IssueContext): Diagnostic[] {
  const make = (path: string, message: string, severity: Severity = 'error'): Diagnostic => {
    const d: Diagnostic = { severity, resource: c.resource, path, message };
    if (c.source !== undefined) d.source = c.source;
    return d;
  };
  const path = pathString(c.base, issue.path);
  const last = issue.path[issue.path.length - 1];
  const field = last === undefined ? 'value' : typeof last === 'number' ? `item ${last}` : `"${String(last)}"`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(c.schema, issue.path);
      return issue.keys.map((k) => make(
        pathString(path, [k]),
        `unknown field "${k}"${suggestion(k, known)}; Istio rejects fields its schema does not define`,
      ));
    }
    case 'invalid_type': {
      if (issue.input === undefined) return [make(path, `${field} is required`)];
      const want = EXPECTED[issue.expected] ?? issue.expected;
      return [make(path, `expected ${want}, got ${describe(issue.input)}`)];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v)).join(', ');
      return [make(path, `${describe(issue.input)} is not allowed; use one of: ${allowed}`)];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return [make(path, min <= 1 ? 'must not be empty' : `must have at least ${min} items`)];
      if (issue.origin === 'string') return [make(path, 'must not be empty')];
      return [make(path, `must be ${issue.inclusive ? 'at least' : 'greater than'} ${min}, got ${describe(issue.input)}`)];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return [make(path, `must have at most ${max} items`)];
      return [make(path, `must be ${issue.inclusive ? 'at most' : 'less than'} ${max}, got ${describe(issue.input)}`)];
    }
    case 'custom': {
      const severity: Severity = issue.params?.severity === 'warning' ? 'warning' : 'error';
      return [make(path, issue.message, severity)];
    }
    default:
      return [make(path, issue.message)];
  }
}
