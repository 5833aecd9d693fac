/**
 * details: `GET /details/:id` → the book's publishing details as JSON (Bookinfo's
 * details v1, which serves fixed data and calls nobody).
 */
import { productId } from './model.js';
import { isRead, json, methodNotAllowed, notFound, type Handler } from './server.js';

function bookDetails(id: number): Record<string, string | number> {
  return {
    id,
    author: 'William Shakespeare',
    year: 1595,
    type: 'paperback',
    pages: 200,
    publisher: 'PublisherA',
    language: 'English',
    'ISBN-10': '1234567890',
    'ISBN-13': '123-1234567890',
  };
}

export function details(): Handler {
  return async function detailsApp(req) {
    if (req.path === '/health') {
      return isRead(req.method) ? json(200, { status: 'Details is healthy' }) : methodNotAllowed('GET, HEAD');
    }
    const m = /^\/details\/([^/]*)$/.exec(req.path);
    if (!m) return notFound();
    if (!isRead(req.method)) return methodNotAllowed('GET, HEAD');
    const id = productId(m[1] ?? '');
    if (id === undefined) return json(400, { error: 'please provide numeric product id' });
    return json(200, bookDetails(id));
  };
}
