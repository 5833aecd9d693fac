import type { DiffChange } from '../../src/api/admin.js';
import type { MeshResource } from '../../src/mesh/types.js';
import { resourceKey } from '../../src/mesh/types.js';

/** What changed between two sets of resources, by key: the same shape `isthmus diff` reads. */
export type Change = DiffChange;

/** The user-owned part of a resource: what decides whether an apply changes anything. */
export function content(r: MeshResource): string {
  return JSON.stringify({
    apiVersion: r.apiVersion,
    labels: sortKeys(r.metadata.labels ?? {}),
    annotations: sortKeys(r.metadata.annotations ?? {}),
    spec: r.spec,
  });
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] ?? '']));
}

/** Changes that turn `from` into `to` (both keyed by resourceKey). */
export function diffStates(from: ReadonlyMap<string, MeshResource>, to: ReadonlyMap<string, MeshResource>): Change[] {
  const out: Change[] = [];
  for (const [key, after] of to) {
    const before = from.get(key);
    if (!before) out.push({ key, action: 'created', after });
    else if (content(before) !== content(after)) out.push({ key, action: 'configured', before, after });
  }
  for (const [key, before] of from) if (!to.has(key)) out.push({ key, action: 'deleted', before });
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export function keyed(rs: readonly MeshResource[]): Map<string, MeshResource> {
  return new Map(rs.map((r) => [resourceKey(r), r]));
}
