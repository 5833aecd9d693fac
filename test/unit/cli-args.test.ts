import { describe, expect, it } from 'vitest';
import { closest, parseArgs, type FlagSpec } from '../../src/cli/args.js';
import { CliError } from '../../src/cli/command.js';

const SPECS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'list', help: '' },
  { name: 'namespace', short: 'n', type: 'string', help: '' },
  { name: 'all-namespaces', short: 'A', type: 'boolean', help: '' },
  { name: 'output', short: 'o', type: 'string', choices: ['yaml', 'json'], help: '' },
  { name: 'dry-run', type: 'string', bareValue: 'server', choices: ['server', 'none'], help: '' },
];

function usageError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('the argument parser', () => {
  it('reads long and short flags with separate and inline values', () => {
    const a = parseArgs(['get', '--namespace=shop', '-oyaml', '-A', 'vs'], SPECS, 'isthmus get');
    expect(a.string('namespace')).toBe('shop');
    expect(a.string('output')).toBe('yaml');
    expect(a.bool('all-namespaces')).toBe(true);
    expect(a.positionals).toEqual(['get', 'vs']);
  });

  it('collects a repeatable flag in order and accepts - for stdin', () => {
    const a = parseArgs(['-f', 'a.yaml', '--filename', 'dir/', '-f', '-'], SPECS, 'isthmus apply');
    expect(a.list('filename')).toEqual(['a.yaml', 'dir/', '-']);
  });

  it('gives --dry-run alone the value server, and --dry-run=none turns it off', () => {
    expect(parseArgs(['--dry-run', 'x'], SPECS, 'c').string('dry-run')).toBe('server');
    expect(parseArgs(['--dry-run', 'x'], SPECS, 'c').positionals).toEqual(['x']);
    expect(parseArgs(['--dry-run=none'], SPECS, 'c').string('dry-run')).toBe('none');
  });

  it('treats everything after -- as arguments', () => {
    expect(parseArgs(['--', '-n', 'x'], SPECS, 'c').positionals).toEqual(['-n', 'x']);
  });

  it('rejects an unknown flag with exit code 2 and suggests the nearest one', () => {
    const e = usageError(() => parseArgs(['--namspace', 'x'], SPECS, 'isthmus get'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('unknown flag --namspace');
    expect(e.message).toContain('did you mean --namespace?');
    expect(e.details.join('\n')).toContain("isthmus get --help");
  });

  it('rejects a value outside the flag\'s choices and lists them', () => {
    const e = usageError(() => parseArgs(['-o', 'yml'], SPECS, 'isthmus get'));
    expect(e.message).toBe('invalid value "yml" for -o: use one of yaml, json');
  });

  it('rejects a flag that needs a value when none follows', () => {
    expect(usageError(() => parseArgs(['-n'], SPECS, 'c')).message).toContain('flag -n needs a value');
    expect(usageError(() => parseArgs(['-n', '-A'], SPECS, 'c')).message).toContain('flag -n needs a value');
  });

  it('rejects a value given to a boolean flag', () => {
    expect(usageError(() => parseArgs(['--all-namespaces=yes'], SPECS, 'c')).message).toContain('takes no value');
  });

  it('suggests near misses only', () => {
    expect(closest('aply', ['apply', 'get'])).toBe('apply');
    expect(closest('stat', ['status', 'get'])).toBe('status');
    expect(closest('frobnicate', ['apply', 'get'])).toBeUndefined();
  });
});
