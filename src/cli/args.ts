import { UsageError } from './command.js';

/**
 * A small command-line parser with kubectl's habits: `--flag value`, `--flag=value`,
 * `-f value`, `-fvalue`, repeatable list flags, `--` ending the flags, and `-` as a value
 * (stdin). Unknown flags are usage errors with a "did you mean" hint.
 */
export interface FlagSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string' | 'list';
  /** Placeholder in help: `FILE`, `URL`. */
  value?: string;
  help: string;
  /** Allowed values (checked here, so every command reports them the same way). */
  choices?: readonly string[];
  /**
   * For a string flag that may also stand alone, as `--dry-run` does for `--dry-run=server`:
   * the value it takes when given bare. Its value can then only follow `=`.
   */
  bareValue?: string;
}

export class ParsedArgs {
  constructor(
    readonly flags: ReadonlyMap<string, string | boolean | string[]>,
    readonly positionals: readonly string[],
  ) {}

  bool(name: string): boolean {
    return this.flags.get(name) === true;
  }

  string(name: string): string | undefined {
    const v = this.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  list(name: string): string[] {
    const v = this.flags.get(name);
    return Array.isArray(v) ? v : [];
  }

  has(name: string): boolean {
    return this.flags.has(name);
  }
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], commandPath: string): ParsedArgs {
  const flags = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  const helpHint = `see '${commandPath} --help'`;

  const set = (spec: FlagSpec, value: string | boolean, shown: string): void => {
    if (typeof value === 'string' && spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`invalid value "${value}" for ${shown}: use one of ${spec.choices.join(', ')}`, helpHint);
    }
    if (spec.type === 'list' && typeof value === 'string') {
      const prev = flags.get(spec.name);
      flags.set(spec.name, [...(Array.isArray(prev) ? prev : []), value]);
    } else flags.set(spec.name, value);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = long ? arg.indexOf('=') : -1;
    const key = long ? arg.slice(2, eq < 0 ? undefined : eq) : arg.slice(1, 2);
    const spec = long ? specs.find((s) => s.name === key) : specs.find((s) => s.short === key);
    const shown = long ? `--${key}` : `-${key}`;
    if (!spec) {
      const guess = long ? closest(key, specs.map((s) => s.name)) : undefined;
      throw new UsageError(`unknown flag ${shown} for '${commandPath}'${guess ? `; did you mean --${guess}?` : ''}`, helpHint);
    }
    // An inline value: `--output=yaml` or `-oyaml`.
    const inline = long ? (eq < 0 ? undefined : arg.slice(eq + 1)) : arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
    if (spec.type === 'boolean') {
      if (inline === undefined) set(spec, true, shown);
      else if (/^(true|false)$/.test(inline)) set(spec, inline === 'true', shown);
      else throw new UsageError(`${shown} takes no value (got "${inline}"); write ${shown} or ${shown}=false`, helpHint);
      continue;
    }
    if (inline !== undefined) {
      set(spec, inline, shown);
      continue;
    }
    if (spec.bareValue !== undefined) {
      set(spec, spec.bareValue, shown);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-')) {
      throw new UsageError(`flag ${shown} needs a value${spec.value ? ` (${spec.value})` : ''}`, helpHint);
    }
    set(spec, next, shown);
    i++;
  }
  return new ParsedArgs(flags, positionals);
}

/** The candidate nearest to what was typed, if it is near enough to be a typo. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(typed) && typed.length >= 2 ? 1 : distance(typed.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}

/** Levenshtein distance, one row at a time. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
