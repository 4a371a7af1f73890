// Compiles field expressions into closures over the span table, once per (query, trace).
// Values are plain JS primitives: numbers (ints, floats, durations in ns, status and kind codes),
// strings, booleans, and `undefined` for nil. Nothing is allocated per span on the hot paths.
import { RE2JS } from 're2js';
import type { AttributeValue, SpanDetails, SpanEvent, SpanLink, SpanTable, Trace } from '../model/types.ts';
import type { FieldExpr, Intrinsic } from './ast.ts';

export type Value = number | string | boolean | undefined;
export type FieldFn = (row: number) => Value;

/** Per-query caches shared by every trace the query runs over. */
export interface QueryCache {
  regexes: Map<string, RE2JS>;
}

/** Per-trace state the closures read: the event and link being looked at, and the last details fetched. */
export class TraceContext {
  readonly table: SpanTable;
  event = -1;
  link = -1;
  private detailsRow = -1;
  private detailsValue: SpanDetails | undefined;
  private rootRow: number | undefined;
  private eventsRow = -1;
  private eventsValue: SpanEvent[] = [];
  private linksRow = -1;
  private linksValue: SpanLink[] = [];

  constructor(readonly trace: Trace) {
    this.table = trace.table;
  }

  /** The Trace object now holds another trace (a reader that refills one, server/embedded/metrics-spans.ts). */
  refilled(): void {
    this.detailsRow = -1;
    this.detailsValue = undefined;
    this.rootRow = undefined;
    this.eventsRow = -1;
    this.linksRow = -1;
  }

  /** The row's events (read once per row in a row: a filter tries them one by one). */
  events(row: number): SpanEvent[] {
    if (row !== this.eventsRow) {
      this.eventsValue = this.trace.details.events(row);
      this.eventsRow = row;
    }
    return this.eventsValue;
  }

  links(row: number): SpanLink[] {
    if (row !== this.linksRow) {
      this.linksValue = this.trace.details.links(row);
      this.linksRow = row;
    }
    return this.linksValue;
  }

  details(row: number): SpanDetails {
    if (row !== this.detailsRow || !this.detailsValue) {
      this.detailsValue = this.trace.details.get(row);
      this.detailsRow = row;
    }
    return this.detailsValue;
  }

  /** The true root: a span without a parent that is not an orphan; -1 when it was never received. */
  root(): number {
    if (this.rootRow === undefined) {
      this.rootRow = -1;
      for (const r of this.trace.roots) {
        if ((this.table.flags[r] & 2) === 0) {
          this.rootRow = r;
          break;
        }
      }
    }
    return this.rootRow;
  }

