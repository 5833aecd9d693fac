/** What validation does around the spec: identity, namespaces, skipped kinds, the admin API entry. */
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../../src/mesh/parse.js';
import { validateDocuments, validateResource, validateText } from '../../src/mesh/validate/index.js';

const AP = (meta = 'name: allow-nothing', extra = ''): string =>
  `apiVersion: security.istio.io/v1beta1\nkind: AuthorizationPolicy\nmetadata: {${meta}}\nspec: {}\n${extra}`;

describe('the resource envelope', () => {
  it('fills in the namespace from the options when the document has none', () => {
    const { resources } = validateText(AP(), 'a.yaml', { defaultNamespace: 'shop' });
    expect(resources[0]?.metadata.namespace).toBe('shop');
  });

  it('defaults the namespace to "default"', () => {
    expect(validateText(AP(), 'a.yaml').resources[0]?.metadata.namespace).toBe('default');
  });

  it('keeps a namespace the document gives', () => {
    const { resources } = validateText(AP('name: a, namespace: foo'), 'a.yaml', { defaultNamespace: 'shop' });
    expect(resources[0]?.metadata.namespace).toBe('foo');
  });

  it('keeps the apiVersion as given', () => {
    expect(validateText(AP(), 'a.yaml').resources[0]?.apiVersion).toBe('security.istio.io/v1beta1');
  });

  it('drops status and the server-managed metadata fields', () => {
    const text = AP('name: a, uid: u1, resourceVersion: "7", managedFields: [{manager: kubectl}], finalizers: [x]', 'status: {conditions: []}\n');
    const { resources, diagnostics } = validateText(text, 'a.yaml');
    expect(diagnostics).toEqual([]);
    expect(resources[0]).toEqual({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'a', namespace: 'default', uid: 'u1', resourceVersion: '7' },
      spec: {},
    });
  });

  it('treats a missing spec as an empty one', () => {
    const { resources } = validateText('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\n', 'a.yaml');
    expect(resources[0]?.spec).toEqual({});
  });

  it('skips Kubernetes resources with a reason instead of failing', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec: {ports: [{port: 9080}]}\n---\n' + AP();
    const result = validateText(text, 'bookinfo.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.resources).toHaveLength(1);
    expect(result.skipped).toEqual([{ source: 'bookinfo.yaml#1', kind: 'Service', name: 'reviews', reason: 'Kubernetes resource; isthmus learns services from the registry' }]);
  });

  it('names a document without kind or name by its position', () => {
    const [d] = validateText('---\nfoo: bar\n', 'x.yaml').diagnostics;
    expect(d?.resource).toBe('document 1');
    expect(d?.source).toBe('x.yaml#1');
  });

  it('includes YAML syntax errors and still reads the other documents', () => {
    const result = validateText(`${AP()}---\nkind: [oops\n`, 'broken.yaml');
    expect(result.resources).toHaveLength(1);
    expect(result.diagnostics[0]?.message).toMatch(/^YAML syntax error/);
  });

  it('warns when one stream defines the same resource twice', () => {
    const result = validateText(`${AP()}---\n${AP()}`, 'dup.yaml');
    expect(result.diagnostics).toEqual([{
      severity: 'warning', resource: 'AuthorizationPolicy default/allow-nothing', path: '',
      message: 'defined again; this definition replaces the one in dup.yaml#1', source: 'dup.yaml#2',
    }]);
  });

  it('reads the documents of a kind: List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'a' }, spec: {} }] };
    expect(validateDocuments(parseDocuments(JSON.stringify(list), 'list.json').documents).resources).toHaveLength(1);
  });

  it('accepts the istio.io/dry-run annotation only on ALLOW and DENY policies', () => {
    const meta = 'name: a, annotations: {"istio.io/dry-run": "true"}';
    expect(validateText(AP(meta), 'a.yaml').diagnostics).toEqual([]);
    const vs = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {${meta}}\nspec: {hosts: [a], http: [{route: [{destination: {host: a}}]}]}\n`;
    expect(validateText(vs, 'b.yaml').diagnostics.map((d) => d.path)).toEqual(['metadata.annotations["istio.io/dry-run"]']);
  });
});

describe('validateResource', () => {
  it('accepts one parsed resource, as the admin API receives it', () => {
    const value = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews' }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } };
    const { resource, diagnostics } = validateResource(value, { defaultNamespace: 'shop' });
    expect(diagnostics).toEqual([]);
    expect(resource?.metadata).toEqual({ name: 'reviews', namespace: 'shop' });
    expect(resource?.spec).toEqual(value.spec);
    expect(resource?.spec).not.toBe(value.spec);
  });

  it('returns no resource when there is an error', () => {
    const { resource, diagnostics } = validateResource({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r' }, spec: {} }, { source: 'PUT /r' });
    expect(resource).toBeUndefined();
    expect(diagnostics).toEqual([{ severity: 'error', resource: 'DestinationRule default/r', path: 'spec.host', message: '"host" is required', source: 'PUT /r' }]);
  });

  it('refuses a Kubernetes resource, which cannot be applied to isthmus', () => {
    const { resource, diagnostics } = validateResource({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews' } });
    expect(resource).toBeUndefined();
    expect(diagnostics[0]?.message).toContain('Kubernetes resource');
  });

  it('refuses a value that is not an object', () => {
    expect(validateResource('hello').diagnostics[0]?.message).toContain('expected a Kubernetes object');
  });
});
