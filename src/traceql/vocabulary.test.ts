import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.ts';
import { parseTraceQL } from './parser.ts';
import {
  FUNCTIONS,
  type FunctionWord,
  INTRINSIC_TAGS,
  INTRINSICS,
  KIND_VALUES,
  OLD_INTRINSICS,
  OPERATOR_SPELLINGS,
  STATUS_VALUES,
  VALUE_KEYWORDS,
} from './vocabulary.ts';

const fixtures = new URL('../../../shared/fixtures/tempo/', import.meta.url);
const recordedIntrinsics = (
  JSON.parse(readFileSync(new URL('tempo-v2-search-tags-scope-intrinsic.body', fixtures), 'utf8')) as {
    scopes: { name: string; tags: string[] }[];
  }
).scopes[0].tags;

/** A call of `fn` with one plausible argument per parameter. */
function callOf(fn: FunctionWord): string {
  const args = fn.parameters
    .filter((parameter) => !parameter.optional)
    .map((parameter) =>
      parameter.kind === 'field' ? 'duration' : parameter.kind === 'number' ? '.5' : '{ status = error }',
    );
  return `${fn.label}(${args.join(', ')})`;
}

describe('the TraceQL vocabulary', () => {
  it('lists the intrinsic tags Tempo lists', () => {
    expect(INTRINSIC_TAGS).toEqual(recordedIntrinsics);
  });

  it('has every intrinsic read by the lexer and typed by the parser, in both spellings', () => {
    for (const word of INTRINSICS) {
      expect(tokenize(word.name)[0], word.name).toMatchObject({ t: 'intrinsic', name: word.name });
      expect(parseTraceQL(`{ ${word.name} != nil }`).ok, word.name).toBe(true);
    }
    for (const [old, scoped] of Object.entries(OLD_INTRINSICS)) {
      const parsed = parseTraceQL(`{ ${old} != nil }`);
      expect(parsed.ok && parsed.ast.pipeline, old).toMatchObject({ expr: { lhs: { name: scoped } } });
    }
  });

  it('lexes every operator as one token, the longest spelling first', () => {
    for (const spelling of OPERATOR_SPELLINGS) {
      expect(tokenize(spelling).slice(0, -1), spelling).toEqual([
        { t: 'op', value: spelling, from: 0, to: spelling.length },
      ]);
    }
    const lengths = OPERATOR_SPELLINGS.map((spelling) => spelling.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('has every function accepted by the parser where its stage puts it', () => {
    for (const fn of FUNCTIONS) {
      const query =
        fn.stage === 'aggregate'
          ? `{ } | ${callOf(fn)} > 1`
          : fn.stage === 'metrics-second'
            ? `{ } | rate() | ${callOf(fn)}`
            : `{ } | ${callOf(fn)}`;
      expect(parseTraceQL(query), query).toMatchObject({ ok: true });
      // Metrics functions are parsed as such; "evaluated" says whether the metrics evaluator computes them.
      const parsed = parseTraceQL(query);
      const metrics = parsed.ok && parsed.ast.metrics !== undefined;
      expect(metrics, query).toBe(fn.stage === 'metrics' || fn.stage === 'metrics-second');
      expect(fn.evaluated, fn.label).toBe(!(parsed.ok && parsed.ast.metrics?.unsupported));
    }
  });

  it('has every value keyword, status and kind parsed as the value it names', () => {
    const parsedValue = (word: string) => {
      const parsed = parseTraceQL(`{ .a = ${word} }`);
      return parsed.ok && parsed.ast.pipeline.type === 'filter' && parsed.ast.pipeline.expr?.type === 'binary'
        ? parsed.ast.pipeline.expr.rhs
        : undefined;
    };
    for (const word of VALUE_KEYWORDS) expect(parsedValue(word.label)).toMatchObject({ value: word.value });
    for (const word of STATUS_VALUES)
      expect(parsedValue(word.label)).toMatchObject({ value: { kind: 'status', value: word.code } });
    for (const word of KIND_VALUES)
      expect(parsedValue(word.label)).toMatchObject({ value: { kind: 'kind', value: word.code } });
  });
});
