import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { loadOrCreateSigningKey, mintToken, TOKEN_ISSUER } from './keys.js';

export interface LocalMeshOptions {
  /** Where KV, Durable Object state, the signing key and the admin token live. */
  stateDir: string;
  host?: string;
  /** 0 picks a free port. */
  gatewayPort?: number;
  adminPort?: number;
  /** How often gateway isolates look for a new snapshot. */
  pollMs?: number;
  accessLog?: boolean;
  /** Keep state on disk (true for `npm start`); tests use a fresh directory anyway. */
  persist?: boolean;
  verbose?: boolean;
}

export interface LocalMesh {
  gatewayUrl: string;
  adminUrl: string;
  /** An admin-scoped token, also written to `<stateDir>/admin-token`. */
  token: string;
  tokenFile: string;
  mintToken(scope: string, subject?: string): Promise<string>;
  close(): Promise<void>;
}

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const KV_ID = 'isthmus-config';

/**
 * Control and the ingress gateway on workerd through Miniflare's API, sharing one KV
 * namespace, each on its own socket straight into workerd (no Node proxy in the path).
 */
export async function startLocalMesh(options: LocalMeshOptions): Promise<LocalMesh> {
  const stateDir = resolve(options.stateDir);
  const host = options.host ?? '127.0.0.1';
  await mkdir(stateDir, { recursive: true });
  const key = await loadOrCreateSigningKey(stateDir);
  const persist = options.persist ?? true;

  const mf = new Miniflare({
    host,
    port: 0,
    // No request.cf lookup: local runs never reach Cloudflare.
    cf: false,
    log: new Log(options.verbose ? LogLevel.INFO : LogLevel.WARN),
    ...(persist ? { kvPersist: join(stateDir, 'kv'), durableObjectsPersist: join(stateDir, 'do') } : {}),
    workers: [
      {
        name: 'gateway',
        modules: true,
        scriptPath: join(ROOT, 'dist/gateway.js'),
        compatibilityDate: '2026-04-20',
        kvNamespaces: { CONFIG: KV_ID },
        bindings: {
          GATEWAY_NAME: 'istio-system/istio-ingressgateway',
          LISTENER_PORT: '8080',
          CONFIG_POLL_MS: String(options.pollMs ?? 100),
          ACCESS_LOG: options.accessLog ? 'json' : 'off',
        },
        serviceBindings: { CONTROL: { name: 'control', entrypoint: 'StatusReporter' } },
        // Miniflare routes every subrequest through an extra JavaScript worker that strips
        // CF-Connecting-IP; Cloudflare has no such hop, and it doubles the cost of each
        // upstream fetch (bench/README.md, finding 2). The gateway sets its own headers.
        stripCfConnectingIp: false,
        unsafeDirectSockets: [{ host, port: options.gatewayPort ?? 0 }],
      },
      {
        name: 'control',
        modules: true,
        scriptPath: join(ROOT, 'dist/control.js'),
        compatibilityDate: '2026-04-20',
        kvNamespaces: { CONFIG: KV_ID },
        durableObjects: { STORE: { className: 'ConfigStore', useSQLite: true } },
        bindings: { SIGNING_KEY: JSON.stringify(key), TOKEN_ISSUER },
        unsafeDirectSockets: [{ host, port: options.adminPort ?? 0 }],
      },
    ],
  });
  await mf.ready;
  const gatewayUrl = trimSlash((await mf.unsafeGetDirectURL('gateway')).href);
  const adminUrl = trimSlash((await mf.unsafeGetDirectURL('control')).href);
  const token = await mintToken(key, 'admin', 'local-admin');
  const tokenFile = join(stateDir, 'admin-token');
  await writeFile(tokenFile, token, { mode: 0o600 });
  // How the CLI finds this mesh without flags (src/cli/connection.ts).
  await writeFile(join(stateDir, 'local.json'), `${JSON.stringify({ adminUrl, gatewayUrl, tokenFile }, null, 2)}\n`);
  return {
    gatewayUrl,
    adminUrl,
    token,
    tokenFile,
    mintToken: (scope, subject = 'local') => mintToken(key, scope, subject),
    close: () => mf.dispose(),
  };
}

function trimSlash(u: string): string {
  return u.endsWith('/') ? u.slice(0, -1) : u;
}
