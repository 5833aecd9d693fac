/**
 * `isthmus validate` and the apply-time validator: every problem in every document,
 * with the resource, the Kubernetes field path, what is wrong and how to fix it.
 * Structure comes from zod strict objects (Istio rejects unknown fields); Istio's
 * semantic rules are refinements next to the structure they check.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics.js';
import { parseDocuments, isRecord, type RawDocument } from '../parse.js';
import type { DestinationRuleSpec, MeshResource } from '../types.js';
import { authorizationPolicySpec } from './authorization.js';
import { destinationRuleNamespaceChecks, destinationRuleSpec } from './destinationrule.js';
import { gatewaySpec } from './gateway.js';
import { issueToDiagnostics, pathString } from './issues.js';
import { classify, cleanMetadata, envelopeSchema, metadataKindChecks, metadataSchema } from './meta.js';
import { peerAuthenticationSpec, requestAuthenticationSpec } from './security.js';
import { serviceEntrySpec } from './serviceentry.js';
import { sidecarSpec } from './sidecar.js';
import { virtualServiceSpec } from './virtualservice.js';

export interface ValidateOptions { defaultNamespace?: string }
export interface SkippedDocument { source: string; kind: string; name: string; reason: string }
export interface ValidatedDocuments { resources: MeshResource[]; diagnostics: Diagnostic[]; skipped: SkippedDocument[] }

const SPEC_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Gateway: gatewaySpec,
  VirtualService: virtualServiceSpec,
  DestinationRule: destinationRuleSpec,
  ServiceEntry: serviceEntrySpec,
  Sidecar: sidecarSpec,
  PeerAuthentication: peerAuthenticationSpec,
  RequestAuthentication: requestAuthenticationSpec,
  AuthorizationPolicy: authorizationPolicySpec,
};

interface Outcome { resource?: MeshResource; diagnostics: Diagnostic[]; skipped?: SkippedDocument }

function nameOf(value: Record<string, unknown>): { name?: string; namespace?: string } {
  const m = value.metadata;
  if (!isRecord(m)) return {};
  const out: { name?: string; namespace?: string } = {};
  if (typeof m.name === 'string' && m.name !== '') out.name = m.name;
  if (typeof m.namespace === 'string' && m.namespace !== '') out.namespace = m.namespace;
  return out;
}

function validateOne(value: unknown, index: number, source: string | undefined, opts: ValidateOptions): Outcome {
  const defaultNamespace = opts.defaultNamespace ?? 'default';
  const diagnostics: Diagnostic[] = [];
  let resource = `document ${index}`;
  const push = (path: string, message: string, severity: Diagnostic['severity'] = 'error'): void => {
    const d: Diagnostic = { severity, resource, path, message };
    if (source !== undefined) d.source = source;
    diagnostics.push(d);
  };
  if (!isRecord(value)) {
    push('', `expected a Kubernetes object with apiVersion, kind, metadata and spec, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    return { diagnostics };
  }
  const id = nameOf(value);
  if (typeof value.kind === 'string' && value.kind !== '' && id.name !== undefined) {
    resource = `${value.kind} ${id.namespace ?? defaultNamespace}/${id.name}`;
  }
  const verdicts = classify(value.apiVersion, value.kind);
  for (const v of verdicts) if (v.type === 'error') push(v.path, v.message);
  const verdict = verdicts[0];
  if (verdict?.type === 'skipped') {
    return { diagnostics, skipped: { source: source ?? `document ${index}`, kind: verdict.kind, name: id.name ?? '', reason: verdict.reason } };
  }
  if (verdict?.type !== 'resource') return { diagnostics };

  const issuesOf = (schema: z.ZodType, input: unknown, base: string): Diagnostic[] => {
    const r = schema.safeParse(input, { reportInput: true });
    if (r.success) return [];
    const ctx = source === undefined ? { resource, base, schema } : { resource, base, schema, source };
    return r.error.issues.flatMap((i) => issueToDiagnostics(i, ctx));
  };
  diagnostics.push(...issuesOf(envelopeSchema, value, ''));
  if (value.metadata === undefined) push('metadata', 'metadata is required, with at least a name');
  else diagnostics.push(...issuesOf(metadataSchema, value.metadata, 'metadata'));

  const specSchema = SPEC_SCHEMAS[verdict.kind];
  if (specSchema === undefined) return { diagnostics };
  // A missing spec is an empty one, as the API server stores it (an AuthorizationPolicy
  // with `spec: {}` is Istio's allow-nothing policy).
  const spec: unknown = value.spec ?? {};
  diagnostics.push(...issuesOf(specSchema, spec, 'spec'));

  const meta = metadataSchema.safeParse(value.metadata);
  if (!meta.success) return { diagnostics };
  const metadata = cleanMetadata(meta.data, defaultNamespace);
  for (const c of metadataKindChecks(verdict.kind, metadata, spec)) push(c.path, c.message);
  if (verdict.kind === 'DestinationRule' && diagnostics.every((d) => d.severity !== 'error')) {
    // No errors so far: the spec has DestinationRuleSpec's shape.
    const checks = destinationRuleNamespaceChecks(spec as DestinationRuleSpec, metadata.namespace ?? defaultNamespace);
    for (const c of checks) push(pathString('spec', c.path), c.message);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  // Only warnings (or nothing) remain, so the spec has the shape its schema describes.
  const built = { apiVersion: verdict.apiVersion, kind: verdict.kind, metadata, spec: structuredClone(spec) };
  return { resource: built as MeshResource, diagnostics };
}

/** Validates one resource, as the admin API receives it (already parsed JSON). */
export function validateResource(
  value: unknown,
  opts: ValidateOptions & { source?: string; index?: number } = {},
): { resource?: MeshResource; diagnostics: Diagnostic[] } {
  const out = validateOne(value, opts.index ?? 1, opts.source, opts);
  if (out.skipped) {
    const d: Diagnostic = { severity: 'error', resource: `${out.skipped.kind} ${out.skipped.name}`, path: 'kind', message: `${out.skipped.reason}; it cannot be applied to isthmus` };
    if (opts.source !== undefined) d.source = opts.source;
    return { diagnostics: [...out.diagnostics, d] };
  }
  return out.resource ? { resource: out.resource, diagnostics: out.diagnostics } : { diagnostics: out.diagnostics };
}

export function validateDocuments(docs: RawDocument[], opts: ValidateOptions = {}): ValidatedDocuments {
  const result: ValidatedDocuments = { resources: [], diagnostics: [], skipped: [] };
  const seen = new Map<string, string>();
  for (const doc of docs) {
    const out = validateOne(doc.value, doc.index, doc.source, opts);
    result.diagnostics.push(...out.diagnostics);
    if (out.skipped) result.skipped.push(out.skipped);
    const r = out.resource;
    if (!r) continue;
    const key = `${r.kind} ${r.metadata.namespace ?? 'default'}/${r.metadata.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      // kubectl would apply both in turn, so the later one silently wins.
      result.diagnostics.push({ severity: 'warning', resource: key, path: '', message: `defined again; this definition replaces the one in ${first}`, source: doc.source });
    }
    seen.set(key, doc.source);
    result.resources.push(r);
  }
  return result;
}

export function validateText(text: string, sourceName = 'input', opts: ValidateOptions = {}): ValidatedDocuments {
  const parsed = parseDocuments(text, sourceName);
  const result = validateDocuments(parsed.documents, opts);
  return { ...result, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}
