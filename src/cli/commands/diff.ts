import { kindByKind, preferredVersion } from '../../mesh/kinds.js';
import type { DiffChange, DiffResult, KubeObject } from '../api.js';
import { CliError, EXIT, UsageError, type Command, type CommandContext } from '../command.js';
import { FILENAME, NAMESPACE, RECURSIVE } from '../flags.js';
import { bundle, readFileArgs } from '../inputs.js';
import { toYaml, withoutServerFields } from '../output.js';
import { warnDiagnostic } from '../report.js';
import { unifiedDiff } from '../unidiff.js';

/** kubectl diff's exit status: 0 no differences, 1 differences, >1 an error. */
const DIFFERENCES = 1;
const ERROR = 2;

export const diff: Command = {
  name: 'diff',
  summary: 'Show what applying files would change',
  description: [
    'Show, as a unified diff of YAML, how applying the files would change the live config.',
    'Server-owned metadata (resourceVersion, generation, uid, creationTimestamp) is left out.',
    'Exit status: 0 no differences, 1 differences found, 2 or more an error (as kubectl diff).',
  ].join('\n'),
  usage: ['diff -f FILE... [-n NS]'],
  flags: [FILENAME, RECURSIVE, NAMESPACE],
  examples: [
    { comment: 'Review a change before applying it', command: 'isthmus diff -f reviews-v2.yaml' },
    { comment: 'Fail a CI step when the live config drifted from the repository', command: 'isthmus diff -f istio/ -R > /dev/null' },
  ],
  async run(ctx) {
    try {
      return await run(ctx);
    } catch (err) {
      // An error must not read as "differences found": move it above 1.
      if (err instanceof CliError && err.exitCode < ERROR) throw new CliError(ERROR, err.message, err.details);
      throw err;
    }
  },
};

async function run(ctx: CommandContext): Promise<number> {
  const { args } = ctx;
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0] ?? ''}": diff takes its input from -f`, "see 'isthmus diff --help'");
  if (args.list('filename').length === 0) throw new UsageError('diff needs -f FILE (a file, a directory, or - for stdin)', 'for example: isthmus diff -f reviews.yaml');
  const b = bundle(await readFileArgs(ctx));
  if (b.text.trim() === '') throw new CliError(ERROR, 'nothing to diff: the input is empty');
  const client = await ctx.client();
  const result = await client.request<DiffResult>('POST', '/diff', {
    body: b.text,
    contentType: 'application/yaml',
    query: { namespace: args.string('namespace') },
    source: b.source,
  });
  for (const d of result.warnings ?? []) warnDiagnostic(ctx, d, b.source);
  let changed = false;
  for (const c of result.changes) {
    const text = changeDiff(c);
    if (text === '') continue;
    changed = true;
    ctx.io.out(colorize(ctx, text));
  }
  return changed ? DIFFERENCES : EXIT.ok;
}

/** `networking.istio.io.v1.VirtualService.default.reviews`: the file names kubectl diff shows. */
function fileName(c: DiffChange): string {
  const [kind = '', namespace = '', name = ''] = c.key.split('/');
  const k = kindByKind(kind);
  const obj = c.after ?? c.before;
  const version = obj?.apiVersion.split('/')[1] ?? (k ? preferredVersion(k) : 'v1');
  return `${k ? `${k.group}.` : ''}${version}.${kind}.${namespace}.${name}`;
}

function yamlOf(o: KubeObject | undefined): string {
  return o ? toYaml(withoutServerFields(o)) : '';
}

export function changeDiff(c: DiffChange): string {
  const name = fileName(c);
  const body = unifiedDiff(yamlOf(c.before), yamlOf(c.after), { from: `live/${name}`, to: `merged/${name}` });
  return body === '' ? '' : `diff -u -N live/${name} merged/${name}\n${body}`;
}

function colorize(ctx: CommandContext, text: string): string {
  if (!ctx.out.enabled) return text;
  return text.split('\n').map((l) => {
    if (l.startsWith('diff ') || l.startsWith('--- ') || l.startsWith('+++ ')) return ctx.out.bold(l);
    if (l.startsWith('@@')) return ctx.out.cyan(l);
    if (l.startsWith('+')) return ctx.out.green(l);
    if (l.startsWith('-')) return ctx.out.red(l);
    return l;
  }).join('\n');
}
