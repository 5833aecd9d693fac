/**
 * RE2, the regex dialect Envoy (and so Istio) speaks, checked and translated to JavaScript.
 *
 * Istio hands every `regex` field (StringMatch.regex, uriRegexRewrite.match, CORS origins)
 * to Envoy's `safe_regex`, which is Google RE2: no lookaround, no backreferences, linear
 * time. A JavaScript RegExp accepts more and means some things differently (`\s`, `.`,
 * `[]a]`, `(?P<n>`), so we parse RE2 ourselves, reject what RE2 would reject, and emit a
 * JavaScript pattern with RE2's meaning. Runtime-neutral: no node:* imports.
 *
 * Syntax reference: https://github.com/google/re2/wiki/Syntax
 */

const RE2_DOC = 'Envoy uses RE2 (https://github.com/google/re2/wiki/Syntax)';

// ---------- the parsed form ----------

type PerlSet = 'd' | 's' | 'w';
type NamedSet =
  | { kind: 'perl'; name: PerlSet }
  | { kind: 'posix'; name: string }
  | { kind: 'unicode'; name: string };

type ClassItem = { t: 'range'; lo: number; hi: number } | { t: 'set'; set: NamedSet; neg: boolean };

type Node =
  | { t: 'lit'; cp: number; fold: boolean }
  | { t: 'dot'; all: boolean }
  | { t: 'bol' | 'eol'; multi: boolean }
  | { t: 'bot' | 'eot' | 'wb' | 'nwb' }
  | { t: 'class'; neg: boolean; items: ClassItem[]; fold: boolean }
  | { t: 'group'; capture: boolean; name?: string; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number; lazy: boolean };

interface Flags { i: boolean; m: boolean; s: boolean; U: boolean }

class SyntaxFailure extends Error {}

/** RE2's POSIX classes, as JavaScript class contents (RE2 syntax page, "ASCII classes"). */
const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** RE2's Perl classes are ASCII-only; `\s` notably excludes `\v` and Unicode spaces. */
const PERL: Readonly<Record<PerlSet, string>> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };

/** Unicode general categories RE2 knows; any other `\p{Name}` is a script. */
const GENERAL_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn',
  'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk',
  'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

const MAX_REPEAT = 1000; // RE2's kMaxRepeat

