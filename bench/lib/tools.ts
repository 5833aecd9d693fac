import { spawnSync } from 'node:child_process';
import { onPath } from './proc.js';

function aptInstall(pkgs: readonly string[], log: (s: string) => void): boolean {
  log(`  apt-get install -y ${pkgs.join(' ')}`);
  const r = spawnSync('apt-get', ['install', '-y', ...pkgs], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) log(`  … failed: ${(r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-3).join(' | ')}`);
  return r.status === 0;
}

/**
 * nginx (the upstream and the comparison proxy) and wrk (the load generator) come from
 * Debian. When they are missing the benchmark installs them (we run as root here) and
 * says so; `apt-get update` runs once, only if a first install fails.
 */
export function ensureTools(log: (s: string) => void): string[] {
  const missing = (): string[] => ['nginx', 'wrk'].filter((c) => !onPath(c));
  if (missing().length === 0) return [];
  const want = missing();
  log(`${want.join(' and ')} not on PATH: installing with apt-get`);
  const pkgs = (names: readonly string[]): string[] => names.map((n) => (n === 'nginx' ? 'nginx-light' : n));
  if (!aptInstall(pkgs(want), log)) {
    log('  apt-get update');
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    if (!aptInstall(pkgs(missing()), log) && missing().includes('nginx')) aptInstall(missing().map((n) => n), log);
  }
  const still = missing();
  if (still.length > 0) throw new Error(`could not install ${still.join(', ')}; install them (apt-get install nginx-light wrk) and run again`);
  log(`installed ${want.join(' and ')}`);
  return want;
}
