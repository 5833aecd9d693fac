import type { WriteResult } from '../api.js';
import { CliError, EXIT, UsageError, type Command } from '../command.js';
import { DRY_RUN, FILENAME, NAMESPACE, RECURSIVE, isDryRun, output } from '../flags.js';
import { bundle, readFileArgs } from '../inputs.js';
import { kindRef } from '../output.js';
import { printWriteResult, say } from '../report.js';
import { apiPath, kindList, resolveKinds } from '../resources.js';

export const del: Command = {
  name: 'delete',
  summary: 'Delete Istio resources named in files, or by kind and name',
  description: [
    'Delete the resources the files describe (all together or none), or the named resources of one kind.',
    'Deleting a resource that does not exist is an error, and then nothing is deleted.',
  ].join('\n'),
  usage: ['delete -f FILE... [-n NS] [--dry-run]', 'delete KIND NAME... [-n NS] [--dry-run]'],
  flags: [FILENAME, RECURSIVE, NAMESPACE, DRY_RUN, output(['name'])],
  examples: [
    { comment: 'Delete what a file applied', command: 'isthmus delete -f reviews-v2.yaml' },
    { comment: 'Delete one VirtualService', command: 'isthmus delete vs reviews -n bookinfo' },
    { comment: 'See what would be deleted, deleting nothing', command: 'isthmus delete -f istio/ --dry-run' },
  ],
  async run(ctx) {
    const { args } = ctx;
    const files = args.list('filename');
    const dryRun = isDryRun(args.string('dry-run'));
    const [typed, ...names] = args.positionals;
    if (files.length > 0) {
      if (typed !== undefined) throw new UsageError('give either -f FILE or KIND NAME, not both', "see 'isthmus delete --help'");
      const b = bundle(await readFileArgs(ctx));
      if (b.text.trim() === '') throw new CliError(EXIT.failed, 'nothing to delete: the input is empty');
      const client = await ctx.client();
      const result = await client.request<WriteResult>('POST', '/delete', {
        body: b.text,
        contentType: 'application/yaml',
        query: { dryRun: dryRun ? 'All' : undefined, namespace: args.string('namespace') },
        source: b.source,
      });
      printWriteResult(ctx, result, { dryRun, output: args.string('output'), source: b.source, deleteStyle: true });
      return EXIT.ok;
    }
    if (typed === undefined) throw new UsageError('delete needs -f FILE or KIND NAME', `for example: isthmus delete -f reviews.yaml, or isthmus delete vs reviews; isthmus knows ${kindList()}`);
    const kinds = resolveKinds(typed);
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind) throw new UsageError('delete by name takes one resource type', `for example: isthmus delete vs ${names[0] ?? 'NAME'}`);
    if (names.length === 0) throw new UsageError(`delete ${typed} needs the name of the ${kind.kind} to delete`, `for example: isthmus delete ${typed} NAME -n NS`);
    const ns = args.string('namespace') ?? 'default';
    const client = await ctx.client();
    for (const name of names) {
      await client.request<unknown>('DELETE', apiPath(kind, ns, name), { query: { dryRun: dryRun ? 'All' : undefined } });
      if (args.string('output') === 'name') say(ctx, `${kindRef(kind.kind)}/${name}`);
      else say(ctx, `${kindRef(kind.kind)} "${name}" deleted${dryRun ? ' (dry run)' : ''}`);
    }
    return EXIT.ok;
  },
};
