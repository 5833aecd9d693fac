/**
 * Every Istio YAML in the shared conformance corpus (real Istio samples and istio.io task
 * pages, read verbatim from ../shared, never copied here) must validate.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/mesh/diagnostics.js';
import { isRecord, parseDocuments } from '../../src/mesh/parse.js';
import { validateText } from '../../src/mesh/validate/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../shared/conformance');
const present = existsSync(CORPUS);
if (!present) console.warn(`validate-corpus: ${CORPUS} is absent, so the Istio corpus tests are skipped (CI always has it)`);

/** Files that are not resources, each with the reason it cannot validate. */
const EXCLUDED: Readonly<Record<string, string>> = {
  'istio/docs/tasks/traffic-management/egress-control/0-meshconfig-registry-only.snippet.yaml':
    'an IstioOperator meshConfig fragment from the egress-control task page, not a resource: it has no apiVersion or kind',
};

/** The Istio and Gateway API kinds the corpus uses that isthmus refuses by name. */
const EXPECTED_NOT_SUPPORTED = [
  'gateway.networking.k8s.io/Gateway',
  'gateway.networking.k8s.io/HTTPRoute',
  'networking.istio.io/EnvoyFilter',
];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [path.relative(CORPUS, p)] : [];
  });
}

const NOT_SUPPORTED = /^kind (\S+) is not supported yet: /;

describe.skipIf(!present)('the Istio conformance corpus', () => {
  const files = present ? yamlFiles(CORPUS) : [];
  const accepted = files.filter((f) => EXCLUDED[f] === undefined);

  it('has files to check', () => {
    expect(accepted.length).toBeGreaterThan(50);
  });

  it.each(accepted)('accepts %s', (file) => {
    const result = validateText(readFileSync(path.join(CORPUS, file), 'utf8'), file);
    const errors = result.diagnostics.filter((d) => d.severity === 'error' && !NOT_SUPPORTED.test(d.message));
    expect(errors.map(formatDiagnostic)).toEqual([]);
  });

  it.each(Object.entries(EXCLUDED))('rejects %s only for having no kind (%s)', (file) => {
    const result = validateText(readFileSync(path.join(CORPUS, file), 'utf8'), file);
    expect(result.diagnostics.map((d) => `${d.path}: ${d.message.split(',')[0] ?? ''}`)).toEqual([
      'apiVersion: apiVersion is required',
      'kind: kind is required',
    ]);
  });

  it('refuses exactly the expected not-yet-supported kinds, by name', () => {
    const seen = new Set<string>();
    for (const file of accepted) {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      const apiVersionOf = new Map(parseDocuments(text, file).documents.map((d) => [d.source, isRecord(d.value) ? String(d.value.apiVersion) : '']));
      for (const d of validateText(text, file).diagnostics) {
        const kind = NOT_SUPPORTED.exec(d.message)?.[1];
        if (kind === undefined) continue;
        const apiVersion = apiVersionOf.get(d.source ?? '') ?? '';
        seen.add(`${apiVersion.slice(0, apiVersion.lastIndexOf('/'))}/${kind}`);
      }
    }
    expect([...seen].sort()).toEqual(EXPECTED_NOT_SUPPORTED);
  });

  it('skips the Kubernetes resources that travel with the samples, and only those', () => {
    const skipped = accepted.flatMap((f) => validateText(readFileSync(path.join(CORPUS, f), 'utf8'), f).skipped);
    expect(skipped.length).toBeGreaterThan(20);
    expect(new Set(skipped.map((s) => s.kind))).toEqual(new Set(['ConfigMap', 'Deployment', 'Secret', 'Service', 'ServiceAccount']));
    expect(skipped.every((s) => s.reason.startsWith('Kubernetes resource'))).toBe(true);
  });

  it('reads the Istio 1.13 files (v1alpha3) into the same resources as the current ones (v1)', () => {
    const old = files.filter((f) => f.startsWith('istio-1.13.9/samples/bookinfo/networking/'));
    expect(old.length).toBeGreaterThan(10);
    for (const f of old) {
      const specs = (name: string): unknown[] => validateText(readFileSync(path.join(CORPUS, name), 'utf8'), name).resources
        .map((r) => (r.kind === 'Gateway' ? { ...r.spec, servers: [] } : r.spec));
      expect(specs(f), f).toEqual(specs(f.replace('istio-1.13.9/', 'istio/')));
    }
  });
});
