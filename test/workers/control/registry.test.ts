import { describe, expect, it } from 'vitest';
import { edgeRoutes } from '../../shared/config.js';
import { apply, call, pointer } from './helpers.js';

const svc = (version: string, port = 9081) => ({
  name: 'reviews', namespace: 'default', ports: [{ name: 'http', port: 9080 }],
  endpoints: [{ address: '127.0.0.1', ports: { http: port }, labels: { app: 'reviews', version } }],
});

const put = (source: string, state: unknown) => call('PUT', `/registry/v1/sources/${source}`, { body: JSON.stringify(state), type: 'application/json' });
const patch = (source: string, delta: unknown) => call('PATCH', `/registry/v1/sources/${source}`, { body: JSON.stringify(delta), type: 'application/json' });

describe('the registry API', () => {
  it('replaces a source with a full-state PUT, idempotently', async () => {
    await apply(edgeRoutes('[{ route: [{ destination: { host: reviews } }] }]', 'reviews'));
    const first = await put('local', { services: [svc('v1')] });
    expect(first.status).toBe(200);
    const p1 = await pointer();
    await put('local', { services: [svc('v1')] });
    expect(await pointer()).toEqual(p1);
    await put('local', { services: [svc('v1', 9999)] });
    expect((await pointer())?.hash).not.toBe(p1?.hash);
  });

  it('applies deltas idempotently and deletes by name', async () => {
    await patch('local', { upsert: [svc('v2')] });
    const p = await pointer();
    await patch('local', { upsert: [svc('v2')] });
    expect(await pointer()).toEqual(p);
    const listed = await call('GET', '/registry/v1/services');
    expect((listed.json.services as Array<{ name: string }>).map((s) => s.name)).toContain('reviews');
    await patch('local', { delete: [{ name: 'reviews', namespace: 'default' }] });
    const after = await call('GET', '/registry/v1/services');
    expect((after.json.services as Array<{ name: string }>).filter((s) => s.name === 'reviews')).toEqual([]);
  });

  it('keeps sources apart: a PUT from one cluster leaves another cluster alone', async () => {
    await put('east', { services: [{ ...svc('v1'), name: 'east-svc' }] });
    await put('west', { services: [{ ...svc('v1'), name: 'west-svc' }] });
    await put('east', { services: [] });
    const names = ((await call('GET', '/registry/v1/services')).json.services as Array<{ name: string }>).map((s) => s.name);
    expect(names).toContain('west-svc');
    expect(names).not.toContain('east-svc');
  });

  it('rejects a malformed registry push with field paths and changes nothing', async () => {
    const before = await pointer();
    const r = await put('local', { services: [{ name: 'Bad_Name', namespace: 'default', ports: [{ name: 'http', port: 70000 }], endpoints: [{}] }] });
    expect(r.status).toBe(422);
    const fields = (r.json.details as { causes: Array<{ field: string }> }).causes.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['services[0].name', 'services[0].ports[0].port', 'services[0].endpoints[0].address']));
    expect(await pointer()).toEqual(before);
  });
});