  spanId(row: number): string {
    const t = this.table;
    if ((t.flags[row] & (1 << 7)) !== 0) return t.oddSpanIds.get(row) ?? '';
    return hex8(t.spanIdHi[row]) + hex8(t.spanIdLo[row]);
  }
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

export function attributeToValue(v: AttributeValue | undefined): Value {
  if (!v) return undefined;
  switch (v.type) {
    case 'string':
      return v.value;
    case 'bool':
      return v.value;
    case 'int':
      return Number(v.value);
    case 'double':
      return v.value;
    default:
      return undefined;
  }
}

function findAttribute(list: ReadonlyArray<{ key: string; value: AttributeValue }>, key: string): Value {
  for (const a of list) if (a.key === key) return attributeToValue(a.value);
  return undefined;
}

function intrinsicFn(name: Intrinsic, ctx: TraceContext): FieldFn {
  const t = ctx.table;
  const trace = ctx.trace;
  switch (name) {
    case 'span:name':
      return (row) => t.strings[t.name[row]];
    case 'span:status':
      return (row) => t.status[row];
    case 'span:statusMessage':
      return (row) => t.strings[t.statusMessage[row]];
    case 'span:duration':
      return (row) => t.duration[row];
    case 'span:kind':
      return (row) => t.kind[row];
    case 'span:id':
      return (row) => ctx.spanId(row);
    case 'span:parentID':
      return (row) => {
        const p = t.parent[row];
        if (p >= 0) return ctx.spanId(p);
        const given = (t.flags[row] & 2) !== 0 ? ctx.details(row).parentSpanId : '';
        return given === '' ? undefined : given;
      };
    case 'span:childCount':
      return (row) => t.childStart[row + 1] - t.childStart[row];
    case 'trace:duration':
      return () => trace.durationNs;
    case 'trace:rootName':
      return () => {
        const r = ctx.root();
        return r < 0 ? undefined : t.strings[t.name[r]];
      };
    case 'trace:rootService':
      return () => {
        const r = ctx.root();
        return r < 0 ? undefined : t.strings[t.service[r]];
      };
    case 'trace:id':
      return () => trace.traceId;
    case 'event:name':
      return (row) => (ctx.event < 0 ? undefined : ctx.events(row)[ctx.event].name);
    case 'event:timeSinceStart':
      return (row) => (ctx.event < 0 ? undefined : ctx.events(row)[ctx.event].time - t.start[row]);
    case 'link:traceID':
      return (row) => (ctx.link < 0 ? undefined : ctx.links(row)[ctx.link].traceId.toLowerCase());
    case 'link:spanID':
      return (row) => (ctx.link < 0 ? undefined : ctx.links(row)[ctx.link].spanId.toLowerCase());
    case 'instrumentation:name':
      return (row) => trace.details.scope(row).name;
    case 'instrumentation:version':
      return (row) => trace.details.scope(row).version;
  }
}

function attributeFn(expr: FieldExpr & { type: 'attribute' }, ctx: TraceContext): FieldFn {
  const { name, scope } = expr;
  const store = ctx.trace.details;
  // The table, not its parent column: a reader that refills one Trace swaps its columns.
  const table = ctx.table;
  let own: FieldFn;
  switch (scope) {
    case 'span':
    case 'resource':
      own = (row) => attributeToValue(store.attribute(row, scope, name));
      break;
    case 'none':
      own = (row) => {
        const v = store.attribute(row, 'span', name) ?? store.attribute(row, 'resource', name);
        return attributeToValue(v);
      };
      break;
    case 'event':
      own = (row) => (ctx.event < 0 ? undefined : findAttribute(ctx.events(row)[ctx.event].attributes, name));
      break;
    case 'link':
      own = (row) => (ctx.link < 0 ? undefined : findAttribute(ctx.links(row)[ctx.link].attributes, name));
      break;
    case 'instrumentation':
      own = (row) => findAttribute(store.scope(row).attributes, name);
      break;
  }
  if (!expr.parent) return own;
  return (row) => {
    const p = table.parent[row];
    return p < 0 ? undefined : own(p);
  };
}

/** The compiled `=~`/`!~` pattern; a value matches when `re.matches(value)` (the whole value). */
export function regexFor(pattern: string, cache: QueryCache): RE2JS {
  let re = cache.regexes.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    cache.regexes.set(pattern, re);
  }
  return re;
}

const isNil = (e: FieldExpr) => e.type === 'static' && e.value.kind === 'nil';

export function compileField(expr: FieldExpr, ctx: TraceContext, cache: QueryCache): FieldFn {
  switch (expr.type) {
    case 'static': {
      const v = expr.value;
      const constant: Value = v.kind === 'nil' ? undefined : v.value;
      return () => constant;
    }
    case 'intrinsic':
      return intrinsicFn(expr.name, ctx);
    case 'attribute':
      return attributeFn(expr, ctx);
    case 'unary': {
      const operand = compileField(expr.operand, ctx, cache);
      if (expr.op === '!') {
        return (row) => {
          const v = operand(row);
          return typeof v === 'boolean' ? !v : undefined;
        };
      }
      return (row) => {
        const v = operand(row);
        return typeof v === 'number' ? -v : undefined;
      };
    }
    case 'binary':
      return compileBinary(expr, ctx, cache);
  }
}

