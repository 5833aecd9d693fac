import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh/compile/index.js';
import { formatDiagnostic, hasErrors } from '../../src/mesh/diagnostics.js';
import { validateText } from '../../src/mesh/validate/index.js';
import { TEST_REGISTRY } from '../shared/registry.js';

/**
 * Compiler golden files: `cases/<case>.in.yaml` compiles (against the shared test
 * registry) to exactly `cases/<case>.out.json`. `UPDATE_GOLDEN=1 npm test` rewrites them;
 * review the diff before committing.
 */
const DIR = join(__dirname, 'cases');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function compileFile(file: string): string {
  const v = validateText(readFileSync(join(DIR, file), 'utf8'), file);
  if (hasErrors(v.diagnostics)) throw new Error(v.diagnostics.map(formatDiagnostic).join('\n'));
  // Fixed timestamps: creation order is part of the input, not of the clock.
  const resources = v.resources.map((r, i) => ({ ...r, metadata: { ...r.metadata, creationTimestamp: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` } }));
  return `${JSON.stringify(compile({ generation: 7, resources, registry: TEST_REGISTRY }), null, 2)}\n`;
}

describe('the compiler', () => {
  const cases = readdirSync(DIR).filter((f) => f.endsWith('.in.yaml')).sort();

  it('has golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const input of cases) {
    const name = input.replace(/\.in\.yaml$/, '');
    it(`compiles ${name} to its golden snapshot`, () => {
      const out = join(DIR, `${name}.out.json`);
      const actual = compileFile(input);
      if (UPDATE || !existsSync(out)) writeFileSync(out, actual);
      expect(actual).toBe(readFileSync(out, 'utf8'));
    });
  }

  it('gives byte-identical output for the same input, whatever the input order', () => {
    const text = readFileSync(join(DIR, 'bookinfo.in.yaml'), 'utf8');
    const v = validateText(text);
    const a = JSON.stringify(compile({ generation: 1, resources: v.resources, registry: TEST_REGISTRY }));
    const b = JSON.stringify(compile({ generation: 1, resources: [...v.resources].reverse(), registry: [...TEST_REGISTRY].reverse() }));
    expect(b).toBe(a);
  });
});
