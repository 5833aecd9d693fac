import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(__dirname, '../../src/mesh');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** DESIGN.md decision 1: the mesh core uses Web-standard APIs only, so every runtime can run it. */
const FORBIDDEN_IMPORTS = /from\s+['"](cloudflare:|node:|hono|@hono\/|@kubernetes\/|miniflare|wrangler|undici)|require\(|import\(['"](node:|cloudflare:)/;
const FORBIDDEN_GLOBALS = /\b(process\.|Buffer\.|__dirname|KVNamespace|DurableObject)/;

describe('the mesh core', () => {
  const sources = files(CORE);

  it('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it('imports no runtime or framework module', () => {
    const offenders = sources.filter((f) => FORBIDDEN_IMPORTS.test(readFileSync(f, 'utf8'))).map((f) => relative(CORE, f));
    expect(offenders).toEqual([]);
  });

  it('touches no runtime-specific global', () => {
    const offenders = sources
      .filter((f) => readFileSync(f, 'utf8').split('\n').some((line) => !line.trim().startsWith('*') && !line.trim().startsWith('//') && FORBIDDEN_GLOBALS.test(line)))
      .map((f) => relative(CORE, f));
    expect(offenders).toEqual([]);
  });

  it('would catch a forbidden import if one were added', () => {
    expect(FORBIDDEN_IMPORTS.test(`import { env } from 'cloudflare:workers';`)).toBe(true);
    expect(FORBIDDEN_IMPORTS.test(`import { readFile } from 'node:fs';`)).toBe(true);
    expect(FORBIDDEN_IMPORTS.test(`import { Hono } from 'hono';`)).toBe(true);
    expect(FORBIDDEN_IMPORTS.test(`import { parse } from 'yaml';`)).toBe(false);
  });
});
