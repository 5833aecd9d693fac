/**
 * The local Bookinfo demo `npm start` runs: one plain Node HTTP server per registry
 * endpoint of productpage, details, reviews and ratings, on that endpoint's own port.
 * No Kubernetes, no containers, no sidecars yet: apps find each other through the
 * registry (see upstream.ts), or through `BOOKINFO_*_URL` overrides.
 */
import { endpointPort, type RegistryService, type RegistryState } from '../../src/mesh/registry.js';
import { demoAgent } from './client.js';
import { details } from './details.js';
import { productpage } from './productpage.js';
import { ratings } from './ratings.js';
import { reviews, type ReviewsVersion } from './reviews.js';
import { listen, type Handler, type Listening } from './server.js';
import { sessions } from './session.js';
import { resolver } from './upstream.js';

export { loadRegistryFile, parseRegistry, RegistryFileError } from './registry-file.js';
export { resolver, overrideVariable, NoEndpointsError, type Resolver } from './upstream.js';

export const BOOKINFO_SERVICES = ['productpage', 'details', 'reviews', 'ratings'] as const;
type BookinfoService = (typeof BOOKINFO_SERVICES)[number];

export interface RunningDemo {
  close(): Promise<void>;
  endpoints: Array<{ service: string; name: string; url: string }>;
}

export interface StartOptions {
  registry: RegistryState;
  /** Added to every endpoint port (tests use it to stay clear of a running demo). */
  basePortOffset?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  log?: (line: string) => void;
  /** Where `BOOKINFO_*_URL` overrides are read; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

function isBookinfo(name: string): name is BookinfoService {
  return (BOOKINFO_SERVICES as readonly string[]).includes(name);
}

/** A copy of `reg` with `offset` added to every endpoint's port, written out per port name. */
export function shiftRegistryPorts(reg: RegistryState, offset: number): RegistryState {
  return {
    services: reg.services.map((svc) => ({
      ...svc,
      endpoints: svc.endpoints.map((ep) => {
        const ports: Record<string, number> = { ...ep.ports };
        for (const sp of svc.ports) ports[sp.name] = endpointPort(ep, sp) + offset;
        return { ...ep, ports };
      }),
    })),
  };
}

function reviewsVersion(label: string | undefined): ReviewsVersion | undefined {
  return label === 'v1' || label === 'v2' || label === 'v3' ? label : undefined;
}

export async function startBookinfo(opts: StartOptions): Promise<RunningDemo> {
  const offset = opts.basePortOffset ?? 0;
  const registry = offset === 0 ? opts.registry : shiftRegistryPorts(opts.registry, offset);
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const env = opts.env ?? process.env;
  const agent = demoAgent();
  const session = sessions();
  const started: Listening[] = [];
  const endpoints: RunningDemo['endpoints'] = [];

  const appFor = (svc: RegistryService & { name: BookinfoService }, version: string | undefined, podname: string): Handler => {
    const r = resolver(registry, { namespace: svc.namespace, env });
    switch (svc.name) {
      case 'productpage':
        return productpage({ resolver: r, agent, sessions: session });
      case 'details':
        return details();
      case 'ratings':
        return ratings();
      case 'reviews': {
        const v = reviewsVersion(version);
        if (!v) log(`bookinfo: ${podname} has version label ${JSON.stringify(version)}; running it as reviews v1`);
        return reviews({ version: v ?? 'v1', podname, resolver: r, agent });
      }
    }
  };

  const close = async (): Promise<void> => {
    agent.destroy();
    await Promise.all(started.splice(0).map((s) => s.close()));
  };

  try {
    for (const svc of registry.services) {
      if (!isBookinfo(svc.name)) continue;
      const name = svc.name;
      const sp = svc.ports.find((p) => p.name === 'http') ?? svc.ports[0];
      if (!sp) continue;
      for (const ep of svc.endpoints) {
        const version = ep.labels?.version;
        const podname = ep.name ?? `${name}-${version ?? 'v1'}-local`;
        const handler = appFor({ ...svc, name }, version, podname);
        const s = await listen(handler, { host, port: endpointPort(ep, sp), name: podname, log });
        started.push(s);
        // Report where peers reach it (the endpoint's address), not the bind address.
        const addr = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
        const url = `http://${addr}:${s.port}`;
        endpoints.push({ service: name, name: podname, url });
        log(`bookinfo: ${podname} listening on ${url}`);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { close, endpoints };
}
