/**
 * A unified diff (the `diff -u` format `kubectl diff` prints) of two texts, line by line,
 * with three lines of context. Config objects are small, so a longest-common-subsequence
 * table is plenty; very large inputs fall back to "all removed, all added".
 */
type Op = { tag: ' ' | '-' | '+'; line: string; a: number; b: number };

const CONTEXT = 3;
const MAX_CELLS = 20_000_000;

export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }): string {
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  if (!ops.some((o) => o.tag !== ' ')) return '';
  let out = `--- ${labels.from}\n+++ ${labels.to}\n`;
  for (const hunk of hunks(ops)) {
    const first = hunk[0];
    if (!first) continue;
    const aLen = hunk.filter((o) => o.tag !== '+').length;
    const bLen = hunk.filter((o) => o.tag !== '-').length;
    out += `@@ -${range(first.a, aLen)} +${range(first.b, bLen)} @@\n`;
    for (const o of hunk) out += `${o.tag}${o.line}\n`;
  }
  return out;
}

function lines(s: string): string[] {
  if (s === '') return [];
  const ls = s.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** `start,length`, where an empty side names the line before it (GNU diff's convention). */
function range(start: number, len: number): string {
  const s = len === 0 ? start - 1 : start;
  return len === 1 ? `${s}` : `${s},${len}`;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const ops: Op[] = [];
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    a.forEach((line, i) => ops.push({ tag: '-', line, a: i + 1, b: 1 }));
    b.forEach((line, j) => ops.push({ tag: '+', line, a: n + 1, b: j + 1 }));
    return ops;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ tag: ' ', line: a[i] ?? '', a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if (j >= m || (i < n && (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))) {
      // Removals before additions within a change, as diff prints them.
      ops.push({ tag: '-', line: a[i] ?? '', a: i + 1, b: j + 1 });
      i++;
    } else {
      ops.push({ tag: '+', line: b[j] ?? '', a: i + 1, b: j + 1 });
      j++;
    }
  }
  return ops;
}

/** Groups changes with their context; changes closer than twice the context share a hunk. */
function hunks(ops: readonly Op[]): Op[][] {
  const changed = ops.flatMap((o, k) => (o.tag === ' ' ? [] : [k]));
  const out: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    const from = Math.max(0, k - CONTEXT);
    const to = Math.min(ops.length - 1, k + CONTEXT);
    if (start >= 0 && from <= end + 1) end = to;
    else {
      if (start >= 0) out.push(ops.slice(start, end + 1));
      start = from;
      end = to;
    }
  }
  if (start >= 0) out.push(ops.slice(start, end + 1));
  return out;
}
