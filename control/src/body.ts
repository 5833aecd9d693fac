import type { Context } from 'hono';
import { validateText, type ValidatedDocuments } from '../../src/mesh/validate/index.js';
import { hasErrors } from '../../src/mesh/diagnostics.js';
import { badRequest, invalid, tooLarge } from './errors.js';

/** Bodies larger than this are refused: configs are text, and a gateway snapshot must fit KV (25 MiB). */
const MAX_BODY = 8 * 1024 * 1024;

export async function readText(c: Context): Promise<string> {
  const len = Number(c.req.header('content-length') ?? 0);
  if (len > MAX_BODY) throw tooLarge(`request body is ${len} bytes; the limit is ${MAX_BODY}`);
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw tooLarge(`request body is over ${MAX_BODY} bytes`);
  if (text.trim() === '') throw badRequest('empty body: send Istio YAML or JSON (one or more documents)');
  return text;
}

/** Parses and validates a multi-document body; any error rejects the whole request, listing every problem. */
export async function readResources(c: Context): Promise<ValidatedDocuments> {
  const text = await readText(c);
  const result = validateText(text, 'request', { defaultNamespace: c.req.query('namespace') ?? 'default' });
  if (hasErrors(result.diagnostics)) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw invalid(`the config has ${n} error${n === 1 ? '' : 's'}; nothing was applied`, result.diagnostics);
  }
  return result;
}

export function isDryRun(c: Context): boolean {
  return c.req.query('dryRun') === 'All';
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await readText(c);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`body is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