function unsupported(what: string, hint?: string): string {
  return `${what} is not supported by RE2${hint ? ` (${hint})` : ''}; ${RE2_DOC}`;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37;
const isHex = (c: number | undefined): boolean =>
  c !== undefined && (isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

// ---------- the parser ----------

class Parser {
  private readonly cps: number[];
  private pos = 0;
  readonly problems: string[] = [];
  readonly names = new Set<string>();

  constructor(readonly src: string) {
    this.cps = Array.from(src, (ch) => ch.codePointAt(0) ?? 0);
  }

  private peek(off = 0): number | undefined { return this.cps[this.pos + off]; }
  private ch(off = 0): string { const c = this.peek(off); return c === undefined ? '' : String.fromCodePoint(c); }
  private startsWith(s: string): boolean {
    for (let k = 0; k < s.length; k++) if (this.cps[this.pos + k] !== s.charCodeAt(k)) return false;
    return true;
  }
  private fail(msg: string): never {
    throw new SyntaxFailure(`invalid RE2 syntax: ${msg} (at offset ${this.pos})`);
  }

  parse(flags: Flags): Node[][] {
    const alts = this.alternation(flags, 0);
    if (this.pos < this.cps.length) this.fail('unexpected )');
    return alts;
  }

  private alternation(outer: Flags, depth: number): Node[][] {
    // A `(?i)` inside a group lasts to the end of that group, across its alternatives (RE2, Go).
    const flags = { ...outer };
    const alts: Node[][] = [];
    let seq: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) break;
      if (c === 0x29 /* ) */) {
        if (depth === 0) this.fail('unexpected )');
        break;
      }
      if (c === 0x7c /* | */) { this.pos++; alts.push(seq); seq = []; continue; }
      this.atom(seq, flags, depth);
    }
    alts.push(seq);
    return alts;
  }

  private atom(seq: Node[], flags: Flags, depth: number): void {
    const c = this.ch();
    if ('*+?'.includes(c) || (c === '{' && this.repeatAhead() !== undefined)) {
      this.fail(`missing argument to repetition operator: ${c}`);
    }
    let node: Node | undefined;
    switch (c) {
      case '(': node = this.group(flags, depth); break;
      case '[': node = this.charClass(flags); break;
      case '.': this.pos++; node = { t: 'dot', all: flags.s }; break;
      case '^': this.pos++; node = { t: 'bol', multi: flags.m }; break;
      case '$': this.pos++; node = { t: 'eol', multi: flags.m }; break;
      case '\\': {
        if (this.peek(1) === 0x51 /* Q */) { this.quoted(seq, flags); return; }
        node = this.escape(flags, false);
        break;
      }
      default: this.pos++; node = { t: 'lit', cp: c.codePointAt(0) ?? 0, fold: flags.i };
    }
    if (node === undefined) return; // a flag group or an unsupported construct already reported
    seq.push(this.repetitions(node, flags));
  }

  /** `\Q...\E`: everything in between is literal. */
  private quoted(seq: Node[], flags: Flags): void {
    this.pos += 2;
    while (this.peek() !== undefined && !this.startsWith('\\E')) {
      seq.push({ t: 'lit', cp: this.peek() ?? 0, fold: flags.i });
      this.pos++;
    }
    if (this.startsWith('\\E')) this.pos += 2;
  }

  /** Returns [min, max, length] when a valid `{n}`, `{n,}` or `{n,m}` starts here. */
  private repeatAhead(): [number, number, number] | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 24)));
    if (!m || m[1] === undefined) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === undefined || m[3] === '' ? Infinity : Number(m[3]);
    return [min, max, m[0].length];
  }

  private repetitions(node: Node, flags: Flags): Node {
    let out = node;
    let repeated = false;
    for (;;) {
      const c = this.ch();
      let min: number; let max: number; let len: number;
      if (c === '*') { [min, max, len] = [0, Infinity, 1]; }
      else if (c === '+') { [min, max, len] = [1, Infinity, 1]; }
      else if (c === '?') { [min, max, len] = [0, 1, 1]; }
      else if (c === '{') {
        const r = this.repeatAhead();
        if (r === undefined) return out; // RE2 reads a `{` that starts no repeat as a literal
        [min, max, len] = r;
      } else return out;
      const op = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + len));
      if (repeated) {
        if (c === '+') {
          this.problems.push(unsupported(`possessive quantifier ${this.prevOp}+`, 'drop the trailing +'));
          this.pos += 1;
          continue;
        }
        this.fail(`invalid nested repetition operator: ${this.prevOp}${op}`);
      }
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || min > max) {
        this.fail(`invalid repeat count: ${op} (RE2 allows counts up to ${MAX_REPEAT}, min <= max)`);
      }
      this.pos += len;
      let lazy = false;
      if (this.ch() === '?') { lazy = true; this.pos++; }
      this.prevOp = op + (lazy ? '?' : '');
      out = { t: 'rep', node: out, min, max, lazy: lazy !== flags.U };
      repeated = true;
    }
  }
  private prevOp = '';

  private group(flags: Flags, depth: number): Node | undefined {
    const start = this.pos;
    this.pos++; // (
    let capture = true;
    let name: string | undefined;
    let inner = flags;
    if (this.ch() === '?') {
      const rest = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 4));
      const look: Array<[string, string]> = [
        ['?<=', 'lookbehind (?<=...)'], ['?<!', 'negative lookbehind (?<!...)'],
        ['?=', 'lookahead (?=...)'], ['?!', 'negative lookahead (?!...)'], ['?>', 'atomic group (?>...)'],
        ['?|', 'branch reset group (?|...)'], ['?#', 'comment group (?#...)'], ['?(', 'conditional group (?(...)...)'],
      ];
      const hit = look.find(([p]) => rest.startsWith(p));
      if (hit) {
        this.problems.push(unsupported(hit[1]));
        this.pos += hit[0].length;
        capture = false;
      } else if (rest.startsWith('?P=') || rest.startsWith('?P>') || rest.startsWith('?&') || /^\?(R|[+-]?\d)/.test(rest)) {
        const isRef = rest.startsWith('?P=');
        this.problems.push(unsupported(isRef ? 'named backreference (?P=name)' : 'recursion (?R), (?1), (?&name)'));
        this.skipToClose(start);
        return undefined;
      } else if (rest.startsWith('?P<') || (rest.startsWith('?<') && !rest.startsWith('?<=') && !rest.startsWith('?<!'))) {
        this.pos += rest.startsWith('?P<') ? 3 : 2;
        const end = this.cps.indexOf(0x3e /* > */, this.pos);
        if (end < 0) this.fail('invalid named capture: missing >');
        name = String.fromCodePoint(...this.cps.slice(this.pos, end));
        if (!/^\w+$/.test(name)) this.fail(`invalid named capture: ${JSON.stringify(name)}`);
        if (this.names.has(name)) this.fail(`duplicate capture group name: ${name}`);
        this.names.add(name);
        this.pos = end + 1;
      } else {
        // (?flags) or (?flags:re)
        this.pos++;
        const set = { ...flags };
        let neg = false; let sawFlag = false; let sawNeg = false;
        for (;;) {
          const c = this.ch();
          if (c === 'i' || c === 'm' || c === 's' || c === 'U') { set[c] = !neg; sawFlag = true; this.pos++; continue; }
          if (c === '-' && !sawNeg) { neg = true; sawNeg = true; sawFlag = false; this.pos++; continue; }
          // `(?:` needs no flags; `(?i)` needs one; a `-` must be followed by a flag.
          if (c === ':' && !(sawNeg && !sawFlag)) break;
          if (c === ')' && sawFlag) break;
          this.pos = start;
          this.fail(`invalid or unsupported Perl syntax: ${String.fromCodePoint(...this.cps.slice(start, start + 4))}`);
        }
        if (this.ch() === ')') {
          this.pos++;
          Object.assign(flags, set); // lasts to the end of the enclosing group
          return undefined;
        }
        this.pos++; // :
        capture = false;
        inner = set;
      }
    }
    const alts = this.alternation(inner, depth + 1);
    if (this.ch() !== ')') { this.pos = start; this.fail('missing closing )'); }
    this.pos++;
    return name === undefined ? { t: 'group', capture, alts } : { t: 'group', capture, name, alts };
  }

  /** After an unsupported group whose body we cannot parse as RE2, skip to its `)`. */
  private skipToClose(start: number): void {
    let level = 0;
    this.pos = start;
    for (; this.pos < this.cps.length; this.pos++) {
      const c = this.ch();
      if (c === '\\') { this.pos++; continue; }
      if (c === '(') level++;
      if (c === ')' && --level === 0) { this.pos++; return; }
    }
    this.pos = start;
    this.fail('missing closing )');
  }

  private charClass(flags: Flags): Node {
    const start = this.pos;
    this.pos++; // [
    let neg = false;
    if (this.ch() === '^') { neg = true; this.pos++; }
    const items: ClassItem[] = [];
    let first = true;
    for (;;) {
      const c = this.ch();
      if (c === '') { this.pos = start; this.fail('missing closing ]'); }
      if (c === ']' && !first) { this.pos++; break; }
      first = false;
      if (c === '[' && this.ch(1) === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 16)));
        if (m && m[2] !== undefined) {
          if (POSIX[m[2]] === undefined) this.fail(`invalid character class range: [:${m[2]}:]`);
          items.push({ t: 'set', set: { kind: 'posix', name: m[2] }, neg: m[1] === '^' });
          this.pos += m[0].length;
          continue;
        }
      }
      const lo = this.classAtom(flags, items);
      if (lo === undefined) continue; // a class escape like \d
      if (this.ch() === '-' && this.ch(1) !== ']' && this.ch(1) !== '') {
        this.pos++;
        const hi = this.classAtom(flags, items);
        if (hi === undefined || hi < lo) this.fail('invalid character class range');
        items.push({ t: 'range', lo, hi });
      } else {
        items.push({ t: 'range', lo, hi: lo });
      }
    }
    return { t: 'class', neg, items, fold: flags.i };
  }

  /** One character inside a class; Perl and Unicode sets go straight into `items`. */
  private classAtom(flags: Flags, items: ClassItem[]): number | undefined {
    if (this.ch() !== '\\') { const c = this.peek() ?? 0; this.pos++; return c; }
    const node = this.escape(flags, true);
    if (node === undefined) return 0;
    if (node.t === 'lit') return node.cp;
    if (node.t === 'class') { items.push(...node.items); return undefined; }
    this.fail('invalid escape sequence in character class');
  }

  private escape(flags: Flags, inClass: boolean): Node | undefined {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.ch();
    const cp = this.peek();
    if (cp === undefined) this.fail('trailing backslash at end of expression');
    this.pos++;
    const lit = (v: number): Node => ({ t: 'lit', cp: v, fold: flags.i });
    switch (c) {
      case 'a': return lit(7);
      case 'f': return lit(12);
      case 't': return lit(9);
      case 'n': return lit(10);
      case 'r': return lit(13);
      case 'v': return lit(11);
      case 'd': case 's': case 'w':
        return { t: 'class', neg: false, items: [{ t: 'set', set: { kind: 'perl', name: c }, neg: false }], fold: false };
      case 'D': case 'S': case 'W': {
        const name = c.toLowerCase() as PerlSet;
        return { t: 'class', neg: false, items: [{ t: 'set', set: { kind: 'perl', name }, neg: true }], fold: false };
      }
      case 'p': case 'P': return this.unicodeClass(c === 'P');
      case 'x': return lit(this.hexEscape());
      case 'A': case 'z': case 'b': case 'B':
        if (inClass) break;
        return { t: c === 'A' ? 'bot' : c === 'z' ? 'eot' : c === 'b' ? 'wb' : 'nwb' };
      case 'Z':
        this.problems.push(unsupported('\\Z', 'use \\z for the end of the text'));
        return undefined;
      case 'C':
        this.problems.push(unsupported('\\C (a single byte) in isthmus', 'match a character with . instead'));
        return undefined;
      case 'k': case 'g': {
        this.problems.push(unsupported(`backreference \\${c}<name>`));
        const close = { '<': '>', '{': '}', "'": "'" }[this.ch()];
        if (close !== undefined) {
          const end = this.cps.indexOf(close.charCodeAt(0), this.pos + 1);
          this.pos = end < 0 ? this.cps.length : end + 1;
        }
        return undefined;
      }
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
        // RE2 reads \0, \12, \123 as octal; a lone \1..\9 is a Perl backreference.
        if (c !== '0' && !(isOctal(cp) && isOctal(this.peek()))) {
          this.problems.push(unsupported(`backreference \\${c}`, 'RE2 cannot refer back to a captured group'));
          return undefined;
        }
        let v = cp - 0x30;
        for (let k = 0; k < 2 && isOctal(this.peek()); k++) { v = v * 8 + ((this.peek() ?? 0x30) - 0x30); this.pos++; }
        return lit(v);
      }
      default:
        if (cp < 0x80 && !isAlnum(cp)) return lit(cp); // escaped punctuation is literal
    }
    this.pos = start;
    this.fail(`invalid escape sequence: \\${c}`);
  }

  private hexEscape(): number {
    if (this.ch() === '{') {
      const end = this.cps.indexOf(0x7d /* } */, this.pos);
      const hex = end < 0 ? '' : String.fromCodePoint(...this.cps.slice(this.pos + 1, end));
      if (!/^[0-9A-Fa-f]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) this.fail('invalid escape sequence: \\x{...}');
      this.pos = end + 1;
      return parseInt(hex, 16);
    }
    if (!isHex(this.peek()) || !isHex(this.peek(1))) this.fail('invalid escape sequence: \\x needs two hex digits');
    const v = parseInt(String.fromCodePoint(this.peek() ?? 0, this.peek(1) ?? 0), 16);
    this.pos += 2;
    return v;
  }

  private unicodeClass(negated: boolean): Node {
    let name: string;
    if (this.ch() === '{') {
      const end = this.cps.indexOf(0x7d /* } */, this.pos);
      if (end < 0) this.fail('invalid character class range: missing }');
      name = String.fromCodePoint(...this.cps.slice(this.pos + 1, end));
      this.pos = end + 1;
    } else {
      name = this.ch();
      this.pos++;
    }
    let neg = negated;
    if (name.startsWith('^')) { neg = !neg; name = name.slice(1); }
    if (!/^[A-Za-z_]+$/.test(name) || !unicodeNameWorks(name)) this.fail(`invalid character class range: \\p{${name}}`);
    return { t: 'class', neg: false, items: [{ t: 'set', set: { kind: 'unicode', name }, neg }], fold: false };
  }
}

