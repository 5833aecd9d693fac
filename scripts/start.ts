/**
 * `npm start`: the whole mesh on one machine, no account and no cluster
 * (DESIGN.md decision 11). Control and the ingress gateway on workerd with state on
 * disk, the local registry pushed to control, the demo Bookinfo app, a starter config.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRegistryFile, startBookinfo, type RunningDemo } from '../examples/bookinfo/index.js';
import { startLocalMesh } from '../src/local/mesh.js';

const HELP = `Usage: npm start [-- options]

Runs control and the ingress gateway on workerd, the demo Bookinfo app, and applies a
starter config. Every option also reads from the environment variable shown.

Options:
  --gateway-port N   ingress gateway port          ISTHMUS_GATEWAY_PORT  (8080)
  --admin-port N     control admin API port        ISTHMUS_ADMIN_PORT    (15000)
  --registry FILE    local service registry (YAML) ISTHMUS_REGISTRY      (examples/registry.yaml)
  --config FILE      starter Istio config          ISTHMUS_CONFIG        (examples/bookinfo-gateway.yaml)
  --state-dir DIR    KV, Durable Objects, keys     ISTHMUS_STATE_DIR     (.isthmus)
  --poll-ms N        gateway config poll interval  ISTHMUS_POLL_MS       (100)
  --no-demo          do not start the Bookinfo demo apps
  -h, --help         this help

Example:
  ISTHMUS_GATEWAY_PORT=8081 npm start -- --no-demo
`;

const env = process.env;
const { values } = parseArgs({
  options: {
    'gateway-port': { type: 'string', default: env.ISTHMUS_GATEWAY_PORT ?? '8080' },
    'admin-port': { type: 'string', default: env.ISTHMUS_ADMIN_PORT ?? '15000' },
    registry: { type: 'string', default: env.ISTHMUS_REGISTRY ?? 'examples/registry.yaml' },
    config: { type: 'string', default: env.ISTHMUS_CONFIG ?? 'examples/bookinfo-gateway.yaml' },
    'state-dir': { type: 'string', default: env.ISTHMUS_STATE_DIR ?? '.isthmus' },
    'poll-ms': { type: 'string', default: env.ISTHMUS_POLL_MS ?? '100' },
    'no-demo': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function port(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`error: --${name} must be a port number (0-65535), got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  if (values.help) { process.stdout.write(HELP); return; }
  const registry = await loadRegistryFile(resolve(values.registry));
  const demo: RunningDemo | undefined = values['no-demo'] ? undefined : await startBookinfo({ registry });
  const mesh = await startLocalMesh({
    stateDir: values['state-dir'],
    gatewayPort: port('gateway-port', values['gateway-port']),
    adminPort: port('admin-port', values['admin-port']),
    pollMs: Number(values['poll-ms']),
    accessLog: true,
  });
  const admin = async (method: string, path: string, body: string, type: string): Promise<unknown> => {
    const res = await fetch(`${mesh.adminUrl}${path}`, { method, body, headers: { authorization: `Bearer ${mesh.token}`, 'content-type': type } });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} failed (${res.status}): ${JSON.stringify(json)}`);
    return json;
  };
  await admin('PUT', '/registry/v1/sources/local', JSON.stringify(registry), 'application/json');
  await admin('POST', '/apply', await readFile(resolve(values.config), 'utf8'), 'application/yaml');

  const out = process.stdout;
  out.write(`\nisthmus is running\n`);
  out.write(`  gateway  ${mesh.gatewayUrl}   (try ${mesh.gatewayUrl}/productpage)\n`);
  out.write(`  admin    ${mesh.adminUrl}\n`);
  out.write(`  token    ${mesh.tokenFile}\n`);
  out.write(`  registry ${resolve(values.registry)} (${registry.services.length} services${demo ? `, ${demo.endpoints.length} demo endpoints running` : ''})\n`);
  out.write(`\nNext: npx isthmus get vs -A    npx isthmus apply -f examples/destination-rules.yaml\n`);
  out.write(`Ctrl-C stops everything; state stays in ${resolve(values['state-dir'])}.\n\n`);

  const stop = async (): Promise<void> => {
    await mesh.close();
    await demo?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
