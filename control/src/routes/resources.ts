import { Hono, type Context } from 'hono';
import { kindByPlural, type KindInfo } from '../../../src/mesh/kinds.js';
import type { MeshResource } from '../../../src/mesh/types.js';
import { hasErrors } from '../../../src/mesh/diagnostics.js';
import { validateResource } from '../../../src/mesh/validate/index.js';
import { requireScope, type AuthVars } from '../auth.js';
import { isDryRun, readJson } from '../body.js';
import { store } from '../env.js';
import { badRequest, invalid, notFound } from '../errors.js';
import { unwrap } from '../result.js';

/**
 * Kubernetes-style REST over the config store:
 *   /apis/<group>/<version>/<plural>                          list across namespaces
 *   /apis/<group>/<version>/namespaces/<ns>/<plural>          list, create (POST)
 *   /apis/<group>/<version>/namespaces/<ns>/<plural>/<name>   get, replace (PUT), delete
 * Writes take `?dryRun=All`. Objects come back in the version the URL names.
 */
export const resourceRoutes = new Hono<AuthVars>();
const read = requireScope(() => ({ kind: 'read' }));
const admin = requireScope(() => ({ kind: 'admin' }));

function kindOf(c: Context): KindInfo {
  const group = c.req.param('group') ?? '';
  const version = c.req.param('version') ?? '';
  const plural = c.req.param('plural') ?? '';
  const k = kindByPlural(group, plural);
  if (!k) throw notFound(`the server could not find the requested resource: ${group}/${version} ${plural}`);
  if (!k.versions.includes(version)) throw notFound(`${group}/${version} is not served; ${k.kind} is served as ${k.versions.map((v) => `${group}/${v}`).join(', ')}`);
  return k;
}

function asVersion(k: KindInfo, version: string, r: MeshResource): MeshResource {
  return { ...r, apiVersion: `${k.group}/${version}` };
}

function list(c: Context, k: KindInfo, items: MeshResource[], version: string) {
  return c.json({ apiVersion: `${k.group}/${version}`, kind: `${k.kind}List`, metadata: {}, items: items.map((r) => asVersion(k, version, r)) });
}

resourceRoutes.get('/apis/:group/:version/:plural', read, async (c) => {
  const k = kindOf(c);
  return list(c, k, await store(c.env).list(k.kind), c.req.param('version'));
});

resourceRoutes.get('/apis/:group/:version/namespaces/:ns/:plural', read, async (c) => {
  const k = kindOf(c);
  return list(c, k, await store(c.env).list(k.kind, c.req.param('ns')), c.req.param('version'));
});

resourceRoutes.get('/apis/:group/:version/namespaces/:ns/:plural/:name', read, async (c) => {
  const k = kindOf(c);
  const r = await store(c.env).get(k.kind, c.req.param('ns'), c.req.param('name'));
  if (!r) throw notFound(`${k.plural} "${c.req.param('name')}" not found in namespace ${c.req.param('ns')}`);
  return c.json(asVersion(k, c.req.param('version'), r));
});

async function bodyResource(c: Context, k: KindInfo, name?: string): Promise<MeshResource> {
  const ns = c.req.param('ns') ?? 'default';
  const { resource, diagnostics } = validateResource(await readJson(c), { defaultNamespace: ns });
  if (!resource || hasErrors(diagnostics)) throw invalid(`${k.kind} is invalid`, diagnostics);
  if (resource.kind !== k.kind) throw badRequest(`body is a ${resource.kind}, but the URL names ${k.plural}`);
  if (resource.metadata.namespace !== ns) throw badRequest(`metadata.namespace "${resource.metadata.namespace ?? ''}" does not match the URL's namespace "${ns}"`);
  if (name !== undefined && resource.metadata.name !== name) throw badRequest(`metadata.name "${resource.metadata.name}" does not match the URL's name "${name}"`);
  return resource;
}

resourceRoutes.post('/apis/:group/:version/namespaces/:ns/:plural', admin, async (c) => {
  const k = kindOf(c);
  const resource = await bodyResource(c, k);
  const result = unwrap(await store(c.env).write({ mode: 'create', resources: [resource], dryRun: isDryRun(c), author: c.get('principal').subject }));
  const stored = await store(c.env).get(k.kind, c.req.param('ns'), resource.metadata.name);
  return c.json(isDryRun(c) || !stored ? resource : asVersion(k, c.req.param('version'), stored), result.items[0]?.action === 'created' ? 201 : 200);
});

resourceRoutes.put('/apis/:group/:version/namespaces/:ns/:plural/:name', admin, async (c) => {
  const k = kindOf(c);
  const resource = await bodyResource(c, k, c.req.param('name'));
  unwrap(await store(c.env).write({ mode: 'replace', resources: [resource], dryRun: isDryRun(c), author: c.get('principal').subject }));
  const stored = await store(c.env).get(k.kind, c.req.param('ns'), resource.metadata.name);
  return c.json(isDryRun(c) || !stored ? resource : asVersion(k, c.req.param('version'), stored));
});

resourceRoutes.delete('/apis/:group/:version/namespaces/:ns/:plural/:name', admin, async (c) => {
  const k = kindOf(c);
  const existing = await store(c.env).get(k.kind, c.req.param('ns'), c.req.param('name'));
  if (!existing) throw notFound(`${k.plural} "${c.req.param('name')}" not found in namespace ${c.req.param('ns')}`);
  unwrap(await store(c.env).write({ mode: 'delete', resources: [existing], dryRun: isDryRun(c), author: c.get('principal').subject }));
  return c.json({ kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: c.req.param('name'), kind: k.plural } });
});