function jsUnicodeProperty(name: string, neg: boolean): string {
  const p = name === 'Any' || GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
  return `\\${neg ? 'P' : 'p'}{${p}}`;
}

function unicodeNameWorks(name: string): boolean {
  try { new RegExp(jsUnicodeProperty(name, false), 'u'); return true; } catch { return false; }
}

// ---------- the emitter ----------

const SYNTAX = new Set('^$\\.*+?()[]{}|/');

function hexEsc(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

function isSpecialChar(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff);
}

function escOutside(cp: number): string {
  const s = String.fromCodePoint(cp);
  if (SYNTAX.has(s)) return `\\${s}`;
  return isSpecialChar(cp) ? hexEsc(cp) : s;
}

function escInClass(cp: number): string {
  const s = String.fromCodePoint(cp);
  if ('\\]-^['.includes(s)) return `\\${s}`;
  return isSpecialChar(cp) ? hexEsc(cp) : s;
}

/** The other case of a character, when it has exactly one (enough for RE2's simple folding). */
function otherCase(cp: number): number | undefined {
  const s = String.fromCodePoint(cp);
  for (const t of [s.toLowerCase(), s.toUpperCase()]) {
    const o = t.codePointAt(0);
    if (o !== undefined && o !== cp && [...t].length === 1) return o;
  }
  return undefined;
}

