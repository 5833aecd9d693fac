import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const VALID = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
`;

const INVALID = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: shop
spec:
  hosts: [ratings]
  http:
  - route:
    - destination: { hots: ratings }
`;

const WITH_SERVICE = `apiVersion: v1
kind: Service
metadata: { name: reviews }
spec: { ports: [{ port: 9080 }] }
---
${VALID}`;

describe('isthmus validate (offline)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'isthmus-validate-'));
    await writeFile(join(dir, 'valid.yaml'), VALID);
    await writeFile(join(dir, 'invalid.yaml'), INVALID);
    await writeFile(join(dir, 'bookinfo.yaml'), WITH_SERVICE);
    await mkdir(join(dir, 'good'));
    await writeFile(join(dir, 'good', 'a.yaml'), VALID);
    await writeFile(join(dir, 'good', 'notes.txt'), 'not config');
    await mkdir(join(dir, 'good', 'nested'));
    await writeFile(join(dir, 'good', 'nested', 'b.json'), JSON.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes a valid file with exit code 0 and counts its resources', async () => {
    const r = await runCli(['validate', '-f', 'valid.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).toBe('✔ valid.yaml: 2 resources valid\n');
    expect(r.err).toBe('');
  });

  it('fails an invalid file with exit code 1, naming the resource, the field path and the document', async () => {
    const r = await runCli(['validate', '-f', 'invalid.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: VirtualService shop\/ratings: spec\.http\[0\]\.route\[0\]\.destination.*\(invalid\.yaml#1\)$/m);
    expect(r.out).toMatch(/^✘ invalid\.yaml: \d+ errors?$/m);
  });

  it('fails the run when any one of several files is invalid, and reports each file', async () => {
    const r = await runCli(['validate', '-f', 'valid.yaml', '-f', 'invalid.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toContain('✔ valid.yaml: 2 resources valid');
    expect(r.out).toContain('✘ invalid.yaml');
  });

  it('skips Kubernetes kinds with a note rather than failing', async () => {
    const r = await runCli(['validate', 'bookinfo.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).toBe('✔ bookinfo.yaml: 2 resources valid (1 document skipped)\n');
    expect(r.err).toMatch(/^skipped: Service reviews \(bookinfo\.yaml#1\): /m);
  });

  it('reads the config files of a directory, and its subdirectories with -R', async () => {
    const flat = await runCli(['validate', '-f', 'good'], { cwd: dir });
    expect(flat.out).toBe('✔ good/a.yaml: 2 resources valid\n');
    const deep = await runCli(['validate', '-R', '-f', 'good'], { cwd: dir });
    expect(deep.out).toBe('✔ good/a.yaml: 2 resources valid\n✔ good/nested/b.json: 1 resource valid\n');
  });

  it('reads stdin for -f -', async () => {
    const r = await runCli(['validate', '-f', '-'], { cwd: dir, stdin: () => Promise.resolve(INVALID) });
    expect(r.code).toBe(1);
    expect(r.err).toContain('(stdin#1)');
  });

  it('says which file cannot be read, with exit code 1', async () => {
    const r = await runCli(['validate', '-f', 'missing.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: cannot read missing.yaml: no such file or directory\n  check the path given to -f\n');
  });

  it('needs no server at all', async () => {
    const r = await runCli(['validate', '-f', 'valid.yaml'], { cwd: dir, env: { ISTHMUS_SERVER: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(0);
  });

  it('is a usage error without any file', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: validate needs -f FILE');
  });
});
