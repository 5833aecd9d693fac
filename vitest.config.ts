import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { exportJWK, generateKeyPair } from 'jose';
import { defineConfig } from 'vitest/config';

/** A throwaway signing key for the control worker under test; tests mint tokens with it. */
async function testSigningKey(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'test' });
}

/**
 * Four projects:
 * - unit: the mesh core, compiler goldens, CLI and demo in Node;
 * - workers-control, workers-gateway: each worker inside workerd with real KV and Durable Objects;
 * - e2e: the whole mesh on workerd (Miniflare) with real HTTP on loopback.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        plugins: [cloudflareTest(async () => ({
          wrangler: { configPath: './control/wrangler.toml' },
          miniflare: { bindings: { SIGNING_KEY: await testSigningKey() } },
        }))],
        test: { name: 'workers-control', include: ['test/workers/control/**/*.test.ts'] },
      },
      {
        plugins: [cloudflareTest(async () => ({
          wrangler: { configPath: './wrangler.toml' },
          miniflare: {
            // Check KV on every request, so each test sees what it just published.
            bindings: { CONFIG_POLL_MS: '0' },
            // The real control worker (built by `npm run build`) answers the gateway's status reports.
            workers: [{
              name: 'isthmus-control',
              modules: true,
              scriptPath: './dist/control.js',
              compatibilityDate: '2026-04-20',
              kvNamespaces: { CONFIG: 'isthmus-config' },
              durableObjects: { STORE: { className: 'ConfigStore', useSQLite: true } },
              bindings: { SIGNING_KEY: await testSigningKey() },
            }],
          },
        }))],
        test: { name: 'workers-gateway', include: ['test/workers/gateway/**/*.test.ts'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One mesh per file on a 2-core machine: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