interface EmitOptions { jsIgnoreCase: boolean }

class Emitter {
  constructor(private readonly o: EmitOptions) {}

  alts(alts: Node[][]): string {
    return alts.map((seq) => seq.map((n) => this.node(n)).join('')).join('|');
  }

  node(n: Node): string {
    switch (n.t) {
      case 'lit': {
        const other = n.fold && !this.o.jsIgnoreCase ? otherCase(n.cp) : undefined;
        return other === undefined ? escOutside(n.cp) : `[${escInClass(n.cp)}${escInClass(other)}]`;
      }
      case 'dot': return n.all ? '[\\s\\S]' : '[^\\n]'; // RE2's `.` excludes only \n
      case 'bol': return n.multi ? '(?<![^\\n])' : '^';
      case 'eol': return n.multi ? '(?![^\\n])' : '$';
      case 'bot': return '^'; // no JavaScript `m` flag is ever set, so ^ and $ anchor the text
      case 'eot': return '$';
      case 'wb': return '\\b';
      case 'nwb': return '\\B';
      case 'class': return this.cls(n);
      case 'group': {
        const body = this.alts(n.alts);
        if (!n.capture) return `(?:${body})`;
        return n.name !== undefined && /^[A-Za-z_]\w*$/.test(n.name) ? `(?<${n.name}>${body})` : `(${body})`;
      }
      case 'rep': {
        let inner = this.node(n.node);
        if (['bol', 'eol', 'bot', 'eot', 'wb', 'nwb'].includes(n.node.t)) inner = `(?:${inner})`;
        const q = n.min === 0 && n.max === Infinity ? '*'
          : n.min === 1 && n.max === Infinity ? '+'
          : n.min === 0 && n.max === 1 ? '?'
          : n.max === Infinity ? `{${n.min},}`
          : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
        return `${inner}${q}${n.lazy ? '?' : ''}`;
      }
    }
  }

