/**
 * Route matching: the mesh core in Node, with the real pipeline (validate → compile →
 * Router), at 10, 1,000 and 10,000 HTTP routes. Reports compile time, snapshot size
 * and warm nanoseconds per match over a fixed, seeded request mix.
 */
import { compile } from '../src/mesh/compile/index.js';
import { hasErrors } from '../src/mesh/diagnostics.js';
import type { RequestView } from '../src/mesh/match.js';
import { Router } from '../src/mesh/router.js';
import type { Snapshot } from '../src/mesh/snapshot.js';
import { validateText } from '../src/mesh/validate/index.js';
import { buildConfig, GATEWAY_PROXY, hostOf, requestFor } from './lib/config.js';
import { median, msSince, round, seededRandom } from './lib/stats.js';

export interface RouteSizeResult {
  routes: number;
  hosts: number;
  yamlBytes: number;
  /** validateText on the whole multi-document YAML. */
  validateMs: number;
  /** compile(), median of up to 3 runs. */
  compileMs: number;
  /** new Router(...) — what a gateway isolate pays on every snapshot swap. */
  routerBuildMs: number;
  /** JSON.stringify(snapshot).length. */
  snapshotBytes: number;
  /** Warm time per `listener(8080)?.virtualHost(host)?.match(view)`, median of the timed batches. */
  nsPerMatch: number;
  /** The fastest batch: the least disturbed by other work on the machine. */
  nsPerMatchMin: number;
  /** The same mix with every known-host request sent to the middle host (median batch). */
  nsPerMatchOneHost: number;
  matchesTimed: number;
  /** Share of the mix that found a route (the rest are designed misses). */
  hitRate: number;
  /** Requests that matched a different route than designed: should be 0. */
  wrongRoute: number;
}

export interface RoutesResult {
  sizes: RouteSizeResult[];
  /** ns/match at the largest size over ns/match at the smallest. */
  matchRatio: number;
  /** The same ratio when every request names one (the middle) host. */
  oneHostRatio: number;
  target: string;
}

const SIZES = [10, 1_000, 10_000];
const MIX = 4096; // requests in the mix (a power of two: the loop indexes with a mask)
const WARMUP = 100_000;
const BATCH = 50_000;
const BATCHES = 10; // 500k timed matches per size, in batches interleaved across sizes
const LISTENER_PORT = 8080;

interface MixEntry { host: string; view: RequestView; expect: number | undefined }

function view(method: string, path: string, host: string, headers: Record<string, string>): RequestView {
  const h = new Headers({ ...headers, host });
  let lower: string | undefined;
  return {
    method, path, lowerPath: () => (lower ??= path.toLowerCase()),
    scheme: 'http', authority: host, headers: h, query: new URLSearchParams(),
  };
}

/**
 * First, middle and last hosts and routes, random ones, and two kinds of miss. With
 * `oneHost`, every request that names a known host names that one: the same matching
 * work without the memory footprint of requests spread over every host.
 */
function requestMix(hosts: number, oneHost?: number): MixEntry[] {
  const rnd = seededRandom(0x15_7405);
  const pick = (xs: readonly number[]): number => xs[Math.floor(rnd() * xs.length)] ?? 0;
  const edges = [0, Math.floor(hosts / 2), hosts - 1];
  const out: MixEntry[] = [];
  for (let k = 0; k < MIX; k++) {
    const roll = rnd();
    if (roll < 0.1) {
      const host = `nohost-${k}.example.com`;
      out.push({ host, view: view('GET', '/api/v1/users/1', host, {}), expect: undefined });
      continue;
    }
    const spread = roll < 0.4 ? pick(edges) : Math.floor(rnd() * hosts);
    const i = oneHost ?? spread;
    const host = hostOf(i);
    if (roll < 0.2) {
      out.push({ host, view: view('GET', '/nothing/here', host, {}), expect: undefined });
      continue;
    }
    const r = roll < 0.4 ? pick([0, 4, 9]) : Math.floor(rnd() * 10);
    const req = requestFor(i, r);
    out.push({ host, view: view(req.method, req.path, host, req.headers), expect: r });
  }
  return out;
}

function runMatches(router: Router, mix: readonly MixEntry[], count: number): number {
  let hits = 0;
  const mask = mix.length - 1;
  for (let k = 0; k < count; k++) {
    const e = mix[k & mask];
    if (e === undefined) continue;
    if (router.listener(LISTENER_PORT)?.virtualHost(e.host)?.match(e.view)) hits++;
  }
  return hits;
}

type Timed = 'nsPerMatch' | 'nsPerMatchMin' | 'nsPerMatchOneHost' | 'matchesTimed' | 'hitRate';
interface Prepared { result: Omit<RouteSizeResult, Timed>; router: Router; mix: MixEntry[]; oneHostMix: MixEntry[] }

