import type { WriteResult } from '../api.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { output } from '../flags.js';
import { printWriteResult, say, shortHash } from '../report.js';
import { parseGeneration } from './history.js';

export const rollback: Command = {
  name: 'rollback',
  summary: 'Restore the config as it was at an earlier generation',
  description: [
    'Restore every resource to how it stood right after GENERATION was written. The rollback is itself',
    'a new generation, so it shows in `isthmus history` and can be rolled back too.',
  ].join('\n'),
  usage: ['rollback GENERATION [-o name|json|yaml]'],
  flags: [output(['name', 'json', 'yaml'])],
  examples: [
    { comment: 'Find a good generation, then go back to it', command: 'isthmus history && isthmus rollback 3' },
    { comment: 'Remove everything ever applied (generation 0 is the empty config)', command: 'isthmus rollback 0' },
  ],
  async run(ctx) {
    const [typed, extra] = ctx.args.positionals;
    if (typed === undefined) throw new UsageError('rollback needs the GENERATION to go back to', 'see `isthmus history` for the generations');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, 'rollback takes one GENERATION');
    const g = parseGeneration(typed);
    const client = await ctx.client();
    const result = await client.request<WriteResult>('POST', `/rollback/${g}`);
    const format = ctx.args.string('output');
    if (format !== undefined) {
      printWriteResult(ctx, result, { dryRun: false, output: format });
      return EXIT.ok;
    }
    if (result.items.length === 0) {
      say(ctx, `the live config already matches generation ${g}; nothing to roll back (the mesh stays at generation ${result.generation})`);
      return EXIT.ok;
    }
    printWriteResult(ctx, result, { dryRun: false, summary: false });
    const snap = result.published ? ` (snapshot ${shortHash(result.published.hash)})` : '';
    say(ctx, `rolled back to generation ${g}: generation ${result.generation} published${snap}`);
    return EXIT.ok;
  },
};
