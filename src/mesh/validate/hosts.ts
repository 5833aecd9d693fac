/**
 * Host names, labels and IP addresses as Istio checks them (istio/istio
 * pkg/config/validation/agent: ValidateWildcardDomain, ValidateFQDN,
 * ValidateNamespaceSlashWildcardHostname; pkg/config/labels).
 * Each check returns a reason, or undefined when the value is fine.
 */

// Istio's labels package accepts upper case in DNS labels; Kubernetes object names do not.
const LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const K8S_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const K8S_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL.test(s);
}

/** metadata.namespace: a lower-case RFC 1123 label (Kubernetes). */
export function isK8sLabel(s: string): boolean {
  return s.length <= 63 && K8S_LABEL.test(s);
}

/** metadata.name: a lower-case RFC 1123 subdomain (Kubernetes). */
export function isK8sSubdomain(s: string): boolean {
  return s.length <= 253 && K8S_SUBDOMAIN.test(s);
}

function dnsLabels(domain: string, full = domain): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (/^\d+$/.test(tld)) return `domain name "${full}" is invalid: the top-level domain "${tld}" cannot be all digits`;
  for (let k = 0; k < parts.length; k++) {
    const label = parts[k] ?? '';
    if (k === parts.length - 1 && label === '') return undefined; // `istio.io.` is unambiguous
    if (!isDns1123Label(label)) return `domain name "${full}" is invalid: label "${label}" is not an RFC 1123 label`;
  }
  return undefined;
}

function preconditions(name: string): string | undefined {
  if (name.length === 0) return 'an empty host name is not allowed';
  if (name.length > 255) return `domain name "${name.slice(0, 20)}…" is too long (max 255)`;
  return undefined;
}

/** A DNS name that may start with a wildcard label: `*`, `*.example.com`, `reviews`. */
export function checkWildcardDomain(domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!WILDCARD_LABEL.test(first) || first.length > 63) {
    return `domain name "${domain}" is invalid: label "${first}" is not an RFC 1123 label (a wildcard may only be a leading "*")`;
  }
  return dot < 0 ? undefined : dnsLabels(domain.slice(dot + 1), domain);
}

/** A fully qualified DNS name, no wildcard. */
export function checkFqdn(name: string): string | undefined {
  return preconditions(name) ?? dnsLabels(name);
}

export function checkPartialWildcard(host: string): string | undefined {
  if (host.includes('*') && host !== '*' && !host.startsWith('*.')) {
    return `partial wildcard "${host}" is not allowed; use "*" or a leading "*." label`;
  }
  return undefined;
}

const V4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return V4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`); // the WHATWG URL parser implements RFC 4291 text forms
    return true;
  } catch {
    return false;
  }
}

export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** `10.0.0.1`, `10.0.0.0/8`, `2001:db8::/32`. */
export function checkIPOrCidr(s: string): string | undefined {
  const slash = s.split('/');
  if (slash.length > 2) return `"${s}" is not a valid IP address or CIDR block`;
  const [addr = '', bits] = slash;
  if (bits === undefined) return isIP(addr) ? undefined : `"${s}" is not a valid IP address`;
  const max = isIPv4(addr) ? 32 : isIPv6(addr) ? 128 : -1;
  if (max < 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) return `"${s}" is not a valid CIDR block`;
  return undefined;
}

/**
 * `namespace/host` as Gateway servers and Sidecar egress listeners write hosts. The
 * namespace may be `*` (any), `.` (this one) or a name (Sidecars also allow `~`); the host
 * must be `*` or a dotted name: short names are not allowed here.
 */
export function checkNamespacedHost(value: string, isGateway: boolean): string[] {
  const slash = value.indexOf('/');
  if (slash < 0 && !isGateway) return [`host "${value}" must be of the form namespace/dnsName, e.g. "./*" or "istio-system/*"`];
  const ns = slash < 0 ? undefined : value.slice(0, slash);
  const host = slash < 0 ? value : value.slice(slash + 1);
  const out: string[] = [];
  if (ns !== undefined) {
    if (ns === '' || host === '') out.push(`host "${value}": the namespace and the DNS name cannot be empty`);
    else if (ns !== '*' && ns !== '.' && !(ns === '~' && !isGateway) && !isDns1123Label(ns)) {
      out.push(`host "${value}": invalid namespace "${ns}"; use "*", "." or a namespace name`);
    }
  }
  if (host !== '' && host !== '*' && !host.includes('.')) {
    out.push(`host "${value}": short names are not allowed here; use a fully qualified name such as "${host}.example.com" or "*"`);
  }
  const bad = host === '' ? undefined : checkWildcardDomain(host);
  if (bad !== undefined && !(isGateway && isIP(host))) out.push(bad);
  const partial = checkPartialWildcard(host);
  if (partial !== undefined) out.push(partial);
  return out;
}

// Kubernetes label keys: an optional DNS-prefix and a name (pkg/config/labels validateTagKey).
const TAG_KEY = /^(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const TAG_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkLabel(key: string, value: string): string | undefined {
  const m = TAG_KEY.exec(key);
  if (!m || (m[1] ?? '').length > 63) return `invalid label key "${key}"`;
  if (!TAG_VALUE.test(value) || value.length > 63) return `invalid label value "${value}" for key "${key}"`;
  return undefined;
}
