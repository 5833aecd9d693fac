import { POINTER_KEY, snapshotKey, type SnapshotPointer } from '../../src/mesh/config-source.js';
import { sha256Hex } from '../../src/mesh/hash.js';
import type { Snapshot } from '../../src/mesh/snapshot.js';
import type { Published } from '../../src/api/admin.js';

/**
 * Writes the snapshot under its content hash, then flips the pointer (DESIGN.md
 * decision 4). Gateways only ever follow the pointer, so they never see a half-written
 * snapshot. An unchanged snapshot writes nothing.
 */
export async function publishSnapshot(kv: KVNamespace, snapshot: Snapshot, previous: Published | undefined): Promise<Published> {
  const text = JSON.stringify(snapshot);
  const hash = await sha256Hex(text);
  if (previous?.hash === hash) return previous;
  await kv.put(snapshotKey(hash), text);
  const pointer: SnapshotPointer = { hash, generation: snapshot.generation, publishedAt: new Date().toISOString() };
  await kv.put(POINTER_KEY, JSON.stringify(pointer));
  return { ...pointer, bytes: text.length };
}
