import type { FlagSpec } from './args.js';

/** Flags every command takes, as kubectl's global flags. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'server', type: 'string', value: 'URL', help: 'control plane admin URL (env ISTHMUS_SERVER; default: the local mesh in .isthmus/local.json)' },
  { name: 'token', type: 'string', value: 'TOKEN', help: 'bearer token for the admin API (env ISTHMUS_TOKEN)' },
  { name: 'token-file', type: 'string', value: 'FILE', help: 'read the token from FILE (env ISTHMUS_TOKEN_FILE)' },
  { name: 'help', short: 'h', type: 'boolean', help: 'show help for the command' },
];

export const FILENAME: FlagSpec = { name: 'filename', short: 'f', type: 'list', value: 'FILE', help: 'a YAML or JSON file, a directory of them, or - for stdin (repeatable)' };
export const RECURSIVE: FlagSpec = { name: 'recursive', short: 'R', type: 'boolean', help: 'read directories given to -f recursively' };
export const NAMESPACE: FlagSpec = { name: 'namespace', short: 'n', type: 'string', value: 'NS', help: 'the namespace (default "default")' };
export const ALL_NAMESPACES: FlagSpec = { name: 'all-namespaces', short: 'A', type: 'boolean', help: 'list across all namespaces' };
export const DRY_RUN: FlagSpec = {
  name: 'dry-run', type: 'string', bareValue: 'server', choices: ['server', 'none'],
  help: 'have the server check and report the change without making it (--dry-run or --dry-run=server)',
};

export function output(choices: readonly string[]): FlagSpec {
  return { name: 'output', short: 'o', type: 'string', value: 'FORMAT', choices, help: `output format: ${choices.join('|')}` };
}

export function isDryRun(v: string | undefined): boolean {
  return v === 'server';
}
