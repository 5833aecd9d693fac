/** AuthorizationPolicy (Istio ValidateAuthorizationPolicy, pkg/config/security ValidateAttribute). */
import { z } from 'zod';
import type { AuthorizationPolicySpec, AuthzCondition, AuthzOperation, AuthzSource } from '../types.js';
import { notYet, str, strList, workloadSelector } from './common.js';
import { checkIPOrCidr } from './hosts.js';
import { fail, warn } from './issues.js';
import { checkTargeting, targetRef } from './security.js';

type Path = Array<string | number>;

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;

const source: z.ZodType<AuthzSource> = z.strictObject({
  ...Object.fromEntries(SOURCE_FIELDS.map((f) => [f, strList.optional()])) as Record<(typeof SOURCE_FIELDS)[number], z.ZodOptional<typeof strList>>,
  serviceAccounts: notYet('source.serviceAccounts'),
  notServiceAccounts: notYet('source.notServiceAccounts'),
});

const operation: z.ZodType<AuthzOperation> = z.strictObject(
  Object.fromEntries(OPERATION_FIELDS.map((f) => [f, strList.optional()])) as Record<(typeof OPERATION_FIELDS)[number], z.ZodOptional<typeof strList>>,
);

const condition: z.ZodType<AuthzCondition> = z.strictObject({ key: str, values: strList.optional(), notValues: strList.optional() });

function checkPortValue(p: string): string | undefined {
  return /^\d+$/.test(p) && Number(p) <= 65535 ? undefined : `"${p}" is not a port number in the range 0..65535`;
}

/** Istio matches `*` only as a prefix, a suffix, or the whole value; elsewhere it is literal. */
function checkWildcardPosition(v: string): string | undefined {
  const inner = v.slice(1, -1);
  return inner.includes('*') ? `"${v}" has a "*" in the middle, which matches a literal "*"; a wildcard works only at the start or the end` : undefined;
}

/** `{*}` and `{**}` path templates (Istio CheckValidPathTemplate). */
function checkPathTemplate(path: string): string | undefined {
  if (!path.includes('{')) return checkWildcardPosition(path);
  let sawAny = false;
  for (const glob of path.replace(/^\/+|\/+$/g, '').split('/')) {
    if ((glob === '{*}' || glob === '{**}') && !sawAny) { sawAny = glob === '{**}'; continue; }
    if (glob === '{*}' || glob === '{**}') return `path "${path}": {**} must be the last template operator`;
    if (/[{}]/.test(glob)) return `path "${path}": "{" and "}" are only allowed as {*} or {**} segments`;
    if (!/^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/.test(glob)) return `path "${path}": segment "${glob}" is not a valid path literal`;
  }
  return undefined;
}

/** Supported `when` keys (Istio docs: Authorization Policy Conditions). */
function checkConditionKey(key: string, values: readonly string[]): string | undefined {
  const mapKey = (prefix: string): string | undefined =>
    new RegExp(`^${prefix.replace(/\./g, '\\.')}\\[.+\\]$`).test(key) ? undefined : `bad key "${key}": write it as ${prefix}[name]`;
  if (key.startsWith('request.headers')) return mapKey('request.headers');
  if (key.startsWith('request.experimental.inline.headers')) return mapKey('request.experimental.inline.headers');
  if (key.startsWith('request.auth.claims')) return mapKey('request.auth.claims');
  if (key.startsWith('experimental.envoy.filters.')) return /\[.+\]$/.test(key) ? undefined : `bad key "${key}": write it as ${key}[name]`;
  if (['source.ip', 'remote.ip', 'destination.ip'].includes(key)) return values.map(checkIPOrCidr).find((x) => x !== undefined);
  if (key === 'destination.port') return values.map(checkPortValue).find((x) => x !== undefined);
  if (['source.namespace', 'source.principal', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'connection.sni'].includes(key)) return undefined;
  if (key === 'source.serviceAccount') return 'source.serviceAccount is not supported by isthmus yet';
  if (key === 'destination.namespace') return 'destination.namespace is replaced by metadata.namespace';
  if (key.startsWith('destination.labels')) return 'destination.labels is replaced by the workload selector';
  if (key === 'destination.name' || key === 'destination.user') return `${key} was only supported in the old v1alpha1 API`;
  return `unknown condition key "${key}"; see https://istio.io/latest/docs/reference/config/security/conditions/`;
}

