import type { GatewayStatus, StatusResult } from '../api.js';
import { EXIT, UsageError, type Command, type CommandContext } from '../command.js';
import { output } from '../flags.js';
import { age, table, toJson, toYaml } from '../output.js';
import { say, shortHash } from '../report.js';
import { shortTime } from './history.js';

export const status: Command = {
  name: 'status',
  summary: 'Show the published config and what each gateway serves',
  description: [
    'Show the generation the control plane last published, and the snapshot each gateway isolate',
    'reports serving. A gateway whose snapshot differs from the published one is STALE: it has not',
    'picked up the change yet (KV is eventually consistent, up to 60 s on Cloudflare) or cannot read it.',
    'Conditions name routes that degrade to 503, such as a subset no DestinationRule defines.',
  ].join('\n'),
  usage: ['status [-o table|json|yaml]'],
  flags: [output(['table', 'json', 'yaml'])],
  examples: [
    { comment: 'Has every gateway picked up the last apply?', command: 'isthmus status' },
    { comment: 'The same, for a script', command: 'isthmus status -o json' },
  ],
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new UsageError(`unexpected argument "${ctx.args.positionals[0] ?? ''}"`, 'status takes no arguments');
    const client = await ctx.client();
    const s = await client.request<StatusResult>('GET', '/status');
    const format = ctx.args.string('output') ?? 'table';
    if (format !== 'table') {
      ctx.io.out(format === 'json' ? toJson(s) : toYaml(s));
      return EXIT.ok;
    }
    printStatus(ctx, s, client.connection.server);
    return EXIT.ok;
  },
};

export function isStale(g: GatewayStatus, s: StatusResult): boolean {
  return s.published !== null && g.hash !== s.published.hash;
}

export function printStatus(ctx: CommandContext, s: StatusResult, server: string): void {
  const now = ctx.io.now();
  const p = s.published;
  const rows = [
    ['Control plane:', server],
    ['Generation:', String(s.generation)],
    ['Published:', p ? `generation ${p.generation}, snapshot ${shortHash(p.hash)} (${p.bytes} bytes) at ${shortTime(p.publishedAt)}, ${age(p.publishedAt, now)} ago` : 'nothing yet: apply some configuration with `isthmus apply -f FILE`'],
  ];
  for (const [k, v] of rows) say(ctx, `${(k ?? '').padEnd(15)}${v ?? ''}`);
  say(ctx, '');
  if (s.gateways.length === 0) {
    say(ctx, 'Gateways:      none has reported yet (each gateway isolate reports once it loads a snapshot)');
  } else {
    const stale = s.gateways.filter((g) => isStale(g, s)).length;
    ctx.io.out(table(['GATEWAY', 'ISOLATE', 'GENERATION', 'SNAPSHOT', 'LOADED', 'REPORTED', 'STATUS'], s.gateways.map((g) => [
      g.gateway, g.isolate, String(g.generation), shortHash(g.hash), `${age(g.loadedAt, now)} ago`, `${age(g.reportedAt, now)} ago`,
      isStale(g, s) ? ctx.out.yellow('STALE') : ctx.out.green('SYNCED'),
    ])));
    if (stale > 0) say(ctx, `${stale} of ${s.gateways.length} gateway isolates serve an older snapshot than the published one`);
  }
  say(ctx, '');
  if (s.conditions.length === 0) say(ctx, 'Conditions:    none');
  else {
    say(ctx, 'Conditions:');
    for (const c of s.conditions) say(ctx, `  ${c.resource}: ${c.path ? `${c.path}: ` : ''}${c.message} (${c.reason})`);
  }
}
