import { importJWK, jwtVerify, type JWK } from 'jose';
import { createMiddleware } from 'hono/factory';
import { forbidden, unauthorized } from './errors.js';
import type { ControlEnv } from './env.js';

/** The audience every admin token must carry. */
export const ADMIN_AUDIENCE = 'isthmus-admin';

/**
 * Scopes: `admin` may do everything; `read` may read; `registry:<cluster>` may push
 * that cluster's registry and nothing else.
 */
export type Need = { kind: 'read' } | { kind: 'admin' } | { kind: 'registry'; cluster: string };

export interface Principal { subject: string; scopes: string[] }

export type AuthVars = { Variables: { principal: Principal }; Bindings: ControlEnv };

const keyCache = new Map<string, CryptoKey | Uint8Array>();

/** The public half of the signing key, as served at /.well-known/jwks.json. */
export function publicJwk(env: ControlEnv): JWK {
  const jwk = signingJwk(env);
  const { d: _d, ...pub } = jwk;
  return { ...pub, use: 'sig', alg: 'ES256' };
}

function signingJwk(env: ControlEnv): JWK {
  if (!env.SIGNING_KEY) throw unauthorized('control has no SIGNING_KEY configured; run `npm start` locally or `wrangler secret put SIGNING_KEY`');
  return JSON.parse(env.SIGNING_KEY) as JWK;
}

async function verifier(env: ControlEnv): Promise<CryptoKey | Uint8Array> {
  const raw = env.SIGNING_KEY ?? '';
  const cached = keyCache.get(raw);
  if (cached) return cached;
  const key = await importJWK(publicJwk(env), 'ES256');
  keyCache.set(raw, key);
  return key;
}

/** Verifies the bearer token (ES256, issuer, audience, expiry) and checks its scope. */
export function requireScope(need: (c: { req: { param(name: string): string | undefined } }) => Need) {
  return createMiddleware<AuthVars>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw unauthorized('missing bearer token: send `Authorization: Bearer <token>` (npm start writes one to .isthmus/admin-token)');
    let payload;
    try {
      ({ payload } = await jwtVerify(m[1], await verifier(c.env), {
        issuer: c.env.TOKEN_ISSUER ?? 'isthmus-control',
        audience: ADMIN_AUDIENCE,
        algorithms: ['ES256'],
      }));
    } catch (err) {
      throw unauthorized(`invalid token: ${err instanceof Error ? err.message : String(err)}`);
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    const want = need(c);
    if (!allows(scopes, want)) {
      const named = want.kind === 'registry' ? `registry:${want.cluster}` : want.kind;
      throw forbidden(`token scopes [${scopes.join(' ')}] do not allow this; it needs "${named}" or "admin"`);
    }
    c.set('principal', { subject: payload.sub ?? 'unknown', scopes });
    await next();
  });
}

function allows(scopes: readonly string[], need: Need): boolean {
  if (scopes.includes('admin')) return true;
  if (need.kind === 'read') return scopes.includes('read');
  if (need.kind === 'registry') return scopes.includes(`registry:${need.cluster}`);
  return false;
}
