import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import type { RegistryDelta, RegistryState } from './registry.js';

/** Registry payloads come from the bridge or a file: checked as strictly as Istio config. */
const dns1123 = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, "-")');
const port = z.number().int().min(1).max(65535);

const servicePort = z.strictObject({
  name: z.string().min(1),
  port,
  targetPort: port.optional(),
  protocol: z.string().optional(),
});

const endpoint = z.strictObject({
  address: z.string().min(1),
  ports: z.record(z.string(), port).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  serviceAccount: z.string().optional(),
  name: z.string().optional(),
  ready: z.boolean().optional(),
});

const service = z.strictObject({
  name: dns1123,
  namespace: dns1123,
  hostname: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  ports: z.array(servicePort),
  endpoints: z.array(endpoint),
});

const stateSchema = z.strictObject({ services: z.array(service) });
const deltaSchema = z.strictObject({
  upsert: z.array(service).optional(),
  delete: z.array(z.strictObject({ name: dns1123, namespace: dns1123 })).optional(),
});

export type Checked<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): Checked<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    diagnostics: r.error.issues.map((i) => ({
      severity: 'error' as const,
      resource: what,
      path: i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n === 0 ? '' : '.'}${String(p)}`)).join(''),
      message: i.message,
    })),
  };
}

export const checkRegistryState = (v: unknown): Checked<RegistryState> => check(stateSchema, v, 'registry state');
export const checkRegistryDelta = (v: unknown): Checked<RegistryDelta> => check(deltaSchema, v, 'registry delta');
