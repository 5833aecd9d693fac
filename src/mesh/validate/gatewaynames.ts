/**
 * Gateway references in VirtualServices: `name`, `namespace/name`, or `mesh` for the
 * sidecars (Istio validateGatewayNames).
 */
import { z } from 'zod';
import { checkFqdn, isDns1123Label } from './hosts.js';
import { fail, warn } from './issues.js';

export function checkGatewayName(name: string): { error?: string; warning?: string } {
  const slash = name.indexOf('/');
  if (slash < 0) {
    const bad = checkFqdn(name);
    if (bad) return { error: `gateway "${name}" is invalid: ${bad}; write "name" or "namespace/name"` };
    if (name.includes('.')) {
      // Istio still reads the old `name.namespace` form but recommends `namespace/name`.
      const [gw = '', ns = ''] = name.split('.');
      return { warning: `gateway "${name}" uses the legacy name.namespace form; prefer "${ns}/${gw}"` };
    }
    return {};
  }
  const ns = name.slice(0, slash);
  const gw = name.slice(slash + 1);
  if (ns === '' || gw === '') return { error: `gateway "${name}": the namespace and the name cannot be empty` };
  if (!isDns1123Label(ns)) return { error: `gateway "${name}": "${ns}" is not a namespace name` };
  if (!isDns1123Label(gw)) return { error: `gateway "${name}": "${gw}" is not a gateway name (an RFC 1123 label)` };
  return {};
}

export const gatewayNames = z.array(z.string()).superRefine((list, ctx) => {
  list.forEach((g, k) => {
    const r = checkGatewayName(g);
    if (r.error) fail(ctx, [k], r.error);
    if (r.warning) warn(ctx, [k], r.warning);
  });
});
