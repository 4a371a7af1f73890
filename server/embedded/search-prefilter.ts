// A conservative pre-filter derived from a TraceQL query: false only when the query provably cannot
// match a stored trace, judged from the trace's chunk digests (./span-digest.ts) and its start/end,
// before anything is decoded. Every condition it does not understand counts as "may hold", so the
// full evaluation still decides every trace it lets through.

import type { FieldExpr, SpansetExpr, StaticValue, TraceQLQuery } from '../../src/traceql/ast.ts';
import { regexFor } from '../../src/traceql/fields.ts';
import {
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  type ComparisonWord,
} from '../../src/traceql/vocabulary.ts';
import {
  bloomMightContain,
  type ChunkDigest,
  EVENT_NAME_KEY,
  EVENT_OFFSET,
  LINK_OFFSET,
  MAX_INDEXED_STRING,
  numberKeyHash,
  numberRangeMightHold,
  numberText,
  RESOURCE_OFFSET,
  SCOPE_NAME_KEY,
  SCOPE_VERSION_KEY,
  STATUS_MESSAGE_KEY,
  Token,
  tokenHash,
} from './span-digest.ts';
import { splitOperationKey, type TraceRecord } from './store.ts';

/** May some span of the chunk satisfy the condition? */
type SpanTest = (digest: ChunkDigest, rec: TraceRecord) => boolean;
/** May the trace match? */
export type TracePrefilter = (rec: TraceRecord) => boolean;

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const COMPARISON_SPELLINGS: ReadonlySet<string> = new Set(COMPARISON_OPERATORS.map((op) => op.label));

type Comparison = ComparisonOperator;
/** Each comparison with its sides swapped (`1 < x` is `x > 1`). */
const FLIPPED: Readonly<Record<string, Comparison>> = Object.fromEntries(
  COMPARISON_OPERATORS.flatMap((op: ComparisonWord) =>
    op.mirror ? [[op.label, op.mirror as Comparison]] : [],
  ),
);

function staticValue(v: StaticValue): number | string | boolean | undefined {
  return v.kind === 'nil' ? undefined : v.value;
}

function and(a: SpanTest | null, b: SpanTest | null): SpanTest | null {
  if (!a) return b;
  if (!b) return a;
  return (d, r) => a(d, r) && b(d, r);
}

function bloomTest(hash: number): SpanTest {
  return (d) => bloomMightContain(d.bloom, hash);
}

function eitherBloomTest(a: number, b: number): SpanTest {
  return (d) => bloomMightContain(d.bloom, a) || bloomMightContain(d.bloom, b);
}

/** The attribute scopes chunks are digested for: `span.`, `resource.`, `event.`, `link.` and unscoped. */
type IndexedScope = 'span' | 'resource' | 'event' | 'link' | 'none';

function isIndexedScope(scope: string): scope is IndexedScope {
  return (
    scope === 'span' || scope === 'resource' || scope === 'event' || scope === 'link' || scope === 'none'
  );
}

/** The token offset of the event and link scopes, which have one token each (no unscoped fallback). */
function ownOffset(scope: IndexedScope): number | undefined {
  return scope === 'event' ? EVENT_OFFSET : scope === 'link' ? LINK_OFFSET : undefined;
}

/** Token test for an attribute of an indexed scope. */
function attributeTokenTest(scope: IndexedScope, spanKind: number, key: string, value?: string): SpanTest {
  const offset = ownOffset(scope);
  if (offset !== undefined) return bloomTest(tokenHash(spanKind + offset, key, value));
  const own = tokenHash(spanKind, key, value);
  const resource = tokenHash(spanKind + RESOURCE_OFFSET, key, value);
  if (scope === 'span') return bloomTest(own);
  if (scope === 'resource') return bloomTest(resource);
  // Unscoped: the span's own attribute, else its resource's.
  return eitherBloomTest(own, resource);
}

