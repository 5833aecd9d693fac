import type { Cluster, GatewayProxy, Listener, Route, Snapshot, VirtualHost } from './snapshot.js';
import { compileMatch, type Predicate, type RequestView } from './match.js';
import { toJsRegExp, toJsReplacement } from './regex.js';

/** A route with its match blocks compiled into predicates. */
export interface RuntimeRoute {
  readonly route: Route;
  readonly index: number;
  /** Any block holding is a match (Istio: separate match blocks are ORed). */
  readonly blocks: readonly Predicate[];
  /** The uri prefix that matched, per block, for prefix rewrites (`/` for blocks without a uri). */
  readonly prefixes: readonly (string | undefined)[];
  /** `rewrite.uriRegexRewrite`, compiled once: Envoy replaces every match (RE2 GlobalReplace). */
  readonly regexRewrite?: { pattern: RegExp; replacement: string };
}

/**
 * Candidate index over one virtual host's routes, so that a request looks at the
 * routes whose uri could match it rather than scanning them all (first match still
 * wins: candidates are tried in route order).
 */
class RouteIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly exactCi = new Map<string, number[]>();
  private readonly prefix = new Map<string, number[]>();
  private readonly prefixCi = new Map<string, number[]>();
  private prefixLengths: number[] = [];
  private prefixCiLengths: number[] = [];
  private readonly always: number[] = [];

  constructor(routes: readonly Route[]) {
    const lengths = new Set<number>();
    const ciLengths = new Set<number>();
    routes.forEach((r, i) => {
      if (r.match.length === 0) { this.always.push(i); return; }
      for (const m of r.match) {
        const uri = m.uri;
        if (!uri || uri.kind === 'regex') { push(this.always, i); continue; }
        const ci = m.ignoreUriCase === true;
        const key = ci ? uri.value.toLowerCase() : uri.value;
        if (uri.kind === 'exact') add(ci ? this.exactCi : this.exact, key, i);
        else { add(ci ? this.prefixCi : this.prefix, key, i); (ci ? ciLengths : lengths).add(key.length); }
      }
    });
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
    this.prefixCiLengths = [...ciLengths].sort((a, b) => a - b);
  }

  /**
   * Route indexes that may match, ascending (duplicates possible; the caller skips
   * them). Most requests hit a single list, which is returned as is, without copying.
   */
  candidates(req: RequestView): readonly number[] {
    const path = req.path;
    const found: Array<readonly number[]> = [];
    if (this.always.length > 0) found.push(this.always);
    const e = this.exact.get(path);
    if (e) found.push(e);
    for (const len of this.prefixLengths) {
      if (len > path.length) break;
      const p = this.prefix.get(path.slice(0, len));
      if (p) found.push(p);
    }
    if (this.exactCi.size > 0 || this.prefixCi.size > 0) {
      const lower = req.lowerPath();
      const ec = this.exactCi.get(lower);
      if (ec) found.push(ec);
      for (const len of this.prefixCiLengths) {
        if (len > lower.length) break;
        const p = this.prefixCi.get(lower.slice(0, len));
        if (p) found.push(p);
      }
    }
    if (found.length <= 1) return found[0] ?? NONE;
    return found.flat().sort((a, b) => a - b);
  }
}

const NONE: readonly number[] = [];

function add(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) push(list, i); else map.set(key, [i]);
}

function push(list: number[], i: number): void {
  if (list[list.length - 1] !== i) list.push(i);
}

export class RuntimeVirtualHost {
  readonly routes: readonly RuntimeRoute[];
  private readonly index: RouteIndex;

  constructor(readonly config: VirtualHost) {
    this.routes = config.routes.map((route, index) => {
      const rt: RuntimeRoute = {
        route,
        index,
        blocks: route.match.map(compileMatch),
        // A block without a uri is Istio's `prefix: /`, which a prefix rewrite then replaces.
        prefixes: route.match.map((m) => (m.uri === undefined ? '/' : m.uri.kind === 'prefix' ? m.uri.value : undefined)),
      };
      const rx = route.rewrite?.regex;
      if (!rx) return rt;
      return { ...rt, regexRewrite: { pattern: toJsRegExp(rx.match, { global: true }), replacement: toJsReplacement(rx.rewrite) } };
    });
    this.index = new RouteIndex(config.routes);
  }

  /** The first route whose match holds, and which block matched. */
  match(req: RequestView): { route: RuntimeRoute; block: number } | undefined {
    let last = -1;
    for (const i of this.index.candidates(req)) {
      if (i === last) continue;
      last = i;
      const rt = this.routes[i];
      if (!rt) continue;
      if (rt.blocks.length === 0) return { route: rt, block: -1 };
      for (let b = 0; b < rt.blocks.length; b++) {
        const test = rt.blocks[b];
        if (test && test(req)) return { route: rt, block: b };
      }
    }
    return undefined;
  }
}

export class RuntimeListener {
  private readonly exact: Map<string, RuntimeVirtualHost>;
  private readonly wildcard: Map<string, RuntimeVirtualHost>;
  private readonly catchAll: RuntimeVirtualHost | undefined;

  constructor(readonly config: Listener) {
    const hosts = config.virtualHosts.map((vh) => new RuntimeVirtualHost(vh));
    const pick = (i: number): RuntimeVirtualHost | undefined => hosts[i];
    this.exact = new Map(Object.entries(config.exactHosts).flatMap(([d, i]) => { const h = pick(i); return h ? [[d, h]] : []; }));
    this.wildcard = new Map(Object.entries(config.wildcardHosts).flatMap(([d, i]) => { const h = pick(i); return h ? [[d, h]] : []; }));
    this.catchAll = config.catchAll !== undefined ? pick(config.catchAll) : undefined;
  }

  /**
   * Envoy's domain search: exact host, then the longest `*.suffix`, then `*`.
   * `host` is lowercase with the port already removed.
   */
  virtualHost(host: string): RuntimeVirtualHost | undefined {
    const exact = this.exact.get(host);
    if (exact) return exact;
    if (this.wildcard.size > 0) {
      for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
        const w = this.wildcard.get(`*${host.slice(i)}`);
        if (w) return w;
      }
    }
    return this.catchAll;
  }
}

/** Everything one proxy needs from a snapshot, compiled for the data path once per snapshot. */
export class Router {
  private readonly listeners: Map<number, RuntimeListener>;
  readonly clusters: ReadonlyMap<string, Cluster>;

  constructor(readonly snapshot: Snapshot, readonly proxy: GatewayProxy | undefined) {
    this.listeners = new Map(Object.values(proxy?.listeners ?? {}).map((l) => [l.port, new RuntimeListener(l)]));
    this.clusters = new Map(Object.entries(snapshot.clusters));
  }

  listener(port: number): RuntimeListener | undefined {
    return this.listeners.get(port);
  }
}
