/** DestinationRule: host, subsets and policies (Istio ValidateDestinationRule). */
import { z } from 'zod';
import type { DestinationRuleSpec, Subset } from '../types.js';
import { exportTo, labels, str, strMap, subsetName } from './common.js';
import { checkWildcardDomain } from './hosts.js';
import { fail, warn } from './issues.js';
import { trafficPolicy } from './trafficpolicy.js';

const subset: z.ZodType<Subset> = z.strictObject({
  name: subsetName,
  labels: labels.optional(),
  trafficPolicy: trafficPolicy.optional(),
});

export const destinationRuleSpec: z.ZodType<DestinationRuleSpec> = z.strictObject({
  host: str,
  trafficPolicy: trafficPolicy.optional(),
  subsets: z.array(subset).optional(),
  exportTo: exportTo(false).optional(),
  workloadSelector: z.strictObject({ matchLabels: strMap.optional() }).optional(),
}).superRefine((dr, ctx) => {
  const bad = checkWildcardDomain(dr.host);
  if (bad) fail(ctx, ['host'], bad);
  const seen = new Map<string, number>();
  (dr.subsets ?? []).forEach((s, k) => {
    const first = seen.get(s.name);
    if (first !== undefined) fail(ctx, ['subsets', k, 'name'], `duplicate subset name "${s.name}" (also subsets[${first}])`);
    else seen.set(s.name, k);
  });
  const sel = dr.workloadSelector;
  if (sel) {
    const entries = Object.entries(sel.matchLabels ?? {});
    if (entries.length === 0) warn(ctx, ['workloadSelector'], 'workload selector has no labels, so it selects every workload in the namespace');
    for (const [k, v] of entries) {
      if (k.includes('*') || v.includes('*')) fail(ctx, ['workloadSelector', 'matchLabels', k], `wildcards are not supported in selectors: "${k}=${v}"`);
    }
  }
});

/** Checks that need the resource's namespace; paths are relative to spec. */
export function destinationRuleNamespaceChecks(dr: DestinationRuleSpec, namespace: string): Array<{ path: Array<string | number>; message: string }> {
  // A DestinationRule that selects workloads applies in its own namespace only (Istio validateExportTo).
  const ex = (dr.exportTo ?? []).map((e) => (e === '.' ? namespace : e));
  if (!dr.workloadSelector || ex.length === 0) return [];
  if (ex.length > 1 || ex[0] !== namespace) {
    return [{ path: ['exportTo'], message: 'a DestinationRule with a workloadSelector can only be exported to its own namespace (".")' }];
  }
  return [];
}
