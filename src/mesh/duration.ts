/**
 * Go/protobuf durations as Istio writes them: `1s`, `0.5s`, `100ms`, `1m30s`, `1h`.
 * Returns milliseconds, or undefined when the text is not a duration.
 */
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|us|µs|ns|h|m|s)/y;

export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  let total = 0;
  let pos = 0;
  PART.lastIndex = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m || m[1] === undefined || m[2] === undefined) return undefined;
    const unit = UNIT_MS[m[2]];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    pos = PART.lastIndex;
  }
  return pos === 0 ? undefined : total;
}