function checkRule(rule: NonNullable<AuthorizationPolicySpec['rules']>[number], at: Path, action: string, ctx: z.RefinementCtx): void {
  if (rule.from !== undefined && rule.from.length === 0) fail(ctx, [...at, 'from'], '`from` must not be empty; remove it to match any source');
  if (rule.to !== undefined && rule.to.length === 0) fail(ctx, [...at, 'to'], '`to` must not be empty; remove it to match any operation');
  // Istio warns when a DENY rule can only be decided on HTTP attributes: on a TCP port
  // the rule then matches everything (fromRuleExist/tcpRulesInFrom in validation.go).
  let fromExists = false; let tcpInFrom = false; let toExists = false; let tcpInTo = false;
  (rule.from ?? []).forEach((f, k) => {
    const src = f.source;
    if (!src) { fail(ctx, [...at, 'from', k, 'source'], '`from` entries need a source'); return; }
    if (SOURCE_FIELDS.every((x) => (src[x] ?? []).length === 0)) fail(ctx, [...at, 'from', k, 'source'], 'source must not be empty');
    for (const x of SOURCE_FIELDS) {
      (src[x] ?? []).forEach((v, j) => {
        const p = [...at, 'from', k, 'source', x, j];
        if (v === '') { fail(ctx, p, `empty value not allowed in ${x}`); return; }
        const bad = x.toLowerCase().includes('ipblocks') ? checkIPOrCidr(v) : checkWildcardPosition(v);
        if (bad && x.toLowerCase().includes('ipblocks')) fail(ctx, p, bad); else if (bad) warn(ctx, p, bad);
      });
    }
    if (action === 'CUSTOM') {
      for (const x of ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces'] as const) {
        if (src[x]?.length) fail(ctx, [...at, 'from', k, 'source', x], `${x} is not supported with the CUSTOM action`);
      }
    }
    fromExists = true;
    tcpInFrom ||= SOURCE_FIELDS.some((x) => x !== 'requestPrincipals' && x !== 'notRequestPrincipals' && src[x] !== undefined);
  });
  (rule.to ?? []).forEach((t, k) => {
    const op = t.operation;
    if (!op) { fail(ctx, [...at, 'to', k, 'operation'], '`to` entries need an operation'); return; }
    if (OPERATION_FIELDS.every((x) => (op[x] ?? []).length === 0)) fail(ctx, [...at, 'to', k, 'operation'], 'operation must not be empty');
    for (const x of OPERATION_FIELDS) {
      (op[x] ?? []).forEach((v, j) => {
        const p = [...at, 'to', k, 'operation', x, j];
        if (v === '') { fail(ctx, p, `empty value not allowed in ${x}`); return; }
        if (x === 'ports' || x === 'notPorts') { const bad = checkPortValue(v); if (bad) fail(ctx, p, bad); }
        else if (x === 'paths' || x === 'notPaths') { const bad = checkPathTemplate(v); if (bad) (v.includes('{') ? fail : warn)(ctx, p, bad); }
        else if (x === 'hosts' || x === 'notHosts') { const bad = checkWildcardPosition(v); if (bad) warn(ctx, p, bad); }
      });
    }
    toExists = true;
    tcpInTo ||= op.ports !== undefined || op.notPorts !== undefined;
  });
  (rule.when ?? []).forEach((c, k) => {
    const p = [...at, 'when', k];
    if (c.key === '') { fail(ctx, [...p, 'key'], 'a condition needs a key'); return; }
    if ((c.values ?? []).length === 0 && (c.notValues ?? []).length === 0) { fail(ctx, p, `condition "${c.key}" needs values or notValues`); return; }
    if ([...(c.values ?? []), ...(c.notValues ?? [])].some((v) => v === '')) fail(ctx, p, `empty value not allowed for "${c.key}"`);
    const bad = checkConditionKey(c.key, [...(c.values ?? []), ...(c.notValues ?? [])]);
    if (bad) fail(ctx, [...p, 'key'], bad);
    if (action === 'CUSTOM' && (['source.namespace', 'source.principal'].includes(c.key) || c.key.startsWith('request.auth.'))) {
      fail(ctx, [...p, 'key'], `${c.key} is not supported with the CUSTOM action`);
    }
  });
  if (action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    warn(ctx, at, 'this DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports in scope; name the ports to limit it');
  }
}

export const authorizationPolicySpec: z.ZodType<AuthorizationPolicySpec> = z.strictObject({
  selector: workloadSelector.optional(),
  targetRef: targetRef.optional(),
  targetRefs: z.array(targetRef).optional(),
  rules: z.array(z.strictObject({
    from: z.array(z.strictObject({ source: source.optional() })).optional(),
    to: z.array(z.strictObject({ operation: operation.optional() })).optional(),
    when: z.array(condition).optional(),
  })).optional(),
  action: z.enum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']).optional(),
  provider: z.strictObject({ name: str }).optional(),
}).superRefine((ap, ctx) => {
  checkTargeting(ap, ctx);
  const action = ap.action ?? 'ALLOW';
  if (action === 'CUSTOM') {
    if (ap.rules === undefined) fail(ctx, ['rules'], 'a CUSTOM policy without rules never triggers; add an empty rule {} to apply it to every request');
    else if (!ap.provider?.name) fail(ctx, ['provider', 'name'], 'a CUSTOM policy needs provider.name (an extension provider from the mesh config)');
  } else if (ap.provider !== undefined) {
    fail(ctx, ['provider'], `provider is only allowed with action CUSTOM, not ${action}`);
  }
  if (action === 'DENY' && ap.rules === undefined) fail(ctx, ['rules'], 'a DENY policy without rules never triggers; add an empty rule {} to deny every request');
  (ap.rules ?? []).forEach((r, k) => checkRule(r, ['rules', k], action, ctx));
});