  /**
   * JavaScript (without the `v` flag) cannot put a negated POSIX class or RE2's `\S`
   * inside a bracket, so those become alternations or lookaheads around one character.
   */
  private cls(n: Extract<Node, { t: 'class' }>): string {
    let pos = '';
    const negSets: string[] = [];
    const fold = n.fold && !this.o.jsIgnoreCase;
    for (const it of n.items) {
      if (it.t === 'range') {
        pos += it.lo === it.hi ? escInClass(it.lo) : `${escInClass(it.lo)}-${escInClass(it.hi)}`;
        if (fold) pos += foldRange(it.lo, it.hi);
        continue;
      }
      const s = it.set;
      if (s.kind === 'unicode') { pos += jsUnicodeProperty(s.name, it.neg); continue; }
      if (s.kind === 'perl' && s.name !== 's') { pos += `\\${it.neg ? s.name.toUpperCase() : s.name}`; continue; }
      let body = s.kind === 'perl' ? PERL[s.name] : POSIX[s.name] ?? '';
      if (fold && s.kind === 'posix' && (s.name === 'lower' || s.name === 'upper')) body = 'A-Za-z';
      if (it.neg) negSets.push(body); else pos += body;
    }
    if (negSets.length === 0) return `[${n.neg ? '^' : ''}${pos}]`;
    if (!n.neg && !pos && negSets.length === 1) return `[^${negSets[0] ?? ''}]`;
    if (!n.neg) return `(?:${[pos ? `[${pos}]` : '', ...negSets.map((b) => `[^${b}]`)].filter(Boolean).join('|')})`;
    const ahead = negSets.slice(0, -1).map((b) => `(?=[${b}])`).join('');
    return `(?:${pos ? `(?![${pos}])` : ''}${ahead}[${negSets[negSets.length - 1] ?? ''}])`;
  }
}

