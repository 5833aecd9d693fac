/**
 * reviews: `GET /reviews/:id` → two reviews and the pod that served them.
 * v1 calls nobody and returns no ratings; v2 and v3 ask ratings and show black and
 * red stars. Their ratings timeouts differ on purpose, and Istio's fault-injection
 * task depends on it: 10 s for v2, 2.5 s for v3 (LibertyRestEndpoint.java).
 */
import type { Agent } from 'node:http';
import { callService, parseJson } from './client.js';
import { asRatings, productId, RATINGS_UNAVAILABLE, type Review } from './model.js';
import { forwardHeaders } from './propagation.js';
import { isRead, json, methodNotAllowed, notFound, type Handler } from './server.js';
import type { Resolver } from './upstream.js';

export type ReviewsVersion = 'v1' | 'v2' | 'v3';

export interface ReviewsOptions {
  version: ReviewsVersion;
  podname: string;
  /** Reported as `clustername`; Istio's image says `"null"` when CLUSTER_NAME is unset. */
  clustername?: string;
  resolver: Resolver;
  agent: Agent;
}

const SETTINGS: Record<ReviewsVersion, { color?: string; ratingsTimeoutMs: number }> = {
  v1: { ratingsTimeoutMs: 0 },
  v2: { color: 'black', ratingsTimeoutMs: 10_000 },
  v3: { color: 'red', ratingsTimeoutMs: 2_500 },
};

const TEXTS: ReadonlyArray<{ reviewer: string; text: string }> = [
  { reviewer: 'Reviewer1', text: 'A delight from start to finish: the mix-ups come faster and funnier with every scene.' },
  { reviewer: 'Reviewer2', text: 'Great fun on stage, though the plot carries it more than the characters do.' },
];

export function reviews(opts: ReviewsOptions): Handler {
  const { color, ratingsTimeoutMs } = SETTINGS[opts.version];
  const clustername = opts.clustername ?? 'null';

  async function stars(id: number, headers: Record<string, string>): Promise<Record<string, number> | undefined> {
    const res = await callService(opts.resolver, 'ratings', `/ratings/${id}`, {
      headers,
      timeoutMs: ratingsTimeoutMs,
      agent: opts.agent,
    });
    if (!res.ok || res.status !== 200) return undefined;
    return asRatings(parseJson(res.body));
  }

  return async function reviewsApp(req) {
    if (req.path === '/health') {
      return isRead(req.method) ? json(200, { status: 'Reviews is healthy' }) : methodNotAllowed('GET, HEAD');
    }
    const m = /^\/reviews\/([^/]*)$/.exec(req.path);
    if (!m) return notFound();
    if (!isRead(req.method)) return methodNotAllowed('GET, HEAD');
    const id = productId(m[1] ?? '');
    if (id === undefined) return json(400, { error: 'please provide numeric product ID' });

    const given = color ? await stars(id, forwardHeaders(req.headers, { endUser: true })) : undefined;
    const list: Review[] = TEXTS.map(({ reviewer, text }) => {
      if (!color) return { reviewer, text };
      const n = given?.[reviewer];
      // A ratings failure is not a reviews failure: the reviews still come back, each
      // with the error in place of its stars, and the status stays 200.
      return { reviewer, text, rating: n === undefined ? { error: RATINGS_UNAVAILABLE } : { stars: n, color } };
    });
    return json(200, { id: String(id), podname: opts.podname, clustername, reviews: list });
  };
}
