import type { KeyedMatcher, RouteMatch, StringMatcher } from './snapshot.js';
import { toJsRegExp } from './regex.js';

/** The parts of a request that route matching looks at, read once per request. */
export interface RequestView {
  method: string;
  /** Path without the query, already normalised by URL parsing (RFC 3986 §6). */
  path: string;
  /** Lazily lowercased path, for `ignoreUriCase`. */
  lowerPath(): string;
  scheme: string;
  /** The Host header as sent, port included. */
  authority: string;
  headers: Headers;
  query: URLSearchParams;
}

export type Predicate = (req: RequestView) => boolean;
type StringTest = (value: string) => boolean;

/** Compiles one StringMatch; regexes are compiled here, once, with Envoy's full-match semantics. */
export function stringTest(m: StringMatcher, ignoreCase = false): StringTest {
  switch (m.kind) {
    case 'exact': {
      if (!ignoreCase) return (v) => v === m.value;
      const want = m.value.toLowerCase();
      return (v) => v.toLowerCase() === want;
    }
    case 'prefix': {
      if (!ignoreCase) return (v) => v.startsWith(m.value);
      const want = m.value.toLowerCase();
      return (v) => v.toLowerCase().startsWith(want);
    }
    case 'regex': {
      const re = toJsRegExp(m.value, { anchored: true, ignoreCase });
      return (v) => re.test(v);
    }
  }
}

/** Compiles one match block into a predicate: all its fields must hold. */
export function compileMatch(m: RouteMatch): Predicate {
  const tests: Predicate[] = [];
  if (m.uri) {
    // ignoreUriCase applies to exact and prefix only; Envoy's case_sensitive does not touch safe_regex.
    const t = stringTest(m.uri, m.ignoreUriCase === true && m.uri.kind !== 'regex');
    tests.push((r) => t(r.path));
  }
  if (m.method) { const t = stringTest(m.method); tests.push((r) => t(r.method)); }
  if (m.scheme) { const t = stringTest(m.scheme); tests.push((r) => t(r.scheme)); }
  if (m.authority) { const t = stringTest(m.authority); tests.push((r) => t(r.authority)); }
  for (const h of m.headers ?? []) tests.push(headerTest(h));
  for (const h of m.withoutHeaders ?? []) { const t = headerTest(h); tests.push((r) => !t(r)); }
  for (const q of m.queryParams ?? []) tests.push(queryTest(q));
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] ?? (() => true);
  return (r) => {
    for (const t of tests) if (!t(r)) return false;
    return true;
  };
}

function headerTest(k: KeyedMatcher): Predicate {
  if (!k.match) return (r) => r.headers.has(k.name);
  const t = stringTest(k.match);
  return (r) => { const v = r.headers.get(k.name); return v !== null && t(v); };
}

function queryTest(k: KeyedMatcher): Predicate {
  if (!k.match) return (r) => r.query.has(k.name);
  const t = stringTest(k.match);
  return (r) => { const v = r.query.get(k.name); return v !== null && t(v); };
}

