/**
 * productpage: the page users see, built from details and reviews, plus a small JSON
 * API and a login that sets `end-user` on the calls it makes (productpage.py).
 *
 * Timeouts are Istio's, and its fault-injection and timeout tasks depend on them:
 * details 3 s; reviews 3 s, tried twice (so about 6 s before the error shows);
 * ratings 3 s.
 */
import type { Agent } from 'node:http';
import { callService, parseJson, type CallResult } from './client.js';
import { indexPage, productPage, STYLESHEET } from './html.js';
import { asDetails, asReviews, PRODUCTS, productId, type ReviewsResponse } from './model.js';
import { forwardHeaders } from './propagation.js';
import type { Sessions } from './session.js';
import { isRead, json, methodNotAllowed, notFound, text, type AppRequest, type Handler, type Reply } from './server.js';
import type { Resolver } from './upstream.js';

export interface ProductpageOptions {
  resolver: Resolver;
  agent: Agent;
  sessions: Sessions;
}

const TIMEOUT_MS = 3_000;
const REVIEWS_TRIES = 2;
const DETAILS_UNAVAILABLE = 'Sorry, product details are currently unavailable for this book.';
const REVIEWS_UNAVAILABLE = 'Sorry, product reviews are currently unavailable for this book.';
const RATINGS_UNAVAILABLE = 'Sorry, product ratings are currently unavailable for this book.';

/** Failed calls report the peer's status when there was one, else 500 (productpage.py). */
function failedStatus(res: CallResult): number {
  return res.ok && res.status ? res.status : 500;
}

export function productpage(opts: ProductpageOptions): Handler {
  const call = (service: string, path: string, headers: Record<string, string>) =>
    callService(opts.resolver, service, path, { headers, timeoutMs: TIMEOUT_MS, agent: opts.agent });

  /** What productpage sends on: trace headers, plus `end-user` from its own session. */
  function outbound(req: AppRequest): { user: string | undefined; headers: Record<string, string> } {
    const user = opts.sessions.user(typeof req.headers.cookie === 'string' ? req.headers.cookie : undefined);
    const headers = forwardHeaders(req.headers, { endUser: false });
    if (user) headers['end-user'] = user;
    return { user, headers };
  }

  async function fetchDetails(id: number, headers: Record<string, string>) {
    const res = await call('details', `/details/${id}`, headers);
    const value = res.ok && res.status === 200 ? asDetails(parseJson(res.body)) : undefined;
    return value ? { status: 200, value } : { status: failedStatus(res), value: undefined };
  }

  async function fetchReviews(id: number, headers: Record<string, string>) {
    let res: CallResult = { ok: false, reason: 'not tried' };
    for (let i = 0; i < REVIEWS_TRIES; i++) {
      res = await call('reviews', `/reviews/${id}`, headers);
      const value: ReviewsResponse | undefined = res.ok && res.status === 200 ? asReviews(parseJson(res.body)) : undefined;
      if (value) return { status: 200, value };
    }
    return { status: failedStatus(res), value: undefined };
  }

  async function apiRatings(id: number, headers: Record<string, string>): Promise<Reply> {
    const res = await call('ratings', `/ratings/${id}`, headers);
    const value = res.ok && res.status === 200 ? parseJson(res.body) : undefined;
    return value !== undefined ? json(200, value) : json(failedStatus(res), { error: RATINGS_UNAVAILABLE });
  }

  async function api(req: AppRequest): Promise<Reply> {
    if (!isRead(req.method)) return methodNotAllowed('GET, HEAD');
    if (req.path === '/api/v1/products') return json(200, PRODUCTS);
    const m = /^\/api\/v1\/products\/([^/]+)(?:\/(reviews|ratings))?$/.exec(req.path);
    if (!m) return notFound();
    const id = productId(m[1] ?? '');
    if (id === undefined) return json(400, { error: 'please provide numeric product id' });
    const { headers } = outbound(req);
    if (m[2] === 'ratings') return apiRatings(id, headers);
    if (m[2] === 'reviews') {
      const r = await fetchReviews(id, headers);
      return r.value ? json(200, r.value) : json(r.status, { error: REVIEWS_UNAVAILABLE });
    }
    const d = await fetchDetails(id, headers);
    return d.value ? json(200, d.value) : json(d.status, { error: DETAILS_UNAVAILABLE });
  }

  async function page(req: AppRequest): Promise<Reply> {
    const product = PRODUCTS[0];
    if (!product) return notFound();
    const { user, headers } = outbound(req);
    // Sequential, as productpage.py does: details first, then reviews.
    const details = await fetchDetails(product.id, headers);
    const reviews = await fetchReviews(product.id, headers);
    return text(200, productPage({ product, user, details, reviews }), 'text/html; charset=utf-8');
  }

  async function login(req: AppRequest): Promise<Reply> {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const body = await req.readBody(16 * 1024);
    // Flask's request.values: the form body, then the query string.
    const form = type === 'application/x-www-form-urlencoded' || type === '' ? new URLSearchParams(body) : undefined;
    const user = (form?.get('username') ?? req.query.get('username') ?? '').trim();
    const headers: Record<string, string | string[]> = { location: '/productpage' };
    if (user) headers['set-cookie'] = opts.sessions.login(user);
    return { status: 302, headers, body: '' };
  }

  return async function productpageApp(req) {
    const { path, method } = req;
    if (path.startsWith('/api/v1/products')) return api(req);
    switch (path) {
      case '/':
      case '/index.html':
        return isRead(method) ? text(200, indexPage(), 'text/html; charset=utf-8') : methodNotAllowed('GET, HEAD');
      case '/health':
        return isRead(method) ? text(200, 'Product page is healthy') : methodNotAllowed('GET, HEAD');
      case '/productpage':
        return isRead(method) ? page(req) : methodNotAllowed('GET, HEAD');
      case '/login':
        return method === 'POST' ? login(req) : methodNotAllowed('POST');
      case '/logout':
        return isRead(method)
          ? { status: 302, headers: { location: '/productpage', 'set-cookie': opts.sessions.logout() }, body: '' }
          : methodNotAllowed('GET, HEAD');
      case '/static/css/bookinfo.css':
        return isRead(method) ? text(200, STYLESHEET, 'text/css; charset=utf-8') : methodNotAllowed('GET, HEAD');
      default:
        return notFound();
    }
  };
}
