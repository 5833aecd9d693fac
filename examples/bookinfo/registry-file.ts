/**
 * Reads a local registry file (`examples/registry.yaml`): the services and endpoints
 * Kubernetes would report, written by hand. Validation is minimal but complete: every
 * problem is listed with its field path, `services[2].endpoints[0].address: required`.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { joinPath } from '../../src/mesh/diagnostics.js';
import type { Endpoint, RegistryService, RegistryState, ServicePort } from '../../src/mesh/registry.js';

export class RegistryFileError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: invalid registry:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'RegistryFileError';
  }
}

type Problems = string[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string, problems: Problems, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) problems.push(`${path}: required`);
    return undefined;
  }
  if (typeof v !== 'string' || v === '') {
    problems.push(`${path}: must be a non-empty string`);
    return undefined;
  }
  return v;
}

function port(v: unknown, path: string, problems: Problems): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
    problems.push(`${path}: ${v === undefined ? 'required' : 'must be an integer port from 1 to 65535'}`);
    return undefined;
  }
  return v;
}

function stringMap(v: unknown, path: string, problems: Problems): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    problems.push(`${path}: must be a map of strings`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else problems.push(`${joinPath(path, k)}: must be a string`);
  }
  return out;
}

function servicePort(v: unknown, path: string, problems: Problems): ServicePort | undefined {
  if (!isRecord(v)) {
    problems.push(`${path}: must be a map`);
    return undefined;
  }
  const name = str(v.name, joinPath(path, 'name'), problems, true);
  const p = port(v.port, joinPath(path, 'port'), problems);
  const targetPort = v.targetPort === undefined ? undefined : port(v.targetPort, joinPath(path, 'targetPort'), problems);
  const protocol = str(v.protocol, joinPath(path, 'protocol'), problems, false);
  if (name === undefined || p === undefined) return undefined;
  return { name, port: p, ...(targetPort ? { targetPort } : {}), ...(protocol ? { protocol } : {}) };
}

function endpoint(v: unknown, path: string, portNames: Set<string>, problems: Problems): Endpoint | undefined {
  if (!isRecord(v)) {
    problems.push(`${path}: must be a map`);
    return undefined;
  }
  const address = str(v.address, joinPath(path, 'address'), problems, true);
  let ports: Record<string, number> | undefined;
  if (v.ports !== undefined) {
    if (!isRecord(v.ports)) problems.push(`${joinPath(path, 'ports')}: must map port names to port numbers`);
    else {
      ports = {};
      for (const [k, val] of Object.entries(v.ports)) {
        const at = joinPath(joinPath(path, 'ports'), k);
        if (!portNames.has(k)) problems.push(`${at}: the service has no port named ${JSON.stringify(k)}`);
        const p = port(val, at, problems);
        if (p !== undefined) ports[k] = p;
      }
    }
  }
  const labels = stringMap(v.labels, joinPath(path, 'labels'), problems);
  const serviceAccount = str(v.serviceAccount, joinPath(path, 'serviceAccount'), problems, false);
  const name = str(v.name, joinPath(path, 'name'), problems, false);
  if (v.ready !== undefined && typeof v.ready !== 'boolean') problems.push(`${joinPath(path, 'ready')}: must be true or false`);
  if (address === undefined) return undefined;
  return {
    address,
    ...(ports ? { ports } : {}),
    ...(labels ? { labels } : {}),
    ...(serviceAccount ? { serviceAccount } : {}),
    ...(name ? { name } : {}),
    ...(typeof v.ready === 'boolean' ? { ready: v.ready } : {}),
  };
}

function service(v: unknown, path: string, problems: Problems): RegistryService | undefined {
  if (!isRecord(v)) {
    problems.push(`${path}: must be a map`);
    return undefined;
  }
  const name = str(v.name, joinPath(path, 'name'), problems, true);
  if (name !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    problems.push(`${joinPath(path, 'name')}: must be a DNS label (lower-case letters, digits, '-')`);
  }
  const namespace = str(v.namespace, joinPath(path, 'namespace'), problems, true);
  const hostname = str(v.hostname, joinPath(path, 'hostname'), problems, false);
  const labels = stringMap(v.labels, joinPath(path, 'labels'), problems);
  const ports: ServicePort[] = [];
  if (!Array.isArray(v.ports) || v.ports.length === 0) {
    problems.push(`${joinPath(path, 'ports')}: ${v.ports === undefined ? 'required' : 'must be a non-empty list'}`);
  } else {
    v.ports.forEach((p: unknown, i) => {
      const sp = servicePort(p, joinPath(joinPath(path, 'ports'), i), problems);
      if (sp) ports.push(sp);
    });
  }
  const portNames = new Set(ports.map((p) => p.name));
  const endpoints: Endpoint[] = [];
  if (v.endpoints !== undefined && !Array.isArray(v.endpoints)) {
    problems.push(`${joinPath(path, 'endpoints')}: must be a list`);
  } else if (Array.isArray(v.endpoints)) {
    v.endpoints.forEach((e: unknown, i) => {
      const ep = endpoint(e, joinPath(joinPath(path, 'endpoints'), i), portNames, problems);
      if (ep) endpoints.push(ep);
    });
  }
  if (name === undefined || namespace === undefined) return undefined;
  return { name, namespace, ...(hostname ? { hostname } : {}), ...(labels ? { labels } : {}), ports, endpoints };
}

/** Parses and checks registry YAML (or JSON); throws a RegistryFileError listing every problem. */
export function parseRegistry(text: string, source = 'registry'): RegistryState {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new RegistryFileError(source, [`YAML syntax error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`]);
  }
  const problems: Problems = [];
  if (!isRecord(doc)) throw new RegistryFileError(source, ['(root): must be a map with a `services` list']);
  if (!Array.isArray(doc.services)) {
    throw new RegistryFileError(source, [`services: ${doc.services === undefined ? 'required' : 'must be a list'}`]);
  }
  const services: RegistryService[] = [];
  const seen = new Map<string, number>();
  doc.services.forEach((s: unknown, i) => {
    const path = joinPath('services', i);
    const svc = service(s, path, problems);
    if (!svc) return;
    const key = `${svc.namespace}/${svc.name}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${path}: duplicate of services[${first}] (${key})`);
    else seen.set(key, i);
    services.push(svc);
  });
  if (problems.length > 0) throw new RegistryFileError(source, problems);
  return { services };
}

export async function loadRegistryFile(path: string): Promise<RegistryState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read registry file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseRegistry(text, path);
}
