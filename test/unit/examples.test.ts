import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/mesh/diagnostics.js';
import { validateText } from '../../src/mesh/validate/index.js';

const DIR = join(__dirname, '../../examples');

describe('the project\u2019s own example configs', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'registry.yaml');

  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const f of files) {
    it(`${f} validates without errors or warnings`, () => {
      const v = validateText(readFileSync(join(DIR, f), 'utf8'), f);
      expect(v.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(v.resources.length).toBeGreaterThan(0);
    });
  }
});
