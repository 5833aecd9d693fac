import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh/compile/index.js';
import { POINTER_KEY, SnapshotCache, snapshotKey } from '../../src/mesh/config-source.js';
import { sha256Hex } from '../../src/mesh/hash.js';

/** A store that counts reads, and can be told to fail. */
class CountingStore {
  readonly data = new Map<string, string>();
  reads = 0;
  failing = false;
  async get(key: string): Promise<string | null> {
    this.reads++;
    if (this.failing) throw new Error('KV unavailable');
    return this.data.get(key) ?? null;
  }
  async publish(generation: number): Promise<string> {
    const text = JSON.stringify(compile({ generation, resources: [], registry: [] }));
    const hash = await sha256Hex(text);
    this.data.set(snapshotKey(hash), text);
    this.data.set(POINTER_KEY, JSON.stringify({ hash, generation, publishedAt: '' }));
    return hash;
  }
}

describe('the per-isolate snapshot cache', () => {
  it('reads KV at most once per poll interval, however many requests arrive', async () => {
    const store = new CountingStore();
    await store.publish(1);
    let now = 0;
    const cache = new SnapshotCache({ store, proxy: 'istio-system/istio-ingressgateway', pollMs: 1000, now: () => now });
    await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    const afterFirst = store.reads;
    expect(afterFirst).toBe(2); // the pointer, then the snapshot it names
    now = 999;
    for (let i = 0; i < 50; i++) await cache.get();
    expect(store.reads).toBe(afterFirst);
    now = 1000;
    await cache.get();
    expect(store.reads).toBe(afterFirst + 1); // only the pointer: the snapshot is unchanged
  });

  it('swaps to a new snapshot when the pointer moves, and says so once', async () => {
    const store = new CountingStore();
    let now = 0;
    const swaps: number[] = [];
    const background: Array<Promise<unknown>> = [];
    const defer = (p: Promise<unknown>): void => { background.push(p); };
    const cache = new SnapshotCache({ store, proxy: 'p', pollMs: 10, now: () => now, onSwap: (c) => swaps.push(c.generation) });
    expect(await cache.get(defer)).toBeUndefined();
    await store.publish(1);
    now += 10;
    // With nothing loaded yet, the request waits for the first snapshot.
    expect((await cache.get(defer))?.generation).toBe(1);
    await store.publish(2);
    now += 10;
    // With a snapshot loaded, the refresh runs in the background and this request keeps generation 1.
    expect((await cache.get(defer))?.generation).toBe(1);
    expect(background).toHaveLength(1);
    await Promise.all(background);
    expect((await cache.get(defer))?.generation).toBe(2);
    expect(swaps).toEqual([1, 2]);
  });

  it('makes the first request after a quiet spell wait, so it sees the newest config', async () => {
    const store = new CountingStore();
    await store.publish(1);
    let now = 0;
    const cache = new SnapshotCache({ store, proxy: 'p', pollMs: 100, now: () => now });
    await cache.get();
    await store.publish(2);
    now += 5_000;
    const deferred: Array<Promise<unknown>> = [];
    expect((await cache.get((p) => deferred.push(p)))?.generation).toBe(2);
    expect(deferred).toEqual([]);
  });

  it('never makes a request wait for a slow KV read under steady traffic', async () => {
    const store = new CountingStore();
    await store.publish(1);
    let now = 0;
    const cache = new SnapshotCache({ store, proxy: 'p', pollMs: 10, now: () => now });
    await cache.get();
    let release: () => void = () => {};
    const slow = new Promise<void>((ok) => { release = ok; });
    const realGet = store.get.bind(store);
    store.get = async (key) => { await slow; return realGet(key); };
    now += 10;
    let deferred: Promise<unknown> | undefined;
    const served = await cache.get((p) => { deferred = p; });
    expect(served?.generation).toBe(1);
    expect(deferred).toBeDefined();
    release();
    await deferred;
  });

  it('keeps the last good snapshot while KV fails, and reports each failure', async () => {
    const store = new CountingStore();
    await store.publish(5);
    let now = 0;
    const errors: string[] = [];
    const cache = new SnapshotCache({ store, proxy: 'p', pollMs: 10, now: () => now, onError: (e) => errors.push(String(e)) });
    expect((await cache.get())?.generation).toBe(5);
    store.failing = true;
    now += 10;
    const background: Array<Promise<unknown>> = [];
    expect((await cache.get((p) => background.push(p)))?.generation).toBe(5);
    await Promise.all(background);
    expect((await cache.get())?.generation).toBe(5);
    expect(errors).toEqual(['Error: KV unavailable']);
  });

  it('fetches a corrupt snapshot once, but retries one that has not reached KV yet', async () => {
    const store = new CountingStore();
    await store.publish(1);
    let now = 0;
    const errors: string[] = [];
    const cache = new SnapshotCache({ store, proxy: 'p', pollMs: 10, now: () => now, onError: (e) => errors.push(String(e)) });
    await cache.get();
    const poll = async (): Promise<void> => { now += 100; await cache.get(); };

    const corrupt = '{"schema": 1, oops';
    const badHash = await sha256Hex(corrupt);
    store.data.set(snapshotKey(badHash), corrupt);
    store.data.set(POINTER_KEY, JSON.stringify({ hash: badHash, generation: 2 }));
    const before = store.reads;
    await poll();
    await poll();
    await poll();
    // The snapshot itself was read once; later polls read only the pointer.
    expect(store.reads - before).toBe(3 + 1);
    expect((await cache.get())?.generation).toBe(1);

    const late = 'f'.repeat(64);
    store.data.set(POINTER_KEY, JSON.stringify({ hash: late, generation: 3 }));
    await poll();
    await poll();
    expect(errors.filter((e) => e.includes('not in KV yet'))).toHaveLength(2);
  });
});
