/**
 * A diagnostic names one problem: which resource, which field, what is wrong and,
 * where we know it, how to fix it. Validation returns all of them, never just the first.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** `VirtualService default/reviews`, or `document 3` when the document has no usable identity. */
  resource: string;
  /** Field path in the resource, `spec.http[0].match[1].uri.regex`; empty for the whole resource. */
  path: string;
  message: string;
  /** Where the document came from: `file.yaml#2` (the 1-based document index). */
  source?: string;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** One line per diagnostic, as `isthmus validate` and the apply errors print them. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? `${d.resource}: ${d.path}` : d.resource;
  const src = d.source ? ` (${d.source})` : '';
  return `${d.severity}: ${where}: ${d.message}${src}`;
}

/** Joins path segments the way Kubernetes field paths read: `spec.http[0].route`. */
export function joinPath(base: string, seg: string | number): string {
  if (typeof seg === 'number') return `${base}[${seg}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) return `${base}[${JSON.stringify(seg)}]`;
  return base ? `${base}.${seg}` : seg;
}
