// Turns an ASCII drawing of a trace into a `Trace`, so analysis tests read like the timeline they check:
//
//   A  |==========|
//    B   |===|          client svc=api
//    C        |==|      error
//
// Each line is one span: a name (its indentation makes it a child of the nearest line above that is
// less indented), a bar from the column of its first `|` (start) to the column of its last `|` (end;
// a lone `|` is a zero-length span), then optional words: a kind (`server`, `client`, `producer`,
// `consumer`, `internal`), `error`, `follows` (FOLLOWS_FROM reference), `orphan`, `svc=NAME`.
// Times are columns counted from the leftmost `|` of the drawing, times `unit` (default 1 ns); a line of
// digits (a ruler) and blank lines are skipped.

import type { Trace } from '../../model/types.ts';
import { SpanFlag, SpanKind, StatusCode } from '../../model/types.ts';
import { type SpanSpec, traceFromSpecs } from './trace-builder.ts';

export interface AsciiTrace {
  trace: Trace;
  /** Row of the span drawn with this name. */
  row(name: string): number;
  /** Name of the span at this row. */
  nameOf(row: number): string;
}

const KINDS: Record<string, number> = {
  server: SpanKind.Server,
  client: SpanKind.Client,
  producer: SpanKind.Producer,
  consumer: SpanKind.Consumer,
  internal: SpanKind.Internal,
};

interface DrawnLine {
  name: string;
  indent: number;
  from: number;
  to: number;
  words: string[];
}

function parseLine(line: string, lineNumber: number): DrawnLine {
  const from = line.indexOf('|');
  if (from < 0) throw new Error(`line ${lineNumber}: no bar in ${JSON.stringify(line)}`);
  let end = from;
  while (end + 1 < line.length && (line[end + 1] === '=' || line[end + 1] === '|')) end++;
  const to = line.lastIndexOf('|', end);
  const label = line.slice(0, from);
  const name = label.trim();
  if (!name) throw new Error(`line ${lineNumber}: no span name`);
  const indent = label.length - label.trimStart().length;
  const words = line
    .slice(end + 1)
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  return { name, indent, from, to, words };
}

export function asciiTrace(drawing: string, unit = 1): AsciiTrace {
  const lines = drawing
    .split('\n')
    .map((line, index) => ({ line, index }))
    // Blank lines and rulers (digits and spaces only) are for the reader.
    .filter(({ line }) => line.trim().length > 0 && !/^[\s\d]+$/.test(line))
    .map(({ line, index }) => parseLine(line, index + 1));
  const origin = Math.min(...lines.map((line) => line.from));
  const specs: SpanSpec[] = [];
  const open: { indent: number; row: number }[] = [];
  for (const [row, line] of lines.entries()) {
    while (open.length > 0 && open[open.length - 1].indent >= line.indent) open.pop();
    const spec: SpanSpec = {
      name: line.name,
      parent: open.length > 0 ? open[open.length - 1].row : -1,
      start: (line.from - origin) * unit,
      duration: (line.to - line.from) * unit,
    };
    let flags = 0;
    for (const word of line.words) {
      if (word in KINDS) spec.kind = KINDS[word];
      else if (word === 'error') {
        spec.status = StatusCode.Error;
        flags |= SpanFlag.Error;
      } else if (word === 'follows') flags |= SpanFlag.FollowsFrom;
      else if (word === 'orphan') flags |= SpanFlag.Orphan;
      else if (word.startsWith('svc=')) spec.service = word.slice(4);
      else throw new Error(`unknown word ${JSON.stringify(word)} on span ${line.name}`);
    }
    spec.flags = flags;
    specs.push(spec);
    open.push({ indent: line.indent, row });
  }
  const rows = new Map(specs.map((spec, row) => [spec.name, row]));
  return {
    trace: traceFromSpecs(specs),
    row(name) {
      const row = rows.get(name);
      if (row === undefined) throw new Error(`no span named ${name}`);
      return row;
    },
    nameOf: (row) => specs[row].name,
  };
}
