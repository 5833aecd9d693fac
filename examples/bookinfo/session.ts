/**
 * productpage's login session: a signed `session` cookie holding the user name, like
 * Flask's signed session cookie. The key is per demo run, shared by every productpage
 * replica of that run, so a cookie from one replica is good at the others.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'session';

export interface Sessions {
  /** The `Set-Cookie` value that logs `user` in. */
  login(user: string): string;
  /** The `Set-Cookie` value that logs out. */
  logout(): string;
  /** The signed-in user named by a request's Cookie header, if its signature holds. */
  user(cookieHeader: string | undefined): string | undefined;
}

const ATTRIBUTES = 'Path=/; HttpOnly; SameSite=Lax';
const MAX_USER_LENGTH = 256;

export function sessions(key: Uint8Array = randomBytes(32)): Sessions {
  const sign = (payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

  return {
    login(user) {
      const payload = Buffer.from(user.slice(0, MAX_USER_LENGTH), 'utf8').toString('base64url');
      return `${SESSION_COOKIE}=${payload}.${sign(payload)}; ${ATTRIBUTES}`;
    },
    logout() {
      return `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${ATTRIBUTES}`;
    },
    user(cookieHeader) {
      if (!cookieHeader) return undefined;
      for (const part of cookieHeader.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
        const [payload, mac] = part.slice(eq + 1).trim().split('.');
        if (!payload || !mac) continue;
        const want = Buffer.from(sign(payload));
        const got = Buffer.from(mac);
        if (want.length !== got.length || !timingSafeEqual(want, got)) continue;
        const user = Buffer.from(payload, 'base64url').toString('utf8');
        if (user) return user;
      }
      return undefined;
    },
  };
}
