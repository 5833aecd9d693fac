import { createServer } from 'node:net';
import type { RegistryState } from '../../src/mesh/registry.js';

/** True when nothing listens on the port right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => ok(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
  });
}

/** An offset that moves every endpoint port of the registry onto free loopback ports. */
export async function freePortOffset(state: RegistryState): Promise<number> {
  const ports = state.services.flatMap((s) => s.endpoints.flatMap((e) => Object.values(e.ports ?? {})));
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 10_000 + Math.floor(Math.random() * 30_000);
    const shifted = ports.map((p) => p + offset);
    if (shifted.every((p) => p < 65_000) && (await Promise.all(shifted.map(portFree))).every(Boolean)) return offset;
  }
  throw new Error('no free port range for the demo endpoints');
}