function attributeComparison(
  field: FieldExpr & { type: 'attribute' },
  op: Comparison,
  value: number | string | boolean | undefined,
): SpanTest | null {
  if (field.parent) return inSomeChunk(attributeComparison({ ...field, parent: false }, op, value));
  const scope = field.scope;
  if (!isIndexedScope(scope)) return null;
  if (value === undefined) {
    // `!= nil` needs the key; `= nil` holds on any span without it.
    return op === '!=' ? attributeTokenTest(scope, Token.SpanKey, field.name) : null;
  }
  // Every other comparison is false when the attribute is absent.
  const present = attributeTokenTest(scope, Token.SpanKey, field.name);
  if (typeof value === 'number' && op !== '=' && op !== '!=')
    return numberRangeTest(scope, field.name, op, value);
  // `!=` against a string holds only on another string value (the evaluator compares one type).
  if (op === '!=' && typeof value === 'string')
    return listedStringTest(scope, field.name, (v) => v !== value);
  if (op !== '=') return present;
  if (typeof value === 'string') {
    if (value.length > MAX_INDEXED_STRING) return attributeTokenTest(scope, Token.SpanLongString, field.name);
    return attributeTokenTest(scope, Token.SpanString, field.name, value);
  }
  if (typeof value === 'number')
    return attributeTokenTest(scope, Token.SpanNumber, field.name, numberText(value));
  return attributeTokenTest(scope, Token.SpanBool, field.name, String(value));
}

/**
 * A test on a span's parent: the parent may live in any chunk of the trace, so the span's chunk may
 * hold when some chunk of the trace holds the parent's test (remembered per trace record).
 */
function inSomeChunk(test: SpanTest | null): SpanTest | null {
  if (!test) return null;
  let lastRec: TraceRecord | undefined;
  let lastVersion = -1;
  let last = false;
  return (_d, rec) => {
    if (rec !== lastRec || rec.version !== lastVersion) {
      lastRec = rec;
      lastVersion = rec.version;
      last = rec.digests.some((x) => test(x, rec));
    }
    return last;
  };
}

/** `attr =~ re` (or `!~`): a chunk none of whose string values of the key fits cannot match. */
function attributeRegexTest(
  field: FieldExpr & { type: 'attribute' },
  pattern: string,
  want: boolean,
): SpanTest | null {
  if (field.parent) return inSomeChunk(attributeRegexTest({ ...field, parent: false }, pattern, want));
  const scope = field.scope;
  if (!isIndexedScope(scope)) return null;
  const re = compiledRegex(pattern);
  return re ? listedStringTest(scope, field.name, (v) => re.matches(v) === want) : null;
}

/** Bounds the per-query memo when every trace brings new names. */
const MAX_REMEMBERED_OPERATIONS = 100_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function compiledRegex(pattern: string): ReturnType<typeof regexFor> | undefined {
  try {
    return regexFor(pattern, { regexes: new Map() });
  } catch {
    return undefined;
  }
}

/** `name =~ re` (or `!~`): some name of the trace must fit. */
function nameRegexTest(pattern: string, want: boolean): SpanTest | null {
  const re = compiledRegex(pattern);
  return re ? namesTest((name) => re.matches(name) === want) : null;
}

/**
 * A test on span names against the trace's operations, the dictionary of its span names the store
 * keeps: a trace none of whose names `fits` cannot match. Each distinct operation is tested once per
 * query. Names read as the decoder reads them (lone surrogates as U+FFFD).
 */
function namesTest(fits: (name: string) => boolean): SpanTest {
  const memo = new Map<string, boolean>();
  return (_d, rec) => {
    for (const op of rec.operations) {
      let fit = memo.get(op);
      if (fit === undefined) {
        fit = fits(splitOperationKey(op).name.replace(LONE_SURROGATE, '\uFFFD'));
        if (memo.size < MAX_REMEMBERED_OPERATIONS) memo.set(op, fit);
      }
      if (fit) return true;
    }
    return false;
  };
}

/** How a string value fits `op value` (`=`, `!=`, `=~`, `!~` against a string); null for anything else. */
function stringFits(
  op: Comparison,
  value: number | string | boolean | undefined,
): ((v: string) => boolean) | null {
  if (typeof value !== 'string') return null;
  switch (op) {
    case '=':
      return (v) => v === value;
    case '!=':
      return (v) => v !== value;
    case '=~':
    case '!~': {
      const re = compiledRegex(value);
      const want = op === '=~';
      return re ? (v) => re.matches(v) === want : null;
    }
    default:
      return null;
  }
}

/**
 * `statusMessage` against each chunk's listed messages (decision 0355): every span has one, the empty
 * string when none was sent, and it is always a string, so `=`, `!=`, `=~` and `!~` against a string
 * hold only on a message the chunk lists or on one it does not list. Event names and scope names and
 * versions are listed the same way (decision 0357).
 */
