import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../../analysis/index.ts';
import { asciiTrace } from '../../../analysis/testing/ascii-trace.ts';
import { decodeTrace } from '../../../formats/index.ts';
import type { Trace } from '../../../model/types.ts';
import { insightsOf } from '../../../worker/views.ts';
import { INSIGHT_LABELS, INSIGHT_WHY, insightKey, insightReason, insightTitle } from './insight-text.ts';

const insightsOfTrace = (trace: Trace) => insightsOf(trace, criticalPath(trace));

describe('insight sentences', () => {
  it('words every finding of a drawn trace, with why it matters', () => {
    const drawn = asciiTrace(`
    0123456789012345678901234567890
A   |============================|   svc=web server
 B    |====|                         svc=api client
 C           |==========|            svc=api client
  D           |===|                  svc=db error
 E                         |=|       svc=web
`);
    const insights = insightsOfTrace(drawn.trace);
    const table = drawn.trace.table;
    expect(insights.length).toBeGreaterThan(3);
    for (const insight of insights) {
      expect(INSIGHT_WHY[insight.kind].length).toBeGreaterThan(20);
      expect(INSIGHT_LABELS[insight.kind].length).toBeGreaterThan(0);
      expect(insightTitle(insight, table)).not.toContain('?');
    }
    const title = (kind: string) => insightTitle(insights.find((i) => i.kind === kind)!, table);
    expect(title('error-origin')).toBe('The error starts at db D.');
    // B, C and E run one after another under A; E (2) and C (11) are not the longest of 5 + 11 + 2.
    expect(title('sequential-siblings')).toBe(
      '3 calls under web A run one after another; in parallel they could save up to 7 ns.',
    );
    expect(title('dark-gap')).toBe('6 ns unexplained inside api C (14 ns – 20 ns from the start)');
  });

  it('names the first server span without a client parent', () => {
    const drawn = asciiTrace(`
A   |=========|   server svc=front
 B   |=====|      client svc=front
  C   |===|       server svc=back
 D          |=|   server svc=back
 E   |==|         client svc=front
  F   |=|         server svc=front
`);
    const found = insightsOfTrace(drawn.trace).find((i) => i.kind === 'missing-client-span')!;
    expect(insightTitle(found, drawn.trace.table)).toContain('back D');
    expect(insightTitle(found, drawn.trace.table)).toMatch(
      /^2 server spans \(first: back D\) have no client span/,
    );
  });

  it('names where each error started, deepest first', () => {
    const drawn = asciiTrace(`
A   |=============|  error
 B   |=======|       error
  C   |===|          error
  G         |=|
 D            |==|   error
 H            |=|
`);
    const origins = insightsOfTrace(drawn.trace).filter((i) => i.kind === 'error-origin');
    expect(insightTitle(origins[0], drawn.trace.table)).toContain('svc C');
  });

  it('counts orphans and roots, one or many', () => {
    const drawn = asciiTrace(`
R   |=====|
O      |====|   orphan
`);
    const insights = insightsOfTrace(drawn.trace);
    const table = drawn.trace.table;
    expect(insightTitle(insights.find((i) => i.kind === 'orphans')!, table)).toBe(
      '1 span names a parent missing from the trace: context was lost or spans were dropped.',
    );
    expect(insightTitle(insights.find((i) => i.kind === 'several-roots')!, table)).toBe(
      "The trace has 2 roots: part of it was recorded without the caller's context.",
    );
  });

  it('says how far a real skewed span starts before its parent, in the one duration style', () => {
    const bytes = readFileSync(
      new URL('../../../../../shared/fixtures/tempo/tempo-trace-v2-clockskew-json.body', import.meta.url),
    );
    const trace = decodeTrace(bytes).traces[0];
    const skew = insightsOfTrace(trace).find((i) => i.kind === 'clock-skew')!;
    expect(insightTitle(skew, trace.table)).toMatch(
      /^auth GET \/v1\/me starts \d+(\.\d+)? ms before its parent api-gateway GET$/,
    );
  });

  it('says why each finding was shown, with the rule and its figures', () => {
    const drawn = asciiTrace(`
    0123456789012345678901234567890
A   |============================|   svc=web server error
 auth.Verify |==|   svc=web client
 B               |===|   svc=api client
 C                    |=======|   svc=api client
  D                    |===|   svc=db error
`);
    const insights = insightsOfTrace(drawn.trace);
    const table = drawn.trace.table;
    for (const insight of insights) {
      const reason = insightReason(insight, table);
      expect(reason).toMatch(/^Shown (first )?because /);
      expect(reason).not.toContain('?');
      expect(reason).not.toContain('undefined');
    }
    const reason = (kind: string) => insightReason(insights.find((i) => i.kind === kind)!, table);
    expect(reason('sequential-siblings')).toBe(
      'Shown because each of these 2 calls starts after the previous one ended (none overlaps another): 12 ns in all, the longest 8 ns. web auth.Verify before them is left out: it failed or reads like a check (auth, verify, validate, login, token, permission) the calls after it depend on.',
    );
    expect(reason('error-origin')).toMatch(/^Shown first because the root failed/);
    expect(reason('dark-gap')).toMatch(
      /ns of it on the critical path; it is among the trace’s longest such gaps\.$/,
    );
  });

  it('keys findings by kind, first span and gap start: stable across answers, distinct within one', () => {
    const drawn = asciiTrace(`
A   |=============|  error
 B   |=======|       error
  C   |===|          error
  G         |=|
 D            |==|   error
 H            |=|
`);
    const keys = (trace: Trace) => insightsOfTrace(trace).map((i) => insightKey(i, trace.table));
    const first = keys(drawn.trace);
    expect(new Set(first).size).toBe(first.length);
    expect(keys(drawn.trace)).toEqual(first);
    expect(first[0]).toMatch(/^error-origin:[0-9a-f]{16}:$/);
  });
});
