import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { startLocalMesh, type LocalMesh } from '../../src/local/mesh.js';

/**
 * The real CLI against a real local mesh (control and gateway on workerd): in-process
 * through `main` for most cases, and once as the installed binary finding the mesh
 * through ISTHMUS_STATE_DIR, as a user's shell would.
 */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/isthmus.mjs');
const run = promisify(execFile);

const reviews = (v1: number, v3: number): string => `# reviews: most traffic to v1
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
      weight: ${v1}
    - destination: { host: reviews, subset: v3 }
      weight: ${v3}
`;

const INVALID = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews }
      weight: -5
`;

/** Bound to the edge gateway, routing to a service the (empty) registry does not know. */
const EDGE = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings-edge }
spec:
  hosts: ["*"]
  gateways: [edge]
  http:
  - match: [{ uri: { prefix: /ratings } }]
    route: [{ destination: { host: ratings } }]
`;

interface Result { code: number; out: string; err: string }

describe('the isthmus CLI against a local mesh', () => {
  let dir: string;
  let mesh: LocalMesh;

  /** `isthmus ...` in-process, pointed at the mesh with --server and --token. */
  async function cli(...argv: string[]): Promise<Result> {
    let out = '';
    let err = '';
    const code = await main([...argv, '--server', mesh.adminUrl, '--token', mesh.token], {
      out: (s) => { out += s; },
      err: (s) => { err += s; },
      env: {},
      cwd: dir,
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/control.js')) || !existsSync(join(ROOT, 'dist/cli.js'))) {
      throw new Error('dist/ is missing: run `node scripts/build.mjs` (npm test builds first)');
    }
    dir = await mkdtemp(join(tmpdir(), 'isthmus-cli-e2e-'));
    mesh = await startLocalMesh({ stateDir: join(dir, '.isthmus'), gatewayPort: 0, adminPort: 0, pollMs: 50, persist: true });
    await writeFile(join(dir, 'reviews.yaml'), reviews(90, 10));
    await writeFile(join(dir, 'reviews-edited.yaml'), reviews(50, 50));
    await writeFile(join(dir, 'invalid.yaml'), INVALID);
    await writeFile(join(dir, 'edge.yaml'), EDGE);
  });
  afterAll(async () => {
    await mesh.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies a VirtualService file and reports it created and published as generation 1', async () => {
    const r = await cli('apply', '-f', 'reviews.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^virtualservice\.networking\.istio\.io\/reviews created\ngeneration 1 published \(snapshot [0-9a-f]{8}…\)\n$/);
  });

  it('reports the same file unchanged the second time, publishing nothing new', async () => {
    const r = await cli('apply', '-f', 'reviews.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toBe('virtualservice.networking.istio.io/reviews unchanged\nno changes; the mesh stays at generation 1\n');
  });

  it('lists it with get vs -A: namespace, name, hosts and age', async () => {
    const r = await cli('get', 'vs', '-A');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAMESPACE +NAME +GATEWAYS +HOSTS +AGE\ndefault +reviews +\["reviews"\] +\d+s\n$/);
  });

  it('prints it as Kubernetes YAML with get vs NAME -o yaml', async () => {
    const r = await cli('get', 'virtualservice', 'reviews', '-o', 'yaml');
    expect(r.code).toBe(0);
    const obj = parse(r.out) as { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: unknown };
    expect(obj.apiVersion).toBe('networking.istio.io/v1');
    expect(obj.kind).toBe('VirtualService');
    expect(obj.metadata).toMatchObject({ name: 'reviews', namespace: 'default', resourceVersion: '1' });
    expect(obj.spec).toEqual(parse(reviews(90, 10)).spec);
  });

  it('diff exits 0 for the live config and 1 for an edited copy, showing the changed weights', async () => {
    const same = await cli('diff', '-f', 'reviews.yaml');
    expect([same.code, same.out, same.err]).toEqual([0, '', '']);
    const edited = await cli('diff', '-f', 'reviews-edited.yaml');
    expect(edited.code).toBe(1);
    expect(edited.out).toContain('--- live/networking.istio.io.v1.VirtualService.default.reviews');
    expect(edited.out).toContain('\n-      weight: 90\n');
    expect(edited.out).toContain('\n+      weight: 50\n');
    expect(edited.out).not.toContain('resourceVersion');
  });

  it('rejects an invalid file with exit code 1, the field path and the file, and changes nothing', async () => {
    const r = await cli('apply', '-f', 'invalid.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: .*nothing was applied\n/);
    expect(r.err).toContain('  - VirtualService default/reviews: spec.http[0].route[0].weight: ');
    expect(r.err).toContain('(invalid.yaml#1)');
    const h = await cli('history', '-o', 'json');
    expect((JSON.parse(h.out) as { generation: number }).generation).toBe(1);
    expect((await cli('diff', '-f', 'reviews.yaml')).code).toBe(0);
  });

  it('applies nothing under --dry-run', async () => {
    const r = await cli('apply', '-f', 'reviews-edited.yaml', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toBe('virtualservice.networking.istio.io/reviews configured (dry run)\ndry run: nothing was changed; the mesh stays at generation 1\n');
    expect((await cli('diff', '-f', 'reviews.yaml')).code).toBe(0);
  });

  it('records each apply in history, newest first', async () => {
    expect((await cli('apply', '-f', 'reviews-edited.yaml')).out).toMatch(/configured\ngeneration 2 published/);
    const r = await cli('history');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^GENERATION +TIME +AUTHOR +CHANGE\n2 +\S+Z +local-admin +configured VirtualService default\/reviews\n1 +\S+Z +local-admin +created VirtualService default\/reviews\n$/);
    const at1 = await cli('history', '1', '-o', 'yaml');
    const list = parse(at1.out) as { kind: string; items: Array<{ spec: unknown }> };
    expect(list.kind).toBe('List');
    expect(list.items[0]?.spec).toEqual(parse(reviews(90, 10)).spec);
  });

  it('rolls back to generation 1 as a new generation 3', async () => {
    const r = await cli('rollback', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^virtualservice\.networking\.istio\.io\/reviews configured\nrolled back to generation 1: generation 3 published \(snapshot [0-9a-f]{8}…\)\n$/);
    expect((await cli('diff', '-f', 'reviews.yaml')).code).toBe(0);
  });

  it('applies a Gateway and its VirtualService, warning that the route cannot be resolved yet', async () => {
    const r = await cli('apply', '-f', 'edge.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^gateway\.networking\.istio\.io\/edge created\nvirtualservice\.networking\.istio\.io\/ratings-edge created\ngeneration 4 published/);
    expect(r.err).toMatch(/^warning: VirtualService default\/ratings-edge: spec\.http\[0\]\.route\[0\]\.destination: .*\(ServiceNotFound\)$/m);
  });

  it('shows in status that the gateway serves the published snapshot, and the conditions', async () => {
    // An isolate reports once it has loaded a snapshot, which the first request makes it do.
    const deadline = Date.now() + 15_000;
    let status: { published: { hash: string; generation: number } | null; gateways: Array<{ hash: string }> } | undefined;
    while (Date.now() < deadline) {
      await fetch(`${mesh.gatewayUrl}/`, { headers: { host: 'reviews' } }).then((res) => res.arrayBuffer()).catch(() => undefined);
      status = JSON.parse((await cli('status', '-o', 'json')).out) as typeof status;
      if (status?.gateways.some((g) => g.hash === status?.published?.hash)) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(status?.published?.generation).toBe(4);
    const r = await cli('status');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Control plane: +http:\/\/127\.0\.0\.1:\d+\n/);
    expect(r.out).toMatch(/Published: +generation 4, snapshot [0-9a-f]{8}…/);
    expect(r.out).toMatch(/istio-system\/istio-ingressgateway +\S+ +4 +[0-9a-f]{8}… .*SYNCED/);
    // ratings is not in the registry, so its route degrades to 503, and status says why.
    expect(r.out).toMatch(/^Conditions:\n {2}VirtualService default\/ratings-edge: spec\.http\[0\]\.route\[0\]\.destination: .*\(ServiceNotFound\)$/m);
  });

  it('runs as the installed binary, finding the mesh through ISTHMUS_STATE_DIR', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISTHMUS_')));
    const r = await run(process.execPath, [BIN, 'get', 'vs', '-A', '-o', 'name'], { cwd: tmpdir(), env: { ...env, ISTHMUS_STATE_DIR: join(dir, '.isthmus') } });
    expect(r.stdout).toBe('virtualservice.networking.istio.io/ratings-edge\nvirtualservice.networking.istio.io/reviews\n');
  });

  it('deletes what a file names with delete -f, leaving nothing to get', async () => {
    const r = await cli('delete', '-f', 'reviews.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^virtualservice\.networking\.istio\.io "reviews" deleted\ngeneration 5 published/);
    const get = await cli('get', 'vs', '-o', 'name');
    expect(get.out).toBe('virtualservice.networking.istio.io/ratings-edge\n');
    await cli('delete', '-f', 'edge.yaml');
    const none = await cli('get', 'vs');
    expect([none.code, none.out, none.err]).toEqual([0, '', 'No resources found in default namespace.\n']);
    const again = await cli('delete', 'vs', 'reviews');
    expect(again.code).toBe(1);
    expect(again.err).toContain('not found');
  });

  it('exits 3 with advice when there is no server to talk to', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISTHMUS_')));
    const lonely = await mkdtemp(join(tmpdir(), 'isthmus-no-mesh-'));
    try {
      const r = await run(process.execPath, [BIN, 'status'], { cwd: lonely, env }).then(() => undefined, (e: unknown) => e as { code: number; stderr: string });
      expect(r?.code).toBe(3);
      expect(r?.stderr).toContain('error: no isthmus control plane found');
      expect(r?.stderr).toContain('run `npm start`');
    } finally {
      await rm(lonely, { recursive: true, force: true });
    }
  });
});