function listedFieldTest(
  key: number,
  unlistedToken: number,
  op: Comparison,
  value: number | string | boolean | undefined,
): SpanTest | null {
  const fits = stringFits(op, value);
  return fits ? listedTest([key], [tokenHash(unlistedToken, '')], fits) : null;
}

function statusMessageTest(op: Comparison, value: number | string | boolean | undefined): SpanTest | null {
  return listedFieldTest(STATUS_MESSAGE_KEY, Token.StatusMessageUnlisted, op, value);
}

/** The decoder's service for a resource without a string `service.name`. */
const UNKNOWN_SERVICE = 'unknown_service';

/**
 * Trace-level string intrinsics (decision 0357): the root is one of the trace's spans, so its name is
 * among the trace's names and its service among the resources' `service.name` values (or the
 * decoder's `unknown_service`), in any chunk.
 */
function rootTest(
  field: string,
  op: Comparison,
  value: number | string | boolean | undefined,
): SpanTest | null {
  const fits = stringFits(op, value);
  if (!fits) return null;
  if (field === 'trace:rootName') return namesTest(fits);
  if (fits(UNKNOWN_SERVICE)) return null;
  return inSomeChunk(listedStringTest('resource', 'service.name', fits));
}

/**
 * A test on an attribute's string values (`=~`, `!~`, `!=` hold only on strings): a chunk may match
 * when it lists a value of the key that `fits`, or holds a string of the key it does not list. Each
 * distinct value is tested once per query (memo capped as the names one is). Values read as the
 * decoder reads them (lone surrogates as U+FFFD).
 */
function listedStringTest(scope: IndexedScope, key: string, fits: (value: string) => boolean): SpanTest {
  const offset = ownOffset(scope);
  if (offset !== undefined)
    return listedTest(
      [tokenHash(Token.SpanKey + offset, key)],
      [tokenHash(Token.SpanLongString + offset, key)],
      fits,
    );
  const keys: number[] = [];
  const unlisted: number[] = [];
  if (scope !== 'resource') {
    keys.push(tokenHash(Token.SpanKey, key));
    unlisted.push(tokenHash(Token.SpanLongString, key));
  }
  if (scope !== 'span') {
    keys.push(tokenHash(Token.SpanKey + RESOURCE_OFFSET, key));
    unlisted.push(tokenHash(Token.SpanLongString + RESOURCE_OFFSET, key));
  }
  return listedTest(keys, unlisted, fits);
}

/**
 * A chunk may hold when one of its listed pairs under `keys` has a value that `fits`, or when its bloom
 * has one of the `unlisted` tokens (a value of the key it does not list). Each distinct value is tested
 * once per query (memo capped as the names one is), read as the decoder reads it (lone surrogates as
 * U+FFFD).
 */
function listedTest(
  keys: readonly number[],
  unlisted: readonly number[],
  fits: (value: string) => boolean,
): SpanTest {
  const [k0, k1 = k0] = keys;
  const memo = new Map<string, boolean>();
  const fitsValue = (value: string): boolean => {
    let hit = memo.get(value);
    if (hit === undefined) {
      hit = fits(value.replace(LONE_SURROGATE, '\uFFFD'));
      if (memo.size < MAX_REMEMBERED_OPERATIONS) memo.set(value, hit);
    }
    return hit;
  };
  return (d) => {
    for (const hash of unlisted) if (bloomMightContain(d.bloom, hash)) return true;
    const listedKeys = d.stringKeys;
    const values = d.stringValues;
    for (let i = 0; i < listedKeys.length; i++) {
      const k = listedKeys[i];
      if ((k === k0 || k === k1) && fitsValue(values[i])) return true;
    }
    return false;
  };
}

/** Which ranges [min, max] hold a number `x` with `x op value`. */
function rangeHolds(op: Comparison, value: number): ((min: number, max: number) => boolean) | null {
  switch (op) {
    case '>':
      return (_min, max) => max > value;
    case '>=':
      return (_min, max) => max >= value;
    case '<':
      return (min) => min < value;
    case '<=':
      return (min) => min <= value;
    default:
      return null;
  }
}

/**
 * `<`, `<=`, `>`, `>=` against a number hold only on number values (the evaluator compares values of
 * one type), so a chunk without a number of that key in range cannot match.
 */
