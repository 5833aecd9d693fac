import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { runCli } from './cli-harness.js';

describe('isthmus help', () => {
  it('lists every command with a usage line and an example', async () => {
    for (const flag of [[], ['--help'], ['-h'], ['help']]) {
      const r = await runCli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage:\n  isthmus <command> [flags]');
      expect(r.out).toContain('Examples:');
      for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name} `);
    }
  });

  for (const c of COMMANDS) {
    it(`shows usage, an example and the flags for "isthmus ${c.name} --help"`, async () => {
      for (const argv of [[c.name, '--help'], [c.name, '-h'], ['help', c.name]]) {
        const r = await runCli(argv);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out).toContain(`Usage:\n  isthmus ${c.name}`);
        expect(c.examples.length).toBeGreaterThan(0);
        expect(r.out).toMatch(new RegExp(`Examples:\\n  # .+\\n  isthmus (.* )?${c.name}\\b`));
        expect(r.out).toContain('--server URL');
      }
    });
  }

  it('answers an unknown command with exit code 2 and the nearest command', async () => {
    const r = await runCli(['aply', '-f', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe([
      'error: unknown command "aply" for "isthmus"; did you mean "apply"?',
      "  run 'isthmus --help' for the list of commands",
      '',
    ].join('\n'));
  });

  it('answers an unknown flag with exit code 2 and a pointer to the command\'s help', async () => {
    const r = await runCli(['apply', '-f', 'x.yaml', '--dryrun']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: unknown flag --dryrun for \'isthmus apply\'; did you mean --dry-run?');
    expect(r.err).toContain("see 'isthmus apply --help'");
  });

  it('finds the command after global flags and their values', async () => {
    const r = await runCli(['--server', 'http://x', 'version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^isthmus \d+\.\d+\.\d+ \(node v/);
  });

  it('finds the command after a command flag given first, as kubectl -n shop get vs does', async () => {
    const r = await runCli(['-o', 'json', 'version']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('clientVersion');
  });

  it('prints the version for "isthmus version" and "isthmus --version"', async () => {
    const a = await runCli(['version']);
    const b = await runCli(['--version']);
    expect(a.out).toBe(b.out);
    expect(JSON.parse((await runCli(['version', '-o', 'json'])).out)).toMatchObject({ clientVersion: { version: expect.stringMatching(/^\d/) as unknown } });
  });

  it('writes no colour codes when the output is not a terminal, and none under NO_COLOR', async () => {
    expect((await runCli(['nope'])).err).not.toContain('\u001b[');
    expect((await runCli(['nope'], { isTTY: true, env: { NO_COLOR: '1' } })).err).not.toContain('\u001b[');
    expect((await runCli(['nope'], { isTTY: true })).err).toContain('\u001b[31merror:\u001b[39m');
  });
});
