import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { apply, call, pointer, vs } from './helpers.js';

describe('applying config through the control worker', () => {
  it('stores, compiles and publishes a valid apply', async () => {
    const r = await apply(vs('a'));
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([expect.objectContaining({ kind: 'VirtualService', name: 'a', action: 'created' })]);
    const p = await pointer();
    expect(p?.generation).toBe(r.json.generation);
    const snapshot = await env.CONFIG.get(`snapshot/${p?.hash ?? ''}`);
    expect(snapshot).toContain('"generation"');
    const got = await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/a', { scope: 'read' });
    expect(got.status).toBe(200);
    expect((got.json.metadata as { resourceVersion: string }).resourceVersion).toBe(String(r.json.generation));
  });

  it('reports an unchanged apply as unchanged and publishes nothing new', async () => {
    await apply(vs('same'));
    const before = await pointer();
    const again = await apply(vs('same'));
    expect(again.json.items).toEqual([expect.objectContaining({ action: 'unchanged' })]);
    expect(await pointer()).toEqual(before);
  });

  it('rejects an invalid apply with every problem named and changes nothing', async () => {
    await apply(vs('keep', 'original'));
    const before = await pointer();
    const bad = `${vs('keep', 'changed')}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: broken, namespace: default }
spec:
  hosts: ["b.example.com"]
  http:
  - match: [{ uri: { regex: "(?=lookahead)" } }]
    route: [{ destination: { host: b, port: { number: 99999 } } }]
`;
    const r = await apply(bad);
    expect(r.status).toBe(422);
    expect(r.json.kind).toBe('Status');
    const causes = ((r.json.details as { causes: Array<{ field: string }> }).causes).map((c) => c.field);
    expect(causes).toEqual(expect.arrayContaining(['spec.http[0].match[0].uri.regex', 'spec.http[0].route[0].destination.port.number']));
    expect(await pointer()).toEqual(before);
    const kept = await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/keep', { scope: 'read' });
    expect(JSON.stringify(kept.json.spec)).toContain('original');
  });

  it('refuses an empty body with 400 and an oversized one with 413', async () => {
    expect((await apply('   ')).status).toBe(400);
    const huge = await apply(`# ${'x'.repeat(9 * 1024 * 1024)}\n${vs('huge')}`);
    expect(huge.status).toBe(413);
    expect(huge.json.reason).toBe('RequestEntityTooLarge');
  });

  it('changes nothing on a dry run', async () => {
    const before = await pointer();
    const r = await apply(vs('dry'), '?dryRun=All');
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([expect.objectContaining({ action: 'created' })]);
    expect((await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/dry')).status).toBe(404);
    expect(await pointer()).toEqual(before);
  });

  it('answers 409 Conflict to a write with a stale resourceVersion', async () => {
    const first = await apply(vs('rv', 'one'));
    const rv = String(first.json.generation);
    await apply(vs('rv', 'two', `, resourceVersion: "${rv}"`));
    const stale = await apply(vs('rv', 'three', `, resourceVersion: "${rv}"`));
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
    const got = await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/rv');
    expect(JSON.stringify(got.json.spec)).toContain('two');
  });

  it('never loses an update when many clients apply at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => apply(vs(`concurrent-${i}`))));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const generations = results.map((r) => Number(r.json.generation));
    expect(new Set(generations).size).toBe(20);
    const list = await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices');
    const names = (list.json.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);
    for (let i = 0; i < 20; i++) expect(names).toContain(`concurrent-${i}`);
    // The published pointer ends at the newest generation, never an older one.
    expect((await pointer())?.generation).toBe(Math.max(...generations));
  });

  it('lets exactly one of two racing writers with the same resourceVersion win', async () => {
    const base = await apply(vs('race', 'base'));
    const rv = String(base.json.generation);
    const racers = await Promise.all(['left', 'right'].map((b) => apply(vs('race', b, `, resourceVersion: "${rv}"`))));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('keeps history and rolls back to an earlier generation as a new generation', async () => {
    const one = await apply(vs('hist', 'v1'));
    await apply(vs('hist', 'v2'));
    const history = await call('GET', '/history');
    expect((history.json.items as unknown[]).length).toBeGreaterThanOrEqual(2);
    const back = await call('POST', `/rollback/${String(one.json.generation)}`);
    expect(back.status).toBe(200);
    expect(Number(back.json.generation)).toBeGreaterThan(Number(one.json.generation));
    const got = await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/hist');
    expect(JSON.stringify(got.json.spec)).toContain('"v1"');
    expect((await call('POST', '/rollback/999999')).status).toBe(404);
  });

  it('deletes what a file names', async () => {
    await apply(vs('gone'));
    const r = await call('POST', '/delete', { body: vs('gone') });
    expect(r.status).toBe(200);
    expect((await call('GET', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/gone')).status).toBe(404);
  });

  it('serves every apiVersion Istio serves and refuses others', async () => {
    for (const v of ['v1alpha3', 'v1beta1', 'v1']) {
      const r = await call('GET', `/apis/networking.istio.io/${v}/virtualservices`, { scope: 'read' });
      expect(r.status).toBe(200);
      expect(r.json.apiVersion).toBe(`networking.istio.io/${v}`);
    }
    expect((await call('GET', '/apis/networking.istio.io/v2/virtualservices')).status).toBe(404);
    expect((await call('GET', '/apis/security.istio.io/v1beta1/authorizationpolicies')).status).toBe(200);
  });
});
