import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryState } from '../../src/mesh/registry.js';
import { startLocalMesh, type LocalMesh } from '../../src/local/mesh.js';
import { childPids } from './proc.js';

export interface BenchMesh {
  mesh: LocalMesh;
  /** The workerd process Miniflare started for this mesh (control and gateway share it). */
  workerdPids: number[];
  putRegistry(state: RegistryState, source?: string): Promise<void>;
  /** POST /apply; resolves when control has answered (the snapshot is then published to KV). */
  apply(yaml: string): Promise<void>;
  stop(): Promise<void>;
}

async function admin(mesh: LocalMesh, method: string, path: string, body: string, type: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${mesh.adminUrl}${path}`, { method, body, headers: { authorization: `Bearer ${mesh.token}`, 'content-type': type } });
  return { status: res.status, text: await res.text() };
}

/** `startLocalMesh` (control + gateway on workerd through Miniflare) in a fresh state directory. */
export async function startBenchMesh(pollMs: number | undefined): Promise<BenchMesh> {
  const stateDir = await mkdtemp(join(tmpdir(), 'isthmus-bench-mesh-'));
  const before = new Set(childPids(process.pid, 'workerd'));
  const mesh = await startLocalMesh({ stateDir, gatewayPort: 0, adminPort: 0, persist: false, ...(pollMs !== undefined ? { pollMs } : {}) });
  const workerdPids = childPids(process.pid, 'workerd').filter((p) => !before.has(p));
  return {
    mesh,
    workerdPids,
    async putRegistry(state, source = 'bench') {
      const r = await admin(mesh, 'PUT', `/registry/v1/sources/${source}`, JSON.stringify(state), 'application/json');
      if (r.status !== 200) throw new Error(`PUT ${mesh.adminUrl}/registry/v1/sources/${source} answered ${r.status}: ${r.text.slice(0, 1000)}`);
    },
    async apply(yaml) {
      const r = await admin(mesh, 'POST', '/apply', yaml, 'application/yaml');
      if (r.status !== 200) throw new Error(`POST ${mesh.adminUrl}/apply answered ${r.status}: ${r.text.slice(0, 1000)}`);
    },
    async stop() {
      await mesh.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
