import { formatDiagnostic } from '../../mesh/diagnostics.js';
import { validateText } from '../../mesh/validate/index.js';
import { ParsedArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { FILENAME, NAMESPACE, RECURSIVE } from '../flags.js';
import { readFileArgs } from '../inputs.js';
import { say } from '../report.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const validate: Command = {
  name: 'validate',
  summary: 'Check Istio configuration files offline',
  description: [
    'Check Istio YAML or JSON with the same validation the control plane runs, without a server',
    '(as `istioctl validate` does). Every problem is listed with its resource, field path and',
    'document. Exit status 1 when any file has an error; warnings alone pass.',
  ].join('\n'),
  usage: ['validate -f FILE... [-R]'],
  flags: [FILENAME, RECURSIVE, NAMESPACE],
  examples: [
    { comment: 'Check one file', command: 'isthmus validate -f reviews-v2.yaml' },
    { comment: 'Check every config file under a directory, as a CI step', command: 'isthmus validate -R -f istio/' },
  ],
  async run(ctx) {
    const { args } = ctx;
    const files = [...args.list('filename'), ...args.positionals];
    if (files.length === 0) throw new UsageError('validate needs -f FILE (a file, a directory, or - for stdin)', 'for example: isthmus validate -f reviews.yaml');
    const inputs = await readFileArgs({ ...ctx, args: withFiles(ctx.args, files) });
    let failed = false;
    for (const input of inputs) {
      const r = validateText(input.text, input.source, { defaultNamespace: args.string('namespace') ?? 'default' });
      for (const d of r.diagnostics) {
        const line = formatDiagnostic(d);
        ctx.io.err(`${d.severity === 'error' ? ctx.err.red(line) : ctx.err.yellow(line)}\n`);
      }
      for (const s of r.skipped) ctx.io.err(`${ctx.err.dim(`skipped: ${s.kind}${s.name ? ` ${s.name}` : ''} (${s.source}): ${s.reason}`)}\n`);
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = r.diagnostics.length - errors;
      const notes = [warnings ? plural(warnings, 'warning') : '', r.skipped.length ? `${plural(r.skipped.length, 'document')} skipped` : ''].filter(Boolean);
      const extra = notes.length ? ` (${notes.join(', ')})` : '';
      if (errors > 0) {
        failed = true;
        say(ctx, `${ctx.out.red('✘')} ${input.source}: ${plural(errors, 'error')}${extra}`);
      } else {
        say(ctx, `${ctx.out.green('✔')} ${input.source}: ${plural(r.resources.length, 'resource')} valid${extra}`);
      }
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};

/** istioctl takes files as arguments too: `isthmus validate a.yaml` is `-f a.yaml`. */
function withFiles(args: ParsedArgs, files: string[]): ParsedArgs {
  const flags = new Map(args.flags);
  flags.set('filename', files);
  return new ParsedArgs(flags, []);
}
