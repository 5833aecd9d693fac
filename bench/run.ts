/**
 * `npm run bench`: route matching, gateway proxying on workerd, and config propagation,
 * in sequence. Prints Markdown tables and saves everything to bench/results/latest.json.
 * Benchmarks measure; they never pass or fail on a number.
 *
 *   npm run bench -- --only routes|proxy|propagation   (repeatable, or comma-separated)
 *   npm run bench -- --quick                           (short runs, for trying the harness)
 *   npm run bench -- --only overhead                   (not in the default run: where gateway CPU goes)
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOverhead, type OverheadResult } from './overhead.js';
import { benchPropagation, type PropagationResult } from './propagation.js';
import { benchProxy, type ProxyResult } from './proxy.js';
import { benchRoutes, type RoutesResult } from './routes.js';
import { markdown } from './table.js';

const HERE = resolve(fileURLToPath(new URL('.', import.meta.url)));
const SECTIONS = ['routes', 'proxy', 'propagation', 'overhead'] as const;
type Section = (typeof SECTIONS)[number];
const DEFAULT_SECTIONS: readonly Section[] = ['routes', 'proxy', 'propagation'];

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  commit: string;
  node: string;
  cpus: number;
  cpuModel: string;
  loadAverageStart: number[];
  routes?: RoutesResult;
  proxy?: ProxyResult;
  propagation?: PropagationResult;
  overhead?: OverheadResult;
  errors: Record<string, string>;
}

function parseArgs(argv: readonly string[]): { only: Set<Section>; quick: boolean } {
  const only = new Set<Section>();
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--quick') { quick = true; continue; }
    const value = a === '--only' ? argv[++i] : a.startsWith('--only=') ? a.slice('--only='.length) : undefined;
    if (value === undefined) throw new Error(`unknown argument ${a}; use --only ${SECTIONS.join('|')} or --quick`);
    for (const v of value.split(',')) {
      const s = SECTIONS.find((x) => x === v.trim());
      if (!s) throw new Error(`--only takes ${SECTIONS.join(', ')}; got ${v}`);
      only.add(s);
    }
  }
  return { only: only.size > 0 ? only : new Set(DEFAULT_SECTIONS), quick };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: HERE, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const { only, quick } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    durationS: 0,
    commit: gitCommit(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageStart: loadavg().map((l) => Math.round(l * 100) / 100),
    errors: {},
  };
  const log = (s: string): void => console.log(s);
  const section = async (name: Section, run: () => Promise<void>): Promise<void> => {
    if (!only.has(name)) return;
    console.log(`\n== ${name} ==`);
    try {
      await run();
    } catch (err) {
      const msg = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
      results.errors[name] = msg;
      console.error(`${name} failed: ${msg}`);
    }
  };
  await section('routes', async () => { results.routes = await benchRoutes(log); });
  await section('proxy', async () => {
    results.proxy = await benchProxy(quick ? { durationS: 3, rounds: 1, extraDurationS: 2, extraRounds: 1, pacedDurationS: 3 } : {}, log);
  });
  await section('propagation', async () => {
    results.propagation = await benchPropagation(quick ? { rounds: 10 } : {}, log);
  });
  await section('overhead', async () => {
    results.overhead = await benchOverhead(quick ? { rounds: 1, durationS: 2 } : {}, log);
  });
  results.finishedAt = new Date().toISOString();
  results.durationS = Math.round((Date.now() - started) / 1000);

  const dir = join(HERE, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  // With --only, the sections not run this time keep their last saved results.
  const saved = await readPrevious(file);
  const merged: BenchResults = { ...results };
  for (const s of SECTIONS) {
    if (only.has(s) || !saved) continue;
    if (s === 'routes' && saved.routes) merged.routes = saved.routes;
    if (s === 'proxy' && saved.proxy) merged.proxy = saved.proxy;
    if (s === 'propagation' && saved.propagation) merged.propagation = saved.propagation;
    if (s === 'overhead' && saved.overhead) merged.overhead = saved.overhead;
  }
  await writeFile(file, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`\n${markdown(results)}`);
  console.log(`\nSaved ${file} (${results.durationS} s).`);
  return Object.keys(results.errors).length > 0 ? 1 : 0;
}

async function readPrevious(file: string): Promise<Partial<BenchResults> | undefined> {
  try {
    const v: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof v === 'object' && v !== null ? (v as Partial<BenchResults>) : undefined;
  } catch {
    return undefined;
  }
}

// Exit explicitly: every child has been stopped, and nothing else should hold the process.
main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
