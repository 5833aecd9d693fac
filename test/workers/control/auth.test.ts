import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { apply, call, token, vs } from './helpers.js';

describe('admin API authentication', () => {
  it('refuses a request without a token with 401', async () => {
    const r = await SELF.fetch('http://control.test/history');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { message: string }).message).toContain('bearer token');
  });

  it('refuses a forged, expired or wrong-audience token with 401', async () => {
    expect((await call('GET', '/history', { bearer: 'not.a.jwt' })).status).toBe(401);
    expect((await call('GET', '/history', { bearer: await token('admin', { audience: 'someone-else' }) })).status).toBe(401);
    expect((await call('GET', '/history', { bearer: await token('admin', { expiresIn: '-1m' }) })).status).toBe(401);
  });

  it('lets a read token read but not write', async () => {
    expect((await call('GET', '/history', { scope: 'read' })).status).toBe(200);
    const w = await call('POST', '/apply', { scope: 'read', body: vs('x') });
    expect(w.status).toBe(403);
  });

  it('lets a registry token push only its own cluster', async () => {
    const body = JSON.stringify({ services: [] });
    expect((await call('PUT', '/registry/v1/sources/east', { scope: 'registry:east', body, type: 'application/json' })).status).toBe(200);
    expect((await call('PUT', '/registry/v1/sources/west', { scope: 'registry:east', body, type: 'application/json' })).status).toBe(403);
    expect((await call('POST', '/apply', { scope: 'registry:east', body: vs('y') })).status).toBe(403);
  });

  it('serves the public signing key as JWKS without the private part', async () => {
    const r = await SELF.fetch('http://control.test/.well-known/jwks.json');
    const jwks = (await r.json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys[0]?.kty).toBe('EC');
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('applies with an admin token', async () => {
    expect((await apply(vs('authorized'))).status).toBe(200);
  });
});