function numberRangeTest(scope: IndexedScope, key: string, op: Comparison, value: number): SpanTest | null {
  const holds = rangeHolds(op, value);
  if (!holds || Number.isNaN(value)) return null;
  const offset = ownOffset(scope);
  if (offset !== undefined) {
    const hash = numberKeyHash(key, offset);
    return (d) => numberRangeMightHold(d.numberRanges, hash, holds);
  }
  const own = numberKeyHash(key, 0);
  const resource = numberKeyHash(key, RESOURCE_OFFSET);
  if (scope === 'span') return (d) => numberRangeMightHold(d.numberRanges, own, holds);
  if (scope === 'resource') return (d) => numberRangeMightHold(d.numberRanges, resource, holds);
  return (d) =>
    numberRangeMightHold(d.numberRanges, own, holds) || numberRangeMightHold(d.numberRanges, resource, holds);
}

function codeTest(
  op: Comparison,
  value: number | string | boolean | undefined,
  max: number,
  read: (d: ChunkDigest) => number,
): SpanTest | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) return null;
  const bit = 1 << value;
  if (op === '=') return (d) => (read(d) & bit) !== 0;
  if (op === '!=') return (d) => (read(d) & ~bit) !== 0;
  return null;
}

function durationTest(op: Comparison, value: number): SpanTest | null {
  switch (op) {
    case '>':
      return (d) => d.maxSpanNs > MAX_EXACT || d.maxSpanNs > value;
    case '>=':
      return (d) => d.maxSpanNs > MAX_EXACT || d.maxSpanNs >= value;
    case '<':
      return (d) => d.minSpanNs < value;
    case '<=':
      return (d) => d.minSpanNs <= value;
    case '=':
      return (d) => d.minSpanNs <= value && (d.maxSpanNs > MAX_EXACT || d.maxSpanNs >= value);
    default:
      return null;
  }
}

/** The decoder's trace duration never exceeds the stored end minus the stored start. */
function traceDurationTest(op: Comparison, value: number): SpanTest | null {
  const upper = (r: TraceRecord) => Number(r.endNs - r.startNs);
  switch (op) {
    case '>':
      return (_d, r) => upper(r) > MAX_EXACT || upper(r) > value;
    case '>=':
    case '=':
      return (_d, r) => upper(r) > MAX_EXACT || upper(r) >= value;
    default:
      return null;
  }
}

function comparison(expr: FieldExpr & { type: 'binary' }): SpanTest | null {
  let op = expr.op as Comparison;
  let field: FieldExpr;
  let value: number | string | boolean | undefined;
  if (expr.rhs.type === 'static') {
    field = expr.lhs;
    value = staticValue(expr.rhs.value);
  } else if (expr.lhs.type === 'static' && op in FLIPPED) {
    field = expr.rhs;
    value = staticValue(expr.lhs.value);
    op = FLIPPED[op];
  } else return null;
  if (op === '=~' || op === '!~') {
    if (field.type === 'intrinsic' && field.name === 'span:name' && typeof value === 'string')
      return nameRegexTest(value, op === '=~');
    if (field.type === 'intrinsic') return intrinsicStringTest(field.name, op, value);
    // The regex side must be a string attribute: some listed value of its key has to fit.
    if (field.type !== 'attribute' || typeof value !== 'string') return null;
    return attributeRegexTest(field, value, op === '=~');
  }
  if (field.type === 'attribute') return attributeComparison(field, op, value);
  if (field.type !== 'intrinsic' || value === undefined) return null;
  switch (field.name) {
    case 'span:name':
      if (typeof value !== 'string') return null;
      if (op === '=') return bloomTest(tokenHash(Token.SpanName, value));
      // A name is always a string: `!=` holds on any other name the trace has.
      return op === '!=' ? namesTest((name) => name !== value) : null;
    case 'span:status':
      return codeTest(op, value, 2, (d) => d.statuses);
    case 'span:kind':
      return codeTest(op, value, 5, (d) => d.kinds);
    case 'span:duration':
      return typeof value === 'number' ? durationTest(op, value) : null;
    case 'trace:duration':
      return typeof value === 'number' ? traceDurationTest(op, value) : null;
    default:
      return intrinsicStringTest(field.name, op, value);
  }
}

