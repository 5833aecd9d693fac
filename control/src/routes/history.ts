import { Hono } from 'hono';
import { requireScope, type AuthVars } from '../auth.js';
import { store } from '../env.js';
import { badRequest } from '../errors.js';
import { unwrap } from '../result.js';

/** Generations: what changed when, what stood at each, and going back to one. */
export const historyRoutes = new Hono<AuthVars>();

function generationParam(raw: string | undefined): number {
  const g = Number(raw);
  if (!Number.isInteger(g) || g < 0) throw badRequest(`generation must be a whole number ≥ 0, got "${raw ?? ''}"`);
  return g;
}

historyRoutes.get('/history', requireScope(() => ({ kind: 'read' })), async (c) => {
  const limit = Math.min(Number(c.req.query('limit') ?? 50) || 50, 1000);
  return c.json({ generation: await store(c.env).generation(), items: await store(c.env).history(limit) });
});

historyRoutes.get('/history/:generation', requireScope(() => ({ kind: 'read' })), async (c) => {
  const g = generationParam(c.req.param('generation'));
  return c.json({ generation: g, items: unwrap(await store(c.env).stateAt(g)) });
});

historyRoutes.post('/rollback/:generation', requireScope(() => ({ kind: 'admin' })), async (c) => {
  const g = generationParam(c.req.param('generation'));
  return c.json(unwrap(await store(c.env).rollback(g, c.get('principal').subject)));
});

historyRoutes.get('/status', requireScope(() => ({ kind: 'read' })), async (c) => c.json(await store(c.env).status()));
