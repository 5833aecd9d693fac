/**
 * A tiny `node:http` server shell shared by the four Bookinfo apps. An app is a
 * `Handler` (request in, reply out). The shell parses the request line, turns thrown
 * errors into replies at one point, writes an access log line and closes cleanly,
 * keep-alive sockets included.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AppRequest {
  method: string;
  /** The raw path, without the query; never percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Reads the body as UTF-8; over `limit` bytes throws a 413. */
  readBody(limit?: number): Promise<string>;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

export type Handler = (req: AppRequest) => Promise<Reply>;

/** Thrown by handlers for a client error; the shell answers it as plain text. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function notFound(): Reply {
  return text(404, 'Not Found\n');
}

export function methodNotAllowed(allow: string): Reply {
  return { status: 405, headers: { allow, 'content-type': 'text/plain; charset=utf-8' }, body: 'Method Not Allowed\n' };
}

/** GET and HEAD are the same to these apps; Node drops the body of a HEAD reply. */
export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Pod-like name used in log lines, `reviews-v2-local`. */
  name: string;
  log: (line: string) => void;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;

function toAppRequest(req: IncomingMessage): AppRequest {
  const raw = req.url ?? '/';
  let path = raw;
  let search = '';
  if (!raw.startsWith('/')) {
    // Absolute-form request target (RFC 9112 §3.2.2), as a proxy would send it.
    try {
      const u = new URL(raw);
      path = u.pathname;
      search = u.search;
    } catch {
      path = '/';
    }
  } else {
    const q = raw.indexOf('?');
    if (q >= 0) {
      path = raw.slice(0, q);
      search = raw.slice(q);
    }
  }
  return {
    method: req.method ?? 'GET',
    path,
    query: new URLSearchParams(search),
    headers: req.headers,
    async readBody(limit = DEFAULT_BODY_LIMIT): Promise<string> {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        size += buf.length;
        if (size > limit) throw new HttpError(413, `request body over ${limit} bytes`);
        chunks.push(buf);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function respond(handler: Handler, opts: ListenOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const appReq = toAppRequest(req);
  let reply: Reply;
  try {
    reply = await handler(appReq);
  } catch (err) {
    if (err instanceof HttpError) {
      reply = text(err.status, `${err.message}\n`);
    } else {
      opts.log(`${opts.name} error on ${appReq.method} ${appReq.path}: ${describe(err)}`);
      reply = text(500, 'Internal Server Error\n');
    }
  }
  if (res.destroyed || res.headersSent) return;
  const body = reply.body ?? '';
  try {
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  } catch (err) {
    // A header value the HTTP layer refuses (e.g. a control character) must not crash the app.
    opts.log(`${opts.name} could not write the reply: ${describe(err)}`);
    res.destroy();
  }
  const ms = Math.round(performance.now() - started);
  opts.log(`${opts.name} "${appReq.method} ${appReq.path}" ${reply.status} ${ms}ms`);
}

/** Starts `handler` on host:port; rejects with a message naming the app when the port is taken. */
export function listen(handler: Handler, opts: ListenOptions): Promise<Listening> {
  const server = createServer((req, res) => {
    void respond(handler, opts, req, res);
  });
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(new Error(`${opts.name}: cannot listen on ${opts.host}:${opts.port}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      server.on('error', (err) => opts.log(`${opts.name} server error: ${err.message}`));
      const port = (server.address() as AddressInfo).port;
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
