/**
 * Child processes, ports and /proc readings for the proxy benchmark. Every child is
 * tracked and stopped by its own pid when the benchmark ends or is interrupted.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { sleep } from './stats.js';

const children = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // SIGTERM, not SIGKILL: an nginx master killed outright leaves its workers running,
  // while SIGTERM makes it stop them (workerd and wrk exit on SIGTERM as well).
  const killAll = (): void => { for (const c of children) if (c.exitCode === null && c.pid !== undefined) c.kill('SIGTERM'); };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { killAll(); process.exit(130); });
}

export interface Child { proc: ChildProcess; pid: number; output(): string; stop(): Promise<void> }

/** Starts a tracked child; its stdout and stderr are kept (last 64 KiB) for error messages. */
export function startChild(cmd: string, args: readonly string[], opts: { cwd?: string; stdio?: StdioOptions } = {}): Child {
  hookExit();
  const proc = spawn(cmd, args, { cwd: opts.cwd, stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let out = '';
  const keep = (b: Buffer): void => { out = (out + b.toString('utf8')).slice(-65536); };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  proc.on('exit', () => children.delete(proc));
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`could not start ${cmd}`);
  return {
    proc,
    pid,
    output: () => out,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A free TCP port on 127.0.0.1 (bound then released; fine on a quiet loopback). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  if (port === 0) throw new Error('could not get a free port on 127.0.0.1');
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

/** Waits until something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 10_000, what = `port ${port}`, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.proc.exitCode !== null || child.proc.signalCode !== null)) {
      throw new Error(`${what} exited before listening: ${child.output().slice(-2000)}`);
    }
    const ok = await new Promise<boolean>((done) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); done(true); });
      s.once('error', () => { s.destroy(); done(false); });
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${what} did not start listening within ${timeoutMs} ms${child ? `: ${child.output().slice(-2000)}` : ''}`);
}

interface ProcStat { pid: number; ppid: number; comm: string; ticks: number }

function readStat(pid: number): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // After comm: state(0) ppid(1) ... utime(11) stime(12), in clock ticks.
    return { pid, ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** Direct children of a pid (optionally only those whose command name is `comm`). */
export function childPids(ppid: number, comm?: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = readStat(Number(d));
    if (st && st.ppid === ppid && (comm === undefined || st.comm === comm)) out.push(st.pid);
  }
  return out.sort((a, b) => a - b);
}

const CLK_TCK = 100; // Linux USER_HZ

/** CPU seconds (user + system) used so far by these processes together. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const p of pids) ticks += readStat(p)?.ticks ?? 0;
  return ticks / CLK_TCK;
}

/**
 * TCP sockets towards a local port, as `ss` sees them: ESTABLISHED ones held by `pids`
 * (all processes when empty), and TIME_WAIT ones, which belong to no process any more.
 */
export function socketCounts(port: number, pids: readonly number[] = []): { established: number; timeWait: number } {
  const lines = (state: string, withProcess: boolean): string[] | undefined => {
    const r = spawnSync('ss', [withProcess ? '-Htanp' : '-Htan', 'state', state, `( dport = :${port} )`], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    return r.stdout.split('\n').filter((l) => l.trim() !== '');
  };
  const est = lines('established', pids.length > 0);
  const tw = lines('time-wait', false);
  const mine = (l: string): boolean => pids.length === 0 || pids.some((p) => l.includes(`pid=${p},`));
  return { established: est ? est.filter(mine).length : -1, timeWait: tw ? tw.length : -1 };
}

/** The machine's load when a run starts: other work on the two cores skews throughput. */
export function loadAverage(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}
