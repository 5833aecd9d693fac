/** The Markdown that `npm run bench` prints, ready to paste into the README. */
import type { BenchResults } from './run.js';

const num = (v: number | undefined, digits = 0): string => {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
const met = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'met' : 'not met');
const fin = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

export function markdown(r: BenchResults): string {
  const out: string[] = [];
  const load = r.loadAverageStart.join(' ');
  out.push(`Benchmarks at ${r.commit}, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC: ${r.cpus} × ${r.cpuModel}, Node ${r.node}, load average ${load} at start.`);
  out.push('');
  out.push('| Benchmark | Result | Target | |');
  out.push('| --- | --- | --- | --- |');
  const ro = r.routes;
  if (ro) {
    const small = ro.sizes[0];
    const big = ro.sizes[ro.sizes.length - 1];
    out.push(`| Route match, ${num(small?.routes)} routes | ${num(small?.nsPerMatch)} ns | | |`);
    out.push(`| Route match, ${num(big?.routes)} routes | ${num(big?.nsPerMatch)} ns (${num(ro.matchRatio, 2)}×) | ≤ 2× the ${num(small?.routes)}-route time | ${met(fin(ro.matchRatio) ? ro.matchRatio <= 2 : undefined)} |`);
    out.push(`| Compile, ${num(big?.routes)} routes | ${num(big?.compileMs, 1)} ms, snapshot ${num((big?.snapshotBytes ?? Number.NaN) / 1024)} KiB | | |`);
  }
  const px = r.proxy;
  if (px) {
    const row = (k: string) => px.rows.find((x) => x.key === k);
    const isthmus = row('isthmus');
    const minimal = row('minimal');
    const ratio = px.ratios.isthmusOverMinimalRps;
    const dp99 = px.ratios.isthmusMinusMinimalP99Ms;
    out.push(`| Gateway throughput, isthmus (1,000 routes) vs minimal proxy worker | ${num(isthmus?.rps)} vs ${num(minimal?.rps)} req/s (${num(ratio * 100)}%) | ≥ 90% | ${met(fin(ratio) ? ratio >= 0.9 : undefined)} |`);
    const pacedRps = px.paced.rows.find((x) => x.key === 'minimal')?.rps;
    out.push(`| Gateway p99 at ~${num(pacedRps)} req/s, isthmus − minimal proxy worker | ${dp99 >= 0 ? '+' : ''}${num(dp99, 2)} ms | ≤ +1 ms | ${met(fin(dp99) ? dp99 <= 1 : undefined)} |`);
    const pm = px.paced.rows.find((x) => x.key === 'minimal');
    const pi = px.paced.rows.find((x) => x.key === 'isthmus');
    if (pm && pi) {
      const d = (a: number, b: number): string => `${a - b >= 0 ? '+' : ''}${num(a - b, 2)}`;
      out.push(`| Gateway p50 / p90 at ~${num(pacedRps)} req/s, isthmus − minimal proxy worker | ${d(pi.p50Ms, pm.p50Ms)} / ${d(pi.p90Ms, pm.p90Ms)} ms | | |`);
    }
    out.push(`| Gateway CPU per request, isthmus − minimal proxy worker | +${num(px.ratios.isthmusMinusMinimalCpuUs)} µs | | |`);
  }
  const pr = r.propagation;
  const def = pr?.runs.find((x) => x.pollMs === 'default') ?? pr?.runs[0];
  if (def) {
    out.push(`| Config propagation p50 / p90, local (poll ${String(def.pollMs)}) | ${num(def.p50Ms)} / ${num(def.p90Ms)} ms | p50 ≤ 250 ms | ${met(fin(def.p50Ms) && def.timeouts === 0 ? def.p50Ms <= 250 : undefined)} |`);
  }

  if (ro) {
    out.push('', '#### Route matching (mesh core in Node: validateText → compile → Router)', '');
    out.push('| Routes | Hosts | Validate ms | Compile ms | Router build ms | Snapshot bytes | ns / match | ns / match, one host | Hit rate |');
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of ro.sizes) {
      out.push(`| ${num(s.routes)} | ${num(s.hosts)} | ${num(s.validateMs, 1)} | ${num(s.compileMs, 1)} | ${num(s.routerBuildMs, 1)} | ${num(s.snapshotBytes)} | ${num(s.nsPerMatch)} | ${num(s.nsPerMatchOneHost)} | ${num(s.hitRate * 100)}% |`);
    }
    out.push('', `match(${num(ro.sizes[ro.sizes.length - 1]?.routes)}) / match(${num(ro.sizes[0]?.routes)}) = ${num(ro.matchRatio, 2)} (target ≤ 2); ${num(ro.oneHostRatio, 2)} when every request names the same host. ${num(ro.sizes[0]?.matchesTimed)} timed matches per size over a fixed, seeded mix of first/middle/last hosts and routes, random ones, and misses (unknown host, unknown path); batches interleaved across sizes, median batch.`);
  }
  if (px) {
    out.push('', `#### Gateway proxying on workerd (${px.wrk}; loopback; upstream ${px.upstream})`, '');
    out.push('| Target | Runs on | req/s | p50 ms | p99 ms | CPU µs / req | Upstream conns opened | Upstream sockets open |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of px.rows) {
      const bad = x.failures > 0 ? ` (${num(x.failures)} errors)` : '';
      out.push(`| ${x.label}${bad} | ${x.note} | ${num(x.rps)} | ${num(x.p50Ms, 2)} | ${num(x.p99Ms, 2)} | ${num(x.cpuUsPerRequest)} | ${num(x.upstreamConnsOpened)} | ${num(x.midEstablished)} |`);
    }
    const q = px.ratios;
    out.push('', `Latency at a fixed, moderate load (${px.paced.method}):`, '');
    out.push('| Target | req/s | p50 ms | p90 ms | p99 ms |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    for (const x of px.paced.rows) out.push(`| ${x.label} | ${num(x.rps)} | ${num(x.p50Ms, 2)} | ${num(x.p90Ms, 2)} | ${num(x.p99Ms, 2)} |`);
    out.push('', `isthmus / minimal throughput ${num(q.isthmusOverMinimalRps, 2)} (target ≥ 0.90); isthmus p99 − minimal p99 ${num(q.isthmusMinusMinimalP99Ms, 2)} ms at the moderate load (target ≤ +1 ms), ${num(q.isthmusMinusMinimalSaturatedP99Ms, 2)} ms saturated; minimal / direct ${num(q.minimalOverDirectRps, 2)}; nginx / minimal ${num(q.nginxOverMinimalRps, 2)}${q.bestMultiProcessOverMinimalRps !== undefined ? `; 2 workerd processes / 1: minimal proxy ${num(q.bestMultiProcessOverMinimalRps, 2)}` : ''}${q.isthmusTwoProcessesOverOneRps !== undefined ? `, isthmus ${num(q.isthmusTwoProcessesOverOneRps, 2)}` : ''}. CPU µs / req is the CPU time of the proxy process(es) alone (/proc), which other load on the machine disturbs far less than req/s. Load average ${px.loadAverageStart.join(' ')} at start, ${px.loadAverageEnd.join(' ')} at end.`);
    if (px.errors.length > 0) out.push('', `Rows that could not run: ${px.errors.map((e) => e.split('\n')[0]).join('; ')}`);
  }
  if (pr) {
    out.push('', '#### Config propagation (POST /apply returned → first gateway answer with the change; local mesh under steady traffic)', '');
    out.push('| Gateway poll interval | Rounds | p50 ms | p90 ms | max ms | Timed out | /apply p50 ms |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of pr.runs) {
      out.push(`| ${x.pollMs === 'default' ? 'startLocalMesh default' : `${x.pollMs} ms`} | ${x.rounds} | ${num(x.p50Ms, 1)} | ${num(x.p90Ms, 1)} | ${num(x.maxMs, 1)} | ${x.timeouts} | ${num(x.applyP50Ms, 1)} |`);
    }
    out.push('', pr.note);
  }
  const ov = r.overhead;
  if (ov) {
    out.push('', `#### Gateway CPU per request on workerd, step by step (workerd serve, 1 process each; wrk -t2 -c32, ${ov.rounds} × ${ov.durationS} s, median)`, '');
    out.push('| Worker | CPU µs / req | Δ vs previous | req/s |');
    out.push('| --- | ---: | ---: | ---: |');
    ov.steps.forEach((s, i) => {
      const prev = ov.steps[i - 1];
      const d = prev ? s.cpuUsPerRequest - prev.cpuUsPerRequest : Number.NaN;
      out.push(`| ${s.label} | ${num(s.cpuUsPerRequest)} | ${prev ? `${d >= 0 ? '+' : ''}${num(d)}` : ''} | ${num(s.rps)} |`);
    });
  }
  const errs = Object.entries(r.errors);
  if (errs.length > 0) out.push('', `Sections that failed: ${errs.map(([k, v]) => `${k}: ${v.split('\n')[0] ?? ''}`).join('; ')}`);
  return out.join('\n');
}