/** String intrinsics listed per chunk or known per trace; null for the others. */
function intrinsicStringTest(
  name: string,
  op: Comparison,
  value: number | string | boolean | undefined,
): SpanTest | null {
  switch (name) {
    case 'span:statusMessage':
      return statusMessageTest(op, value);
    case 'event:name':
      return listedFieldTest(EVENT_NAME_KEY, Token.EventNameUnlisted, op, value);
    case 'instrumentation:name':
      return listedFieldTest(SCOPE_NAME_KEY, Token.ScopeNameUnlisted, op, value);
    case 'instrumentation:version':
      return listedFieldTest(SCOPE_VERSION_KEY, Token.ScopeVersionUnlisted, op, value);
    case 'trace:rootName':
    case 'trace:rootService':
      return rootTest(name, op, value);
    default:
      return null;
  }
}

/** What a span must have for `expr` to be true on it; null when nothing can be ruled out. */
function spanTest(expr: FieldExpr): SpanTest | null {
  if (expr.type !== 'binary') return null;
  switch (expr.op) {
    case '&&':
      return and(spanTest(expr.lhs), spanTest(expr.rhs));
    case '||': {
      const a = spanTest(expr.lhs);
      const b = spanTest(expr.rhs);
      return a && b ? (d, r) => a(d, r) || b(d, r) : null;
    }
    default:
      return COMPARISON_SPELLINGS.has(expr.op) ? comparison(expr) : null;
  }
}

function traceAnd(a: TracePrefilter | null, b: TracePrefilter | null): TracePrefilter | null {
  if (!a) return b;
  if (!b) return a;
  return (r) => a(r) && b(r);
}

/**
 * The chunk's digest of the spans that may have a parent as the decoder links them (decision 0356):
 * the spans naming a parent ID, and the SERVER spans naming none whose ID a CLIENT span of the trace
 * may share (tree.ts links such a span under it). Null when no span of the chunk can have a parent.
 */
function withParentOf(d: ChunkDigest, rec: TraceRecord): ChunkDigest | null {
  const view = d.withParent;
  if (view === undefined) return d;
  const ids = d.serverRootIds;
  if (ids && ids.length > 0) {
    for (const hash of ids) for (const x of rec.digests) if (x.clientSpanIds?.includes(hash)) return d;
  }
  return view;
}

/** Structural operators whose result needs a right-hand span with a parent (`A > B`: B's parent is in A). */
const RIGHT_HAS_PARENT: ReadonlySet<string> = new Set(['>', '>>', '~', '&>', '&>>', '&~']);
/** …and those that need a left-hand span with a parent (`A < B`: B is an A span's parent). */
const LEFT_HAS_PARENT: ReadonlySet<string> = new Set(['<', '<<', '~', '&<', '&<<', '&~']);

/**
 * `withParent`: only spans that may have a parent count (the side of a structural operator that must
 * be a child, sibling or descendant). Applied to plain filters; other stages are tested as a whole.
 */
function spansetTest(expr: SpansetExpr, withParent = false): TracePrefilter | null {
  switch (expr.type) {
    case 'filter': {
      const test = expr.expr ? spanTest(expr.expr) : withParent ? () => true : null;
      if (!test) return null;
      if (withParent)
        return (rec) => {
          for (const d of rec.digests) {
            const view = withParentOf(d, rec);
            if (view && test(view, rec)) return true;
          }
          return false;
        };
      return (rec) => {
        for (const d of rec.digests) if (test(d, rec)) return true;
        return false;
      };
    }
    case 'spansetOp': {
      if (expr.op === '||') {
        const lhs = spansetTest(expr.lhs);
        const rhs = spansetTest(expr.rhs);
        return lhs && rhs ? (r) => lhs(r) || rhs(r) : null;
      }
      // `A !> B` keeps B spans whose parent is not in A: only B is needed.
      if (expr.op.startsWith('!')) return spansetTest(expr.rhs);
      // `&&` and the structural operators need spans on both sides.
      return traceAnd(
        spansetTest(expr.lhs, LEFT_HAS_PARENT.has(expr.op)),
        spansetTest(expr.rhs, RIGHT_HAS_PARENT.has(expr.op)),
      );
    }
    case 'pipeline': {
      // Later stages only narrow or regroup what the spanset stages found.
      let all: TracePrefilter | null = null;
      for (const stage of expr.stages) {
        if (stage.type === 'filter' || stage.type === 'spansetOp' || stage.type === 'pipeline')
          all = traceAnd(all, spansetTest(stage));
      }
      return all;
    }
  }
}

/** The query's pre-filter, or undefined when it cannot rule any trace out. */
export function compilePrefilter(query: TraceQLQuery): TracePrefilter | undefined {
  return spansetTest(query.pipeline) ?? undefined;
}
