// Bundles the two workers (for Miniflare / workerd) and the CLI (for Node) into dist/.
import { build } from 'esbuild';

const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['control/src/index.ts'], outfile: 'dist/control.js', platform: 'neutral', external: ['cloudflare:*'], mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'] }),
  build({ ...common, entryPoints: ['src/gateway/index.ts'], outfile: 'dist/gateway.js', platform: 'neutral', external: ['cloudflare:*'], mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', packages: 'external' }),
]);