function compileBinary(expr: FieldExpr & { type: 'binary' }, ctx: TraceContext, cache: QueryCache): FieldFn {
  const { op } = expr;
  // `= nil` / `!= nil` test presence (Tempo's documented meaning).
  if ((op === '=' || op === '!=') && (isNil(expr.lhs) || isNil(expr.rhs))) {
    const otherExpr = isNil(expr.lhs) ? expr.rhs : expr.lhs;
    if (otherExpr.type === 'intrinsic' && otherExpr.name === 'span:parentID') {
      // Presence of a parent ID without formatting one per span.
      const t = ctx.table;
      const hasParent = (row: number) =>
        t.parent[row] >= 0 || ((t.flags[row] & 2) !== 0 && ctx.details(row).parentSpanId !== '');
      return op === '=' ? (row) => !hasParent(row) : hasParent;
    }
    const other = compileField(otherExpr, ctx, cache);
    return op === '=' ? (row) => other(row) === undefined : (row) => other(row) !== undefined;
  }
  const lhs = compileField(expr.lhs, ctx, cache);
  if (op === '=~' || op === '!~') {
    const pattern =
      expr.rhs.type === 'static' && expr.rhs.value.kind === 'string' ? expr.rhs.value.value : '';
    const re = regexFor(pattern, cache);
    const want = op === '=~';
    return (row) => {
      const v = lhs(row);
      return typeof v === 'string' && re.matches(v) === want;
    };
  }
  const rhs = compileField(expr.rhs, ctx, cache);
  if ((op === '&&' || op === '||') && readsDetails(expr.lhs) && !readsDetails(expr.rhs)) {
    // Side-effect free, so test the table-only side first and skip attribute lookups when it decides.
    return op === '&&'
      ? (row) => rhs(row) === true && lhs(row) === true
      : (row) => rhs(row) === true || lhs(row) === true;
  }
  switch (op) {
    case '&&':
      return (row) => lhs(row) === true && rhs(row) === true;
    case '||':
      return (row) => lhs(row) === true || rhs(row) === true;
    case '=':
      return (row) => {
        const a = lhs(row);
        return a !== undefined && a === rhs(row);
      };
    case '!=':
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return a !== undefined && b !== undefined && typeof a === typeof b && a !== b;
      };
    case '<':
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return a !== undefined && b !== undefined && typeof a === typeof b && a < b;
      };
    case '<=':
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return a !== undefined && b !== undefined && typeof a === typeof b && a <= b;
      };
    case '>':
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return a !== undefined && b !== undefined && typeof a === typeof b && a > b;
      };
    case '>=':
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return a !== undefined && b !== undefined && typeof a === typeof b && a >= b;
      };
    default: {
      const arith = ARITHMETIC[op];
      return (row) => {
        const a = lhs(row);
        const b = rhs(row);
        return typeof a === 'number' && typeof b === 'number' ? arith(a, b) : undefined;
      };
    }
  }
}

/** Whether evaluating reads the details store (attributes, events, links, scope) rather than only the table. */
function readsDetails(expr: FieldExpr): boolean {
  const stack: FieldExpr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.type === 'attribute') return true;
    if (e.type === 'intrinsic' && /^(event|link|instrumentation):/.test(e.name)) return true;
    if (e.type === 'binary') stack.push(e.lhs, e.rhs);
    else if (e.type === 'unary') stack.push(e.operand);
  }
  return false;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};

/** Which per-span collections a filter walks: events and links are tried one by one (same-event semantics). */
export function fieldUses(expr: FieldExpr): { events: boolean; links: boolean } {
  const uses = { events: false, links: false };
  const stack: FieldExpr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.type === 'binary') stack.push(e.lhs, e.rhs);
    else if (e.type === 'unary') stack.push(e.operand);
    else if (e.type === 'attribute' && !e.parent) {
      if (e.scope === 'event') uses.events = true;
      if (e.scope === 'link') uses.links = true;
    } else if (e.type === 'intrinsic') {
      if (e.name.startsWith('event:')) uses.events = true;
      if (e.name.startsWith('link:')) uses.links = true;
    }
  }
  return uses;
}

/** A span predicate for one spanset filter: true when some (event, link) combination satisfies it. */
export function compileFilter(
  expr: FieldExpr | null,
  ctx: TraceContext,
  cache: QueryCache,
): (row: number) => boolean {
  if (expr === null) return () => true;
  const fn = compileField(expr, ctx, cache);
  const uses = fieldUses(expr);
  if (!uses.events && !uses.links) return (row) => fn(row) === true;
  return (row) => {
    const events = uses.events ? ctx.events(row).length : 0;
    const links = uses.links ? ctx.links(row).length : 0;
    try {
      for (let e = events > 0 ? 0 : -1; e < events || e === -1; e++) {
        ctx.event = e;
        for (let l = links > 0 ? 0 : -1; l < links || l === -1; l++) {
          ctx.link = l;
          if (fn(row) === true) return true;
          if (l === -1) break;
        }
        if (e === -1) break;
      }
      return false;
    } finally {
      ctx.event = -1;
      ctx.link = -1;
    }
  };
}
