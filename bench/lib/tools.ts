import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TOOLS = ['nginx', 'wrk'] as const;
type Tool = (typeof TOOLS)[number];

/** Where a tool is: on PATH, or in /usr/sbin or /usr/bin (Debian puts nginx in /usr/sbin, which a non-root PATH may lack). */
export function toolPath(name: Tool): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  if (found !== '') return found;
  return ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'].map((d) => `${d}/${name}`).find((p) => existsSync(p));
}

/** The absolute path of a tool that ensureTools has made sure of. */
export function tool(name: Tool): string {
  const p = toolPath(name);
  if (p === undefined) throw new Error(`${name} is not installed (apt-get install -y ${name === 'nginx' ? 'nginx-light' : name})`);
  return p;
}

function aptInstall(pkgs: readonly string[], log: (s: string) => void): boolean {
  log(`  apt-get install -y ${pkgs.join(' ')}`);
  const r = spawnSync('apt-get', ['install', '-y', ...pkgs], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) log(`  … failed: ${(r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-3).join(' | ')}`);
  return r.status === 0;
}

/**
 * nginx (the upstream and the comparison proxy) and wrk (the load generator) come from
 * Debian. When they are missing the benchmark installs them (we run as root here) and
 * says so. `apt-get update` runs once, only if a first install fails; if `nginx-light`
 * cannot be had, `nginx` is tried.
 */
export function ensureTools(log: (s: string) => void): string[] {
  const missing = (): Tool[] => TOOLS.filter((t) => toolPath(t) === undefined);
  const want = missing();
  if (want.length === 0) return [];
  log(`${want.join(' and ')} not found: installing with apt-get`);
  const pkgs = (names: readonly Tool[], light: boolean): string[] => names.map((n) => (n === 'nginx' && light ? 'nginx-light' : n));
  if (!aptInstall(pkgs(want, true), log)) {
    log('  apt-get update');
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (!aptInstall(pkgs(missing(), true), log)) aptInstall(pkgs(missing(), false), log);
  }
  const still = missing();
  if (still.length > 0) throw new Error(`could not install ${still.join(', ')}; install them (apt-get install nginx-light wrk) and run again`);
  log(`installed ${want.join(' and ')}`);
  return want;
}
