import { Hono } from 'hono';
import { checkRegistryDelta, checkRegistryState } from '../../../src/mesh/registry-schema.js';
import { requireScope, type AuthVars } from '../auth.js';
import { readJson } from '../body.js';
import { store } from '../env.js';
import { invalid } from '../errors.js';

/**
 * The registry API the k8s-bridge (and `npm start`'s local file) pushes to: a full
 * state with PUT, then deltas with PATCH. Both are idempotent. A `registry:<cluster>`
 * token may write only its own source.
 */
export const registryRoutes = new Hono<AuthVars>();
const writer = requireScope((c) => ({ kind: 'registry', cluster: c.req.param('source') ?? '' }));

registryRoutes.put('/registry/v1/sources/:source', writer, async (c) => {
  const checked = checkRegistryState(await readJson(c));
  if (!checked.ok) throw invalid('registry state is invalid; nothing was changed', checked.diagnostics);
  return c.json(await store(c.env).registryPut(c.req.param('source'), checked.value));
});

registryRoutes.patch('/registry/v1/sources/:source', writer, async (c) => {
  const checked = checkRegistryDelta(await readJson(c));
  if (!checked.ok) throw invalid('registry delta is invalid; nothing was changed', checked.diagnostics);
  return c.json(await store(c.env).registryPatch(c.req.param('source'), checked.value));
});

registryRoutes.get('/registry/v1/services', requireScope(() => ({ kind: 'read' })), async (c) => {
  return c.json({ services: await store(c.env).registry() });
});