function prepare(routes: number, log: (s: string) => void): Prepared {
  const cfg = buildConfig(routes);
  let t = process.hrtime.bigint();
  const validated = validateText(cfg.yaml, 'bench');
  const validateMs = msSince(t);
  if (hasErrors(validated.diagnostics)) {
    const first = validated.diagnostics.filter((d) => d.severity === 'error').slice(0, 5);
    throw new Error(`the generated config does not validate: ${JSON.stringify(first)}`);
  }
  const compileTimes: number[] = [];
  let snapshot: Snapshot | undefined;
  const compileBudget = process.hrtime.bigint();
  for (let n = 0; n < 3 && (n === 0 || msSince(compileBudget) < 15_000); n++) {
    t = process.hrtime.bigint();
    snapshot = compile({ generation: 1, resources: validated.resources, registry: cfg.registry });
    compileTimes.push(msSince(t));
  }
  if (!snapshot) throw new Error('compile produced nothing');
  const snapshotBytes = JSON.stringify(snapshot).length;
  const proxy = snapshot.gateways[GATEWAY_PROXY];
  if (!proxy) throw new Error(`the snapshot has no proxy ${GATEWAY_PROXY}`);
  t = process.hrtime.bigint();
  const router = new Router(snapshot, proxy);
  const routerBuildMs = msSince(t);
  if (!router.listener(LISTENER_PORT)) throw new Error(`the snapshot has no listener on ${LISTENER_PORT}; conditions: ${JSON.stringify(snapshot.conditions.slice(0, 5))}`);

  const mix = requestMix(cfg.hosts);
  const oneHostMix = requestMix(cfg.hosts, Math.floor(cfg.hosts / 2));
  let wrongRoute = 0;
  for (const e of [...mix, ...oneHostMix]) {
    const m = router.listener(LISTENER_PORT)?.virtualHost(e.host)?.match(e.view);
    if (m?.route.index !== e.expect) wrongRoute++;
  }
  if (wrongRoute > 0) log(`  WARNING: ${wrongRoute} of ${mix.length} requests in the ${routes}-route mix matched another route than designed`);
  return {
    router,
    mix,
    oneHostMix,
    result: {
      routes: cfg.routes,
      hosts: cfg.hosts,
      yamlBytes: cfg.yaml.length,
      validateMs: round(validateMs),
      compileMs: round(median(compileTimes)),
      routerBuildMs: round(routerBuildMs),
      snapshotBytes,
      wrongRoute,
    },
  };
}

export async function benchRoutes(log: (s: string) => void = console.log): Promise<RoutesResult> {
  const prepared = SIZES.map((n) => prepare(n, log));
  // Warm every size, then time the batches round-robin across sizes, so JIT state and
  // any load from other processes on the machine fall on all sizes alike.
  for (const p of prepared) { runMatches(p.router, p.mix, WARMUP); runMatches(p.router, p.oneHostMix, WARMUP / 2); }
  const perBatch = prepared.map((): number[] => []);
  const oneHostBatch = prepared.map((): number[] => []);
  const hits = prepared.map(() => 0);
  for (let b = 0; b < BATCHES; b++) {
    prepared.forEach((p, k) => {
      const t = process.hrtime.bigint();
      hits[k] = (hits[k] ?? 0) + runMatches(p.router, p.mix, BATCH);
      perBatch[k]?.push(Number(process.hrtime.bigint() - t) / BATCH);
      const t1 = process.hrtime.bigint();
      runMatches(p.router, p.oneHostMix, BATCH);
      oneHostBatch[k]?.push(Number(process.hrtime.bigint() - t1) / BATCH);
    });
    await new Promise((ok) => setImmediate(ok));
  }
  const sizes: RouteSizeResult[] = prepared.map((p, k) => ({
    ...p.result,
    nsPerMatch: round(median(perBatch[k] ?? [])),
    nsPerMatchMin: round(Math.min(...(perBatch[k] ?? []))),
    nsPerMatchOneHost: round(median(oneHostBatch[k] ?? [])),
    matchesTimed: BATCH * BATCHES,
    hitRate: round((hits[k] ?? 0) / (BATCH * BATCHES), 3),
  }));
  for (const r of sizes) {
    log(`routes=${r.routes}: validate ${r.validateMs} ms, compile ${r.compileMs} ms, router ${r.routerBuildMs} ms, snapshot ${r.snapshotBytes} B, ${r.nsPerMatch} ns/match (fastest batch ${r.nsPerMatchMin}; one host ${r.nsPerMatchOneHost}; hit rate ${r.hitRate})`);
  }
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const matchRatio = first && last ? round(last.nsPerMatch / first.nsPerMatch, 2) : Number.NaN;
  const oneHostRatio = first && last ? round(last.nsPerMatchOneHost / first.nsPerMatchOneHost, 2) : Number.NaN;
  log(`match(${last?.routes ?? '?'}) / match(${first?.routes ?? '?'}) = ${matchRatio} (target ≤ 2); with every request on one host ${oneHostRatio}`);
  return { sizes, matchRatio, oneHostRatio, target: 'match(10000) ≤ 2 × match(10)' };
}
