/**
 * security.istio.io: PeerAuthentication and RequestAuthentication, and the workload
 * targeting they share with AuthorizationPolicy (Istio ValidatePeerAuthentication,
 * ValidateRequestAuthentication, validateJwtRule, validatePolicyTargetReference).
 */
import { z } from 'zod';
import type { JWTRule, PeerAuthenticationSpec, PolicyTargetReference, RequestAuthenticationSpec, WorkloadSelector } from '../types.js';
import { bool, duration, str, strList, workloadSelector } from './common.js';
import { fail } from './issues.js';

/** Kinds a policy may target (Istio allowedTargetRefs; group "" is core). */
const TARGETS = new Set(['/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass']);

export const targetRef: z.ZodType<PolicyTargetReference> = z.strictObject({
  group: str.optional(),
  kind: str,
  name: str,
  namespace: str.optional(),
}).superRefine((t, ctx) => {
  if (t.name === '') fail(ctx, ['name'], 'targetRef needs a name');
  if (t.namespace) fail(ctx, ['namespace'], 'targetRef.namespace must not be set: cross-namespace references are not supported');
  const group = t.group === 'core' ? '' : t.group ?? '';
  if (!TARGETS.has(`${group}/${t.kind}`)) {
    fail(ctx, ['kind'], `targetRef must name a Service, a networking.istio.io ServiceEntry, or a gateway.networking.k8s.io Gateway or GatewayClass; got ${group || 'core'}/${t.kind}`);
  }
});

/** selector, targetRef and targetRefs are alternatives. */
export function checkTargeting(s: { selector?: WorkloadSelector; targetRef?: PolicyTargetReference; targetRefs?: PolicyTargetReference[] }, ctx: z.RefinementCtx): void {
  const set = [s.selector && 'selector', s.targetRef && 'targetRef', s.targetRefs?.length && 'targetRefs'].filter((x): x is string => typeof x === 'string');
  if (set.length > 1) fail(ctx, [set[1] ?? ''], `set only one of selector, targetRef or targetRefs; found ${set.join(' and ')}`);
}

const MTLS = z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);

export const peerAuthenticationSpec: z.ZodType<PeerAuthenticationSpec> = z.strictObject({
  selector: workloadSelector.optional(),
  mtls: z.strictObject({ mode: MTLS.optional() }).optional(),
  portLevelMtls: z.record(z.string(), z.strictObject({ mode: MTLS.optional() })).optional(),
}).superRefine((pa, ctx) => {
  const ports = pa.portLevelMtls;
  if (ports === undefined) return;
  if (Object.keys(pa.selector?.matchLabels ?? {}).length === 0) {
    fail(ctx, ['portLevelMtls'], 'portLevelMtls needs a selector with matchLabels: a mesh- or namespace-wide policy cannot set per-port mTLS');
  }
  if (Object.keys(ports).length === 0) fail(ctx, ['portLevelMtls'], 'portLevelMtls, when set, needs at least one port');
  for (const p of Object.keys(ports)) {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) fail(ctx, ['portLevelMtls', p], `"${p}" is not a port number in the range 1..65535`);
  }
});

function checkJwks(text: string): string | undefined {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) { return `jwks is not valid JSON: ${e instanceof Error ? e.message : String(e)}`; }
  if (typeof doc !== 'object' || doc === null) return 'jwks must be a JSON Web Key Set: {"keys": [...]}';
  if ('keys' in doc) return Array.isArray(doc.keys) ? undefined : 'jwks "keys" must be a list of keys';
  return 'kty' in doc ? undefined : 'jwks must be a JSON Web Key Set: {"keys": [...]}';
}

const jwtRule: z.ZodType<JWTRule> = z.strictObject({
  issuer: str.optional(),
  audiences: strList.optional(),
  jwksUri: str.optional(),
  jwks: str.optional(),
  fromHeaders: z.array(z.strictObject({ name: str, prefix: str.optional() })).optional(),
  fromParams: strList.optional(),
  fromCookies: strList.optional(),
  outputPayloadToHeader: str.optional(),
  forwardOriginalToken: bool.optional(),
  outputClaimToHeaders: z.array(z.strictObject({ header: str, claim: str })).optional(),
  timeout: duration().optional(),
}).superRefine((r, ctx) => {
  if (!r.issuer && !r.jwksUri) fail(ctx, ['issuer'], 'a JWT rule needs an issuer (or at least a jwksUri)');
  // The API says to use only one key source; isthmus refuses the ambiguity.
  if (r.jwks !== undefined && r.jwksUri !== undefined) fail(ctx, ['jwks'], 'set either jwks or jwksUri, not both');
  if (r.jwksUri !== undefined) {
    let scheme = '';
    try { scheme = new URL(r.jwksUri).protocol; } catch { /* reported below */ }
    if (scheme !== 'http:' && scheme !== 'https:') fail(ctx, ['jwksUri'], `jwksUri "${r.jwksUri}" must be an http:// or https:// URL`);
  }
  if (r.jwks !== undefined) { const bad = checkJwks(r.jwks); if (bad) fail(ctx, ['jwks'], bad); }
  (r.audiences ?? []).forEach((a, k) => { if (a === '') fail(ctx, ['audiences', k], 'an audience must not be empty'); });
  (r.fromHeaders ?? []).forEach((h, k) => { if (h.name === '') fail(ctx, ['fromHeaders', k, 'name'], 'a fromHeaders entry needs a header name'); });
  (r.fromParams ?? []).forEach((p, k) => { if (p === '') fail(ctx, ['fromParams', k], 'a query parameter name must not be empty'); });
  (r.fromCookies ?? []).forEach((p, k) => { if (p === '') fail(ctx, ['fromCookies', k], 'a cookie name must not be empty'); });
  (r.outputClaimToHeaders ?? []).forEach((o, k) => {
    if (o.header === '' || o.claim === '') fail(ctx, ['outputClaimToHeaders', k], 'outputClaimToHeaders needs both header and claim');
    else if (!/^[-A-Za-z0-9]+$/.test(o.header)) fail(ctx, ['outputClaimToHeaders', k, 'header'], `"${o.header}" is not a valid header name (letters, digits and "-")`);
  });
});

export const requestAuthenticationSpec: z.ZodType<RequestAuthenticationSpec> = z.strictObject({
  selector: workloadSelector.optional(),
  targetRef: targetRef.optional(),
  targetRefs: z.array(targetRef).optional(),
  jwtRules: z.array(jwtRule).optional(),
}).superRefine((ra, ctx) => checkTargeting(ra, ctx));
