import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/mesh/compile/index.js';
import { POINTER_KEY, snapshotKey } from '../../../src/mesh/config-source.js';
import { sha256Hex } from '../../../src/mesh/hash.js';
import { validateText } from '../../../src/mesh/validate/index.js';
import { edgeRoutes } from '../../shared/config.js';

/** Publishes a snapshot to the gateway's real KV the way control does: content first, then the pointer. */
async function publish(yaml: string, generation: number): Promise<string> {
  const { resources } = validateText(yaml);
  const text = JSON.stringify(compile({ generation, resources, registry: [] }));
  const hash = await sha256Hex(text);
  await env.CONFIG.put(snapshotKey(hash), text);
  await env.CONFIG.put(POINTER_KEY, JSON.stringify({ hash, generation, publishedAt: new Date().toISOString() }));
  return hash;
}

const config = (body: string): string => edgeRoutes(`[{ directResponse: { status: 200, body: { string: "${body}" } } }]`);

const get = async (path = '/'): Promise<{ status: number; body: string }> => {
  const r = await SELF.fetch(`http://gateway.test${path}`);
  return { status: r.status, body: await r.text() };
};

const pause = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/**
 * The isolate refreshes its snapshot beside requests, so a change shows on a later
 * request: ask until it does (bounded), or until `rounds` requests have all seen `body`.
 */
async function servedBody(want: string, rounds = 50): Promise<string> {
  let last = '';
  for (let i = 0; i < rounds; i++) {
    last = (await get()).body;
    if (last === want) return last;
    await pause(20);
  }
  return last;
}

/** Sends requests for a while (each one may start a refresh) and returns every body seen. */
async function bodiesOverTime(rounds = 10): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < rounds; i++) {
    seen.add((await get()).body);
    await pause(20);
  }
  return seen;
}

// Tests in this file share one isolate and one KV, in order, as a gateway lives through publishes.
describe('the gateway worker on workerd', () => {
  it('answers 503 before any snapshot is published, and does not crash', async () => {
    const r = await get();
    expect(r.status).toBe(503);
    expect(r.body).toContain('no configuration');
  });

  it('serves a snapshot published to KV, waiting for it on the first request', async () => {
    await publish(config('first'), 1);
    expect(await get()).toEqual({ status: 200, body: 'first' });
  });

  it('swaps to a newer snapshot when the pointer flips', async () => {
    await publish(config('second'), 2);
    expect(await servedBody('second')).toBe('second');
  });

  it('keeps the last good snapshot when the pointer names a corrupt snapshot', async () => {
    const corrupt = '{"schema":1, this is not json';
    const hash = await sha256Hex(corrupt);
    await env.CONFIG.put(snapshotKey(hash), corrupt);
    await env.CONFIG.put(POINTER_KEY, JSON.stringify({ hash, generation: 3, publishedAt: '' }));
    expect(await bodiesOverTime()).toEqual(new Set(['second']));
  });

  it('keeps the last good snapshot when a snapshot does not match its hash', async () => {
    const good = JSON.stringify(compile({ generation: 4, resources: validateText(config('tampered')).resources, registry: [] }));
    const hash = await sha256Hex(good);
    await env.CONFIG.put(snapshotKey(hash), good.replace('tampered', 'tampere!'));
    await env.CONFIG.put(POINTER_KEY, JSON.stringify({ hash, generation: 4, publishedAt: '' }));
    expect(await bodiesOverTime()).toEqual(new Set(['second']));
  });

  it('keeps the last good snapshot when the pointer itself is garbage or the snapshot is gone', async () => {
    await env.CONFIG.put(POINTER_KEY, 'not json at all');
    expect(await bodiesOverTime()).toEqual(new Set(['second']));
    await env.CONFIG.put(POINTER_KEY, JSON.stringify({ hash: 'f'.repeat(64), generation: 5 }));
    expect(await bodiesOverTime()).toEqual(new Set(['second']));
  });

  it('recovers as soon as a good snapshot is published again', async () => {
    await publish(config('third'), 6);
    expect(await servedBody('third')).toBe('third');
  });

  it('answers a hostile request with a 4xx and keeps serving', async () => {
    const long = await SELF.fetch(`http://gateway.test/${'a'.repeat(9000)}`);
    expect(long.status).toBe(414);
    const huge = await SELF.fetch('http://gateway.test/', { headers: { 'x-big': 'b'.repeat(70 * 1024) } });
    expect(huge.status).toBe(431);
    expect(await get()).toEqual({ status: 200, body: 'third' });
  });
});
