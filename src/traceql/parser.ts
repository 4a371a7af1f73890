// TraceQL parser: tokens → typed AST, with Tempo's operator precedences (pkg/traceql/expr.y):
// `&&` and `||` share the lowest level and associate left; comparisons and structural operators
// sit above them; then `+ -`, unary `!`, `* / %`, and right-associative `^`.
// See docs/decisions/0040-traceql-parser.md for why the typed AST comes from this parser rather
// than from the lezer tree, and how the lezer grammar is still used.
import type {
  AggregateFn,
  ComparisonOp,
  FieldBinaryOp,
  FieldExpr,
  HintValue,
  Intrinsic,
  MetricsCall,
  PipelineStage,
  ScalarExpr,
  SpansetExpr,
  SpansetOp,
  StaticValue,
  TraceQLQuery,
} from './ast.ts';
import { LexError, type Token, tokenize } from './lexer.ts';
import {
  ARITHMETIC_OPERATORS,
  COMPARISON_OPERATORS,
  COMPARISON_PRECEDENCE,
  type ComparisonWord,
  FUNCTIONS,
  type FunctionStage,
  functionWord,
  HINTS_KEYWORD,
  intrinsicWord,
  isFunctionOfStage,
  KIND_VALUES,
  LOGICAL_OPERATORS,
  LOGICAL_PRECEDENCE,
  OLD_INTRINSICS,
  SPANSET_OPERATORS,
  STATUS_VALUES,
  spansetPrecedence,
  UNARY_OPERATORS,
  VALUE_KEYWORDS,
} from './vocabulary.ts';

export interface TraceQLError {
  from: number;
  to: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
}

export type ParseResult = { ok: true; ast: TraceQLQuery } | { ok: false; errors: TraceQLError[] };

class ParseError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

type StaticType = 'string' | 'number' | 'duration' | 'bool' | 'status' | 'kind' | 'nil' | 'any';

/** Bare words that are values (`true`, `error`, `server`, `minInt`…) and the value each stands for. */
const STATIC_KEYWORDS: ReadonlyMap<string, StaticValue> = new Map<string, StaticValue>([
  ...VALUE_KEYWORDS.map((word): [string, StaticValue] => [word.label, word.value]),
  ...STATUS_VALUES.map((word): [string, StaticValue] => [word.label, { kind: 'status', value: word.code }]),
  ...KIND_VALUES.map((word): [string, StaticValue] => [word.label, { kind: 'kind', value: word.code }]),
]);

const isStage = (stage: FunctionStage) => (name: string) => isFunctionOfStage(name, stage);
const isAggregate = isStage('aggregate');
const isMetricsFunction = isStage('metrics');
const isSecondStageMetrics = isStage('metrics-second');

const FIELD_BP: Readonly<Record<string, number>> = Object.fromEntries([
  ...LOGICAL_OPERATORS.map((op) => [op.label, LOGICAL_PRECEDENCE]),
  ...COMPARISON_OPERATORS.map((op) => [op.label, COMPARISON_PRECEDENCE]),
  ...ARITHMETIC_OPERATORS.map((op) => [op.label, op.precedence]),
]);

const SPANSET_BP: Readonly<Record<string, number>> = Object.fromEntries(
  SPANSET_OPERATORS.map((op) => [op.label, spansetPrecedence(op.label)]),
);

/** Arithmetic between metrics queries (`(… | rate()) / (… | rate())`). */
const METRICS_ARITHMETIC_BP: Readonly<Record<string, number>> = Object.fromEntries(
  ARITHMETIC_OPERATORS.map((op) => [op.label, op.metricsPrecedence]),
);

const SCALAR_OPERATORS: ReadonlySet<string> = new Set(ARITHMETIC_OPERATORS.map((op) => op.label));

/** The comparisons of scalar filters and metrics thresholds: all but the regex matches. */
const COMPARISONS: ReadonlySet<string> = new Set(
  COMPARISON_OPERATORS.flatMap((op: ComparisonWord) => (op.mirror ? [op.label] : [])),
);

const UNARY_OPERAND_BP: Readonly<Record<string, number>> = Object.fromEntries(
  UNARY_OPERATORS.map((op) => [op.label, op.operandPrecedence]),
);

