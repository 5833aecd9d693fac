import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistryFile, shiftRegistryPorts, startBookinfo, type RunningDemo } from '../../examples/bookinfo/index.js';
import { freePortOffset, send, startTestMesh, type TestMesh } from './harness.js';

const EXAMPLES = join(__dirname, '../../examples');
const example = (f: string): Promise<string> => readFile(join(EXAMPLES, f), 'utf8');
const podOf = (body: string): string => (JSON.parse(body) as { podname: string }).podname;

/** The README's demo: Bookinfo behind the gateway, then reviews shifted between versions at the edge. */
describe('the npm start demo, as the README walks through it', () => {
  let mesh: TestMesh;
  let demo: RunningDemo;

  beforeAll(async () => {
    const file = await loadRegistryFile(join(EXAMPLES, 'registry.yaml'));
    const registry = shiftRegistryPorts(file, await freePortOffset(file));
    demo = await startBookinfo({ registry });
    mesh = await startTestMesh();
    await mesh.putRegistry(registry, 'local');
    for (const f of ['bookinfo-gateway.yaml', 'destination-rules.yaml', 'reviews-at-the-edge.yaml']) {
      const r = await mesh.apply(await example(f));
      expect(r.status, `${f}: ${JSON.stringify(r.json)}`).toBe(200);
    }
  });
  afterAll(async () => {
    await mesh?.stop();
    await demo?.close();
  });

  it('serves the product page through the gateway', async () => {
    const r = await mesh.eventually('/productpage', (x) => x.status === 200);
    expect(r.body).toContain('<title>Simple Bookstore App</title>');
  });

  it('sends jason to reviews v2 and splits everyone else between v1 and v3', async () => {
    await mesh.eventually('/reviews/0', (x) => x.status === 200);
    for (let i = 0; i < 5; i++) {
      expect(podOf((await send(`${mesh.gatewayUrl}/reviews/0`, { headers: { 'end-user': 'jason' } })).body)).toBe('reviews-v2-local');
    }
    const others = new Set<string>();
    for (let i = 0; i < 40; i++) others.add(podOf((await send(`${mesh.gatewayUrl}/reviews/0`)).body));
    expect([...others].sort()).toEqual(['reviews-v1-local', 'reviews-v3-local']);
  });

  it('moves everyone else to v3 when the weights change, without touching jason', async () => {
    const edited = (await example('reviews-at-the-edge.yaml')).replace(/weight: 50\n(\s+- destination: \{ host: reviews, subset: v3 \}\n\s+)weight: 50/, 'weight: 0\n$1weight: 100');
    expect(edited).toContain('weight: 100');
    expect((await mesh.apply(edited)).status).toBe(200);
    await mesh.synced();
    for (let i = 0; i < 20; i++) expect(podOf((await send(`${mesh.gatewayUrl}/reviews/0`)).body)).toBe('reviews-v3-local');
    expect(podOf((await send(`${mesh.gatewayUrl}/reviews/0`, { headers: { 'end-user': 'jason' } })).body)).toBe('reviews-v2-local');
  });
});
