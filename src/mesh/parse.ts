import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/** One document out of a multi-document YAML or JSON stream. */
export interface RawDocument {
  /** 1-based position in the stream, for messages. */
  index: number;
  source: string;
  value: unknown;
}

export interface ParseResult { documents: RawDocument[]; diagnostics: Diagnostic[] }

/**
 * Splits multi-document YAML (JSON is YAML too) into documents. Empty documents
 * (`---` at the end, comment-only blocks) are dropped; syntax errors are reported
 * with their line, and the rest of the stream is still read.
 */
export function parseDocuments(text: string, sourceName = 'input'): ParseResult {
  const documents: RawDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const index = i + 1;
    const source = `${sourceName}#${index}`;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const line = e.linePos?.[0]?.line;
        diagnostics.push({
          severity: 'error',
          resource: `document ${index}`,
          path: '',
          message: `YAML syntax error${line ? ` at line ${line}` : ''}: ${e.message.split('\n')[0]}`,
          source,
        });
      }
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    // A `kind: List` (kubectl get -o yaml output) carries its documents in items.
    if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item: unknown) => documents.push({ index, source, value: item }));
      return;
    }
    documents.push({ index, source, value });
  });
  return { documents, diagnostics };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
