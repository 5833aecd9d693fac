import { mkdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { childPids, startChild, waitForPort, type Child } from './proc.js';
import { tool } from './tools.js';

export interface Nginx { child: Child; dir: string; workerPids(): number[]; stop(): Promise<void> }

/**
 * Runs `nginx -g 'daemon off;'` as a child with its config, pid file, logs and temp
 * paths in `dir`. One worker process: the comparison is against one workerd thread.
 */
export async function startNginx(dir: string, http: string, waitPort: number): Promise<Nginx> {
  await mkdir(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, `${t}_temp`)};`),
    '  keepalive_requests 1000000;',
    '  keepalive_timeout 75s;',
    http,
    '}',
    '',
  ].join('\n'));
  const child = startChild(tool('nginx'), ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;']);
  await waitForPort(waitPort, 10_000, `nginx (${dir})`, child);
  return { child, dir, workerPids: () => childPids(child.pid), stop: () => child.stop() };
}

/**
 * Upstream: a static 200 "ok" on `port`, stub_status (connections accepted) on
 * `statusPort`, and on `defaultsPort` the same body with nginx's default
 * `keepalive_requests 1000` (the main block allows a million per connection).
 */
export function upstreamServers(port: number, statusPort: number, defaultsPort: number): string {
  return [
    `  server { listen 127.0.0.1:${port} backlog=4096; location / { return 200 "ok"; } }`,
    `  server { listen 127.0.0.1:${defaultsPort} backlog=4096; keepalive_requests 1000; location / { return 200 "ok"; } }`,
    `  server { listen 127.0.0.1:${statusPort}; location / { stub_status; } }`,
  ].join('\n');
}

/** Reverse proxy with a keep-alive pool to the upstream, as a tuned nginx would be set up. */
export function proxyServers(port: number, upstreamPort: number): string {
  return [
    // keepalive_requests here is per upstream connection (default 1000: nginx would reconnect every 1,000th request).
    `  upstream bench_up { server 127.0.0.1:${upstreamPort}; keepalive 64; keepalive_requests 1000000; }`,
    `  server { listen 127.0.0.1:${port} backlog=4096; location / { proxy_pass http://bench_up; proxy_http_version 1.1; proxy_set_header Connection ""; } }`,
  ].join('\n');
}

/** Connections the upstream has accepted so far (nginx stub_status). */
export async function acceptedConnections(statusPort: number): Promise<number> {
  // A fresh connection per reading (agent: false), so each reading counts itself once.
  const text = await new Promise<string>((ok, fail) => {
    get({ host: '127.0.0.1', port: statusPort, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => ok(body));
      res.on('error', fail);
    }).on('error', fail);
  });
  const m = /\n\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : Number.NaN;
}
