import type { KindInfo } from '../../mesh/kinds.js';
import type { KubeList, KubeObject } from '../api.js';
import { EXIT, UsageError, type Command, type CommandContext } from '../command.js';
import { ALL_NAMESPACES, NAMESPACE, output } from '../flags.js';
import { asList, nameRef, resourceTable, toJson, toYaml } from '../output.js';
import { kindList, apiPath, resolveKinds } from '../resources.js';

export const get: Command = {
  name: 'get',
  summary: 'List or show Istio resources',
  description: 'Show one resource or list them, as `kubectl get` does, from the control plane\'s config store.',
  usage: ['get KIND[,KIND...] [NAME...] [-n NS | -A] [-o table|yaml|json|name]'],
  flags: [NAMESPACE, ALL_NAMESPACES, output(['table', 'yaml', 'json', 'name'])],
  examples: [
    { comment: 'List VirtualServices in every namespace', command: 'isthmus get vs -A' },
    { comment: 'Show one VirtualService as YAML', command: 'isthmus get virtualservice reviews -n bookinfo -o yaml' },
    { comment: 'List Gateways and DestinationRules in the default namespace', command: 'isthmus get gw,dr' },
  ],
  async run(ctx) {
    const [typed, ...names] = ctx.args.positionals;
    if (typed === undefined) throw new UsageError('get needs a resource type', `for example: isthmus get vs; isthmus knows ${kindList()}`);
    const kinds = resolveKinds(typed);
    const all = ctx.args.bool('all-namespaces');
    const ns = ctx.args.string('namespace') ?? 'default';
    const format = ctx.args.string('output') ?? 'table';
    if (all && ctx.args.has('namespace')) throw new UsageError('-A and -n cannot be used together', 'use -A for every namespace or -n NS for one');
    if (names.length > 0 && all) throw new UsageError('a resource cannot be retrieved by name across all namespaces', 'name its namespace with -n NS');
    if (names.length > 0 && kinds.length > 1) throw new UsageError('names can be given with one resource type only', `for example: isthmus get ${typed.split(',')[0] ?? 'vs'} ${names[0] ?? 'NAME'}`);
    const client = await ctx.client();

    const kind = kinds[0];
    if (names.length > 0 && kind) {
      const objects: KubeObject[] = [];
      for (const name of names) objects.push(await client.request<KubeObject>('GET', apiPath(kind, ns, name)));
      print(ctx, [{ kind, items: objects }], format, objects.length === 1, all);
      return EXIT.ok;
    }
    const groups: Array<{ kind: KindInfo; items: KubeObject[] }> = [];
    for (const k of kinds) {
      const list = await client.request<KubeList>('GET', apiPath(k, all ? undefined : ns));
      groups.push({ kind: k, items: list.items });
    }
    print(ctx, groups, format, false, all);
    return EXIT.ok;
  },
};

function print(ctx: CommandContext, groups: ReadonlyArray<{ kind: KindInfo; items: KubeObject[] }>, format: string, single: boolean, all: boolean): void {
  const items = groups.flatMap((g) => g.items);
  const one = items[0];
  if (format === 'yaml' || format === 'json') {
    const value = single && one ? one : asList(items);
    ctx.io.out(format === 'json' ? toJson(value) : toYaml(value));
    return;
  }
  if (format === 'name') {
    for (const o of items) ctx.io.out(`${nameRef(o.kind, o.metadata.name)}\n`);
    return;
  }
  if (items.length === 0) {
    const ns = ctx.args.string('namespace') ?? 'default';
    ctx.io.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return;
  }
  const tables = groups.filter((g) => g.items.length > 0).map((g) =>
    resourceTable(g.kind.kind, g.items, { now: ctx.io.now(), allNamespaces: all, qualifyNames: groups.length > 1 }));
  ctx.io.out(tables.join('\n'));
}