/** Adds the other-case ranges of a letter range, so a scoped `(?i)` works without the `i` flag. */
function foldRange(lo: number, hi: number): string {
  let out = '';
  const span = (a: number, b: number, delta: number): void => {
    const l = Math.max(lo, a); const h = Math.min(hi, b);
    if (l <= h) out += `${escInClass(l + delta)}-${escInClass(h + delta)}`;
  };
  span(0x61, 0x7a, -32);
  span(0x41, 0x5a, 32);
  if (hi - lo < 512) {
    for (let c = Math.max(lo, 0x80); c <= hi; c++) { const o = otherCase(c); if (o !== undefined) out += escInClass(o); }
  }
  return out;
}

function collect(nodes: Node[][], visit: (n: Node) => void): void {
  for (const seq of nodes) {
    for (const n of seq) {
      visit(n);
      if (n.t === 'group') collect(n.alts, visit);
      if (n.t === 'rep') collect([[n.node]], visit);
    }
  }
}

interface Parsed { alts: Node[][]; problems: string[] }

function parseRe2(src: string, ignoreCase: boolean): Parsed {
  const p = new Parser(src);
  try {
    const alts = p.parse({ i: ignoreCase, m: false, s: false, U: false });
    return { alts, problems: p.problems };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { alts: [], problems: [...p.problems, e.message] };
    throw e;
  }
}

interface Translation { source: string; flags: string }

function translate(parsed: Parsed, opts: { anchored?: boolean; ignoreCase?: boolean; global?: boolean }): Translation {
  let needsU = false;
  let anyFolded = false;
  let anyUnfolded = false;
  collect(parsed.alts, (n) => {
    if (n.t === 'lit') {
      if (n.cp > 0xffff) needsU = true;
      if (otherCase(n.cp) !== undefined) { if (n.fold) anyFolded = true; else anyUnfolded = true; }
    }
    if (n.t === 'class') {
      for (const it of n.items) {
        if (it.t === 'set' && it.set.kind === 'unicode') needsU = true;
        if (it.t === 'range' && it.hi > 0xffff) needsU = true;
      }
      if (n.fold) anyFolded = true; else if (n.items.some((it) => it.t === 'range')) anyUnfolded = true;
    }
  });
  // The JavaScript `i` flag is used only when every cased character is case-insensitive;
  // a scoped `(?i:...)` or `(?-i)` is emulated by listing both cases instead.
  const jsIgnoreCase = anyFolded && !anyUnfolded;
  const body = new Emitter({ jsIgnoreCase }).alts(parsed.alts);
  const source = opts.anchored ? `^(?:${body})$` : body;
  const flags = `${opts.global ? 'g' : ''}${jsIgnoreCase ? 'i' : ''}${needsU ? 'u' : ''}`;
  return { source, flags };
}

/**
 * Returns why `src` is not a regex Envoy's RE2 accepts (an empty list means it is fine):
 * Perl features RE2 lacks (lookaround, backreferences, atomic groups, possessive
 * quantifiers, `\Z`) and anything that does not parse.
 */
