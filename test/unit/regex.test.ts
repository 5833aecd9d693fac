import { describe, expect, it } from 'vitest';
import { backtrackingRisks, captureGroupCount, checkRe2, checkRewrite, toJsRegExp, toJsReplacement } from '../../src/mesh/regex.js';

describe('checkRe2', () => {
  it.each([
    ['a(?=b)', 'lookahead (?=...) is not supported by RE2'],
    ['a(?!b)', 'negative lookahead (?!...) is not supported by RE2'],
    ['(?<=a)b', 'lookbehind (?<=...) is not supported by RE2'],
    ['(?<!a)b', 'negative lookbehind (?<!...) is not supported by RE2'],
    ['(a)\\1', 'backreference \\1 is not supported by RE2'],
    ['(a)(b)\\9', 'backreference \\9 is not supported by RE2'],
    ['(?P<x>a)\\k<x>', 'backreference \\k<name> is not supported by RE2'],
    ['(?P<x>a)(?P=x)', 'named backreference (?P=name) is not supported by RE2'],
    ['(?>ab)c', 'atomic group (?>...) is not supported by RE2'],
    ['a*+', 'possessive quantifier *+ is not supported by RE2'],
    ['a++', 'possessive quantifier ++ is not supported by RE2'],
    ['a?+', 'possessive quantifier ?+ is not supported by RE2'],
    ['a{2}+', 'possessive quantifier {2}+ is not supported by RE2'],
    ['abc\\Z', '\\Z is not supported by RE2 (use \\z'],
    ['(a)(?1)', 'recursion'],
  ])('rejects %s, which RE2 lacks', (src, fragment) => {
    const reasons = checkRe2(src);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain(fragment);
    expect(reasons[0]).toContain('Envoy uses RE2 (https://github.com/google/re2/wiki/Syntax)');
  });

  it.each([
    ['(', 'missing closing )'],
    ['a)', 'unexpected )'],
    ['[a', 'missing closing ]'],
    ['*a', 'missing argument to repetition operator'],
    ['a**', 'invalid nested repetition operator'],
    ['a{1001}', 'invalid repeat count'],
    ['a{3,2}', 'invalid repeat count'],
    ['\\y', 'invalid escape sequence: \\y'],
    ['[z-a]', 'invalid character class range'],
    ['[[:foo:]]', 'invalid character class range: [:foo:]'],
    ['\\p{Klingon}', 'invalid character class range'],
    ['(?x)a', 'invalid or unsupported Perl syntax'],
    ['(?P<a>x)(?P<a>y)', 'duplicate capture group name'],
    ['\\x4', '\\x needs two hex digits'],
    ['a\\', 'trailing backslash'],
  ])('rejects %s, which does not parse', (src, fragment) => {
    expect(checkRe2(src).join('\n')).toContain(fragment);
  });

  it('reports every unsupported construct in one pattern, not just the first', () => {
    expect(checkRe2('(?=a)(b)\\1(?<!c)')).toHaveLength(3);
  });

  it.each([
    '^/api/v[0-9]+/.*$', '/productpage', '.*', '(?i)hello', '(?P<id>\\d+)', '(?<id>\\d+)', '[[:alpha:]]+',
    '\\pL', '\\p{Greek}+', '\\PN', '\\Aab\\z', '[]a]', 'a{,3}', '\\x{1F600}', '\\012', '(?i:ab)c', '\\Qa.b\\E',
    '(?s).', '(?m)^a$', '(?U)a+', 'a{2,5}?', '[a-b-c]', '\\.well-known/.*', '(foo|bar)+', '',
  ])('accepts %s, which is valid RE2', (src) => {
    expect(checkRe2(src)).toEqual([]);
  });
});

