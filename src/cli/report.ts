import { formatDiagnostic, type Diagnostic } from '../mesh/diagnostics.js';
import type { SnapshotCondition, Skipped, WriteResult } from './api.js';
import type { CommandContext } from './command.js';
import { kindRef, nameRef, toJson, toYaml } from './output.js';

/** Printing shared by the commands: results on stdout, warnings and errors on stderr. */
export function say(ctx: CommandContext, s: string): void {
  ctx.io.out(`${s}\n`);
}

export function warn(ctx: CommandContext, s: string): void {
  ctx.io.err(`${ctx.err.yellow('warning:')} ${s}\n`);
}

export function warnDiagnostic(ctx: CommandContext, d: Diagnostic, source: (s: string) => string = (s) => s): void {
  const line = formatDiagnostic({ ...d, message: inText(d.message, source), ...(d.source ? { source: source(d.source) } : {}) });
  ctx.io.err(`${line.replace(/^(warning|error):/, (m) => (d.severity === 'error' ? ctx.err.red(m) : ctx.err.yellow(m)))}\n`);
}

/** Messages name other documents too (`replaces the one in request#2`): name their files. */
export function inText(text: string, source: (s: string) => string): string {
  return text.replace(/\brequest#\d+\b/g, (m) => source(m));
}

export function warnSkipped(ctx: CommandContext, s: Skipped, source: (s: string) => string = (x) => x): void {
  warn(ctx, `skipped ${s.kind}${s.name ? ` ${s.name}` : ''} (${source(s.source)}): ${s.reason}`);
}

export function warnCondition(ctx: CommandContext, c: SnapshotCondition): void {
  warn(ctx, `${c.resource}: ${c.path ? `${c.path}: ` : ''}${c.message} (${c.reason})`);
}

export function shortHash(hash: string): string {
  return hash.length > 8 ? `${hash.slice(0, 8)}…` : hash;
}

export interface WriteReport {
  dryRun: boolean;
  output?: string;
  source?: (s: string) => string;
  /** kubectl's delete wording: `kind "name" deleted` instead of `kind/name deleted`. */
  deleteStyle?: boolean;
  /** False to leave out the closing "generation N published" line. */
  summary?: boolean;
}

/**
 * What apply, delete and rollback print, as kubectl does: one line per object, then the
 * warnings, then which generation the gateways now get.
 */
export function printWriteResult(ctx: CommandContext, r: WriteResult, o: WriteReport): void {
  if (o.output === 'json' || o.output === 'yaml') {
    ctx.io.out(o.output === 'json' ? toJson(r) : toYaml(r));
    return;
  }
  const dry = o.dryRun ? ' (dry run)' : '';
  for (const item of r.items) {
    if (o.output === 'name') say(ctx, nameRef(item.kind, item.name));
    else if (o.deleteStyle) say(ctx, `${kindRef(item.kind)} "${item.name}" ${item.action}${dry}`);
    else say(ctx, `${nameRef(item.kind, item.name)} ${item.action}${dry}`);
  }
  for (const d of r.warnings ?? []) warnDiagnostic(ctx, d, o.source);
  for (const s of r.skipped ?? []) warnSkipped(ctx, s, o.source);
  for (const c of r.conditions ?? []) warnCondition(ctx, c);
  if (o.output === 'name' || o.summary === false) return;
  if (o.dryRun) say(ctx, `dry run: nothing was changed; the mesh stays at generation ${r.generation}`);
  else if (r.published) say(ctx, `generation ${r.generation} published (snapshot ${shortHash(r.published.hash)})`);
  else if (r.publishError) warn(ctx, `generation ${r.generation} ${r.publishError}`);
  else say(ctx, `no changes; the mesh stays at generation ${r.generation}`);
}
