import type { WriteResult } from '../api.js';
import { CliError, EXIT, UsageError, type Command } from '../command.js';
import { DRY_RUN, FILENAME, NAMESPACE, RECURSIVE, isDryRun, output } from '../flags.js';
import { bundle, readFileArgs } from '../inputs.js';
import { printWriteResult } from '../report.js';

export const apply: Command = {
  name: 'apply',
  summary: 'Apply Istio configuration from files, a directory or stdin',
  description: [
    'Apply Istio configuration (networking.istio.io, security.istio.io) from YAML or JSON.',
    'All documents are applied together or not at all; the gateways get the new config as one',
    'generation. Kubernetes kinds in the same files (Service, Deployment...) are skipped with a warning.',
  ].join('\n'),
  usage: ['apply -f FILE... [-n NS] [--dry-run] [-o name|json|yaml]'],
  flags: [FILENAME, RECURSIVE, NAMESPACE, DRY_RUN, output(['name', 'json', 'yaml'])],
  examples: [
    { comment: 'Apply a VirtualService', command: 'isthmus apply -f reviews-v2.yaml' },
    { comment: 'Check a whole directory with the server, changing nothing', command: 'isthmus apply -f istio/ --dry-run' },
    { comment: 'Apply from stdin, into namespace "shop" where documents name none', command: 'cat gateway.yaml | isthmus apply -n shop -f -' },
  ],
  async run(ctx) {
    const { args } = ctx;
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0] ?? ''}": apply takes its input from -f`, "see 'isthmus apply --help'");
    if (args.list('filename').length === 0) throw new UsageError('apply needs -f FILE (a file, a directory, or - for stdin)', 'for example: isthmus apply -f reviews.yaml');
    const inputs = await readFileArgs(ctx);
    const b = bundle(inputs);
    if (b.text.trim() === '') throw new CliError(EXIT.failed, `nothing to apply: ${inputs.map((i) => i.source).join(', ')} ${inputs.length === 1 ? 'is' : 'are'} empty`);
    const dryRun = isDryRun(args.string('dry-run'));
    const client = await ctx.client();
    const result = await client.request<WriteResult>('POST', '/apply', {
      body: b.text,
      contentType: 'application/yaml',
      query: { dryRun: dryRun ? 'All' : undefined, namespace: args.string('namespace') },
      source: b.source,
    });
    printWriteResult(ctx, result, { dryRun, output: args.string('output'), source: b.source });
    return EXIT.ok;
  },
};
