/**
 * Gateway proxying through workerd itself, against the same upstream (an nginx
 * `return 200 "ok"`): wrk straight to the upstream, a minimal fetch-proxy worker, nginx
 * `proxy_pass` with upstream keep-alive, and the real isthmus gateway (dist/gateway.js,
 * 1,000 routes, its whole filter chain) started by `startLocalMesh`. Extra rows look into
 * the runtime gap: a worker that does no fetch, `workerd serve` without Miniflare, an
 * ExternalServer binding instead of global fetch, and several workerd processes sharing
 * one listening socket.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { compile } from '../src/mesh/compile/index.js';
import { POINTER_KEY, snapshotKey, type SnapshotPointer } from '../src/mesh/config-source.js';
import { hasErrors } from '../src/mesh/diagnostics.js';
import { sha256Hex } from '../src/mesh/hash.js';
import { validateText } from '../src/mesh/validate/index.js';
import { buildConfig, GATEWAY_PROXY, hostOf, requestFor } from './lib/config.js';
import { httpRequest } from './lib/http.js';
import { startBenchMesh, type BenchMesh } from './lib/mesh.js';
import { acceptedConnections, proxyServers, startNginx, upstreamServers, type Nginx } from './lib/nginx.js';
import { childPids, cpuSeconds, freePort, loadAverage, socketCounts } from './lib/proc.js';
import { round, sleep } from './lib/stats.js';
import { ensureTools } from './lib/tools.js';
import { COMPATIBILITY_DATE, startWorkerd, type ConfigDef, type Workerd } from './lib/workerd.js';
import { pacedScript, runWrk, type WrkResult } from './lib/wrk.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const ROUTES = 1_000;
const THREADS = 2;
const CONNECTIONS = 32;
/**
 * Paced runs: 8 connections, each waiting 10 ms after every response, offer about
 * 700 req/s, a tenth of what one workerd process serves. At -c32 the same pacing still
 * showed multi-millisecond stalls in workerd itself (nginx stays under 1 ms there).
 */
const PACE_MS = 10;
const PACE_CONNECTIONS = 8;

export interface ProxyOptions {
  /** Seconds per measured wrk run of the four main targets (10 by default). */
  durationS?: number;
  /** Interleaved rounds of the four main targets, averaged (2 by default). */
  rounds?: number;
  /** Seconds per run of the investigation rows (4 by default). */
  extraDurationS?: number;
  /** Seconds per paced (fixed, moderate load) run of (b) and (d) (8 by default). */
  pacedDurationS?: number;
  /** Interleaved rounds of the investigation rows, averaged (2 by default). */
  extraRounds?: number;
  /** Skip the investigation rows. */
  extras?: boolean;
}

export interface RunResult extends WrkResult {
  /** CPU time of the process(es) under test per request, in µs (user + system, from /proc). */
  cpuUsPerRequest: number;
  /** CPU seconds per process under test, for multi-process rows. */
  cpuSecondsByPid: number[];
  /** New TCP connections the upstream accepted during the run (nginx stub_status). */
  upstreamConnsOpened: number;
  /** Sockets towards the upstream port halfway through the run (`ss`): ESTABLISHED ones held by the proxy under test (wrk's own for `direct`), TIME_WAIT from anyone. */
  midEstablished: number;
  midTimeWait: number;
  /** TIME_WAIT sockets towards the upstream added between the start and the middle of the run. */
  timeWaitAdded: number;
}

export interface ProxyRow {
  key: string;
  label: string;
  note: string;
  runs: RunResult[];
  /** Means over the runs. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerRequest: number;
  upstreamConnsOpened: number;
  midEstablished: number;
  timeWaitAdded: number;
  /** Socket errors and non-2xx answers over all runs: a row with any is suspect. */
  failures: number;
}

/** Latency at a fixed, moderate load (wrk paced by a Lua `delay()`), below every target's capacity. */
export interface PacedRow { key: string; label: string; rps: number; p50Ms: number; p90Ms: number; p99Ms: number; runs: WrkResult[] }