describe('toJsRegExp', () => {
  const full = (src: string, opts = {}): RegExp => toJsRegExp(src, { anchored: true, ...opts });

  it('anchors a pattern for Envoy full-match semantics', () => {
    expect(full('/api/v[0-9]+').test('/api/v1')).toBe(true);
    expect(full('/api/v[0-9]+').test('/api/v1/x')).toBe(false);
    expect(full('a|b').test('a')).toBe(true);
    expect(full('a|b').test('ab')).toBe(false);
  });

  it('matches anywhere when not anchored', () => {
    expect(toJsRegExp('v[0-9]').test('/api/v1/x')).toBe(true);
  });

  it('turns (?P<name>...) into a JavaScript named group', () => {
    const m = full('/users/(?P<id>\\d+)').exec('/users/42');
    expect(m?.groups?.id).toBe('42');
  });

  it('turns a leading (?i) into the i flag', () => {
    const re = full('(?i)hello');
    expect(re.flags).toContain('i');
    expect(re.test('HeLLo')).toBe(true);
  });

  it('emulates a scoped (?i:...) without making the rest case-insensitive', () => {
    const re = full('(?i:ab)c');
    expect(re.flags).not.toContain('i');
    expect(re.test('ABc')).toBe(true);
    expect(re.test('ABC')).toBe(false);
  });

  it('honours (?-i) after an ignoreCase option', () => {
    const re = full('a(?-i)b', { ignoreCase: true });
    expect(re.test('Ab')).toBe(true);
    expect(re.test('AB')).toBe(false);
  });

  it('applies ignoreCase to the whole pattern', () => {
    expect(full('/Static/[a-z]+', { ignoreCase: true }).test('/static/CSS')).toBe(true);
  });

  it('translates \\A and \\z to text anchors', () => {
    expect(toJsRegExp('\\Aab\\z').test('ab')).toBe(true);
    expect(toJsRegExp('\\Aab\\z').test('xab')).toBe(false);
    expect(toJsRegExp('\\Aab\\z').test('ab\n')).toBe(false);
  });

  it('keeps ^ and $ as line anchors under (?m) and as text anchors otherwise', () => {
    expect(toJsRegExp('(?m)^b$').test('a\nb\nc')).toBe(true);
    expect(toJsRegExp('^b$').test('a\nb\nc')).toBe(false);
  });

  it.each([
    ['[[:alpha:]]+', 'abcXYZ', '1'],
    ['[[:digit:]]+', '0123', 'a'],
    ['[[:alnum:]]+', 'a1B2', '-'],
    ['[[:space:]]+', ' \t\n\v\f\r', 'x'],
    ['[[:upper:]]+', 'ABC', 'a'],
    ['[[:lower:]]+', 'abc', 'A'],
    ['[[:punct:]]+', '!-/:@[`{~', 'a'],
    ['[[:xdigit:]]+', '09afAF', 'g'],
    ['[[:word:]]+', 'a_1', '-'],
    ['[[:^digit:]]+', 'abc', '1'],
    ['[x[:^digit:]]+', 'xa', '1'],
    ['[^[:^digit:]5]+', '1234', '5'],
  ])('translates the POSIX class in %s', (src, yes, no) => {
    const re = full(src);
    expect(re.test(yes)).toBe(true);
    expect(re.test(no)).toBe(false);
  });

  it('uses the u flag for Unicode classes and only then', () => {
    const greek = full('\\p{Greek}+');
    expect(greek.flags).toContain('u');
    expect(greek.test('αβγ')).toBe(true);
    expect(greek.test('abc')).toBe(false);
    expect(full('\\pL+').test('été')).toBe(true);
    expect(full('\\PL').test('1')).toBe(true);
    expect(full('[a-z]+').flags).not.toContain('u');
  });

  it('escapes literal braces and brackets so the u flag accepts them', () => {
    const re = full('\\p{L}{,2}\\]}');
    expect(re.flags).toContain('u');
    expect(re.test('a{,2}]}')).toBe(true);
  });

  it('reads an astral \\x{...} escape with the u flag', () => {
    const re = full('\\x{1F600}+');
    expect(re.flags).toContain('u');
    expect(re.test('😀😀')).toBe(true);
  });

  it('keeps RE2 meanings that differ from JavaScript', () => {
    expect(full('[]a]+').test(']a')).toBe(true); // a leading ] is literal in RE2
    expect(full('\\s').test('\v')).toBe(false); // RE2 \s has no \v
    expect(full('.').test('\r')).toBe(true); // RE2 . excludes only \n
    expect(full('.').test('\n')).toBe(false);
    expect(full('(?s).').test('\n')).toBe(true);
    expect(full('a{,3}').test('a{,3}')).toBe(true); // not a repeat in RE2
    expect(full('\\012').test('\n')).toBe(true); // octal
    expect(full('\\Qa.b\\E').test('axb')).toBe(false);
  });

  it('swaps greediness under (?U)', () => {
    expect(toJsRegExp('(?U)(a+)').exec('aaa')?.[1]).toBe('a');
    expect(toJsRegExp('(?U)(a+?)').exec('aaa')?.[1]).toBe('aaa');
  });

  it('throws with the RE2 reasons for a pattern RE2 rejects', () => {
    expect(() => toJsRegExp('a(?=b)')).toThrow(/lookahead/);
  });

  it('sets the g flag on request, for regex rewrites', () => {
    expect('/a/a'.replace(toJsRegExp('a', { global: true }), 'b')).toBe('/b/b');
  });
});

describe('toJsReplacement', () => {
  it('turns RE2 group references into JavaScript ones', () => {
    const re = toJsRegExp('^/service/([^/]+)(/.*)$');
    expect('/service/foo/v1/api'.replace(re, toJsReplacement('\\2/instance/\\1'))).toBe('/v1/api/instance/foo');
  });

  it('keeps a digit after a group reference literal', () => {
    expect('abc'.replace(/(b)/, toJsReplacement('\\10'))).toBe('ab0c');
  });

  it('escapes a literal dollar sign', () => {
    expect('abc'.replace(/b/, toJsReplacement('$1$&'))).toBe('a$1$&c');
  });

  it('reads \\0 as the whole match and \\\\ as a backslash', () => {
    expect('abc'.replace(/b/, toJsReplacement('[\\0]\\\\'))).toBe('a[b]\\c');
  });
});

describe('checkRewrite', () => {
  it('accepts references to groups that exist', () => {
    expect(checkRewrite('\\1-\\2', '(a)(b)')).toEqual([]);
  });

  it('rejects a reference to a group the regex does not have', () => {
    expect(checkRewrite('\\2', '(a)')).toEqual(['\\2 refers to capture group 2, but the regex has 1']);
  });

  it('rejects an unknown escape', () => {
    expect(checkRewrite('\\x', 'a')[0]).toContain('not a valid rewrite escape');
  });

  it('counts named and unnamed groups but not non-capturing ones', () => {
    expect(captureGroupCount('(a)(?:b)(?P<c>c)')).toBe(2);
  });
});

describe('backtrackingRisks', () => {
  it.each(['(a+)+$', '(\\w*)*x', '(?:a|b+)*c', '((a+))+', '(a*b*)*c'])('flags %s, whose repeats nest', (src) => {
    expect(backtrackingRisks(src)).toHaveLength(1);
  });

  it.each(['^/api/v[0-9]+/.*$', '(ab)+', '(a?)+', '[a-z]+(-[a-z]+)*x{2,3}', '((ab)*c)+'])('accepts %s, whose repeats do not nest', (src) => {
    expect(backtrackingRisks(src)).toEqual([]);
  });
});
