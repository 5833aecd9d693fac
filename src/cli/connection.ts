import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CliError, EXIT } from './command.js';

/**
 * Finding the control plane and a token. In order: `--server` / `--token` /
 * `--token-file`, then `ISTHMUS_SERVER` / `ISTHMUS_TOKEN` / `ISTHMUS_TOKEN_FILE`, then
 * the local mesh `npm start` describes in `.isthmus/local.json` (found by walking up
 * from the working directory, or named by `ISTHMUS_STATE_DIR`).
 */
export interface Connection {
  server: string;
  token: string;
  /** Where the server address came from, for error messages. */
  origin: string;
}

export interface ConnectionOptions {
  server?: string;
  token?: string;
  tokenFile?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

interface LocalState { adminUrl: string; gatewayUrl?: string; tokenFile?: string; file: string }

const HOW = 'run `npm start` in the isthmus checkout, or pass --server URL and --token TOKEN (or set ISTHMUS_SERVER and ISTHMUS_TOKEN)';

export async function resolveConnection(o: ConnectionOptions): Promise<Connection> {
  const explicit = o.server ?? nonEmpty(o.env.ISTHMUS_SERVER);
  const origin = o.server !== undefined ? '--server' : explicit !== undefined ? 'ISTHMUS_SERVER' : undefined;
  const tokenFile = o.tokenFile ?? nonEmpty(o.env.ISTHMUS_TOKEN_FILE);
  const givenToken = o.token ?? (o.tokenFile !== undefined ? undefined : nonEmpty(o.env.ISTHMUS_TOKEN));

  const token = givenToken ?? (tokenFile !== undefined ? await readToken(resolve(o.cwd, tokenFile), '--token-file') : undefined);
  if (explicit !== undefined && origin !== undefined) {
    const server = checkUrl(explicit, origin);
    if (token !== undefined) return { server, token, origin };
    // A token for the local mesh goes only to the local mesh, never to another server.
    const local = await findLocalState(o.env, o.cwd);
    if (local?.tokenFile && sameServer(local.adminUrl, server)) {
      return { server, token: await readToken(local.tokenFile, local.file), origin };
    }
    throw new CliError(EXIT.unreachable, `no token for ${server} (from ${origin})`, [
      '  pass --token TOKEN or --token-file FILE, or set ISTHMUS_TOKEN',
    ]);
  }

  const local = await findLocalState(o.env, o.cwd);
  if (!local) {
    throw new CliError(EXIT.unreachable, 'no isthmus control plane found: no --server flag, no ISTHMUS_SERVER, and no .isthmus/local.json in this directory or above it', [`  ${HOW}`]);
  }
  const server = checkUrl(local.adminUrl, local.file);
  if (token !== undefined) return { server, token, origin: local.file };
  if (!local.tokenFile) throw new CliError(EXIT.unreachable, `${local.file} names no tokenFile`, [`  ${HOW}`]);
  return { server, token: await readToken(local.tokenFile, local.file), origin: local.file };
}

/** `ISTHMUS_STATE_DIR` names the directory itself; otherwise the nearest `.isthmus/` above cwd. */
export async function findLocalState(env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<LocalState | undefined> {
  const stateDir = nonEmpty(env.ISTHMUS_STATE_DIR);
  if (stateDir !== undefined) {
    const file = join(resolve(cwd, stateDir), 'local.json');
    const state = await readState(file);
    if (!state) throw new CliError(EXIT.unreachable, `ISTHMUS_STATE_DIR is ${stateDir}, but ${file} does not exist`, [`  ${HOW}`]);
    return state;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const state = await readState(join(dir, '.isthmus', 'local.json'));
    if (state) return state;
    if (dirname(dir) === dir) return undefined;
  }
}

async function readState(file: string): Promise<LocalState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(EXIT.unreachable, `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, ['  restart `npm start` to rewrite it']);
  }
  const rec = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (typeof rec.adminUrl !== 'string') throw new CliError(EXIT.unreachable, `${file} has no "adminUrl"`, ['  restart `npm start` to rewrite it']);
  const tokenFile = typeof rec.tokenFile === 'string' ? resolve(dirname(file), rec.tokenFile) : undefined;
  return { adminUrl: rec.adminUrl, file, ...(typeof rec.gatewayUrl === 'string' ? { gatewayUrl: rec.gatewayUrl } : {}), ...(tokenFile ? { tokenFile } : {}) };
}

async function readToken(file: string, origin: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new CliError(EXIT.unreachable, `cannot read the token file ${file} (named by ${origin}): ${typeof code === 'string' ? code : String(err)}`, [`  ${HOW}`]);
  }
  const token = text.trim();
  if (token === '') throw new CliError(EXIT.unreachable, `the token file ${file} (named by ${origin}) is empty`, [`  ${HOW}`]);
  return token;
}

function checkUrl(raw: string, origin: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CliError(EXIT.usage, `server address "${raw}" (from ${origin}) is not a URL`, ['  write it as http://host:port']);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CliError(EXIT.usage, `server address "${raw}" (from ${origin}) must start with http:// or https://`);
  }
  return raw.replace(/\/+$/, '');
}

function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
