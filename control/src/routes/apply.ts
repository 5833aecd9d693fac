import { Hono } from 'hono';
import { requireScope, type AuthVars } from '../auth.js';
import { isDryRun, readResources } from '../body.js';
import { store } from '../env.js';
import { unwrap } from '../result.js';
import type { ApplyResponse, DiffResponse } from '../../../src/api/admin.js';

/**
 * Multi-document endpoints, as `kubectl apply|delete|diff -f` use them:
 * POST /apply, /delete and /diff take Istio YAML or JSON, any number of documents.
 */
export const applyRoutes = new Hono<AuthVars>();

applyRoutes.post('/apply', requireScope(() => ({ kind: 'admin' })), async (c) => {
  const { resources, diagnostics, skipped } = await readResources(c);
  const result = unwrap(await store(c.env).write({
    mode: 'apply', resources, dryRun: isDryRun(c), author: c.get('principal').subject,
  }));
  const body: ApplyResponse = { ...result, dryRun: isDryRun(c), warnings: diagnostics, skipped };
  return c.json(body);
});

applyRoutes.post('/delete', requireScope(() => ({ kind: 'admin' })), async (c) => {
  const { resources, diagnostics, skipped } = await readResources(c);
  const result = unwrap(await store(c.env).write({
    mode: 'delete', resources, dryRun: isDryRun(c), author: c.get('principal').subject,
  }));
  const body: ApplyResponse = { ...result, dryRun: isDryRun(c), warnings: diagnostics, skipped };
  return c.json(body);
});

applyRoutes.post('/diff', requireScope(() => ({ kind: 'read' })), async (c) => {
  const { resources, diagnostics } = await readResources(c);
  const body: DiffResponse = { changes: await store(c.env).diff(resources), warnings: diagnostics };
  return c.json(body);
});
