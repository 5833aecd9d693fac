import type { KubeStatus } from './api.js';
import { CliError, EXIT } from './command.js';
import type { Connection } from './connection.js';

export interface RequestOptions {
  body?: string;
  contentType?: string;
  query?: Record<string, string | undefined>;
  /** Rewrites a diagnostic's `source` (`request#3`) to the file it came from. */
  source?: (s: string) => string;
}

const TIMEOUT_MS = 60_000;

/**
 * HTTP to the admin API. Every failure becomes a CliError whose lines say what went
 * wrong and what to do: the server's Kubernetes Status message and each of its causes.
 */
export class AdminClient {
  constructor(
    readonly connection: Connection,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const url = new URL(this.connection.server + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}`, accept: 'application/json' };
    if (o.contentType) headers['content-type'] = o.contentType;
    let res: Response;
    try {
      res = await this.fetchFn(url, { method, headers, ...(o.body !== undefined ? { body: o.body } : {}), signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new CliError(EXIT.unreachable, `cannot reach the isthmus control plane at ${this.connection.server} (from ${this.connection.origin}): ${reasonOf(err)}`, [
        '  is the mesh running? Start it with `npm start`, or point --server at a running control plane',
      ]);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) {
      if (body === undefined) throw new CliError(EXIT.failed, `${method} ${url.pathname}: the server answered HTTP ${res.status} without a JSON body`, [`  is ${this.connection.server} an isthmus control plane?`]);
      return body as T;
    }
    throw statusError(res.status, method, url.pathname, body, text, this.connection, o.source ?? ((s) => s));
  }
}

function statusError(code: number, method: string, path: string, body: unknown, text: string, conn: Connection, source: (s: string) => string): CliError {
  const status = isStatus(body) ? body : undefined;
  const message = status?.message ?? `${method} ${path}: HTTP ${code}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const causes = status?.details?.causes ?? [];
  const line = (c: (typeof causes)[number]): string => {
    const parts = [c.resource, c.field].filter((p): p is string => typeof p === 'string' && p !== '');
    const where = c.source ? ` (${source(c.source)})` : '';
    const text = (c.message ?? c.reason ?? '').replace(/\brequest#\d+\b/g, (m) => source(m));
    return `${parts.length ? `${parts.join(': ')}: ` : ''}${text}${where}`;
  };
  const details = [
    ...causes.filter((c) => c.severity !== 'warning').map((c) => `  - ${line(c)}`),
    ...causes.filter((c) => c.severity === 'warning').map((c) => `  - warning: ${line(c)}`),
  ];
  if (code === 401) {
    return new CliError(EXIT.unreachable, `the control plane at ${conn.server} refused the token: ${message}`, [
      '  use a current token: pass --token or --token-file, or restart `npm start`, which writes .isthmus/admin-token',
    ]);
  }
  if (code === 403) return new CliError(EXIT.unreachable, `not allowed: ${message}`, ['  use a token with the "admin" scope']);
  return new CliError(EXIT.failed, message, details);
}

function isStatus(v: unknown): v is KubeStatus {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** Node's fetch hides the socket error in `cause`: ECONNREFUSED is what a person needs to see. */
function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000}s`;
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      if (cause.message !== '') return cause.message;
      if (typeof code === 'string') return code;
    }
    return err.message;
  }
  return String(err);
}
