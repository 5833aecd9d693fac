/**
 * ratings: `GET /ratings/:id` → `{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}`.
 * `POST /ratings/:id` with a JSON object of reviewer → stars (1–5) replaces that
 * product's ratings in memory, as Istio's ratings v1 allows.
 */
import { productId } from './model.js';
import { HttpError, isRead, json, methodNotAllowed, notFound, type Handler } from './server.js';

const DEFAULT_RATINGS: Readonly<Record<string, number>> = { Reviewer1: 5, Reviewer2: 4 };

function parseRatings(body: string): Record<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    throw new HttpError(400, 'body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'body must be a JSON object of reviewer → stars');
  }
  const out: Record<string, number> = {};
  for (const [reviewer, stars] of Object.entries(value)) {
    if (typeof stars !== 'number' || !Number.isInteger(stars) || stars < 1 || stars > 5) {
      throw new HttpError(400, `rating for ${JSON.stringify(reviewer)} must be an integer from 1 to 5`);
    }
    out[reviewer] = stars;
  }
  return out;
}

export function ratings(): Handler {
  const stored = new Map<number, Record<string, number>>();
  return async function ratingsApp(req) {
    if (req.path === '/health') {
      return isRead(req.method) ? json(200, { status: 'Ratings is healthy' }) : methodNotAllowed('GET, HEAD');
    }
    const m = /^\/ratings\/([^/]*)$/.exec(req.path);
    if (!m) return notFound();
    const id = productId(m[1] ?? '');
    if (isRead(req.method)) {
      if (id === undefined) return json(400, { error: 'please provide numeric product ID' });
      return json(200, { id, ratings: stored.get(id) ?? DEFAULT_RATINGS });
    }
    if (req.method === 'POST') {
      if (id === undefined) return json(400, { error: 'please provide numeric product ID' });
      const next = parseRatings(await req.readBody());
      stored.set(id, next);
      return json(200, { id, ratings: next });
    }
    return methodNotAllowed('GET, HEAD, POST');
  };
}
