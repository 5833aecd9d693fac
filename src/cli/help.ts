import type { FlagSpec } from './args.js';
import type { Command } from './command.js';
import { GLOBAL_FLAGS } from './flags.js';

function flagLines(flags: readonly FlagSpec[]): string[] {
  const left = flags.map((f) => `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.bareValue !== undefined ? `[=${f.choices?.[0] ?? 'VALUE'}]` : f.type === 'boolean' ? '' : ` ${f.value ?? 'VALUE'}`}`);
  const width = Math.max(...left.map((l) => l.length));
  return flags.map((f, i) => `  ${(left[i] ?? '').padEnd(width)}   ${f.help}`);
}

export function commandHelp(c: Command): string {
  const out = [c.description ?? c.summary, '', 'Usage:', ...c.usage.map((u) => `  isthmus ${u}`), '', 'Examples:'];
  for (const e of c.examples) out.push(`  # ${e.comment}`, `  ${e.command}`, '');
  if (c.flags.length > 0) out.push('Flags:', ...flagLines(c.flags), '');
  out.push('Global flags:', ...flagLines(GLOBAL_FLAGS), '');
  return `${out.join('\n')}`;
}

export function toolHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'isthmus manages an isthmus service mesh: Istio configuration in, edge gateways out.',
    '',
    'Usage:',
    '  isthmus <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
    '',
    'Examples:',
    '  # Start a local mesh (in the isthmus checkout), then apply Istio YAML to it',
    '  npm start',
    '  isthmus apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml',
    '',
    '  # List VirtualServices in every namespace',
    '  isthmus get vs -A',
    '',
    'Global flags:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    "Run 'isthmus <command> --help' for a command's flags and examples.",
    'Without --server, isthmus uses the local mesh `npm start` wrote to .isthmus/local.json.',
    '',
  ].join('\n');
}
