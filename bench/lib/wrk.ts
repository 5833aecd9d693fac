import { startChild } from './proc.js';
import { tool } from './tools.js';

export interface WrkOptions {
  url: string;
  threads?: number;
  connections?: number;
  durationS: number;
  headers?: Record<string, string>;
  /** A wrk Lua script (`-s`), e.g. one whose `delay()` paces each connection. */
  script?: string;
  /** Called once, halfway through the run (to sample sockets and the like). */
  midway?: () => void | Promise<void>;
}

export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** connect + read + write + timeout socket errors. */
  socketErrors: number;
  non2xx: number;
}

/** wrk prints durations as 1.23us, 4.56ms, 7.89s or 1.00m. */
export function parseDuration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  switch (m[2]) {
    case 'us': return v / 1000;
    case 'ms': return v;
    case 's': return v * 1000;
    case 'm': return v * 60_000;
    default: return v * 3_600_000;
  }
}

export function parseWrk(out: string): WrkResult {
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out);
    return m?.[1] !== undefined ? parseDuration(m[1]) : Number.NaN;
  };
  const total = /(\d+) requests in ([\d.]+)(\w+)/.exec(out);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const max = /^\s*Latency\s+\S+\s+\S+\s+(\S+)/m.exec(out);
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return {
    requests: total?.[1] !== undefined ? Number(total[1]) : Number.NaN,
    durationS: total?.[2] !== undefined && total[3] !== undefined ? parseDuration(`${total[2]}${total[3]}`) / 1000 : Number.NaN,
    rps: rps?.[1] !== undefined ? Number(rps[1]) : Number.NaN,
    p50Ms: pct('50'),
    p75Ms: pct('75'),
    p90Ms: pct('90'),
    p99Ms: pct('99'),
    maxMs: max?.[1] !== undefined ? parseDuration(max[1]) : Number.NaN,
    socketErrors: errs ? errs.slice(1, 5).reduce((a, b) => a + Number(b), 0) : 0,
    non2xx: non2xx?.[1] !== undefined ? Number(non2xx[1]) : 0,
  };
}

/**
 * A wrk script that waits `ms` after each response before a connection sends again:
 * with c connections the offered load is about c / (ms + latency) per second, well
 * below saturation, so p99 shows the proxy's own latency rather than its queue.
 */
export function pacedScript(ms: number): string {
  return `function delay()\n  return ${ms}\nend\n`;
}

/** One bounded wrk run (`--latency`); wrk stops itself after `durationS`. */
export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [`-t${o.threads ?? 2}`, `-c${o.connections ?? 32}`, `-d${o.durationS}s`, '--timeout', '5s', '--latency'];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}: ${v}`);
  if (o.script) args.push('-s', o.script);
  args.push(o.url);
  const child = startChild(tool('wrk'), args);
  const exited = new Promise<number | null>((ok) => child.proc.once('exit', (code) => ok(code)));
  let timer: NodeJS.Timeout | undefined;
  const mid = o.midway;
  const midDone = mid
    ? new Promise<void>((ok) => { timer = setTimeout(() => { void Promise.resolve().then(mid).catch(() => undefined).finally(ok); }, (o.durationS * 1000) / 2); })
    : Promise.resolve();
  // A hard bound in case wrk hangs: its own duration plus its 5 s timeout and slack.
  const guard = setTimeout(() => child.proc.kill('SIGKILL'), (o.durationS + 15) * 1000);
  const code = await exited;
  clearTimeout(guard);
  if (timer) await midDone;
  const out = child.output();
  if (code !== 0) throw new Error(`wrk exited with ${String(code)}: ${out.slice(-1000)}`);
  return parseWrk(out);
}
