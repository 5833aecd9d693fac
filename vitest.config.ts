import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Three kinds of test, each its own project:
 * - unit: the mesh core, compiler goldens, CLI and demo in Node;
 * - workers-*: the control and gateway workers inside workerd with real KV and Durable Objects;
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
        plugins: [cloudflareTest({ wrangler: { configPath: './control/wrangler.toml' } })],
        test: { name: 'workers-control', include: ['test/workers/control/**/*.test.ts'] },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
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
