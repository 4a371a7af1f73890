// Decode benchmark (a script, not a test): generated traces encoded as OTLP JSON, Tempo JSON and OTLP
// protobuf; prints the bare JSON.parse floor, decode into the table, table bytes per span and memory with
// details, and Tempo JSON decode in fresh processes (cold). Run: npx tsx bench/decode.ts  (re-runs itself
// with --expose-gc and a larger heap).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeTrace } from '../src/formats/index.ts';
import type { SpanTable } from '../src/model/types.ts';
import {
  encodeOtlpJsonBytes,
  encodeOtlpProtobuf,
  encodeTempoJsonBytes,
  generateResourceSpans,
  generateSkeleton,
  type TraceShape,
} from './generate.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc && !process.env.TRACELIGHT_BENCH_CHILD) {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=12000',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, TRACELIGHT_BENCH_CHILD: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

interface Case {
  label: string;
  shape: TraceShape;
  spans: number;
  runs: number;
}

const CASES: Case[] = [
  { label: 'mixed 10k', shape: 'mixed', spans: 10_000, runs: 7 },
  { label: 'mixed 100k', shape: 'mixed', spans: 100_000, runs: 5 },
  { label: 'mixed 300k', shape: 'mixed', spans: 300_000, runs: 3 },
  { label: 'mixed 1M', shape: 'mixed', spans: 1_000_000, runs: 1 },
  { label: 'chain 100k', shape: 'chain', spans: 100_000, runs: 3 },
  { label: 'wide 50k', shape: 'wide', spans: 50_001, runs: 3 },
  { label: 'seq 10k', shape: 'sequential', spans: 10_001, runs: 5 },
];

/** Tempo JSON cases also measured in fresh processes (the worker's first trace: the reader's code cold). */
const COLD_CASES = ['mixed 10k', 'mixed 100k'];
const COLD_RUNS = 3;

// A child measuring one cold `JSON.parse` or decode of one case's Tempo JSON, then exiting.
const coldJob = process.env.TRACELIGHT_BENCH_COLD;
if (coldJob) {
  const [label, what] = coldJob.split('|');
  const c = CASES.find((x) => x.label === label);
  if (!c) throw new Error(`no case ${label}`);
  const text = new TextDecoder().decode(
    encodeTempoJsonBytes(generateResourceSpans(generateSkeleton(c.shape, c.spans, 42), 42)),
  );
  gc?.();
  const c0 = cpuMs();
  const t0 = performance.now();
  if (what === 'parse') JSON.parse(text);
  else decodeTrace(text);
  console.log(JSON.stringify({ wall: performance.now() - t0, cpu: cpuMs() - c0 }));
  process.exit(0);
}

/** Median wall and CPU ms of `COLD_RUNS` fresh processes each doing `what` once. */
function coldTiming(label: string, what: 'parse' | 'decode'): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', fileURLToPath(import.meta.url)],
      {
        encoding: 'utf8',
        env: { ...process.env, TRACELIGHT_BENCH_CHILD: '1', TRACELIGHT_BENCH_COLD: `${label}|${what}` },
      },
    );
    const t = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Timing;
    wall.push(t.wall);
    cpu.push(t.cpu);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Process CPU ms (all threads, GC helpers included): steadier than wall time when other work shares the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Timing {
  wall: number;
  cpu: number;
}

