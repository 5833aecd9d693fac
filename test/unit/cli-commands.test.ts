import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER, fakeServer, runCli } from './cli-harness.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString();

const VS_YAML = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  http: [{ route: [{ destination: { host: reviews, subset: v9 } }] }]
`;

const reviews = {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default', resourceVersion: '3', generation: 1, creationTimestamp: ago(90), uid: 'u' },
  spec: { hosts: ['reviews'], gateways: ['mesh'] },
};

const applied = {
  generation: 3,
  items: [{ kind: 'VirtualService', apiVersion: 'networking.istio.io/v1', namespace: 'default', name: 'reviews', action: 'created', resourceVersion: '3' }],
  conditions: [{ resource: 'VirtualService default/reviews', path: 'spec.http[0].route[0].destination.subset', reason: 'SubsetNotFound', message: 'subset "v9" is not defined for reviews; the route answers 503' }],
  published: { hash: '0123456789abcdef0123', generation: 3, publishedAt: ago(0), bytes: 900 },
  dryRun: false,
  warnings: [{ severity: 'warning', resource: 'VirtualService default/reviews', path: 'spec.http[0]', message: 'defined again; this definition replaces the one in request#1', source: 'request#2' }],
  skipped: [{ source: 'request#1', kind: 'Service', name: 'reviews', reason: 'Kubernetes kinds are applied with kubectl' }],
};

describe('isthmus commands against a fake admin API', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'isthmus-cmd-'));
    await writeFile(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: reviews }\n');
    await writeFile(join(dir, 'vs.yaml'), VS_YAML);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (argv: string[], routes: Parameters<typeof fakeServer>[0]) => {
    const server = fakeServer(routes);
    return runCli([...argv, ...SERVER], { cwd: dir, fetch: server.fetch, now: () => NOW }).then((r) => ({ ...r, calls: server.calls }));
  };

  it('apply sends every file as one YAML body and prints objects, warnings with file names, and the generation', async () => {
    const r = await run(['apply', '-f', 'svc.yaml', '-f', 'vs.yaml'], { 'POST /apply': [200, applied] });
    expect(r.code).toBe(0);
    expect(r.calls[0]?.headers.get('content-type')).toBe('application/yaml');
    expect(r.calls[0]?.body).toContain('kind: Service');
    expect(r.calls[0]?.body).toContain('kind: VirtualService');
    expect(r.calls[0]?.url.searchParams.get('dryRun')).toBeNull();
    expect(r.out).toBe('virtualservice.networking.istio.io/reviews created\ngeneration 3 published (snapshot 01234567…)\n');
    expect(r.err).toBe([
      'warning: VirtualService default/reviews: spec.http[0]: defined again; this definition replaces the one in svc.yaml#1 (vs.yaml#1)',
      'warning: skipped Service reviews (svc.yaml#1): Kubernetes kinds are applied with kubectl',
      'warning: VirtualService default/reviews: spec.http[0].route[0].destination.subset: subset "v9" is not defined for reviews; the route answers 503 (SubsetNotFound)',
      '',
    ].join('\n'));
  });

  it('apply --dry-run asks the server for dryRun=All and says nothing changed', async () => {
    const r = await run(['apply', '-f', 'vs.yaml', '--dry-run', '-n', 'shop'], { 'POST /apply': [200, { ...applied, published: undefined, generation: 2, dryRun: true, warnings: [], skipped: [], conditions: [] }] });
    expect(r.calls[0]?.url.searchParams.get('dryRun')).toBe('All');
    expect(r.calls[0]?.url.searchParams.get('namespace')).toBe('shop');
    expect(r.out).toBe('virtualservice.networking.istio.io/reviews created (dry run)\ndry run: nothing was changed; the mesh stays at generation 2\n');
  });

  it('prints a rejected apply as the Status message and one line per cause, with exit code 1', async () => {
    const status = {
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422,
      message: 'the config has 1 error; nothing was applied',
      details: { causes: [
        { field: 'spec.http[0].route', message: 'must have at least one destination', resource: 'VirtualService default/reviews', severity: 'error', source: 'request#2' },
        { field: 'spec.tcp', message: 'is ignored at the edge', resource: 'VirtualService default/reviews', severity: 'warning' },
      ] },
    };
    const r = await run(['apply', '-f', 'svc.yaml', '-f', 'vs.yaml'], { 'POST /apply': [422, status] });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe([
      'error: the config has 1 error; nothing was applied',
      '  - VirtualService default/reviews: spec.http[0].route: must have at least one destination (vs.yaml#1)',
      '  - warning: VirtualService default/reviews: spec.tcp: is ignored at the edge',
      '',
    ].join('\n'));
  });

  it('turns a refused token into exit code 3 with a way to get a good one', async () => {
    const r = await run(['get', 'vs'], { 'GET /apis/networking.istio.io/v1/namespaces/default/virtualservices': [401, { kind: 'Status', code: 401, reason: 'Unauthorized', message: 'invalid token: signature verification failed' }] });
    expect(r.code).toBe(3);
    expect(r.err).toContain('error: the control plane at http://control.test refused the token: invalid token: signature verification failed');
  });

  it('get lists a kind by short name in the default namespace as a table', async () => {
    const r = await run(['get', 'vs'], { 'GET /apis/networking.istio.io/v1/namespaces/default/virtualservices': [200, { kind: 'VirtualServiceList', items: [reviews] }] });
    expect(r.code).toBe(0);
    expect(r.out).toBe('NAME      GATEWAYS   HOSTS         AGE\nreviews   ["mesh"]   ["reviews"]   90s\n');
  });

  it('get -A lists across namespaces, and says so when there is nothing', async () => {
    const r = await run(['get', 'destinationrules', '-A'], { 'GET /apis/networking.istio.io/v1/destinationrules': [200, { items: [] }] });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('No resources found\n');
  });

  it('get NAME -o yaml prints the object itself; a list prints as kind: List', async () => {
    const one = await run(['get', 'virtualservice', 'reviews', '-o', 'yaml'], { 'GET /apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews': [200, reviews] });
    expect(one.out).toMatch(/^apiVersion: networking\.istio\.io\/v1\nkind: VirtualService\nmetadata:\n {2}name: reviews\n/);
    const list = await run(['get', 'vs', '-o', 'json'], { 'GET /apis/networking.istio.io/v1/namespaces/default/virtualservices': [200, { items: [reviews] }] });
    expect(JSON.parse(list.out)).toEqual({ apiVersion: 'v1', kind: 'List', items: [reviews], metadata: { resourceVersion: '' } });
    const names = await run(['get', 'vs', '-o', 'name'], { 'GET /apis/networking.istio.io/v1/namespaces/default/virtualservices': [200, { items: [reviews] }] });
    expect(names.out).toBe('virtualservice.networking.istio.io/reviews\n');
  });

  it('get refuses an unknown kind with exit code 2, a suggestion and the known kinds', async () => {
    const r = await run(['get', 'virtualservis'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: unknown resource type "virtualservis"; did you mean "virtualservice"?');
    expect(r.err).toContain('virtualservice (vs)');
    const k8s = await run(['get', 'pods'], {});
    expect(k8s.err).toContain('Pod is a Kubernetes kind; isthmus serves Istio configuration only');
  });

  it('get NAME reports a missing object with exit code 1', async () => {
    const r = await run(['get', 'gw', 'nope', '-n', 'shop'], {});
    expect(r.code).toBe(1);
    expect(r.calls[0]?.url.pathname).toBe('/apis/networking.istio.io/v1/namespaces/shop/gateways/nope');
  });

  it('delete KIND NAME sends DELETE to the object\'s path', async () => {
    const r = await run(['delete', 'vs', 'reviews', '--dry-run'], { 'DELETE /apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews': [200, { kind: 'Status', status: 'Success' }] });
    expect(r.code).toBe(0);
    expect(r.calls[0]?.url.searchParams.get('dryRun')).toBe('All');
    expect(r.out).toBe('virtualservice.networking.istio.io "reviews" deleted (dry run)\n');
  });

  it('delete -f posts the files to /delete', async () => {
    const r = await run(['delete', '-f', 'vs.yaml'], { 'POST /delete': [200, { ...applied, items: [{ ...applied.items[0], action: 'deleted' }], warnings: [], skipped: [], conditions: [] }] });
    expect(r.out).toBe('virtualservice.networking.istio.io "reviews" deleted\ngeneration 3 published (snapshot 01234567…)\n');
  });

  it('diff exits 0 without differences, 1 with them, and 2 on an error', async () => {
    const none = await run(['diff', '-f', 'vs.yaml'], { 'POST /diff': [200, { changes: [], warnings: [] }] });
    expect([none.code, none.out]).toEqual([0, '']);
    const some = await run(['diff', '-f', 'vs.yaml'], { 'POST /diff': [200, { changes: [{ key: 'VirtualService/default/reviews', action: 'created', after: reviews }], warnings: [] }] });
    expect(some.code).toBe(1);
    expect(some.out).toContain('--- live/networking.istio.io.v1.VirtualService.default.reviews\n+++ merged/networking.istio.io.v1.VirtualService.default.reviews\n@@ -0,0 +1,10 @@\n+apiVersion: networking.istio.io/v1\n');
    expect(some.out).not.toContain('resourceVersion');
    const bad = await run(['diff', '-f', 'vs.yaml'], { 'POST /diff': [422, { kind: 'Status', code: 422, message: 'the config has 1 error; nothing was applied' }] });
    expect(bad.code).toBe(2);
    const missing = await run(['diff', '-f', 'missing.yaml'], {});
    expect(missing.code).toBe(2);
  });

  it('history tables generations; history N -o yaml prints the resources at N', async () => {
    const h = await run(['history'], { 'GET /history': [200, { generation: 1, items: [{ generation: 1, time: ago(60), author: 'local-admin', message: '1 created, 0 configured, 0 deleted', changes: [{ key: 'VirtualService/default/reviews', action: 'created' }] }] }] });
    expect(h.out).toBe('GENERATION   TIME                   AUTHOR        CHANGE\n1            2026-05-01T11:59:00Z   local-admin   created VirtualService default/reviews\n');
    const at = await run(['history', '1', '-o', 'yaml'], { 'GET /history/1': [200, { generation: 1, items: [reviews] }] });
    expect(at.out).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: networking\.istio\.io\/v1\n/);
    const badG = await run(['history', 'latest'], {});
    expect(badG.code).toBe(2);
  });

  it('rollback prints what changed and the new generation', async () => {
    const r = await run(['rollback', '0'], { 'POST /rollback/0': [200, { generation: 4, items: [{ ...applied.items[0], action: 'deleted' }], conditions: [], published: { hash: 'feedfacecafe', generation: 4, publishedAt: ago(0), bytes: 10 } }] });
    expect(r.code).toBe(0);
    expect(r.out).toBe('virtualservice.networking.istio.io/reviews deleted\nrolled back to generation 0: generation 4 published (snapshot feedface…)\n');
  });

  it('status shows the published snapshot, marks stale gateways and lists conditions', async () => {
    const r = await run(['status'], { 'GET /status': [200, {
      generation: 4,
      published: { hash: 'aaaaaaaaaaaa', generation: 4, publishedAt: ago(12), bytes: 2048 },
      gateways: [
        { gateway: 'istio-system/istio-ingressgateway', isolate: 'iso-1', hash: 'aaaaaaaaaaaa', generation: 4, loadedAt: ago(10), reportedAt: ago(1) },
        { gateway: 'istio-system/istio-ingressgateway', isolate: 'iso-2', hash: 'bbbbbbbbbbbb', generation: 3, loadedAt: ago(300), reportedAt: ago(2) },
      ],
      conditions: [applied.conditions[0]],
    }] });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Published:     generation 4, snapshot aaaaaaaa… (2048 bytes) at 2026-05-01T11:59:48Z, 12s ago');
    expect(r.out).toMatch(/iso-1 +4 +aaaaaaaa… +10s ago +1s ago +SYNCED\n/);
    expect(r.out).toMatch(/iso-2 +3 +bbbbbbbb… +5m ago +2s ago +STALE\n/);
    expect(r.out).toContain('1 of 2 gateway isolates serve an older snapshot than the published one');
    expect(r.out).toContain('  VirtualService default/reviews: spec.http[0].route[0].destination.subset: subset "v9" is not defined');
  });
});
