/**
 * `workerd serve` with a generated Cap'n Proto config, in one process or in several
 * processes that share one listening socket (`--socket-fd http=<fd>`): Node creates the
 * socket, passes its fd to each child through `stdio`, then closes its own copy, so
 * only the workerd processes accept on it and the kernel spreads connections across them.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startChild, waitForPort, type Child } from './proc.js';

export const COMPATIBILITY_DATE = '2026-04-20';

export function workerdBinary(): string {
  return createRequire(import.meta.url).resolve('workerd/bin/workerd');
}

export type Binding =
  | { name: string; text: string }
  | { name: string; service: string }
  | { name: string; kvNamespace: string };

export interface WorkerDef {
  /** Service name. */
  name: string;
  /** Path of the main ES module, relative to the config directory. */
  module: string;
  bindings?: Binding[];
  compatibilityFlags?: string[];
}

export interface ConfigDef {
  workers: WorkerDef[];
  /** ExternalServer services: name → address (`127.0.0.1:port`), spoken to over HTTP. */
  externals?: Record<string, string>;
  /** The service the `http` socket serves. */
  entry: string;
  /** Listen address; omitted for `--socket-fd`. */
  address?: string;
}

const q = (s: string): string => JSON.stringify(s);

function bindingText(b: Binding): string {
  if ('text' in b) return `(name = ${q(b.name)}, text = ${q(b.text)})`;
  if ('service' in b) return `(name = ${q(b.name)}, service = ${q(b.service)})`;
  return `(name = ${q(b.name)}, kvNamespace = ${q(b.kvNamespace)})`;
}

export function capnpConfig(def: ConfigDef): string {
  const services = def.workers.map((w) => {
    const flags = w.compatibilityFlags?.length ? `, compatibilityFlags = [${w.compatibilityFlags.map(q).join(', ')}]` : '';
    const bindings = w.bindings?.length ? `, bindings = [${w.bindings.map(bindingText).join(', ')}]` : '';
    return `    (name = ${q(w.name)}, worker = (modules = [(name = ${q(w.module)}, esModule = embed ${q(w.module)})], compatibilityDate = ${q(COMPATIBILITY_DATE)}${flags}${bindings})),`;
  });
  for (const [name, address] of Object.entries(def.externals ?? {})) {
    services.push(`    (name = ${q(name)}, external = (address = ${q(address)}, http = ())),`);
  }
  // Workers reach loopback upstreams through global fetch, as under Miniflare.
  services.push('    (name = "internet", network = (allow = ["public", "private", "local"])),');
  const address = def.address ? `address = ${q(def.address)}, ` : '';
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    'const config :Workerd.Config = (',
    '  services = [',
    ...services,
    '  ],',
    `  sockets = [ (name = "http", ${address}http = (), service = ${q(def.entry)}) ],`,
    ');',
    '',
  ].join('\n');
}

export interface Workerd { pids: number[]; port: number; children: Child[]; stop(): Promise<void> }

/** Starts `processes` workerd processes serving `def` on `port` (127.0.0.1). */
export async function startWorkerd(dir: string, name: string, def: ConfigDef, port: number, processes = 1): Promise<Workerd> {
  const bin = workerdBinary();
  const conf = join(dir, `${name}.capnp`);
  const children: Child[] = [];
  if (processes <= 1) {
    await writeFile(conf, capnpConfig({ ...def, address: `127.0.0.1:${port}` }));
    children.push(startChild(bin, ['serve', conf], { cwd: dir }));
  } else {
    await writeFile(conf, capnpConfig({ ...def, address: undefined }));
    const srv = createServer();
    await new Promise<void>((ok) => srv.listen({ port, host: '127.0.0.1', backlog: 4096 }, ok));
    const fd = listeningFd(srv);
    try {
      for (let i = 0; i < processes; i++) {
        children.push(startChild(bin, ['serve', conf, '--socket-fd', 'http=3'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', fd] }));
      }
    } finally {
      // The children hold their own copies of the socket now.
      srv.close();
    }
  }
  await waitForPort(port, 15_000, `workerd ${name}`, children[0]);
  return {
    pids: children.map((c) => c.pid),
    port,
    children,
    stop: async () => { await Promise.all(children.map((c) => c.stop())); },
  };
}

/** The OS fd behind a listening net.Server (Node keeps it on the internal handle). */
function listeningFd(srv: ReturnType<typeof createServer>): number {
  const handle: unknown = Reflect.get(srv, '_handle');
  const fd: unknown = typeof handle === 'object' && handle !== null ? Reflect.get(handle, 'fd') : undefined;
  if (typeof fd !== 'number' || fd < 0) throw new Error('cannot get the listening socket fd from Node');
  return fd;
}
