import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/command.js';
import { resolveConnection } from '../../src/cli/connection.js';
import { fakeServer, runCli } from './cli-harness.js';

describe('finding the control plane', () => {
  let root: string;
  let deep: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'isthmus-conn-'));
    await mkdir(join(root, '.isthmus'));
    await writeFile(join(root, '.isthmus', 'admin-token'), 'local-token\n');
    await writeFile(join(root, '.isthmus', 'local.json'), JSON.stringify({ adminUrl: 'http://127.0.0.1:4001', gatewayUrl: 'http://127.0.0.1:4000', tokenFile: join(root, '.isthmus', 'admin-token') }));
    deep = join(root, 'a', 'b');
    await mkdir(deep, { recursive: true });
    await mkdir(join(root, 'elsewhere', 'state'), { recursive: true });
    await writeFile(join(root, 'elsewhere', 'state', 'local.json'), JSON.stringify({ adminUrl: 'http://127.0.0.1:5001/', tokenFile: 'tok' }));
    await writeFile(join(root, 'elsewhere', 'state', 'tok'), 'other-token');
    await writeFile(join(root, 'my-token'), 'file-token\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks up from the working directory to .isthmus/local.json', async () => {
    const c = await resolveConnection({ env: {}, cwd: deep });
    expect(c).toEqual({ server: 'http://127.0.0.1:4001', token: 'local-token', origin: join(root, '.isthmus', 'local.json') });
  });

  it('takes ISTHMUS_STATE_DIR as the state directory itself, with a token file relative to it', async () => {
    const c = await resolveConnection({ env: { ISTHMUS_STATE_DIR: join(root, 'elsewhere', 'state') }, cwd: deep });
    expect(c.server).toBe('http://127.0.0.1:5001');
    expect(c.token).toBe('other-token');
  });

  it('prefers flags to the environment and the environment to local.json', async () => {
    expect(await resolveConnection({ server: 'http://flag:1', token: 'ft', env: { ISTHMUS_SERVER: 'http://env:1', ISTHMUS_TOKEN: 'et' }, cwd: deep }))
      .toEqual({ server: 'http://flag:1', token: 'ft', origin: '--server' });
    expect(await resolveConnection({ env: { ISTHMUS_SERVER: 'http://env:1', ISTHMUS_TOKEN: 'et' }, cwd: deep }))
      .toEqual({ server: 'http://env:1', token: 'et', origin: 'ISTHMUS_SERVER' });
    expect((await resolveConnection({ tokenFile: 'my-token', env: { ISTHMUS_TOKEN: 'et' }, cwd: root })).token).toBe('file-token');
  });

  it('sends the local token only to the local mesh', async () => {
    expect((await resolveConnection({ server: 'http://127.0.0.1:4001', env: {}, cwd: deep })).token).toBe('local-token');
    await expect(resolveConnection({ server: 'http://remote.example:443', env: {}, cwd: deep })).rejects.toThrow('no token for http://remote.example:443');
  });

  it('says how to start a mesh when none can be found, with exit code 3', async () => {
    const err = await resolveConnection({ env: {}, cwd: tmpdir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(3);
    const r = await runCli(['get', 'vs'], { cwd: '/' });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^error: no isthmus control plane found: .*\n {2}run `npm start` in the isthmus checkout, or pass --server URL and --token TOKEN/);
  });

  it('names a missing local.json under ISTHMUS_STATE_DIR', async () => {
    const r = await runCli(['status'], { env: { ISTHMUS_STATE_DIR: join(root, 'nope') } });
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${join(root, 'nope', 'local.json')} does not exist`);
  });

  it('uses what it found: the URL and bearer token of the local mesh', async () => {
    const server = fakeServer({ 'GET /status': [200, { generation: 0, published: null, gateways: [], conditions: [] }] });
    const r = await runCli(['status'], { cwd: deep, fetch: server.fetch });
    expect(r.code).toBe(0);
    expect(server.calls[0]?.url.href).toBe('http://127.0.0.1:4001/status');
    expect(server.calls[0]?.headers.get('authorization')).toBe('Bearer local-token');
  });

  it('reports an unreachable server with exit code 3 and where its address came from', async () => {
    const port = await closedPort();
    const r = await runCli(['get', 'vs', '--server', `http://127.0.0.1:${port}`, '--token', 'x']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(new RegExp(`^error: cannot reach the isthmus control plane at http://127\\.0\\.0\\.1:${port} \\(from --server\\): .*ECONNREFUSED`));
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
