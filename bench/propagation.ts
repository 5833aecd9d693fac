/**
 * Propagation: the time from `POST /apply` returning to the first gateway request that
 * sees the change, on a local mesh (control and gateway on workerd, KV on local disk).
 * Each round applies a VirtualService whose directResponse body is `round-N`, then asks
 * the gateway in a tight loop (bounded to 5 s) until the body says `round-N`.
 */
import { Agent, request } from 'node:http';
import { startBenchMesh } from './lib/mesh.js';
import { msSince, quantile, round, seededRandom, sleep } from './lib/stats.js';

const HOST = 'prop.example.com';
const ROUND_LIMIT_MS = 5000;
/** Pause range when the poll interval is startLocalMesh's default (a multiple of 100 ms and 250 ms). */
const DEFAULT_PHASE_MS = 500;

export interface PropagationOptions {
  rounds?: number;
  /** Poll intervals to run; `undefined` is startLocalMesh's default. */
  pollMs?: Array<number | undefined>;
}

export interface PropagationRun {
  /** CONFIG_POLL_MS the gateway ran with (startLocalMesh's default when not set). */
  pollMs: number | 'default';
  rounds: number;
  timeouts: number;
  /** ms from /apply returning to the first gateway answer with the new body. */
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
  /** How long /apply itself took (validate, store, compile, publish to KV). */
  applyP50Ms: number;
  samplesMs: number[];
}

export interface PropagationResult {
  runs: PropagationRun[];
  target: string;
  note: string;
}

export const KV_NOTE = 'Cloudflare Workers KV is eventually consistent: a write can take up to 60 s to be visible in other locations, so production propagation is bounded by KV, not by these local numbers.';

function vsYaml(n: number): string {
  return [
    'apiVersion: networking.istio.io/v1',
    'kind: Gateway',
    'metadata: { name: prop-gateway, namespace: bench }',
    'spec:',
    '  selector: { istio: ingressgateway }',
    '  servers:',
    '  - port: { number: 80, name: http, protocol: HTTP }',
    '    hosts: ["*"]',
    '---',
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: { name: prop, namespace: bench }',
    'spec:',
    `  hosts: [${HOST}]`,
    '  gateways: [prop-gateway]',
    '  http:',
    '  - directResponse:',
    '      status: 200',
    '      body:',
    `        string: round-${n}`,
    '',
  ].join('\n');
}

/** GET through one kept-alive connection, so the loop measures the gateway, not TCP setup. */
function getBody(agent: Agent, url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path: '/', headers: { host: HOST }, agent, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => ok(body));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error('gateway did not answer within 2 s')));
    req.on('error', fail);
    req.end();
  });
}

/**
 * Asks the gateway back to back on one connection for as long as the run lasts, as
 * steady traffic would: an idle isolate checks KV on its first request, which would make
 * propagation look instant. Remembers when each body was first seen.
 */
class Poller {
  readonly firstSeen = new Map<string, bigint>();
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly agent: Agent, private readonly url: string, private readonly limitMs: number) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    const start = process.hrtime.bigint();
    while (!this.stopped && msSince(start) < this.limitMs) {
      try {
        const body = await getBody(this.agent, this.url);
        if (!this.firstSeen.has(body)) this.firstSeen.set(body, process.hrtime.bigint());
      } catch {
        await sleep(5);
      }
    }
  }

  /** Waits until `body` has been seen; when, or undefined after ROUND_LIMIT_MS. */
  async waitFor(body: string): Promise<bigint | undefined> {
    const start = process.hrtime.bigint();
    while (msSince(start) < ROUND_LIMIT_MS) {
      const t = this.firstSeen.get(body);
      if (t !== undefined) return t;
      await sleep(1);
    }
    return undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

async function runOnce(pollMs: number | undefined, rounds: number, log: (s: string) => void): Promise<PropagationRun> {
  const m = await startBenchMesh(pollMs);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const rnd = seededRandom(42);
  // Bounded: every round ends within ROUND_LIMIT_MS plus its apply.
  const poller = new Poller(agent, m.mesh.gatewayUrl, (rounds + 1) * (ROUND_LIMIT_MS + 2000));
  try {
    await m.apply(vsYaml(0));
    if ((await poller.waitFor('round-0')) === undefined) {
      throw new Error(`the gateway at ${m.mesh.gatewayUrl} never served the first config (round-0) within ${ROUND_LIMIT_MS} ms`);
    }
    const samples: number[] = [];
    const applyMs: number[] = [];
    let timeouts = 0;
    for (let n = 1; n <= rounds; n++) {
      // A random pause over whole poll periods, so each apply lands at a random phase of
      // the gateway's poll timer (otherwise every round starts just after a refresh).
      await sleep(Math.floor(rnd() * (pollMs ?? DEFAULT_PHASE_MS)));
      const t0 = process.hrtime.bigint();
      await m.apply(vsYaml(n));
      const applied = process.hrtime.bigint();
      applyMs.push(Number(applied - t0) / 1e6);
      const seen = await poller.waitFor(`round-${n}`);
      // A request in flight while /apply answered may see the change first: that counts as 0.
      if (seen === undefined) timeouts++;
      else samples.push(Math.max(0, Number(seen - applied) / 1e6));
    }
    const run: PropagationRun = {
      pollMs: pollMs ?? 'default',
      rounds,
      timeouts,
      p50Ms: round(quantile(samples, 0.5)),
      p90Ms: round(quantile(samples, 0.9)),
      maxMs: round(Math.max(...samples)),
      applyP50Ms: round(quantile(applyMs, 0.5)),
      samplesMs: samples.map((s) => round(s)),
    };
    log(`pollMs ${String(run.pollMs)}: p50 ${run.p50Ms} ms, p90 ${run.p90Ms} ms, max ${run.maxMs} ms over ${rounds} rounds${timeouts ? ` (${timeouts} timed out after ${ROUND_LIMIT_MS} ms)` : ''}; /apply itself p50 ${run.applyP50Ms} ms`);
    return run;
  } finally {
    await poller.stop();
    agent.destroy();
    await m.stop();
  }
}

export async function benchPropagation(opts: PropagationOptions = {}, log: (s: string) => void = console.log): Promise<PropagationResult> {
  const rounds = opts.rounds ?? 30;
  const runs: PropagationRun[] = [];
  for (const p of opts.pollMs ?? [undefined, 50, 1000]) runs.push(await runOnce(p, rounds, log));
  log(KV_NOTE);
  return { runs, target: 'p50 ≤ 250 ms locally (default poll interval)', note: KV_NOTE };
}
