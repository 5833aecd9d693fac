import type { HistoryEntry, HistoryResult, StateAt } from '../api.js';
import { EXIT, UsageError, type Command, type CommandContext } from '../command.js';
import { output } from '../flags.js';
import { asList, nameRef, table, toJson, toYaml } from '../output.js';

export const history: Command = {
  name: 'history',
  summary: 'List applied generations, or show the config at one',
  description: [
    'Every apply, delete and rollback makes a new generation of the mesh config; the control plane keeps',
    'them all. Without an argument, list them, newest first; with a generation, show the resources',
    'as they stood right after it was written.',
  ].join('\n'),
  usage: ['history [-o table|json|yaml]', 'history GENERATION [-o table|yaml|json|name]'],
  flags: [output(['table', 'yaml', 'json', 'name'])],
  examples: [
    { comment: 'What changed, when, and who changed it', command: 'isthmus history' },
    { comment: 'The whole config at generation 3, as YAML you could apply again', command: 'isthmus history 3 -o yaml' },
  ],
  async run(ctx) {
    const [g, extra] = ctx.args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, 'history takes at most one GENERATION');
    const format = ctx.args.string('output') ?? 'table';
    const client = await ctx.client();
    if (g === undefined) {
      if (format === 'name') throw new UsageError('-o name applies to `history GENERATION` only');
      const h = await client.request<HistoryResult>('GET', '/history');
      if (format !== 'table') ctx.io.out(format === 'json' ? toJson(h) : toYaml(h));
      else if (h.items.length === 0) ctx.io.err('No generations yet: nothing has been applied. Try `isthmus apply -f FILE`.\n');
      else ctx.io.out(historyTable(h.items));
      return EXIT.ok;
    }
    const state = await client.request<StateAt>('GET', `/history/${encodeURIComponent(parseGeneration(g))}`);
    printState(ctx, state, format);
    return EXIT.ok;
  },
};

/** A generation as typed: a whole number ≥ 0; anything else is a usage error. */
export function parseGeneration(typed: string): string {
  if (!/^\d+$/.test(typed)) throw new UsageError(`generation must be a whole number ≥ 0, got "${typed}"`, 'see `isthmus history` for the generations');
  return String(Number(typed));
}

export function historyTable(items: readonly HistoryEntry[]): string {
  return table(['GENERATION', 'TIME', 'AUTHOR', 'CHANGE'], items.map((e) => [String(e.generation), shortTime(e.time), e.author, describe(e)]));
}

/** `2026-05-01T12:00:03Z`: ISO 8601 in UTC, to the second. */
export function shortTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The changes spelled out (`created VirtualService default/reviews`), after any message of its own. */
function describe(e: HistoryEntry): string {
  const parts = e.changes.map((c) => `${c.action} ${c.key.replace('/', ' ')}`);
  const shown = parts.length > 3 ? [...parts.slice(0, 2), `and ${parts.length - 2} more`] : parts;
  const list = shown.join(', ');
  const automatic = /^\d+ created, \d+ configured, \d+ deleted$/.test(e.message);
  if (automatic || e.message === '') return list;
  return list ? `${e.message}: ${list}` : e.message;
}

function printState(ctx: CommandContext, state: StateAt, format: string): void {
  if (format === 'yaml' || format === 'json') {
    const list = asList(state.items);
    ctx.io.out(format === 'json' ? toJson(list) : toYaml(list));
  } else if (format === 'name') {
    for (const o of state.items) ctx.io.out(`${nameRef(o.kind, o.metadata.name)}\n`);
  } else if (state.items.length === 0) {
    ctx.io.err(`No resources at generation ${state.generation}.\n`);
  } else {
    ctx.io.out(table(['KIND', 'NAMESPACE', 'NAME', 'RESOURCE-VERSION'], state.items.map((o) => [o.kind, o.metadata.namespace ?? '', o.metadata.name, o.metadata.resourceVersion ?? ''])));
  }
}
