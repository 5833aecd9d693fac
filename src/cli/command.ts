import type { FlagSpec, ParsedArgs } from './args.js';
import type { Colors } from './color.js';
import type { AdminClient } from './client.js';

/**
 * Exit codes, as scripts rely on them (kubectl's and `kubectl diff`'s conventions):
 * 0 ok; 1 the operation failed, the input is invalid or `diff` found differences;
 * 2 the command line is wrong; 3 the server cannot be reached or refused our token.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;

/** Where the CLI reads and writes. Tests inject their own; `main` defaults to the process. */
export interface Io {
  /** Writes text to stdout exactly as given (callers add newlines). */
  out(s: string): void;
  err(s: string): void;
  /** The whole of stdin, for `-f -`. */
  stdin?(): Promise<string>;
  /** Whether stdout / stderr are terminals: colour only then. */
  isTTY?: boolean | { out: boolean; err: boolean };
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch, for AGE columns. */
  now?(): number;
}

/** An error that ends the command: each line is printed as `error: <line>`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** Further lines printed as they are, after the first (causes, hints). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(EXIT.usage, message, hint ? [`  ${hint}`] : []);
  }
}

/** Everything a command needs, built once by `main`. */
export interface CommandContext {
  args: ParsedArgs;
  io: Io & Required<Pick<Io, 'now' | 'cwd' | 'env'>>;
  out: Colors;
  err: Colors;
  /** Connects lazily: offline commands never look for a server. */
  client(): Promise<AdminClient>;
  /** `isthmus <name>`, for messages. */
  commandPath: string;
}

export interface Command {
  name: string;
  aliases?: readonly string[];
  /** One line for `isthmus --help`. */
  summary: string;
  /** Usage lines, without the leading `isthmus `. */
  usage: readonly string[];
  description?: string;
  flags: readonly FlagSpec[];
  /** Each example: a `# comment` line and the command. */
  examples: ReadonlyArray<{ comment: string; command: string }>;
  run(ctx: CommandContext): Promise<number>;
}
