import type { StoreResult } from './store.js';
import { conflict, notFound } from './errors.js';

/** Store failures cross RPC as data; here they become typed errors again. */
export function unwrap<T>(r: StoreResult<T>): T {
  if (r.ok) return r.value;
  throw r.code === 404 ? notFound(r.message) : conflict(r.message);
}
