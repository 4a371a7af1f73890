import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrace } from '../formats/index.ts';
import { SpanFlag, type Trace } from '../model/types.ts';
import { adjustClockSkew, clockSkew, withClockSkewAdjusted } from './clock-skew.ts';
import { criticalPath } from './critical-path.ts';
import { asciiTrace } from './testing/ascii-trace.ts';
import { describeSegments } from './testing/describe-path.ts';

const skewed = () =>
  asciiTrace(`
    0123456789012345
A      |=========|     client svc=front
 B  |=====|            server svc=back
  C   |=|              svc=back
`);

describe('clockSkew', () => {
  it('finds a child of another service that starts before its parent', () => {
    const drawn = skewed();
    expect(clockSkew(drawn.trace)).toEqual([
      { row: drawn.row('B'), parent: drawn.row('A'), startsBefore: 3, endsAfter: 0 },
    ]);
  });

  it('finds a child that ends after its parent', () => {
    const drawn = asciiTrace(`
A   |=====|          svc=front
 B     |=====|       svc=back
`);
    expect(clockSkew(drawn.trace)).toEqual([
      { row: drawn.row('B'), parent: drawn.row('A'), startsBefore: 0, endsAfter: 3 },
    ]);
  });

  it('does not call overflow inside one service skew', () => {
    const drawn = asciiTrace(`
A      |=====|
 B  |=====|
`);
    expect(clockSkew(drawn.trace)).toEqual([]);
  });
});

describe('adjustClockSkew', () => {
  it('centres a shorter child in its parent and moves its subtree with it', () => {
    const drawn = skewed();
    const before = drawn.trace.table.start.slice();
    const adjusted = adjustClockSkew(drawn.trace);
    // A is 3-13 (10), B is 6 long: centred it starts at 3 + 2 = 5; C moves by the same 5.
    expect(adjusted.start[drawn.row('A')]).toBe(3);
    expect(adjusted.start[drawn.row('B')]).toBe(5);
    expect(adjusted.start[drawn.row('C')]).toBe(7);
    expect(adjusted.warnings.map((warning) => warning.rows)).toEqual([[drawn.row('B')], [drawn.row('C')]]);
    expect(adjusted.warnings[0].kind).toBe('clock-skew');
    expect(adjusted.warnings[0].message).toContain('back B');
    expect(drawn.trace.table.start).toEqual(before);
  });

  it('moves a longer child only when it starts before its parent, to start with it', () => {
    const late = asciiTrace(`
A   |===|            svc=front
 B     |=======|     svc=back
`);
    expect(adjustClockSkew(late.trace).warnings).toEqual([]);
    const early = asciiTrace(`
A     |===|          svc=front
 B  |=======|        svc=back
`);
    expect(adjustClockSkew(early.trace).start[early.row('B')]).toBe(2);
  });

  it('gives a trace whose critical path sees the moved child inside its parent', () => {
    const drawn = skewed();
    const adjusted = withClockSkewAdjusted(drawn.trace);
    // Rebased: A starts at 0, B at 2, C at 4.
    expect(Array.from(adjusted.table.start)).toEqual([0, 2, 4]);
    expect(adjusted.startNs).toBe(3n);
    expect(adjusted.durationNs).toBe(10);
    expect(adjusted.table.flags[drawn.row('B')] & SpanFlag.SkewAdjusted).toBeTruthy();
    expect(adjusted.table.flags[drawn.row('A')] & SpanFlag.SkewAdjusted).toBe(0);
    expect(adjusted.warnings).toHaveLength(2);
    expect(describeSegments(drawn, criticalPath(adjusted))).toEqual([
      'A 0-2',
      'B 2-4',
      'C 4-6',
      'B 6-8',
      'A 8-10',
    ]);
    expect(drawn.trace.warnings).toEqual([]);
  });

  it('never centres an async consumer, only pulls it to its producer start when it starts before', () => {
    const after = asciiTrace(`
P   |===|                  producer svc=shop
 Q        |==|             consumer svc=worker
`);
    expect(clockSkew(after.trace)).toEqual([]);
    expect(adjustClockSkew(after.trace).warnings).toEqual([]);
    const before = asciiTrace(`
    0123456789
P      |===|              producer svc=shop
 Q  |=|                   consumer svc=worker
`);
    expect(adjustClockSkew(before.trace).start[before.row('Q')]).toBe(3);
  });

  it('returns the same trace when nothing is skewed', () => {
    const drawn = asciiTrace(`
A   |=====|     svc=front
 B   |==|       svc=back
`);
    expect(withClockSkewAdjusted(drawn.trace)).toBe(drawn.trace);
  });
});

describe('clock skew on real recordings', () => {
  const load = (name: string) => {
    const bytes = readFileSync(new URL(`../../../shared/fixtures/tempo/${name}.body`, import.meta.url));
    return decodeTrace(bytes).traces[0];
  };
  const rowNamed = (trace: Trace, service: string, name: string) => {
    const { table } = trace;
    for (let row = 0; row < table.count; row++) {
      if (table.strings[table.service[row]] === service && table.strings[table.name[row]] === name)
        return row;
    }
    throw new Error(`no ${service} ${name}`);
  };

  it('finds the auth server span that starts 39 ms before its gateway client, and centres it', () => {
    const trace = load('tempo-trace-v2-clockskew-json');
    const server = rowNamed(trace, 'auth', 'GET /v1/me');
    const client = rowNamed(trace, 'api-gateway', 'GET');
    const query = rowNamed(trace, 'auth', 'SELECT shop.users');
    const findings = clockSkew(trace);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ row: server, parent: client, endsAfter: 0 });
    expect(findings[0].startsBefore).toBeGreaterThan(39e6);
    const { table } = trace;
    const adjusted = adjustClockSkew(trace);
    const centred = table.start[client] + (table.duration[client] - table.duration[server]) / 2;
    expect(adjusted.start[server]).toBeCloseTo(centred, 3);
    // Its database query moves by the same amount.
    expect(adjusted.start[query] - table.start[query]).toBeCloseTo(
      adjusted.start[server] - table.start[server],
      3,
    );
    expect(adjusted.warnings.map((warning) => warning.rows![0]).sort()).toEqual([query, server].sort());
    expect(clockSkew(withClockSkewAdjusted(trace))).toEqual([]);
  });

  it('does not take a Kafka consumer outliving its producer for skew', () => {
    const trace = load('tempo-trace-v2-kafka-sametrace-json');
    expect(clockSkew(trace)).toEqual([]);
    expect(adjustClockSkew(trace).warnings).toEqual([]);
  });
});
