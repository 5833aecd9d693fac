import { stringify } from 'yaml';
import { kindByKind } from '../mesh/kinds.js';
import type { KubeObject } from './api.js';

/** YAML as kubectl writes it: block style, list items flush with their key, no folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}

/** JSON as kubectl writes it: four-space indent, trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** kubectl's `get -o yaml` of several objects: one `kind: List`. */
export function asList(items: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `virtualservice.networking.istio.io`: how kubectl names a kind in its messages. */
export function kindRef(kind: string): string {
  const k = kindByKind(kind);
  return k ? `${k.kind.toLowerCase()}.${k.group}` : kind.toLowerCase();
}

/** `virtualservice.networking.istio.io/reviews`: kubectl's `-o name`. */
export function nameRef(kind: string, name: string): string {
  return `${kindRef(kind)}/${name}`;
}

/** Columns padded to their widest cell, three spaces apart, as kubectl's tabwriter does. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd();
  return `${[headers, ...rows].map(line).join('\n')}\n`;
}

/**
 * A duration the way kubectl's AGE column shows it (apimachinery's HumanDuration):
 * precise while short, coarser as it grows: 45s, 5m30s, 95m, 3h20m, 30h, 3d4h, 40d, 2y15d.
 */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  const y = Math.floor(h / (24 * 365));
  if (h < 24 * 365 * 8) {
    const d = Math.floor(h / 24) % 365;
    return d === 0 ? `${y}y` : `${y}y${d}d`;
  }
  return `${y}y`;
}

export function age(timestamp: string | undefined, now: number): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

type Column = { header: string; cell(o: KubeObject): string };

function spec(o: KubeObject): Record<string, unknown> {
  return typeof o.spec === 'object' && o.spec !== null ? (o.spec as Record<string, unknown>) : {};
}

/** A list cell as kubectl prints a JSONPath array: `["a","b"]`; empty when absent. */
function arrayCell(v: unknown): string {
  return Array.isArray(v) && v.length > 0 ? JSON.stringify(v) : '';
}

function field(path: string[]): (o: KubeObject) => string {
  return (o) => {
    let v: unknown = spec(o);
    for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
    return v === undefined || v === null ? '' : String(v);
  };
}

/** The extra columns Istio's CRDs declare (additionalPrinterColumns), so tables match `kubectl get`. */
const KIND_COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  VirtualService: [
    { header: 'GATEWAYS', cell: (o) => arrayCell(spec(o).gateways) },
    { header: 'HOSTS', cell: (o) => arrayCell(spec(o).hosts) },
  ],
  DestinationRule: [{ header: 'HOST', cell: field(['host']) }],
  ServiceEntry: [
    { header: 'HOSTS', cell: (o) => arrayCell(spec(o).hosts) },
    { header: 'LOCATION', cell: field(['location']) },
    { header: 'RESOLUTION', cell: field(['resolution']) },
  ],
  PeerAuthentication: [{ header: 'MODE', cell: field(['mtls', 'mode']) }],
  AuthorizationPolicy: [{ header: 'ACTION', cell: field(['action']) }],
};

export interface TableOptions {
  now: number;
  allNamespaces: boolean;
  /** Prefix names with the kind, as kubectl does when several kinds are listed. */
  qualifyNames?: boolean;
}

export function resourceTable(kind: string, items: readonly KubeObject[], o: TableOptions): string {
  const cols: Column[] = [
    ...(o.allNamespaces ? [{ header: 'NAMESPACE', cell: (r: KubeObject) => r.metadata.namespace ?? '' }] : []),
    { header: 'NAME', cell: (r) => (o.qualifyNames ? nameRef(kind, r.metadata.name) : r.metadata.name) },
    ...(KIND_COLUMNS[kind] ?? []),
    { header: 'AGE', cell: (r) => age(r.metadata.creationTimestamp, o.now) },
  ];
  return table(cols.map((c) => c.header), items.map((r) => cols.map((c) => c.cell(r))));
}

/** The object without the metadata the server owns, for diffs a person can read. */
export function withoutServerFields(o: KubeObject): KubeObject {
  const { resourceVersion: _rv, generation: _g, creationTimestamp: _c, uid: _u, ...metadata } = o.metadata;
  return { ...o, metadata };
}