/** For error messages: `count(), avg(), …, coalesce()` and `count(), avg(…), …`. */
const SPANSET_STAGES = FUNCTIONS.filter((fn) => fn.stage === 'aggregate' || fn.stage === 'pipeline')
  .map((fn) => `${fn.label}()`)
  .join(', ');
const AGGREGATE_CALLS = FUNCTIONS.filter((fn) => fn.stage === 'aggregate')
  .map((fn) => `${fn.label}(${fn.parameters.length ? '…' : ''})`)
  .join(', ');

function intrinsicType(name: Intrinsic): StaticType {
  const type = intrinsicWord(name)?.type ?? 'string';
  return type === 'int' ? 'number' : type;
}

function describeToken(tok: Token): string {
  switch (tok.t) {
    case 'eof':
      return 'the end of the query';
    case 'string':
      return 'a string';
    case 'int':
    case 'float':
      return 'a number';
    case 'duration':
      return 'a duration';
    case 'attribute':
      return 'an attribute';
    case 'intrinsic':
      return `"${tok.name}"`;
    default:
      return `"${tok.value}"`;
  }
}

/**
 * How deep a query may nest (parentheses, unary operators, sub-pipelines) and how deep its operator
 * tree may grow (`a || b || …` leans left one level per operator). Parsing, type checks and every
 * evaluator recurse over the tree, so a `filter=` of 4,000 "(" would overflow the stack; past these
 * it is an ordinary parse error. Real queries stay far below both.
 */
export const MAX_QUERY_NESTING = 200;
export const MAX_OPERATOR_DEPTH = 1000;

const TOO_NESTED = `the query nests too deeply (more than ${MAX_QUERY_NESTING} levels of parentheses or operators)`;
const TOO_DEEP = `the query has too many chained operators (more than ${MAX_OPERATOR_DEPTH} in one expression)`;