export interface ProxyResult {
  wrk: string;
  paced: { method: string; rows: PacedRow[] };
  upstream: string;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  installed: string[];
  rows: ProxyRow[];
  ratios: {
    isthmusOverMinimalRps: number;
    /** p99 difference at the paced, moderate load: the number the ≤ +1 ms target is about. */
    isthmusMinusMinimalP99Ms: number;
    /** p99 difference at saturation (wrk closed loop): mostly queueing, noisy. */
    isthmusMinusMinimalSaturatedP99Ms: number;
    isthmusMinusMinimalCpuUs: number;
    minimalOverDirectRps: number;
    nginxOverMinimalRps: number;
    /** Minimal proxy, 2 workerd processes over 1 (both `workerd serve`). */
    bestMultiProcessOverMinimalRps?: number;
    /** isthmus gateway, 2 workerd processes over 1 (both `workerd serve`). */
    isthmusTwoProcessesOverOneRps?: number;
  };
  targets: { isthmusOverMinimalRps: string; isthmusMinusMinimalP99Ms: string };
  errors: string[];
}

interface Target {
  key: string;
  label: string;
  note: string;
  url: string;
  headers?: Record<string, string>;
  pids: () => number[];
  /** The upstream port this target's requests end at. */
  upstreamPort: number;
}

const minimalWorker = (up: number): string =>
  `export default { fetch(req) { const u = new URL(req.url); return fetch('http://127.0.0.1:${up}' + u.pathname + u.search, req); } };\n`;
const noFetchWorker = "export default { fetch() { return new Response('ok'); } };\n";
const bindingWorker = 'export default { fetch(req, env) { return env.UP.fetch(req); } };\n';

/** A KV service for `workerd serve`: answers the KV binding's GET /<key> from a fixed map. */
export function kvWorker(entries: Record<string, string>): string {
  return `const DATA = ${JSON.stringify(entries)};
export default {
  fetch(req) {
    const key = decodeURIComponent(new URL(req.url).pathname.slice(1));
    const v = Object.prototype.hasOwnProperty.call(DATA, key) ? DATA[key] : undefined;
    return v === undefined ? new Response(null, { status: 404 }) : new Response(v);
  },
};
`;
}

/** The 1,000-route snapshot as control would publish it: JSON text under its hash, and the pointer. */
export async function publishedSnapshot(upstreamPort: number): Promise<Record<string, string>> {
  const cfg = buildConfig(ROUTES, upstreamPort);
  const v = validateText(cfg.yaml, 'bench');
  if (hasErrors(v.diagnostics)) throw new Error(`bench config does not validate: ${JSON.stringify(v.diagnostics.slice(0, 3))}`);
  const text = JSON.stringify(compile({ generation: 1, resources: v.resources, registry: cfg.registry }));
  const hash = await sha256Hex(text);
  const pointer: SnapshotPointer = { hash, generation: 1, publishedAt: new Date().toISOString() };
  return { [POINTER_KEY]: JSON.stringify(pointer), [snapshotKey(hash)]: text };
}

/** Sends until the target answers 200 "ok" (the upstream's body), or gives up. */
async function waitReady(t: Target, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await httpRequest(t.url, { ...(t.headers?.Host ? { host: t.headers.Host } : {}), timeoutMs: 2000 });
      if (r.status === 200 && r.body === 'ok') return;
      last = `${r.status} ${r.body.slice(0, 300)}`;
    } catch (err) {
      last = String(err);
    }
    await sleep(100);
  }
  throw new Error(`${t.label} (${t.url}) never answered 200 "ok"; last: ${last}`);
}

