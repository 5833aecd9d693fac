import { env, SELF } from 'cloudflare:test';
import { importJWK, SignJWT, type JWK } from 'jose';

/** Mints a token with the control worker's own key, as `npm start` or an operator would. */
export async function token(scope: string, opts: { audience?: string; expiresIn?: string } = {}): Promise<string> {
  const jwk = JSON.parse(env.SIGNING_KEY ?? '{}') as JWK;
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'ES256', kid: 'test' })
    .setIssuer('isthmus-control')
    .setAudience(opts.audience ?? 'isthmus-admin')
    .setSubject(`test-${scope}`)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(await importJWK(jwk, 'ES256'));
}

export interface Reply { status: number; json: Record<string, unknown> }

export async function call(method: string, path: string, opts: { body?: string; scope?: string; type?: string; bearer?: string } = {}): Promise<Reply> {
  const bearer = opts.bearer ?? (await token(opts.scope ?? 'admin'));
  const res = await SELF.fetch(`http://control.test${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': opts.type ?? 'application/yaml' },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export const apply = (yaml: string, query = ''): Promise<Reply> => call('POST', `/apply${query}`, { body: yaml });

export const vs = (name: string, body = 'x', extra = ''): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: default${extra} }
spec:
  hosts: ["${name}.example.com"]
  gateways: [gw]
  http: [{ directResponse: { status: 200, body: { string: "${body}" } } }]
`;

export async function pointer(): Promise<{ hash: string; generation: number } | null> {
  const raw = await env.CONFIG.get('snapshot/current');
  return raw ? (JSON.parse(raw) as { hash: string; generation: number }) : null;
}
