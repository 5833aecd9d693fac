import { closest, parseArgs } from './args.js';
import { AdminClient } from './client.js';
import { colors, useColor } from './color.js';
import { CliError, EXIT, UsageError, type Command, type CommandContext, type Io } from './command.js';
import { apply } from './commands/apply.js';
import { del } from './commands/delete.js';
import { diff } from './commands/diff.js';
import { get } from './commands/get.js';
import { history } from './commands/history.js';
import { rollback } from './commands/rollback.js';
import { status } from './commands/status.js';
import { validate } from './commands/validate.js';
import { version } from './commands/version.js';
import { resolveConnection } from './connection.js';
import { GLOBAL_FLAGS } from './flags.js';
import { commandHelp, toolHelp } from './help.js';

export type { Io } from './command.js';

export const COMMANDS: readonly Command[] = [apply, get, del, diff, history, rollback, status, validate, version];

/**
 * Flags that take a value, of any command: the word after them is not the command, so
 * `isthmus -n shop get vs` works as `kubectl -n shop get vs` does.
 */
const VALUE_FLAGS = new Set([...GLOBAL_FLAGS, ...COMMANDS.flatMap((c) => c.flags)]
  .filter((f) => f.type !== 'boolean' && f.bareValue === undefined)
  .flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/**
 * The `isthmus` command line. Returns the exit code and never exits the process, so
 * tests run it in-process with their own `io`.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const env = io.env ?? process.env;
  const tty = typeof io.isTTY === 'object' ? io.isTTY : { out: io.isTTY ?? false, err: io.isTTY ?? false };
  const errColors = colors(useColor(tty.err, env));
  try {
    return await dispatch(argv, { ...io, env, cwd: io.cwd ?? process.cwd(), now: io.now ?? Date.now }, tty);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`${errColors.red('error:')} ${err.message}\n`);
      for (const d of err.details) io.err(`${d}\n`);
      return err.exitCode;
    }
    // A bug in isthmus itself: say so plainly, with the stack only when asked for.
    const e = err instanceof Error ? err : new Error(String(err));
    io.err(`${errColors.red('error:')} internal error in isthmus: ${e.message}\n`);
    io.err(env.ISTHMUS_DEBUG ? `${e.stack ?? ''}\n` : '  set ISTHMUS_DEBUG=1 for the stack trace, and please report it\n');
    return EXIT.failed;
  }
}

async function dispatch(argv: readonly string[], io: CommandContext['io'], tty: { out: boolean; err: boolean }): Promise<number> {
  const at = commandIndex(argv);
  const name = at < 0 ? undefined : argv[at];
  const rest = at < 0 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === undefined || name === 'help') {
    const flags = parseArgs(rest, [...GLOBAL_FLAGS, { name: 'version', type: 'boolean', help: '' }], 'isthmus');
    if (flags.bool('version')) return dispatch(['version'], io, tty);
    const topic = name === 'help' ? flags.positionals[0] : undefined;
    if (topic !== undefined) {
      io.out(commandHelp(find(topic)));
      return EXIT.ok;
    }
    if (name === undefined && flags.positionals.length > 0) throw unknownCommand(flags.positionals[0] ?? '');
    io.out(toolHelp(COMMANDS));
    return EXIT.ok;
  }
  const cmd = find(name);
  const commandPath = `isthmus ${cmd.name}`;
  const args = parseArgs(rest, [...GLOBAL_FLAGS, ...cmd.flags], commandPath);
  if (args.bool('help')) {
    io.out(commandHelp(cmd));
    return EXIT.ok;
  }
  let client: Promise<AdminClient> | undefined;
  const ctx: CommandContext = {
    args,
    io,
    out: colors(useColor(tty.out, io.env)),
    err: colors(useColor(tty.err, io.env)),
    commandPath,
    client: () => {
      client ??= resolveConnection({
        ...optional('server', args.string('server')),
        ...optional('token', args.string('token')),
        ...optional('tokenFile', args.string('token-file')),
        env: io.env,
        cwd: io.cwd,
      }).then((c) => new AdminClient(c, io.fetch ?? fetch));
      return client;
    },
  };
  return cmd.run(ctx);
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

/** The first word that is neither a flag nor a global flag's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') return -1;
    if (VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

function find(name: string): Command {
  const cmd = COMMANDS.find((c) => c.name === name || (c.aliases ?? []).includes(name));
  if (!cmd) throw unknownCommand(name);
  return cmd;
}

function unknownCommand(name: string): UsageError {
  const guess = closest(name, COMMANDS.map((c) => c.name));
  return new UsageError(`unknown command "${name}" for "isthmus"${guess ? `; did you mean "${guess}"?` : ''}`, "run 'isthmus --help' for the list of commands");
}

function processIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    stdin: readStdin,
    isTTY: { out: process.stdout.isTTY, err: process.stderr.isTTY },
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
