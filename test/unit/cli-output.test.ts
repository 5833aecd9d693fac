import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cli/api.js';
import { changeDiff } from '../../src/cli/commands/diff.js';
import { historyTable } from '../../src/cli/commands/history.js';
import { bundle } from '../../src/cli/inputs.js';
import { asList, humanDuration, nameRef, resourceTable, table, toYaml, withoutServerFields } from '../../src/cli/output.js';
import { unifiedDiff } from '../../src/cli/unidiff.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');

function vs(name: string, namespace: string, createdSecondsAgo: number, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace, resourceVersion: '4', generation: 2, uid: 'u-1', creationTimestamp: new Date(NOW - createdSecondsAgo * 1000).toISOString() },
    spec,
  };
}

describe('CLI output', () => {
  it('shows ages the way kubectl\'s AGE column does', () => {
    const s = 1000;
    expect(humanDuration(45 * s)).toBe('45s');
    expect(humanDuration(119 * s)).toBe('119s');
    expect(humanDuration(330 * s)).toBe('5m30s');
    expect(humanDuration(600 * s)).toBe('10m');
    expect(humanDuration(95 * 60 * s)).toBe('95m');
    expect(humanDuration(200 * 60 * s)).toBe('3h20m');
    expect(humanDuration(30 * 3600 * s)).toBe('30h');
    expect(humanDuration(76 * 3600 * s)).toBe('3d4h');
    expect(humanDuration(40 * 86400 * s)).toBe('40d');
    expect(humanDuration((2 * 365 + 15) * 86400 * s)).toBe('2y15d');
  });

  it('pads table columns to the widest cell with three spaces between', () => {
    expect(table(['NAME', 'AGE'], [['reviews', '5s'], ['a', '10m']])).toBe('NAME      AGE\nreviews   5s\na         10m\n');
  });

  it('lists VirtualServices with NAMESPACE, NAME, GATEWAYS, HOSTS and AGE under -A', () => {
    const items = [
      vs('bookinfo', 'default', 30, { hosts: ['*'], gateways: ['bookinfo-gateway'] }),
      vs('reviews', 'shop', 3700, { hosts: ['reviews', 'reviews.shop.svc.cluster.local'] }),
    ];
    expect(resourceTable('VirtualService', items, { now: NOW, allNamespaces: true })).toBe([
      'NAMESPACE   NAME       GATEWAYS               HOSTS                                          AGE',
      'default     bookinfo   ["bookinfo-gateway"]   ["*"]                                          30s',
      'shop        reviews                           ["reviews","reviews.shop.svc.cluster.local"]   61m',
      '',
    ].join('\n'));
  });

  it('lists DestinationRules with their host, and other kinds with NAME and AGE', () => {
    const dr: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', creationTimestamp: new Date(NOW - 5000).toISOString() }, spec: { host: 'reviews' } };
    expect(resourceTable('DestinationRule', [dr], { now: NOW, allNamespaces: false })).toBe('NAME      HOST      AGE\nreviews   reviews   5s\n');
    const gw: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', creationTimestamp: new Date(NOW - 5000).toISOString() }, spec: {} };
    expect(resourceTable('Gateway', [gw], { now: NOW, allNamespaces: false })).toBe('NAME   AGE\ngw     5s\n');
  });

  it('names resources as kubectl does: kind.group/name', () => {
    expect(nameRef('VirtualService', 'reviews')).toBe('virtualservice.networking.istio.io/reviews');
    expect(nameRef('AuthorizationPolicy', 'deny')).toBe('authorizationpolicy.security.istio.io/deny');
  });

  it('prints a list as one kind: List in YAML, lists flush with their keys', () => {
    const y = toYaml(asList([vs('reviews', 'default', 1, { hosts: ['reviews'] })]));
    expect(y).toBe([
      'apiVersion: v1',
      'items:',
      '- apiVersion: networking.istio.io/v1',
      '  kind: VirtualService',
      '  metadata:',
      '    name: reviews',
      '    namespace: default',
      '    resourceVersion: "4"',
      '    generation: 2',
      '    uid: u-1',
      '    creationTimestamp: 2026-05-01T11:59:59.000Z',
      '  spec:',
      '    hosts:',
      '    - reviews',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\n'));
  });

  it('leaves server-owned metadata out of diffs', () => {
    expect(withoutServerFields(vs('r', 'default', 1, {})).metadata).toEqual({ name: 'r', namespace: 'default' });
  });

  it('writes a unified diff with context, hunk headers and nothing for equal texts', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nb\nc\nD\ne\nf\ng\nh\ni\n';
    expect(unifiedDiff(a, a, { from: 'x', to: 'y' })).toBe('');
    expect(unifiedDiff(a, b, { from: 'x', to: 'y' })).toBe('--- x\n+++ y\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n');
    expect(unifiedDiff('', 'x\n', { from: 'x', to: 'y' })).toBe('--- x\n+++ y\n@@ -0,0 +1 @@\n+x\n');
  });

  it('diffs a configured resource as YAML, kubectl diff style', () => {
    const before = vs('reviews', 'default', 100, { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] });
    const after = vs('reviews', 'default', 100, { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] });
    expect(changeDiff({ key: 'VirtualService/default/reviews', action: 'configured', before, after })).toBe([
      'diff -u -N live/networking.istio.io.v1.VirtualService.default.reviews merged/networking.istio.io.v1.VirtualService.default.reviews',
      '--- live/networking.istio.io.v1.VirtualService.default.reviews',
      '+++ merged/networking.istio.io.v1.VirtualService.default.reviews',
      '@@ -10,4 +10,4 @@',
      '   - route:',
      '     - destination:',
      '         host: reviews',
      '-        subset: v1',
      '+        subset: v2',
      '',
    ].join('\n'));
  });

  it('tables history newest first with the changes spelled out', () => {
    expect(historyTable([
      { generation: 3, time: '2026-05-01T11:00:03.123Z', author: 'local-admin', message: 'rollback to generation 1', changes: [{ key: 'VirtualService/default/reviews', action: 'deleted' }] },
      { generation: 2, time: '2026-05-01T10:00:00.000Z', author: 'ci', message: '1 created, 1 configured, 0 deleted', changes: [{ key: 'VirtualService/default/reviews', action: 'created' }, { key: 'DestinationRule/default/reviews', action: 'configured' }] },
    ])).toBe([
      'GENERATION   TIME                   AUTHOR        CHANGE',
      '3            2026-05-01T11:00:03Z   local-admin   rollback to generation 1: deleted VirtualService default/reviews',
      '2            2026-05-01T10:00:00Z   ci            created VirtualService default/reviews, configured DestinationRule default/reviews',
      '',
    ].join('\n'));
  });

  it('maps the server\'s document numbers back to the file and document they came from', () => {
    const b = bundle([
      { source: 'a.yaml', text: 'x: 1\n---\ny: 2\n' },
      { source: 'b.yaml', text: '---\n# only a comment\nz: 3' },
      { source: 'c.json', text: '{"w": 4}' },
    ]);
    const docs = b.text.split(/^---$/m).length;
    expect(docs).toBeGreaterThanOrEqual(4);
    expect(b.source('request#1')).toBe('a.yaml#1');
    expect(b.source('request#2')).toBe('a.yaml#2');
    const all = Array.from({ length: 8 }, (_, i) => b.source(`request#${i + 1}`));
    expect(all).toContain('b.yaml#1');
    expect(all).toContain('c.json#1');
    expect(b.source('elsewhere')).toBe('elsewhere');
  });
});
