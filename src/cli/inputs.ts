import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError, EXIT, type CommandContext } from './command.js';

/** One `-f` input: a file, a file found in a directory, or stdin. */
export interface Input {
  /** As messages name it: the path as typed (or under the directory typed), or `stdin`. */
  source: string;
  text: string;
}

const CONFIG_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads `-f` arguments as kubectl does: a file, `-` for stdin, or a directory, whose
 * *.yaml, *.yml and *.json files are read in name order (with `recursive`, subdirectories too).
 */
export async function readInputs(names: readonly string[], o: { cwd: string; stdin?: () => Promise<string>; recursive?: boolean }): Promise<Input[]> {
  if (names.length === 0) throw new CliError(EXIT.usage, 'no input: pass -f FILE (a file, a directory, or - for stdin)');
  const out: Input[] = [];
  let stdinRead = false;
  for (const name of names) {
    if (name === '-') {
      if (stdinRead) throw new CliError(EXIT.usage, '-f - (stdin) can be given only once');
      if (!o.stdin) throw new CliError(EXIT.usage, 'stdin is not available here; pass a file with -f FILE');
      stdinRead = true;
      out.push({ source: 'stdin', text: await o.stdin() });
      continue;
    }
    const path = resolve(o.cwd, name);
    const st = await stat(path).catch((err: unknown) => {
      throw cannotRead(name, err);
    });
    if (st.isDirectory()) {
      const files = await configFiles(path, o.recursive ?? false);
      if (files.length === 0) throw new CliError(EXIT.failed, `directory ${name} has no .yaml, .yml or .json files${o.recursive ? '' : ' (add -R to look in subdirectories)'}`);
      for (const f of files) out.push({ source: join(name, relative(path, f)), text: await read(f, name) });
    } else out.push({ source: name, text: await read(path, name) });
  }
  return out;
}

async function configFiles(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && recursive) files.push(...(await configFiles(p, true)));
    else if (e.isFile() && CONFIG_EXTENSIONS.has(extname(e.name).toLowerCase())) files.push(p);
  }
  return files;
}

async function read(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw cannotRead(shown, err);
  }
}

function cannotRead(name: string, err: unknown): CliError {
  const code = (err as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
  return new CliError(EXIT.failed, `cannot read ${name}: ${why}`, ['  check the path given to -f']);
}

/** Many inputs as one multi-document body, and a map back from its document numbers. */
export interface Bundle {
  text: string;
  /** `request#5` (the server's name for the body's fifth document) → `b.yaml#2`. */
  source(serverSource: string): string;
}

/**
 * Joins inputs with `---` so one request applies them all at once (all or nothing).
 * The server numbers documents across the whole body; to name the file and the
 * document within it again, each document is matched by where its content starts.
 */
export function bundle(inputs: readonly Input[]): Bundle {
  let text = '';
  const origins = new Map<number, string>(); // content offset in the body → `file#n`
  const starts: Array<{ offset: number; source: string }> = [];
  for (const input of inputs) {
    if (text !== '') text += text.endsWith('\n') ? '---\n' : '\n---\n';
    const base = text.length;
    starts.push({ offset: base, source: input.source });
    parseAllDocuments(input.text).forEach((doc, i) => {
      const at = contentStart(doc);
      if (at !== undefined) origins.set(base + at, `${input.source}#${i + 1}`);
    });
    text += input.text;
  }
  const body = parseAllDocuments(text);
  const byIndex = new Map<number, string>();
  body.forEach((doc, i) => {
    const at = contentStart(doc);
    const exact = at === undefined ? undefined : origins.get(at);
    const start = doc.range[0];
    const file = [...starts].reverse().find((s) => s.offset <= start);
    byIndex.set(i + 1, exact ?? file?.source ?? 'input');
  });
  return {
    text,
    source: (s) => {
      const m = /^[^#]*#(\d+)$/.exec(s);
      return (m ? byIndex.get(Number(m[1])) : undefined) ?? s;
    },
  };
}

function contentStart(doc: { contents: unknown }): number | undefined {
  const c = doc.contents as { range?: unknown } | null;
  return c && Array.isArray(c.range) && typeof c.range[0] === 'number' ? c.range[0] : undefined;
}

/** The `-f` and `-R` flags of a command, read. */
export function readFileArgs(ctx: CommandContext): Promise<Input[]> {
  return readInputs(ctx.args.list('filename'), {
    cwd: ctx.io.cwd,
    recursive: ctx.args.bool('recursive'),
    ...(ctx.io.stdin ? { stdin: ctx.io.stdin } : {}),
  });
}