function time(runs: number, fn: () => void): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  // One unmeasured warm-up run so small cases measure optimized code, not the JIT.
  if (runs > 1) fn();
  for (let i = 0; i < runs; i++) {
    gc?.();
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function tableBytes(t: SpanTable): number {
  let n = 0;
  for (const v of Object.values(t)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

function memoryUsed(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const MB = 2 ** 20;
const rows: string[][] = [];
const header = [
  'case',
  'format',
  'input MB',
  'JSON.parse ms',
  'decode ms',
  'ratio',
  'CPU ratio',
  'table B/span',
  'mem MB (table+details)',
  'note',
];
const only = process.argv[2];
/** Tempo JSON decode ÷ JSON.parse per case: [case, wall ratio, CPU ratio]. */
const tempoRatios: Array<[string, number, number]> = [];
/** The same in fresh processes: [case, JSON.parse, decode, wall ratio, CPU ratio]. */
const coldRatios: Array<[string, Timing, Timing, number, number]> = [];

for (const c of CASES) {
  if (only && !c.label.includes(only)) continue;
  const skeleton = generateSkeleton(c.shape, c.spans, 42);
  const encodings: Array<[string, () => Uint8Array]> = [
    ['otlp-json', () => encodeOtlpJsonBytes(generateResourceSpans(skeleton, 42))],
    ['tempo-json', () => encodeTempoJsonBytes(generateResourceSpans(skeleton, 42))],
    ['otlp-protobuf', () => encodeOtlpProtobuf(generateResourceSpans(skeleton, 42))],
  ];
  for (const [format, encode] of encodings) {
    if (c.spans >= 1_000_000 && format === 'tempo-json') continue;
    let bytes: Uint8Array | undefined = encode();
    const inputMb = (bytes.length / MB).toFixed(1);
    const isJson = format !== 'otlp-protobuf';
    let text: string | undefined;
    if (isJson) {
      try {
        text = new TextDecoder().decode(bytes);
      } catch {
        text = undefined;
      }
    }
    if (isJson && (text === undefined || text.length === 0)) {
      const r = decodeTrace(bytes);
      rows.push([
        c.label,
        format,
        inputMb,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        `refused: ${r.error?.slice(0, 70)}…`,
      ]);
      bytes = undefined;
      continue;
    }
    const parse = text !== undefined ? time(c.runs, () => JSON.parse(text as string)) : undefined;
    const parseMs = parse?.wall ?? Number.NaN;
    const input = text ?? bytes;
    const decode = time(c.runs, () => decodeTrace(input));
    const decodeMs = decode.wall;
    if (format === 'tempo-json' && parse) {
      tempoRatios.push([c.label, decodeMs / parseMs, decode.cpu / parse.cpu]);
      if (COLD_CASES.includes(c.label)) {
        const coldParse = coldTiming(c.label, 'parse');
        const coldDecode = coldTiming(c.label, 'decode');
        coldRatios.push([
          c.label,
          coldParse,
          coldDecode,
          coldDecode.wall / coldParse.wall,
          coldDecode.cpu / coldParse.cpu,
        ]);
      }
    }
    const before = memoryUsed();
    const result = decodeTrace(input);
    const after = memoryUsed();
    const trace = result.traces[0];
    if (!trace || trace.counts.spans !== c.spans)
      throw new Error(`${c.label} ${format}: decoded ${trace?.counts.spans} spans`);
    const perSpan = tableBytes(trace.table) / c.spans;
    rows.push([
      c.label,
      format,
      inputMb,
      Number.isNaN(parseMs) ? '—' : parseMs.toFixed(0),
      decodeMs.toFixed(0),
      Number.isNaN(parseMs) ? '—' : `${(decodeMs / parseMs).toFixed(2)}×`,
      parse ? `${(decode.cpu / parse.cpu).toFixed(2)}×` : '—',
      perSpan.toFixed(0),
      ((after - before) / MB).toFixed(0),
      '',
    ]);
    console.error(rows[rows.length - 1].join(' | '));
    text = undefined;
  }
}

const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  '\nmem: heap + array buffers retained by the DecodeResult (table + details), input excluded for protobuf;',
);
console.log(
  'for JSON the kept parsed objects are the details, except texts of 6 MiB or more, whose details are the',
);
console.log('kept input text (not counted). Medians; JSON decode includes JSON.parse.');
console.log(
  'CPU ratio: process CPU time (GC threads included) of decode over JSON.parse; the machine is shared, so',
);
console.log('figures are machine loaded and the CPU ratio is the steadier one.');
for (const [label, wall, cpu] of tempoRatios)
  console.log(
    `goal: Tempo JSON decode ≤ 1.30× JSON.parse — ${label}: ${wall.toFixed(2)}× wall, ${cpu.toFixed(2)}× CPU (${cpu <= 1.3 ? 'met' : 'not met'})`,
  );
for (const [label, parse, decode, wall, cpu] of coldRatios)
  console.log(
    `goal: Tempo JSON decode ≤ 1.30× JSON.parse — ${label}, fresh process (median of ${COLD_RUNS}): JSON.parse ${parse.wall.toFixed(0)} ms / ${parse.cpu.toFixed(0)} ms CPU, decode ${decode.wall.toFixed(0)} ms / ${decode.cpu.toFixed(0)} ms CPU: ${wall.toFixed(2)}× wall, ${cpu.toFixed(2)}× CPU (${cpu <= 1.3 ? 'met' : 'not met'})`,
  );
