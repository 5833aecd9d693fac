/**
 * The JSON the Bookinfo apps exchange, and narrowing from `unknown` for what comes
 * back over the wire (a peer, or a sidecar's error page, may send anything).
 */

export interface Product {
  id: number;
  title: string;
  descriptionHtml: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 0,
    title: 'The Comedy of Errors',
    descriptionHtml:
      '<a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: ' +
      'an early comedy by <b>William Shakespeare</b>. Two pairs of identical twins, parted as ' +
      'infants, land in the same town on the same day, and one mistaken identity leads to the next.',
  },
];

export type Rating = { stars: number; color: string } | { error: string };

export interface Review {
  reviewer: string;
  text: string;
  rating?: Rating;
}

export interface ReviewsResponse {
  id: string;
  podname: string;
  clustername: string;
  reviews: Review[];
}

export const RATINGS_UNAVAILABLE = 'Ratings service is currently unavailable';

/** `0`, `12`: the apps accept decimal ids only. */
export function productId(segment: string): number | undefined {
  return /^\d{1,9}$/.test(segment) ? Number(segment) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Book details as a flat map of printable fields; undefined when the body is not an object. */
export function asDetails(v: unknown): Record<string, string | number> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string' || typeof val === 'number') out[k] = val;
  }
  return out;
}

function asRating(v: unknown): Rating | undefined {
  if (!isRecord(v)) return undefined;
  if (typeof v.error === 'string') return { error: v.error };
  if (typeof v.stars === 'number' && Number.isFinite(v.stars)) {
    return { stars: Math.max(0, Math.min(5, Math.round(v.stars))), color: typeof v.color === 'string' ? v.color : 'black' };
  }
  return undefined;
}

export function asReviews(v: unknown): ReviewsResponse | undefined {
  if (!isRecord(v) || !Array.isArray(v.reviews)) return undefined;
  const reviews: Review[] = [];
  for (const r of v.reviews) {
    if (!isRecord(r)) continue;
    const rating = asRating(r.rating);
    reviews.push({
      reviewer: typeof r.reviewer === 'string' ? r.reviewer : '',
      text: typeof r.text === 'string' ? r.text : '',
      ...(rating ? { rating } : {}),
    });
  }
  return {
    id: typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : '',
    podname: typeof v.podname === 'string' ? v.podname : '',
    clustername: typeof v.clustername === 'string' ? v.clustername : 'null',
    reviews,
  };
}

/** ratings' `{"id":0,"ratings":{"Reviewer1":5}}` → reviewer → stars. */
export function asRatings(v: unknown): Record<string, number> | undefined {
  if (!isRecord(v) || !isRecord(v.ratings)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, val] of Object.entries(v.ratings)) {
    if (typeof val === 'number' && Number.isInteger(val)) out[k] = val;
  }
  return out;
}