export function checkRe2(src: string): string[] {
  const parsed = parseRe2(src, false);
  if (parsed.problems.length > 0) return parsed.problems;
  const t = translate(parsed, {});
  try {
    new RegExp(t.source, t.flags);
  } catch (e) {
    return [`could not be translated to a JavaScript regex: ${e instanceof Error ? e.message : String(e)}`];
  }
  return [];
}

/**
 * Translates an RE2 pattern into an equivalent JavaScript RegExp. `anchored` gives Envoy's
 * full-match semantics (`safe_regex` must match the whole value). Throws when the pattern
 * is not valid RE2; validation reports the same reasons before anything is compiled.
 */
export function toJsRegExp(src: string, opts: { anchored?: boolean; ignoreCase?: boolean; global?: boolean } = {}): RegExp {
  const parsed = parseRe2(src, opts.ignoreCase === true);
  if (parsed.problems.length > 0) throw new Error(`regex ${JSON.stringify(src)}: ${parsed.problems.join('; ')}`);
  const t = translate(parsed, opts);
  return new RegExp(t.source, t.flags);
}

/** The number of capture groups in a valid RE2 pattern. */
export function captureGroupCount(src: string): number {
  let n = 0;
  collect(parseRe2(src, false).alts, (node) => { if (node.t === 'group' && node.capture) n++; });
  return n;
}

/**
 * Converts an RE2 substitution (Envoy `regex_rewrite.substitution`: `\1` is group 1, `\0`
 * the whole match, `\\` a backslash) into a String.prototype.replace replacement.
 * Groups become `$0N` so a following digit is never read as part of the group number.
 */
export function toJsReplacement(rewrite: string): string {
  let out = '';
  for (let k = 0; k < rewrite.length; k++) {
    const c = rewrite[k] ?? '';
    if (c === '$') { out += '$$'; continue; }
    if (c !== '\\') { out += c; continue; }
    const next = rewrite[k + 1] ?? '';
    if (next >= '0' && next <= '9') { out += next === '0' ? '$&' : `$0${next}`; k++; continue; }
    if (next === '\\') { out += '\\'; k++; continue; }
    out += c;
  }
  return out;
}

/** Why an RE2 substitution is invalid for `pattern` (RE2::CheckRewriteString), or an empty list. */
export function checkRewrite(rewrite: string, pattern: string): string[] {
  const groups = captureGroupCount(pattern);
  const problems: string[] = [];
  for (let k = 0; k < rewrite.length; k++) {
    if (rewrite[k] !== '\\') continue;
    const next = rewrite[k + 1] ?? '';
    if (next >= '0' && next <= '9') {
      if (Number(next) > groups) problems.push(`\\${next} refers to capture group ${next}, but the regex has ${groups}`);
    } else if (next !== '\\') {
      problems.push(`\\${next || '(end)'} is not a valid rewrite escape; use \\0-\\9 for groups or \\\\ for a backslash`);
    }
    k++;
  }
  return problems;
}

/**
 * Patterns that RE2 matches in linear time but a backtracking engine may not: a repeat
 * whose body can itself repeat, like `(a+)+` or `(\w*)*`. isthmus runs regexes on the
 * JavaScript engine (V8), so such patterns can take exponential time on hostile input.
 */
export function backtrackingRisks(src: string): string[] {
  const parsed = parseRe2(src, false);
  // An alternative is "loose" when it is made only of repeats and optional parts, so the
  // outer repeat can split the same text into iterations in many ways. A mandatory
  // literal in between (`(-[a-z]+)*`) keeps the split unambiguous enough.
  const repeating = (i: Node): boolean => (i.t === 'rep' && i.max > 1) || (i.t === 'group' && i.alts.some(loose));
  const loose = (seq: Node[]): boolean =>
    seq.length > 0 && seq.every((i) => (i.t === 'rep' && (i.max > 1 || i.min === 0)) || repeating(i)) && seq.some(repeating);
  let risky = false;
  collect(parsed.alts, (n) => {
    if (n.t !== 'rep' || n.max !== Infinity) return;
    const body = n.node.t === 'group' ? n.node.alts : [[n.node]];
    if (body.some(loose)) risky = true;
  });
  return risky
    ? ['a repeated part of this regex repeats again inside (like (a+)+); RE2 matches it in linear time, but the JavaScript engine isthmus uses can take exponential time on some inputs, so simplify it (e.g. a+)']
    : [];
}