async function measure(t: Target, durationS: number, warmupS: number, statusPort: number): Promise<RunResult> {
  const headers = t.headers ?? {};
  const upstreamPort = t.upstreamPort;
  await runWrk({ url: t.url, threads: THREADS, connections: CONNECTIONS, durationS: warmupS, headers });
  const pids = t.pids();
  const cpuBefore = pids.map((p) => cpuSeconds([p]));
  const acceptsBefore = await acceptedConnections(statusPort);
  const twBefore = socketCounts(upstreamPort).timeWait;
  let mid = { established: -1, timeWait: -1 };
  const w = await runWrk({
    url: t.url, threads: THREADS, connections: CONNECTIONS, durationS, headers,
    midway: () => { mid = socketCounts(upstreamPort, t.key === 'direct' ? [] : pids); },
  });
  const acceptsAfter = await acceptedConnections(statusPort);
  const cpuByPid = pids.map((p, i) => cpuSeconds([p]) - (cpuBefore[i] ?? 0));
  const cpu = cpuByPid.reduce((a, b) => a + b, 0);
  return {
    ...w,
    cpuUsPerRequest: w.requests > 0 ? round((cpu * 1e6) / w.requests) : Number.NaN,
    cpuSecondsByPid: cpuByPid.map((c) => round(c, 2)),
    // The second stub_status reading is itself one accepted connection.
    upstreamConnsOpened: acceptsAfter - acceptsBefore - 1,
    midEstablished: mid.established,
    midTimeWait: mid.timeWait,
    timeWaitAdded: mid.timeWait - twBefore,
  };
}

function summarise(t: Target, runs: RunResult[]): ProxyRow {
  const mean = (f: (r: RunResult) => number): number => runs.reduce((a, r) => a + f(r), 0) / Math.max(1, runs.length);
  return {
    key: t.key,
    label: t.label,
    note: t.note,
    runs,
    rps: Math.round(mean((r) => r.rps)),
    p50Ms: round(mean((r) => r.p50Ms), 2),
    p99Ms: round(mean((r) => r.p99Ms), 2),
    cpuUsPerRequest: round(mean((r) => r.cpuUsPerRequest)),
    upstreamConnsOpened: Math.round(mean((r) => r.upstreamConnsOpened)),
    midEstablished: Math.round(mean((r) => r.midEstablished)),
    timeWaitAdded: Math.round(mean((r) => r.timeWaitAdded)),
    failures: runs.reduce((a, r) => a + r.socketErrors + r.non2xx, 0),
  };
}

