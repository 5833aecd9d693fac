import { KINDS, KUBERNETES_KINDS, NOT_YET_SUPPORTED, lookupKind, preferredVersion, type KindInfo } from '../mesh/kinds.js';
import { closest } from './args.js';
import { UsageError } from './command.js';

/** `gateway (gw), virtualservice (vs), ...`: the kinds a person may type. */
export function kindList(): string {
  return KINDS.map((k) => `${k.kind.toLowerCase()}${k.shortNames.length ? ` (${k.shortNames.join(', ')})` : ''}`).join(', ');
}

/** Resolves `vs`, `VirtualServices` or `vs,dr` to kinds; an unknown kind is a usage error with a hint. */
export function resolveKinds(typed: string): KindInfo[] {
  return typed.split(',').filter(Boolean).map((t) => {
    const k = lookupKind(t);
    if (k) return k;
    const lower = t.toLowerCase();
    const k8s = [...KUBERNETES_KINDS].find((n) => n.toLowerCase() === lower || `${n.toLowerCase()}s` === lower);
    if (k8s) throw new UsageError(`${k8s} is a Kubernetes kind; isthmus serves Istio configuration only`, `use kubectl for ${k8s} objects; isthmus knows ${kindList()}`);
    const later = [...NOT_YET_SUPPORTED].find(([key]) => key.split('/')[1]?.toLowerCase() === lower.replace(/s$/, ''));
    if (later) throw new UsageError(`isthmus does not serve ${later[0]} yet: ${later[1]}`);
    const names = KINDS.flatMap((x) => [x.kind.toLowerCase(), x.plural, ...x.shortNames]);
    const guess = closest(lower, names);
    throw new UsageError(`unknown resource type "${t}"${guess ? `; did you mean "${guess}"?` : ''}`, `isthmus knows ${kindList()}`);
  });
}

/** The Kubernetes-style REST path of a kind, a namespace (none: all namespaces) and a name. */
export function apiPath(k: KindInfo, namespace?: string, name?: string): string {
  const ns = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  const n = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  return `/apis/${k.group}/${preferredVersion(k)}${ns}/${k.plural}${n}`;
}
