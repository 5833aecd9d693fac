import { Router } from './router.js';
import { SNAPSHOT_SCHEMA, type Snapshot } from './snapshot.js';
import { sha256Hex } from './hash.js';

/** Where snapshots are read from: Workers KV in a gateway, the bridge's feed in a sidecar. */
export interface SnapshotStore {
  get(key: string): Promise<string | null>;
}

export const POINTER_KEY = 'snapshot/current';
export const snapshotKey = (hash: string): string => `snapshot/${hash}`;

/** The pointer control flips to publish: which snapshot is current. */
export interface SnapshotPointer { hash: string; generation: number; publishedAt: string }

export interface LoadedConfig {
  router: Router;
  hash: string;
  generation: number;
  loadedAt: number;
}

export interface SnapshotCacheOptions {
  store: SnapshotStore;
  /** The gateway workload this proxy is, `istio-system/istio-ingressgateway`. */
  proxy: string;
  pollMs: number;
  now?: () => number;
  /** Told about every swap and every failed refresh, for logs and status reports. */
  onSwap?: (c: LoadedConfig) => void;
  onError?: (err: unknown) => void;
}

/**
 * The per-isolate config cache (DESIGN.md decision 4). It checks the pointer at most
 * every `pollMs`, loads and verifies a new snapshot, and swaps atomically. A failed
 * read or a corrupt snapshot keeps the last good config; concurrent requests share one
 * refresh. Under steady traffic refreshes run beside requests, not in front of them,
 * so a slow KV read never shows in request latency.
 */
export class SnapshotCache {
  private current: LoadedConfig | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  /** A snapshot hash that failed to load: not fetched again until the pointer moves. */
  private rejected: string | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The config to serve this request with. When the poll interval has passed, a refresh
   * starts. Under steady traffic it runs in the background, handed to `defer` (the
   * runtime's waitUntil), and this request keeps the current config. A proxy with no
   * config yet, or one idle for two intervals or more, waits for it instead: otherwise
   * the first request after a quiet spell would be served a config that may be long
   * out of date.
   */
  async get(defer?: (work: Promise<unknown>) => void): Promise<LoadedConfig | undefined> {
    const since = this.now() - this.checkedAt;
    if (since >= this.options.pollMs && !this.inflight) {
      const refresh = this.refresh().finally(() => { this.inflight = undefined; });
      this.inflight = refresh;
      if (!this.current || since >= 2 * this.options.pollMs) await refresh;
      else defer?.(refresh);
    } else if (!this.current && this.inflight) {
      await this.inflight;
    }
    return this.current;
  }

  peek(): LoadedConfig | undefined {
    return this.current;
  }

  private async refresh(): Promise<void> {
    this.checkedAt = this.now();
    try {
      const raw = await this.options.store.get(POINTER_KEY);
      if (raw === null) return;
      const pointer = parsePointer(raw);
      if (this.current?.hash === pointer.hash || this.rejected === pointer.hash) return;
      // KV is eventually consistent: the pointer can arrive before the snapshot. A missing
      // snapshot is retried on the next poll; a corrupt one is not fetched again.
      const text = await this.options.store.get(snapshotKey(pointer.hash));
      if (text === null) throw new Error(`snapshot ${pointer.hash} is not in KV yet`);
      this.rejected = pointer.hash;
      if ((await sha256Hex(text)) !== pointer.hash) throw new Error(`snapshot ${pointer.hash} does not match its hash`);
      const snapshot = JSON.parse(text) as Snapshot;
      if (snapshot.schema !== SNAPSHOT_SCHEMA) throw new Error(`snapshot schema ${String(snapshot.schema)} is not ${SNAPSHOT_SCHEMA}`);
      const router = new Router(snapshot, snapshot.gateways[this.options.proxy]);
      this.current = { router, hash: pointer.hash, generation: snapshot.generation, loadedAt: this.now() };
      this.rejected = undefined;
      this.options.onSwap?.(this.current);
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}

function parsePointer(raw: string): SnapshotPointer {
  const p = JSON.parse(raw) as Partial<SnapshotPointer>;
  if (typeof p.hash !== 'string' || !/^[0-9a-f]{64}$/.test(p.hash)) throw new Error('snapshot pointer has no valid hash');
  return { hash: p.hash, generation: Number(p.generation ?? 0), publishedAt: String(p.publishedAt ?? '') };
}