export async function benchProxy(opts: ProxyOptions = {}, log: (s: string) => void = console.log): Promise<ProxyResult> {
  const durationS = opts.durationS ?? 10;
  const rounds = opts.rounds ?? 2;
  const extraDurationS = opts.extraDurationS ?? 4;
  const pacedDurationS = opts.pacedDurationS ?? 8;
  const extraRounds = opts.extraRounds ?? 2;
  const installed = ensureTools(log);
  const loadAverageStart = loadAverage();
  const dir = await mkdtemp(join(tmpdir(), 'isthmus-bench-proxy-'));
  const stops: Array<() => Promise<void>> = [];
  const errors: string[] = [];
  try {
    const [upPort, up1000Port, statusPort, ngxPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const upstream: Nginx = await startNginx(join(dir, 'upstream'), upstreamServers(upPort, statusPort, up1000Port), upPort);
    stops.push(() => upstream.stop());
    const proxyNginx: Nginx = await startNginx(join(dir, 'proxy'), proxyServers(ngxPort, upPort), ngxPort);
    stops.push(() => proxyNginx.stop());
    log(`upstream nginx on :${upPort}, proxy nginx on :${ngxPort} (1 worker process each)`);

    // (b) and the no-fetch ceiling: Miniflare with direct sockets, with the same options
    // as startLocalMesh gives the gateway (src/local/mesh.ts; keep the two in step).
    const before = new Set(childPids(process.pid, 'workerd'));
    const mf = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      log: new Log(LogLevel.WARN),
      // No fetch of the Request.cf object from the network (this bench stays on loopback).
      cf: false,
      workers: [
        { name: 'minimal', modules: true, script: minimalWorker(upPort), compatibilityDate: COMPATIBILITY_DATE, stripCfConnectingIp: false, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] },
        // Miniflare's default: each worker's global fetch goes through an extra
        // "strip-cf-connecting-ip" worker (startLocalMesh turns it off since 74faaf3).
        { name: 'minimal-strip', modules: true, script: minimalWorker(upPort), compatibilityDate: COMPATIBILITY_DATE, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] },
        // The gateway as startLocalMesh runs it, but with that outbound worker (its KV is filled below).
        {
          name: 'gateway-strip',
          modules: true,
          scriptPath: join(ROOT, 'dist/gateway.js'),
          compatibilityDate: COMPATIBILITY_DATE,
          kvNamespaces: { CONFIG: 'bench-config' },
          bindings: { GATEWAY_NAME: GATEWAY_PROXY, LISTENER_PORT: '8080', CONFIG_POLL_MS: '1000', ACCESS_LOG: 'off' },
          unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        },
        { name: 'nofetch', modules: true, script: noFetchWorker, compatibilityDate: COMPATIBILITY_DATE, unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] },
      ],
    });
    await mf.ready;
    stops.push(() => mf.dispose());
    const mfPids = childPids(process.pid, 'workerd').filter((p) => !before.has(p));
    const minimalUrl = (await mf.unsafeGetDirectURL('minimal')).href;
    const noFetchUrl = (await mf.unsafeGetDirectURL('nofetch')).href;
    const stripUrl = (await mf.unsafeGetDirectURL('minimal-strip')).href;
    const gatewayStripUrl = (await mf.unsafeGetDirectURL('gateway-strip')).href;
    const snapshotEntries = await publishedSnapshot(upPort);
    const kv = await mf.getKVNamespace('CONFIG', 'gateway-strip');
    for (const [k, v] of Object.entries(snapshotEntries)) if (k !== POINTER_KEY) await kv.put(k, v);
    await kv.put(POINTER_KEY, snapshotEntries[POINTER_KEY] ?? '');

    // (d) isthmus: the real gateway, with 1,000 routes, through startLocalMesh and the admin API.
    const cfg = buildConfig(ROUTES, upPort);
    const mid = Math.floor(cfg.hosts / 2);
    const req = requestFor(mid, 4);
    const mesh: BenchMesh = await startBenchMesh(1000);
    stops.push(() => mesh.stop());
    await mesh.putRegistry({ services: cfg.registry });
    await mesh.apply(cfg.yaml);
    log(`isthmus gateway at ${mesh.mesh.gatewayUrl}: ${cfg.routes} routes applied; wrk sends Host ${hostOf(mid)} ${req.path} (route 5 of 10 in VirtualService ${mid + 1} of ${cfg.hosts})`);

    const main: Target[] = [
      { key: 'direct', label: 'direct to upstream', note: 'nginx return 200', url: `http://127.0.0.1:${upPort}/static/app.js`, pids: () => upstream.workerPids(), upstreamPort: upPort },
      { key: 'minimal', label: 'minimal fetch-proxy worker', note: 'workerd via Miniflare, options as startLocalMesh', url: `${minimalUrl}static/app.js`, pids: () => mfPids, upstreamPort: upPort },
      { key: 'isthmus', label: 'isthmus gateway, 1,000 routes', note: 'workerd via startLocalMesh', url: `${mesh.mesh.gatewayUrl}${req.path}`, headers: { Host: hostOf(mid) }, pids: () => mesh.workerdPids, upstreamPort: upPort },
      { key: 'nginx', label: 'nginx proxy_pass + keepalive', note: '1 worker process', url: `http://127.0.0.1:${ngxPort}/static/app.js`, pids: () => proxyNginx.workerPids(), upstreamPort: upPort },
    ];
    for (const t of main) await waitReady(t);

    const runs = new Map<string, RunResult[]>();
    for (let r = 0; r < rounds; r++) {
      for (const t of main) {
        const res = await measure(t, durationS, 2, statusPort);
        runs.set(t.key, [...(runs.get(t.key) ?? []), res]);
        log(`  [round ${r + 1}/${rounds}] ${t.label}: ${Math.round(res.rps)} req/s, p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms, ${res.cpuUsPerRequest} µs CPU/req, ${res.upstreamConnsOpened} upstream conns opened, +${res.timeWaitAdded} TIME_WAIT by mid-run${res.socketErrors || res.non2xx ? `, ${res.socketErrors} socket errors, ${res.non2xx} non-2xx` : ''}`);
      }
    }
    const rows = main.map((t) => summarise(t, runs.get(t.key) ?? []));

    // The p99 target is about added latency, which a saturated closed loop hides under
    // queueing: measure (b) and (d) again at a fixed, moderate load.
    const script = join(dir, 'paced.lua');
    await writeFile(script, pacedScript(PACE_MS));
    const pacedRuns = new Map<string, WrkResult[]>();
    const pacedTargets = main.filter((t) => t.key === 'minimal' || t.key === 'isthmus');
    for (let r = 0; r < rounds; r++) {
      for (const t of pacedTargets) {
        const headers = t.headers ?? {};
        await runWrk({ url: t.url, threads: THREADS, connections: PACE_CONNECTIONS, durationS: 1, headers, script });
        const w = await runWrk({ url: t.url, threads: THREADS, connections: PACE_CONNECTIONS, durationS: pacedDurationS, headers, script });
        pacedRuns.set(t.key, [...(pacedRuns.get(t.key) ?? []), w]);
        log(`  [paced ${r + 1}/${rounds}] ${t.label}: ${Math.round(w.rps)} req/s, p50 ${w.p50Ms} ms, p90 ${w.p90Ms} ms, p99 ${w.p99Ms} ms`);
      }
    }
    const pacedRows: PacedRow[] = pacedTargets.map((t) => {
      const rs = pacedRuns.get(t.key) ?? [];
      const mean = (f: (w: WrkResult) => number): number => rs.reduce((a, w) => a + f(w), 0) / Math.max(1, rs.length);
      return { key: t.key, label: t.label, rps: Math.round(mean((w) => w.rps)), p50Ms: round(mean((w) => w.p50Ms), 2), p90Ms: round(mean((w) => w.p90Ms), 2), p99Ms: round(mean((w) => w.p99Ms), 2), runs: rs };
    });

    if (opts.extras ?? true) {
      const extras: Target[] = [
        { key: 'nofetch', label: 'worker without fetch (runtime ceiling)', note: 'workerd via Miniflare', url: `${noFetchUrl}static/app.js`, pids: () => mfPids, upstreamPort: upPort },
        { key: 'minimal-strip', label: "minimal proxy, Miniflare's default outbound worker", note: 'stripCfConnectingIp: true (the default)', url: `${stripUrl}static/app.js`, pids: () => mfPids, upstreamPort: upPort },
        { key: 'isthmus-strip', label: "isthmus gateway, Miniflare's default outbound worker", note: 'stripCfConnectingIp: true (the default)', url: `${gatewayStripUrl}${req.path.slice(1)}`, headers: { Host: hostOf(mid) }, pids: () => mfPids, upstreamPort: upPort },
      ];
      await writeFile(join(dir, 'minimal.js'), minimalWorker(upPort));
      await writeFile(join(dir, 'binding.js'), bindingWorker);
      await writeFile(join(dir, 'kv.js'), kvWorker(snapshotEntries));
      await copyFile(join(ROOT, 'dist/gateway.js'), join(dir, 'gateway.js'));
      const minimalDef: ConfigDef = { workers: [{ name: 'main', module: 'minimal.js' }], entry: 'main' };
      const bindingDef: ConfigDef = { workers: [{ name: 'main', module: 'binding.js', bindings: [{ name: 'UP', service: 'up' }] }], externals: { up: `127.0.0.1:${upPort}` }, entry: 'main' };
      const gatewayDef: ConfigDef = {
        workers: [
          {
            name: 'gateway',
            module: 'gateway.js',
            bindings: [
              { name: 'CONFIG', kvNamespace: 'kv' },
              { name: 'GATEWAY_NAME', text: GATEWAY_PROXY },
              { name: 'LISTENER_PORT', text: '8080' },
              { name: 'CONFIG_POLL_MS', text: '1000' },
              { name: 'ACCESS_LOG', text: 'off' },
            ],
          },
          { name: 'kv', module: 'kv.js' },
        ],
        entry: 'gateway',
      };
      await writeFile(join(dir, 'minimal-1000.js'), minimalWorker(up1000Port));
      const minimal1000Def: ConfigDef = { workers: [{ name: 'main', module: 'minimal-1000.js' }], entry: 'main' };
      const raw: Array<{ key: string; label: string; note: string; def: ConfigDef; processes: number; path: string; headers?: Record<string, string>; upstreamPort: number }> = [
        { key: 'raw-minimal-1', label: 'minimal proxy, workerd serve', note: '1 process, no Miniflare', def: minimalDef, processes: 1, path: '/static/app.js', upstreamPort: upPort },
        { key: 'raw-minimal-1-kr1000', label: 'minimal proxy, upstream keepalive_requests 1000', note: "nginx's default: upstream closes every 1,000th", def: minimal1000Def, processes: 1, path: '/static/app.js', upstreamPort: up1000Port },
        { key: 'raw-binding-1', label: 'minimal proxy via ExternalServer binding', note: '1 process, no global fetch', def: bindingDef, processes: 1, path: '/static/app.js', upstreamPort: upPort },
        { key: 'raw-minimal-2', label: 'minimal proxy, 2 workerd processes', note: 'one shared listening socket', def: minimalDef, processes: 2, path: '/static/app.js', upstreamPort: upPort },
        { key: 'raw-isthmus-1', label: 'isthmus gateway, workerd serve', note: '1 process, snapshot from a KV service', def: gatewayDef, processes: 1, path: req.path, headers: { Host: hostOf(mid) }, upstreamPort: upPort },
        { key: 'raw-isthmus-2', label: 'isthmus gateway, 2 workerd processes', note: 'one shared listening socket', def: gatewayDef, processes: 2, path: req.path, headers: { Host: hostOf(mid) }, upstreamPort: upPort },
      ];
      for (const x of raw) {
        let wd: Workerd;
        try {
          wd = await startWorkerd(dir, x.key, x.def, await freePort(), x.processes);
        } catch (err) {
          errors.push(`${x.label}: ${String(err)}`);
          log(`  ${x.label}: could not start: ${String(err).slice(0, 500)}`);
          continue;
        }
        stops.push(() => wd.stop());
        extras.push({ key: x.key, label: x.label, note: x.note, url: `http://127.0.0.1:${wd.port}${x.path}`, ...(x.headers ? { headers: x.headers } : {}), pids: () => wd.pids, upstreamPort: x.upstreamPort });
      }
      const ready: Target[] = [];
      for (const t of extras) {
        try {
          await waitReady(t);
          ready.push(t);
        } catch (err) {
          errors.push(`${t.label}: ${String(err)}`);
          log(`  ${t.label}: not ready: ${String(err).slice(0, 500)}`);
        }
      }
      // Interleaved rounds here too: one-off load spikes from elsewhere on the machine
      // otherwise decide single rows (the 1- vs 2-process comparison above all).
      const extraRuns = new Map<string, RunResult[]>();
      for (let r = 0; r < extraRounds; r++) for (const t of ready) {
        try {
          const res = await measure(t, extraDurationS, 1, statusPort);
          extraRuns.set(t.key, [...(extraRuns.get(t.key) ?? []), res]);
          log(`  [round ${r + 1}/${extraRounds}] ${t.label}: ${Math.round(res.rps)} req/s, p50 ${res.p50Ms} ms, p99 ${res.p99Ms} ms, ${res.cpuUsPerRequest} µs CPU/req (per process: ${res.cpuSecondsByPid.join(' + ')} s), ${res.upstreamConnsOpened} upstream conns opened, +${res.timeWaitAdded} TIME_WAIT by mid-run${res.socketErrors || res.non2xx ? `, ${res.socketErrors} socket errors, ${res.non2xx} non-2xx` : ''}`);
        } catch (err) {
          errors.push(`${t.label}: ${String(err)}`);
          log(`  ${t.label}: failed: ${String(err).slice(0, 500)}`);
        }
      }
      for (const t of ready) {
        const runsOf = extraRuns.get(t.key);
        if (runsOf && runsOf.length > 0) rows.push(summarise(t, runsOf));
      }
    }

    const row = (k: string): ProxyRow | undefined => rows.find((r) => r.key === k);
    const ratio = (a: number | undefined, b: number | undefined): number => (a !== undefined && b !== undefined && b > 0 ? round(a / b, 2) : Number.NaN);
    const minimal = row('minimal');
    const isthmus = row('isthmus');
    const multi = ['raw-minimal-2'].map(row).find((r) => r !== undefined);
    const ratios: ProxyResult['ratios'] = {
      isthmusOverMinimalRps: ratio(isthmus?.rps, minimal?.rps),
      isthmusMinusMinimalP99Ms: ((a, b) => (a && b ? round(a.p99Ms - b.p99Ms, 2) : Number.NaN))(pacedRows.find((x) => x.key === 'isthmus'), pacedRows.find((x) => x.key === 'minimal')),
      isthmusMinusMinimalSaturatedP99Ms: isthmus && minimal ? round(isthmus.p99Ms - minimal.p99Ms, 2) : Number.NaN,
      isthmusMinusMinimalCpuUs: isthmus && minimal ? round(isthmus.cpuUsPerRequest - minimal.cpuUsPerRequest) : Number.NaN,
      minimalOverDirectRps: ratio(minimal?.rps, row('direct')?.rps),
      nginxOverMinimalRps: ratio(row('nginx')?.rps, minimal?.rps),
      ...(multi ? { bestMultiProcessOverMinimalRps: ratio(multi.rps, row('raw-minimal-1')?.rps ?? minimal?.rps) } : {}),
      ...(row('raw-isthmus-2') ? { isthmusTwoProcessesOverOneRps: ratio(row('raw-isthmus-2')?.rps, row('raw-isthmus-1')?.rps) } : {}),
    };
    log(`isthmus/minimal throughput ${ratios.isthmusOverMinimalRps} (target ≥ 0.9), isthmus p99 − minimal p99 ${ratios.isthmusMinusMinimalP99Ms} ms at ~${pacedRows[0]?.rps ?? '?'} req/s (target ≤ +1 ms; ${ratios.isthmusMinusMinimalSaturatedP99Ms} ms saturated), +${ratios.isthmusMinusMinimalCpuUs} µs CPU/req`);
    return {
      wrk: `wrk -t${THREADS} -c${CONNECTIONS} -d${durationS}s --latency (2 s warm-up, ${rounds} interleaved rounds averaged; extra rows -d${extraDurationS}s, 1 s warm-up, ${extraRounds} interleaved rounds averaged)`,
      paced: { method: `wrk -t${THREADS} -c${PACE_CONNECTIONS} -d${pacedDurationS}s with a Lua delay() of ${PACE_MS} ms per connection (1 s warm-up, ${rounds} interleaved rounds averaged)`, rows: pacedRows },
      upstream: 'nginx, 1 worker, return 200 "ok"',
      loadAverageStart,
      loadAverageEnd: loadAverage(),
      installed,
      rows,
      ratios,
      targets: { isthmusOverMinimalRps: '≥ 0.9', isthmusMinusMinimalP99Ms: '≤ 1' },
      errors,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`  cleanup: ${String(err)}`));
    await rm(dir, { recursive: true, force: true });
  }
}