class Parser {
  private pos = 0;
  private metrics: MetricsCall | undefined;
  /** Recursive descents under way. */
  private nesting = 0;
  /** Depth of each operator node built (leaves count 1), so left-leaning chains are bounded too. */
  private readonly depths = new WeakMap<object, number>();

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): TraceQLQuery {
    const pipeline = this.parsePipeline();
    const hints = this.isIdent(HINTS_KEYWORD) ? this.parseHints() : {};
    const tok = this.peek();
    if (tok.t !== 'eof') {
      throw this.error(tok, `expected "|", a spanset operator, with(…) or the end of the query`);
    }
    const query: TraceQLQuery = { type: 'query', pipeline, hints };
    if (this.metrics) query.metrics = this.metrics;
    return query;
  }

  // ---- tokens

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const tok = this.peek();
    if (tok.t !== 'eof') this.pos++;
    return tok;
  }

  private isOp(value: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.t === 'op' && tok.value === value;
  }

  private isIdent(value: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.t === 'ident' && tok.value === value;
  }

  private expectOp(value: string, context: string): Token {
    const tok = this.peek();
    if (tok.t === 'op' && tok.value === value) return this.next();
    throw this.error(tok, `expected "${value}" ${context}, found ${describeToken(tok)}`);
  }

  /** Runs one recursive descent, refusing past MAX_QUERY_NESTING. */
  private nested<T>(parse: () => T): T {
    if (this.nesting >= MAX_QUERY_NESTING) throw this.error(this.peek(), TOO_NESTED);
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** Records an operator node's depth (one more than its deepest child), refusing past MAX_OPERATOR_DEPTH. */
  private deepened<T extends object>(node: T, children: readonly object[], at: Token): T {
    const depth = 1 + Math.max(...children.map((child) => this.depths.get(child) ?? 1));
    if (depth > MAX_OPERATOR_DEPTH) throw this.error(at, TOO_DEEP);
    this.depths.set(node, depth);
    return node;
  }

  private error(tok: Token, message: string): ParseError {
    return new ParseError(message, tok.from, Math.max(tok.to, tok.from));
  }

  private textOf(from: number, to: number): string {
    return this.text.slice(from, to).trim();
  }

  // ---- pipelines and spanset expressions

  private parsePipeline(): SpansetExpr {
    return this.nested(() => this.parsePipelineHere());
  }

  private parsePipelineHere(): SpansetExpr {
    const stages: PipelineStage[] = [this.parseFirstStage()];
    while (this.isOp('|')) {
      this.next();
      const stage = this.parseStage();
      if (stage) stages.push(stage);
    }
    if (stages.length === 1 && this.isSpansetExpr(stages[0])) return stages[0];
    return { type: 'pipeline', stages };
  }

  private isSpansetExpr(stage: PipelineStage): stage is SpansetExpr {
    return stage.type === 'filter' || stage.type === 'spansetOp' || stage.type === 'pipeline';
  }

  private parseFirstStage(): PipelineStage {
    const tok = this.peek();
    if (tok.t === 'ident' && (isAggregate(tok.value) || tok.value === 'by')) {
      const stage = this.parseStage();
      if (stage) return stage;
    }
    return this.parseSpansetExpr(0);
  }

  /** One stage after `|`; undefined for metrics stages (recorded in `this.metrics`). */
  private parseStage(): PipelineStage | undefined {
    const tok = this.peek();
    if (this.metrics) {
      this.parseMetricsFollowUp();
      return undefined;
    }
    if (tok.t === 'op' && (tok.value === '{' || tok.value === '(')) return this.parseSpansetExpr(0);
    if (tok.t === 'ident') {
      if (tok.value === 'by') {
        this.next();
        const open = this.expectOp('(', 'after by');
        const field = this.parseField(0);
        const close = this.expectOp(')', 'to close by(');
        return { type: 'by', field, text: `by(${this.textOf(open.to, close.from)})` };
      }
      if (tok.value === 'select') {
        this.next();
        this.expectOp('(', 'after select');
        const fields: Array<{ field: FieldExpr; text: string }> = [];
        for (;;) {
          const start = this.peek().from;
          const field = this.parseField(0);
          fields.push({ field, text: this.textOf(start, this.peek().from) });
          if (!this.isOp(',')) break;
          this.next();
        }
        this.expectOp(')', 'or "," in select(…)');
        return { type: 'select', fields };
      }
      if (tok.value === 'coalesce') {
        this.next();
        this.expectOp('(', 'after coalesce');
        this.expectOp(')', 'coalesce() takes no arguments');
        return { type: 'coalesce' };
      }
      if (isMetricsFunction(tok.value)) {
        this.parseMetricsCall();
        return undefined;
      }
    }
    if (tok.t === 'ident' && isAggregate(tok.value)) return this.parseScalarFilter();
    if (tok.t === 'int' || tok.t === 'float' || tok.t === 'duration') return this.parseScalarFilter();
    throw this.error(
      tok,
      `expected a spanset filter "{…}", ${SPANSET_STAGES} or a metrics function after "|", found ${describeToken(tok)}`,
    );
  }

  private parseSpansetExpr(minBp: number): SpansetExpr {
    return this.nested(() => this.parseSpansetExprHere(minBp));
  }

  private parseSpansetExprHere(minBp: number): SpansetExpr {
    let lhs = this.parseSpansetPrimary();
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op') break;
      const arithmeticBp = this.metrics ? METRICS_ARITHMETIC_BP[tok.value] : undefined;
      const bp = SPANSET_BP[tok.value] ?? arithmeticBp;
      if (bp === undefined || bp < minBp) break;
      this.next();
      const isArithmetic = arithmeticBp !== undefined && SPANSET_BP[tok.value] === undefined;
      if (isArithmetic && this.metrics) this.metrics.unsupported ??= 'arithmetic between metrics queries';
      const rhs = this.parseSpansetExpr(tok.value === '^' ? bp : bp + 1);
      if (isArithmetic) continue;
      lhs = this.deepened({ type: 'spansetOp', op: tok.value as SpansetOp, lhs, rhs }, [lhs, rhs], tok);
    }
    return lhs;
  }

  private parseSpansetPrimary(): SpansetExpr {
    const tok = this.peek();
    if (tok.t === 'op' && tok.value === '{') {
      this.next();
      if (this.isOp('}')) {
        const close = this.next();
        return { type: 'filter', expr: null, from: tok.from, to: close.to };
      }
      const expr = this.parseField(0);
      this.checkCondition(expr);
      const close = this.peek();
      if (!(close.t === 'op' && close.value === '}')) {
        throw this.error(close, `expected "}" or an operator, found ${describeToken(close)}`);
      }
      this.next();
      return { type: 'filter', expr, from: tok.from, to: close.to };
    }
    if (tok.t === 'op' && tok.value === '(') {
      this.next();
      const inner = this.parsePipeline();
      this.expectOp(')', 'to close "("');
      return inner;
    }
    throw this.error(tok, `expected a spanset filter "{…}" or "(", found ${describeToken(tok)}`);
  }

  // ---- metrics

  private parseMetricsCall(): void {
    const name = this.next();
    const fn = name.t === 'ident' ? name.value : '';
    const call: MetricsCall = { fn, from: name.from, to: name.to, by: [] };
    if (this.metrics) this.metrics.unsupported ??= 'arithmetic between metrics queries';
    else this.metrics = call;
    const word = functionWord(fn);
    if (!word) {
      call.unsupported ??= `${fn}()`;
      this.skipArguments(name);
    } else if (fn === 'compare') {
      call.compare = this.parseCompareArguments();
    } else {
      this.expectOp('(', `after ${describeToken(name)}`);
      if (word.parameters.length > 0) {
        call.field = this.parseMetricsField(`${fn}(…)`);
        if (fn === 'quantile_over_time') {
          call.quantiles = [];
          // Tempo's grammar wants at least one quantile: `quantile_over_time(duration, .99)`.
          if (!this.isOp(',')) {
            const tok = this.peek();
            throw this.error(
              tok,
              `expected "," and the quantiles (.5, .99…) in ${fn}(…), found ${describeToken(tok)}`,
            );
          }
          while (this.isOp(',')) {
            this.next();
            call.quantiles.push(this.parseNumberArgument('a quantile'));
          }
        }
      }
      this.expectOp(')', `to close ${fn}(`);
    }
    if (this.isIdent('by')) call.by = this.parseMetricsBy();
    this.parseMetricsComparison();
  }

  /** `compare({ selection }[, topN[, start, end]])`, as Tempo's grammar has it (start/end in unix ns). */
  private parseCompareArguments(): NonNullable<MetricsCall['compare']> {
    this.expectOp('(', 'after compare');
    const open = this.peek();
    const selection = this.parseSpansetPrimary();
    if (selection.type !== 'filter') {
      throw this.error(open, 'expected a spanset filter "{…}" as compare()\'s selection');
    }
    // Start and end are unix nanoseconds, past 2^53: read from the text, not the token's number.
    const args: bigint[] = [];
    while (this.isOp(',') && args.length < 3) {
      this.next();
      const tok = this.peek();
      this.parseNumberArgument(args.length === 0 ? 'the number of values per attribute' : 'a time');
      if (tok.t !== 'int' || tok.value <= 0) {
        throw this.error(tok, 'compare() takes positive integers: the number of values, then start and end');
      }
      args.push(BigInt(this.textOf(tok.from, tok.to)));
    }
    if (args.length === 2) {
      throw this.error(this.peek(), 'compare() takes the number of values alone, or with both start and end');
    }
    this.expectOp(')', 'to close compare(');
    const [topN = 10n, start, end] = args;
    if (start !== undefined && end !== undefined && end <= start) {
      throw this.error(open, 'compare() end timestamp must be greater than start timestamp');
    }
    return { selection, topN: Number(topN), startNs: start, endNs: end };
  }

  private parseMetricsBy(): Array<{ field: FieldExpr; text: string }> {
    this.next();
    this.expectOp('(', 'after by');
    const fields: Array<{ field: FieldExpr; text: string }> = [];
    for (;;) {
      const start = this.peek().from;
      const field = this.parseMetricsField('by(…)');
      fields.push({ field, text: this.textOf(start, this.tokens[this.pos - 1].to) });
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')', 'or "," in by(…)');
    return fields;
  }

  /** A metrics function's field and a metrics by()'s fields are attributes or intrinsics, not expressions. */
  private parseMetricsField(where: string): FieldExpr {
    const tok = this.peek();
    if (tok.t === 'eof' || (tok.t === 'op' && (tok.value === ')' || tok.value === ','))) {
      throw this.error(tok, `expected an attribute or intrinsic in ${where}, found ${describeToken(tok)}`);
    }
    const field = this.parseField(0);
    if (field.type !== 'attribute' && field.type !== 'intrinsic') {
      const found = field.type === 'static' ? describeToken(tok) : 'an expression';
      throw new ParseError(
        `expected an attribute or intrinsic in ${where}, found ${found}`,
        field.from,
        Math.max(field.to, field.from + 1),
      );
    }
    return field;
  }

  private parseNumberArgument(what: string): number {
    const tok = this.next();
    if (tok.t !== 'int' && tok.t !== 'float') {
      throw this.error(tok, `expected ${what} (a number), found ${describeToken(tok)}`);
    }
    return tok.value;
  }

  private parseMetricsFollowUp(): void {
    const tok = this.peek();
    const metrics = this.metrics!;
    if (tok.t === 'ident' && isSecondStageMetrics(tok.value)) {
      this.next();
      this.expectOp('(', `after ${describeToken(tok)}`);
      const k = this.parseNumberArgument('the number of series');
      this.expectOp(')', `to close ${tok.value}(`);
      if (metrics.second) metrics.unsupported ??= 'more than one second stage';
      else metrics.second = { fn: tok.value as 'topk' | 'bottomk', k };
      this.parseMetricsComparison();
      return;
    }
    if (tok.t === 'ident' && isMetricsFunction(tok.value)) {
      metrics.unsupported ??= 'a metrics function after another';
      this.next();
      this.skipArguments(tok);
      if (this.isIdent('by')) this.skipArguments(this.next());
      this.parseMetricsComparison();
      return;
    }
    if (tok.t === 'op' && COMPARISONS.has(tok.value)) {
      this.parseMetricsComparison();
      return;
    }
    throw this.error(
      tok,
      `expected topk(…), bottomk(…) or a comparison after "|", found ${describeToken(tok)}`,
    );
  }

  private parseMetricsComparison(): void {
    const tok = this.peek();
    if (tok.t !== 'op' || !COMPARISONS.has(tok.value)) return;
    this.metrics!.unsupported ??= `a threshold (${tok.value} …) on a metrics query`;
    this.next();
    const value = this.next();
    if (value.t === 'op' && value.value === '-') this.next();
    else if (value.t !== 'int' && value.t !== 'float' && value.t !== 'duration') {
      throw this.error(value, `expected a number after "${tok.value}", found ${describeToken(value)}`);
    }
  }

  /** Skips a balanced `( … )` argument list, checking spanset filters and field expressions inside. */
  private skipArguments(fn: Token): void {
    this.expectOp('(', `after ${describeToken(fn)}`);
    let depth = 1;
    while (depth > 0) {
      const tok = this.peek();
      if (tok.t === 'eof') throw this.error(tok, `expected ")" to close ${describeToken(fn)}(`);
      if (tok.t === 'op' && tok.value === '{') {
        this.parseSpansetPrimary();
        continue;
      }
      this.next();
      if (tok.t === 'op' && tok.value === '(') depth++;
      if (tok.t === 'op' && tok.value === ')') depth--;
    }
  }

  // ---- hints

  private parseHints(): Record<string, HintValue> {
    const withTok = this.next();
    this.expectOp('(', `after ${describeToken(withTok)}`);
    const hints: Record<string, HintValue> = {};
    for (;;) {
      const key = this.next();
      if (key.t !== 'ident') throw this.error(key, `expected a hint name, found ${describeToken(key)}`);
      this.expectOp('=', `after the hint name "${key.value}"`);
      const value = this.next();
      if (value.t === 'ident' && (value.value === 'true' || value.value === 'false')) {
        hints[key.value] = value.value === 'true';
      } else if (value.t === 'int' || value.t === 'float' || value.t === 'duration' || value.t === 'string') {
        hints[key.value] = value.value;
      } else {
        throw this.error(value, `expected a hint value (true, false, a number, duration or string)`);
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')', 'or "," in with(…)');
    return hints;
  }

  // ---- scalar filters

  private parseScalarFilter(): PipelineStage {
    const lhs = this.parseScalar(0);
    const tok = this.peek();
    if (tok.t !== 'op' || !COMPARISONS.has(tok.value)) {
      throw this.error(
        tok,
        `expected a comparison (= != < <= > >=) after the aggregate, found ${describeToken(tok)}`,
      );
    }
    this.next();
    const rhs = this.parseScalar(0);
    return { type: 'scalarFilter', op: tok.value as ComparisonOp, lhs, rhs };
  }

  private parseScalar(minBp: number): ScalarExpr {
    return this.nested(() => this.parseScalarHere(minBp));
  }

  private parseScalarHere(minBp: number): ScalarExpr {
    let lhs = this.parseScalarPrimary();
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op' || !SCALAR_OPERATORS.has(tok.value)) break;
      const bp = FIELD_BP[tok.value];
      if (bp < minBp) break;
      this.next();
      const rhs = this.parseScalar(tok.value === '^' ? bp : bp + 1);
      lhs = this.deepened({ type: 'scalarBinary', op: tok.value as '+', lhs, rhs }, [lhs, rhs], tok);
    }
    return lhs;
  }

  private parseScalarPrimary(): ScalarExpr {
    const tok = this.peek();
    if (tok.t === 'ident' && isAggregate(tok.value)) {
      this.next();
      this.expectOp('(', `after ${tok.value}`);
      let field: FieldExpr | undefined;
      if (tok.value !== 'count') field = this.parseField(0);
      const close = this.expectOp(
        ')',
        tok.value === 'count' ? 'count() takes no arguments' : `to close ${tok.value}(`,
      );
      const text = `${tok.value}(${this.textOf(tok.to + 1, close.from)})`;
      return field
        ? { type: 'aggregate', fn: tok.value as AggregateFn, field, text }
        : { type: 'aggregate', fn: 'count', text };
    }
    if (tok.t === 'int' || tok.t === 'float' || tok.t === 'duration') {
      this.next();
      return { type: 'static', value: { kind: tok.t, value: tok.value } };
    }
    if (tok.t === 'op' && tok.value === '-') {
      this.next();
      const inner = this.parseScalarPrimary();
      return {
        type: 'scalarBinary',
        op: '-',
        lhs: { type: 'static', value: { kind: 'int', value: 0 } },
        rhs: inner,
      };
    }
    if (tok.t === 'op' && tok.value === '(') {
      this.next();
      const inner = this.parseScalar(0);
      this.expectOp(')', 'to close "("');
      return inner;
    }
    throw this.error(tok, `expected ${AGGREGATE_CALLS} or a number, found ${describeToken(tok)}`);
  }

  // ---- field expressions

  private parseField(minBp: number): FieldExpr {
    return this.nested(() => this.parseFieldHere(minBp));
  }

  private parseFieldHere(minBp: number): FieldExpr {
    let lhs = this.parseFieldPrefix();
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op') break;
      const bp = FIELD_BP[tok.value];
      if (bp === undefined || bp < minBp) break;
      this.next();
      const rhs = this.parseField(tok.value === '^' ? bp : bp + 1);
      lhs = this.deepened(
        { type: 'binary', op: tok.value as FieldBinaryOp, lhs, rhs, from: lhs.from, to: rhs.to },
        [lhs, rhs],
        tok,
      );
      this.checkBinary(lhs, tok);
    }
    return lhs;
  }

  private parseFieldPrefix(): FieldExpr {
    const tok = this.peek();
    if (tok.t === 'op' && (tok.value === '!' || tok.value === '-')) {
      this.next();
      const operand = this.parseField(UNARY_OPERAND_BP[tok.value]);
      const expr: FieldExpr = this.deepened(
        { type: 'unary', op: tok.value, operand, from: tok.from, to: operand.to },
        [operand],
        tok,
      );
      const type = staticType(operand);
      if (tok.value === '!' && type !== 'bool' && type !== 'any') {
        throw this.error(tok, `"!" needs a condition, but its operand is a ${type}`);
      }
      if (tok.value === '-' && type !== 'number' && type !== 'duration' && type !== 'any') {
        throw this.error(tok, `"-" needs a number or duration, but its operand is a ${type}`);
      }
      return expr;
    }
    if (tok.t === 'op' && tok.value === '(') {
      this.next();
      const inner = this.parseField(0);
      this.expectOp(')', 'or an operator');
      return inner;
    }
    this.next();
    switch (tok.t) {
      case 'string':
        return { type: 'static', value: { kind: 'string', value: tok.value }, from: tok.from, to: tok.to };
      case 'int':
      case 'float':
      case 'duration':
        return { type: 'static', value: { kind: tok.t, value: tok.value }, from: tok.from, to: tok.to };
      case 'attribute':
        return {
          type: 'attribute',
          scope: tok.scope,
          parent: tok.parent,
          name: tok.name,
          from: tok.from,
          to: tok.to,
        };
      case 'intrinsic':
        return { type: 'intrinsic', name: tok.name, from: tok.from, to: tok.to };
      case 'ident': {
        // Own properties only: `constructor` or `toString` must not resolve to Object.prototype.
        const value = STATIC_KEYWORDS.get(tok.value);
        if (value) return { type: 'static', value, from: tok.from, to: tok.to };
        const intrinsic = Object.hasOwn(OLD_INTRINSICS, tok.value) ? OLD_INTRINSICS[tok.value] : undefined;
        if (intrinsic) return { type: 'intrinsic', name: intrinsic, from: tok.from, to: tok.to };
        throw this.error(
          tok,
          `unknown identifier "${tok.value}": expected an attribute (".${tok.value}", "span.${tok.value}"), an intrinsic or a value`,
        );
      }
      default:
        this.pos--;
        throw this.error(
          tok,
          `expected an attribute, intrinsic, string, number, duration, true, false, nil, status or kind, found ${describeToken(tok)}`,
        );
    }
  }

  // ---- static type checks (Tempo rejects these at parse time too)

  private checkCondition(expr: FieldExpr): void {
    const type = staticType(expr);
    if (type !== 'bool' && type !== 'any') {
      throw new ParseError(
        `a spanset filter needs a condition, e.g. { span.http.response.status_code >= 500 }, but this is a ${type}`,
        expr.from,
        expr.to,
      );
    }
  }

  private checkBinary(expr: FieldExpr & { type: 'binary' }, opTok: Token): void {
    const lt = staticType(expr.lhs);
    const rt = staticType(expr.rhs);
    const op = expr.op;
    const fail = (message: string) => new ParseError(message, opTok.from, opTok.to);
    if (op === '&&' || op === '||') {
      for (const t of [lt, rt])
        if (t !== 'bool' && t !== 'any') throw fail(`"${op}" needs conditions on both sides, found a ${t}`);
      return;
    }
    if (op === '=~' || op === '!~') {
      if (!(expr.rhs.type === 'static' && expr.rhs.value.kind === 'string')) {
        throw fail(`"${op}" needs a regular expression string on its right`);
      }
      if (lt !== 'string' && lt !== 'any')
        throw fail(`"${op}" matches strings, but its left side is a ${lt}`);
      return;
    }
    if (COMPARISONS.has(op)) {
      if (lt === 'nil' || rt === 'nil') {
        if (op !== '=' && op !== '!=') throw fail(`nil can only be compared with = or !=`);
        return;
      }
      if (lt === 'any' || rt === 'any' || lt === rt) return;
      const numeric = (t: StaticType) => t === 'number' || t === 'duration';
      if (numeric(lt) && numeric(rt)) return;
      throw fail(`cannot compare a ${lt} with a ${rt}`);
    }
    for (const t of [lt, rt]) {
      if (t !== 'number' && t !== 'duration' && t !== 'any')
        throw fail(`"${op}" needs numbers, found a ${t}`);
    }
  }
}

export function staticType(expr: FieldExpr): StaticType {
  switch (expr.type) {
    case 'static': {
      const k = expr.value.kind;
      return k === 'int' || k === 'float' ? 'number' : k;
    }
    case 'intrinsic':
      return intrinsicType(expr.name);
    case 'attribute':
      return 'any';
    case 'unary':
      return expr.op === '!' ? 'bool' : staticType(expr.operand);
    case 'binary': {
      if (FIELD_BP[expr.op] <= 2) return 'bool';
      const lt = staticType(expr.lhs);
      const rt = staticType(expr.rhs);
      if (lt === 'duration' || rt === 'duration') return 'duration';
      if (lt === 'any' || rt === 'any') return 'any';
      return 'number';
    }
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses a TraceQL query. Never throws; errors carry positions and say what was expected. */
export function parseTraceQL(text: string): ParseResult {
  try {
    const tokens = tokenize(text);
    const ast = new Parser(text, tokens).parseQuery();
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseError || e instanceof LexError) {
      return {
        ok: false,
        errors: [{ from: e.from, to: e.to, ...position(text, e.from), message: e.message }],
      };
    }
    throw e;
  }
}
