/**
 * Where a gateway's per-request CPU goes on workerd: a ladder of fetch-proxy workers,
 * each adding one thing the isthmus gateway does, measured side by side with the real
 * gateway (`workerd serve`, one process each, same upstream). Not in the default run:
 * `npm run bench -- --only overhead`.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { POINTER_KEY } from '../src/mesh/config-source.js';
import { buildConfig, GATEWAY_PROXY, hostOf, requestFor } from './lib/config.js';
import { startNginx, upstreamServers } from './lib/nginx.js';
import { cpuSeconds, freePort } from './lib/proc.js';
import { median, round } from './lib/stats.js';
import { ensureTools } from './lib/tools.js';
import { startWorkerd, type ConfigDef, type Workerd } from './lib/workerd.js';
import { runWrk } from './lib/wrk.js';
import { kvWorker, publishedSnapshot } from './proxy.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface OverheadStep { key: string; label: string; rps: number; cpuUsPerRequest: number; runsCpuUs: number[] }
export interface OverheadResult { rounds: number; durationS: number; steps: OverheadStep[] }

/** The body of each step's fetch handler; `UP` is the upstream origin. */
const HEADERS = "const u = new URL(req.url); const h = new Headers(req.headers);";
const SEND = "const res = await fetch(UP + u.pathname + u.search, { method: req.method, headers: h, redirect: 'manual' });";
const REWRAP = "const out = new Response(res.body, res); out.headers.delete('connection'); out.headers.delete('keep-alive'); return out;";
const NORMALISE = "for (const n of ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']) h.delete(n); h.set('x-forwarded-proto', 'http'); h.set('x-request-id', crypto.randomUUID()); h.set('x-forwarded-host', req.headers.get('host') ?? '');";

const STEPS: Array<{ key: string; label: string; body: string; hono?: boolean }> = [
  { key: 'minimal', label: 'fetch(url, req)', body: 'const u = new URL(req.url); return fetch(UP + u.pathname + u.search, req);' },
  { key: 'copy', label: '+ copy headers, fetch(url, init)', body: `${HEADERS} return fetch(UP + u.pathname + u.search, { method: req.method, headers: h, redirect: 'manual' });` },
  { key: 'rewrap', label: '+ re-wrap the response, strip hop-by-hop', body: `${HEADERS} ${SEND} ${REWRAP}` },
  { key: 'normalise', label: '+ x-forwarded-*, x-request-id (randomUUID)', body: `${HEADERS} ${NORMALISE} ${SEND} ${REWRAP}` },
  { key: 'hono', label: '+ inside a Hono app', body: `${HEADERS} ${NORMALISE} ${SEND} ${REWRAP}`, hono: true },
];

async function stepModule(body: string, up: string, hono: boolean): Promise<string> {
  if (!hono) return `const UP = ${JSON.stringify(up)};\nexport default { async fetch(req) { ${body} } };\n`;
  const out = await build({
    stdin: { contents: `import { Hono } from 'hono';\nconst UP = ${JSON.stringify(up)};\nconst app = new Hono();\napp.all('*', async (c) => { const req = c.req.raw; ${body} });\nexport default app;\n`, resolveDir: ROOT, loader: 'js' },
    bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], write: false, logLevel: 'warning',
  });
  const text = out.outputFiles[0]?.text;
  if (text === undefined) throw new Error('esbuild produced no output');
  return text;
}

export async function benchOverhead(opts: { rounds?: number; durationS?: number } = {}, log: (s: string) => void = console.log): Promise<OverheadResult> {
  const rounds = opts.rounds ?? 3;
  const durationS = opts.durationS ?? 4;
  ensureTools(log);
  const dir = await mkdtemp(join(tmpdir(), 'isthmus-bench-overhead-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const [upPort, statusPort, otherPort] = [await freePort(), await freePort(), await freePort()];
    const upstream = await startNginx(join(dir, 'upstream'), upstreamServers(upPort, statusPort, otherPort), upPort);
    stops.push(() => upstream.stop());
    const cfg = buildConfig(1000, upPort);
    const mid = Math.floor(cfg.hosts / 2);
    const path = requestFor(mid, 4).path;
    const targets: Array<{ key: string; label: string; wd: Workerd; headers?: Record<string, string> }> = [];
    for (const s of STEPS) {
      await writeFile(join(dir, `${s.key}.js`), await stepModule(s.body, `http://127.0.0.1:${upPort}`, s.hono ?? false));
      const def: ConfigDef = { workers: [{ name: 'main', module: `${s.key}.js` }], entry: 'main' };
      const wd = await startWorkerd(dir, s.key, def, await freePort());
      stops.push(() => wd.stop());
      targets.push({ key: s.key, label: s.label, wd });
    }
    const entries = await publishedSnapshot(upPort);
    if (entries[POINTER_KEY] === undefined) throw new Error('no snapshot pointer');
    await writeFile(join(dir, 'kv.js'), kvWorker(entries));
    await copyFile(join(ROOT, 'dist/gateway.js'), join(dir, 'gateway.js'));
    const gw = await startWorkerd(dir, 'gateway', {
      workers: [
        { name: 'gateway', module: 'gateway.js', bindings: [{ name: 'CONFIG', kvNamespace: 'kv' }, { name: 'GATEWAY_NAME', text: GATEWAY_PROXY }, { name: 'LISTENER_PORT', text: '8080' }, { name: 'CONFIG_POLL_MS', text: '1000' }, { name: 'ACCESS_LOG', text: 'off' }] },
        { name: 'kv', module: 'kv.js' },
      ],
      entry: 'gateway',
    }, await freePort());
    stops.push(() => gw.stop());
    targets.push({ key: 'isthmus', label: 'isthmus gateway (dist/gateway.js, 1,000 routes)', wd: gw, headers: { Host: hostOf(mid) } });

    const cpu = new Map<string, number[]>();
    const rps = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      for (const t of targets) {
        const url = `http://127.0.0.1:${t.wd.port}${path}`;
        const headers = t.headers ?? {};
        await runWrk({ url, durationS: 1, headers });
        const c0 = cpuSeconds(t.wd.pids);
        const w = await runWrk({ url, durationS, headers });
        if (w.non2xx > 0 || w.socketErrors > 0) log(`  ${t.label}: ${w.non2xx} non-2xx, ${w.socketErrors} socket errors`);
        cpu.set(t.key, [...(cpu.get(t.key) ?? []), ((cpuSeconds(t.wd.pids) - c0) * 1e6) / w.requests]);
        rps.set(t.key, [...(rps.get(t.key) ?? []), w.rps]);
      }
    }
    const steps = targets.map((t): OverheadStep => ({
      key: t.key,
      label: t.label,
      rps: Math.round(median(rps.get(t.key) ?? [])),
      cpuUsPerRequest: round(median(cpu.get(t.key) ?? [])),
      runsCpuUs: (cpu.get(t.key) ?? []).map((c) => round(c)),
    }));
    for (const s of steps) log(`  ${s.label}: ${s.cpuUsPerRequest} µs CPU/req (runs ${s.runsCpuUs.join(', ')}), ${s.rps} req/s`);
    return { rounds, durationS, steps };
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`  cleanup: ${String(err)}`));
    await rm(dir, { recursive: true, force: true });
  }
}
