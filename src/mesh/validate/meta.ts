/**
 * The Kubernetes envelope around every resource: apiVersion and kind (which decide how the
 * document is treated), metadata, and the fields allowed beside spec.
 */
import { z } from 'zod';
import { KINDS, KUBERNETES_KINDS, NOT_YET_SUPPORTED, lookupKind, type KindInfo } from '../kinds.js';
import type { ObjectMeta } from '../types.js';
import { int, labels, str, strMap } from './common.js';
import { isDns1123Label, isK8sLabel, isK8sSubdomain } from './hosts.js';
import { fail } from './issues.js';

export type Classified =
  | { type: 'resource'; info: KindInfo; apiVersion: string; kind: string }
  | { type: 'skipped'; kind: string; reason: string }
  | { type: 'error'; path: string; message: string };

const SERVED = KINDS.map((k) => k.kind).join(', ');

/** Decides from apiVersion and kind whether a document is ours, someone else's, or wrong. */
export function classify(apiVersion: unknown, kind: unknown): Classified[] {
  const out: Classified[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    out.push({ type: 'error', path: 'apiVersion', message: 'apiVersion is required, e.g. "networking.istio.io/v1"' });
  }
  if (typeof kind !== 'string' || kind === '') {
    out.push({ type: 'error', path: 'kind', message: `kind is required, e.g. "VirtualService"; isthmus serves ${SERVED}` });
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || out.length > 0) return out;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const notYet = NOT_YET_SUPPORTED.get(`${group}/${kind}`);
  if (notYet !== undefined) return [{ type: 'error', path: 'kind', message: `kind ${kind} is not supported yet: ${notYet}` }];
  if (KUBERNETES_KINDS.has(kind) && !group.endsWith('.istio.io')) {
    return [{ type: 'skipped', kind, reason: 'Kubernetes resource; isthmus learns services from the registry' }];
  }
  const info = KINDS.find((k) => k.kind === kind);
  if (info === undefined) {
    const guess = lookupKind(kind);
    const hint = guess ? `; did you mean "${guess.kind}"?` : `; isthmus serves ${SERVED}`;
    return [{ type: 'error', path: 'kind', message: `unknown kind "${kind}" (apiVersion ${apiVersion})${hint}` }];
  }
  const served = info.versions.map((v) => `${info.group}/${v}`);
  if (group !== info.group) {
    return [{ type: 'error', path: 'apiVersion', message: `${kind} belongs to ${info.group}, not ${group || 'the core group'}; use one of ${served.join(', ')}` }];
  }
  if (!info.versions.includes(version)) {
    return [{ type: 'error', path: 'apiVersion', message: `apiVersion ${apiVersion} is not served for ${kind}; use one of ${served.join(', ')}` }];
  }
  return [{ type: 'resource', info, apiVersion, kind }];
}

/** Fields the API server manages; accepted so `kubectl get -o yaml` output applies, then dropped. */
const SERVER_MANAGED = ['managedFields', 'ownerReferences', 'finalizers', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'] as const;

export const metadataSchema = z.strictObject({
  name: str,
  namespace: str.optional(),
  labels: labels.optional(),
  annotations: strMap.optional(),
  resourceVersion: str.optional(),
  generation: int.optional(),
  creationTimestamp: str.optional(),
  uid: str.optional(),
  ...Object.fromEntries(SERVER_MANAGED.map((f) => [f, z.unknown().optional()])),
}).superRefine((m, ctx) => {
  if (m.name === '') fail(ctx, ['name'], 'metadata.name must not be empty');
  else if (!isK8sSubdomain(m.name)) {
    fail(ctx, ['name'], `name "${m.name}" is not a valid Kubernetes name: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (RFC 1123 subdomain)`);
  }
  if (m.namespace !== undefined && !isK8sLabel(m.namespace)) {
    fail(ctx, ['namespace'], `namespace "${m.namespace}" is not a valid namespace name: use lower-case letters, digits and "-" (RFC 1123 label)`);
  }
});

export const envelopeSchema = z.strictObject({
  apiVersion: z.unknown().optional(),
  kind: z.unknown().optional(),
  metadata: z.unknown().optional(),
  spec: z.unknown().optional(),
  status: z.unknown().optional(), // written by controllers; accepted and dropped
});

/** Kind-specific rules on metadata (Istio ValidateGateway, checkDryRunAnnotation). */
export function metadataKindChecks(kind: string, meta: ObjectMeta, spec: unknown): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (kind === 'Gateway' && !isDns1123Label(meta.name)) {
    out.push({ path: 'metadata.name', message: `Gateway name "${meta.name}" must be an RFC 1123 label (no dots), because VirtualServices refer to it as namespace/name` });
  }
  const dryRun = meta.annotations?.['istio.io/dry-run'];
  if (dryRun !== undefined) {
    const action = typeof spec === 'object' && spec !== null && 'action' in spec ? spec.action : undefined;
    if (kind !== 'AuthorizationPolicy') out.push({ path: 'metadata.annotations["istio.io/dry-run"]', message: 'the istio.io/dry-run annotation is only supported on AuthorizationPolicy' });
    else if (action !== undefined && action !== 'ALLOW' && action !== 'DENY') out.push({ path: 'metadata.annotations["istio.io/dry-run"]', message: 'istio.io/dry-run only works with action ALLOW or DENY' });
    else if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(dryRun)) out.push({ path: 'metadata.annotations["istio.io/dry-run"]', message: `istio.io/dry-run must be true or false, got "${dryRun}"` });
  }
  return out;
}

/** The metadata a stored resource keeps: server-managed fields dropped, namespace filled in. */
export function cleanMetadata(m: z.infer<typeof metadataSchema>, defaultNamespace: string): ObjectMeta {
  const out: ObjectMeta = { name: m.name, namespace: m.namespace ?? defaultNamespace };
  if (m.labels !== undefined) out.labels = m.labels;
  if (m.annotations !== undefined) out.annotations = m.annotations;
  if (m.resourceVersion !== undefined) out.resourceVersion = m.resourceVersion;
  if (m.generation !== undefined) out.generation = m.generation;
  if (m.creationTimestamp !== undefined) out.creationTimestamp = m.creationTimestamp;
  if (m.uid !== undefined) out.uid = m.uid;
  return out;
}
