import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export const TOKEN_ISSUER = 'isthmus-control';
export const ADMIN_AUDIENCE = 'isthmus-admin';

/** The local control's signing key: made on first start, kept in the state directory (mode 0600). */
export async function loadOrCreateSigningKey(stateDir: string): Promise<JWK> {
  const file = join(stateDir, 'signing-key.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: `isthmus-${Date.now().toString(36)}` };
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
    await chmod(file, 0o600);
    return jwk;
  }
}

/** Mints a token control accepts: `scope` is `admin`, `read` or `registry:<cluster>`. */
export async function mintToken(key: JWK, scope: string, subject: string, ttl = '30d'): Promise<string> {
  const priv = await importJWK(key, 'ES256');
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'ES256', ...(key.kid ? { kid: key.kid } : {}) })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(ADMIN_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(priv);
}
