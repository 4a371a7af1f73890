// One bad record costs one record: damage in a segment (a flipped byte, a broken length field, a torn
// tail, a body that does not decode) is skipped and kept in quarantine, and every other acknowledged
// span survives the restart. Old (version 1) segments are still read.

import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedded } from './index.ts';
import { encodeTracesData } from './otlp/otlp-protobuf.ts';
import { emptySpan, type OtlpResourceSpans } from './otlp/types.ts';
import { quarantinedRanges } from './quarantine.ts';
import { frameRecord, readFrames } from './segment-frame.ts';

const RECORDS = 100;
const SPANS = 5;

function traceBatch(n: number): OtlpResourceSpans[] {
  const traceId = (n + 1).toString(16).padStart(32, '0');
  return [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }],
        droppedAttributesCount: 0,
      },
      scopeSpans: [
        {
          scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
          spans: Array.from({ length: SPANS }, (_, i) => ({
            ...emptySpan(),
            traceId,
            spanId: (i + 1).toString(16).padStart(16, '0'),
            name: `op-${n}`,
            startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n),
            endTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(n) + 1000n,
          })),
          schemaUrl: '',
        },
      ],
      schemaUrl: '',
    },
  ];
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A data dir holding RECORDS acknowledged records of SPANS spans each, in one segment. */
async function filledDataDir(): Promise<{ dataDir: string; segment: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-persist-'));
  dirs.push(dataDir);
  const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
  for (let n = 0; n < RECORDS; n++) a.accept(traceBatch(n));
  await a.close();
  const [name] = readdirSync(dataDir).filter((f) => f.endsWith('.tlseg'));
  return { dataDir, segment: path.join(dataDir, name) };
}

function recordOffsets(file: string): { offset: number; length: number }[] {
  return [...readFrames(readFileSync(file))].map((f) => ({ offset: f.offset, length: f.length }));
}

function damage(file: string, at: number, change: (b: number) => number) {
  const buf = readFileSync(file);
  buf[at] = change(buf[at]);
  writeFileSync(file, buf);
}

async function restart(dataDir: string) {
  const lines: string[] = [];
  const backend = await createEmbedded({ otlpPort: 0, demo: false, dataDir, log: (l) => lines.push(l) });
  return { backend, lines, spans: backend.store.spans };
}

describe('replay after damage', () => {
  it('a flipped byte in a record body costs that record only, and is kept in quarantine once', async () => {
    const { dataDir, segment } = await filledDataDir();
    const r30 = recordOffsets(segment)[30];
    damage(segment, r30.offset + 40, (b) => b ^ 0x01);
    const first = await restart(dataDir);
    expect(first.spans).toBe((RECORDS - 1) * SPANS);
    expect(first.backend.store.get((31).toString(16))).toBeUndefined();
    expect(first.lines).toContainEqual(
      expect.stringMatching(
        /skipped 1 damaged record .*quarantined.*first: segment-00000001\.tlseg: checksum mismatch at byte/,
      ),
    );
    await first.backend.close();
    const quarantine = `${segment}.quarantine`;
    expect([...quarantinedRanges(quarantine)]).toEqual([`${r30.offset}:${r30.length}`]);
    const kept = statSync(quarantine).size;
    // A second start skips the same record again, and does not copy it twice.
    const second = await restart(dataDir);
    expect(second.spans).toBe((RECORDS - 1) * SPANS);
    expect(statSync(quarantine).size).toBe(kept);
    await second.backend.close();
  });

  it('a broken length field costs that record only: replay finds the next intact frame', async () => {
    const { dataDir, segment } = await filledDataDir();
    const r50 = recordOffsets(segment)[50];
    damage(segment, r50.offset + 6, (b) => b ^ 0x40); // the length now claims megabytes
    const { backend, lines, spans } = await restart(dataDir);
    expect(spans).toBe((RECORDS - 1) * SPANS);
    expect(lines.join('\n')).toMatch(/damaged record header at byte/);
    expect(statSync(segment).size).toBe(
      recordOffsets(segment).at(-1)!.offset + recordOffsets(segment).at(-1)!.length,
    );
    await backend.close();
  });

  it('a torn tail costs the torn record only, is cut off after being kept, and appends go on', async () => {
    const { dataDir, segment } = await filledDataDir();
    const last = recordOffsets(segment).at(-1)!;
    truncateSync(segment, last.offset + 20);
    const first = await restart(dataDir);
    expect(first.spans).toBe((RECORDS - 1) * SPANS);
    expect(statSync(segment).size).toBe(last.offset);
    expect([...quarantinedRanges(`${segment}.quarantine`)]).toEqual([`${last.offset}:20`]);
    first.backend.accept(traceBatch(RECORDS));
    await first.backend.close();
    const second = await restart(dataDir);
    expect(second.spans).toBe(RECORDS * SPANS);
    expect(second.lines.join('\n')).toMatch(/nothing skipped/);
    await second.backend.close();
  });

  it('a byte, a length field and the tail damaged at once cost three records of 100', async () => {
    const { dataDir, segment } = await filledDataDir();
    const offsets = recordOffsets(segment);
    damage(segment, offsets[10].offset + 30, (b) => b ^ 0xff);
    damage(segment, offsets[60].offset + 5, (b) => b ^ 0x10);
    truncateSync(segment, offsets[RECORDS - 1].offset + offsets[RECORDS - 1].length - 3);
    const { backend, spans } = await restart(dataDir);
    expect(spans).toBe((RECORDS - 3) * SPANS);
    await backend.close();
  });

  it('a record whose checksum holds but whose body does not decode is skipped, the rest kept', async () => {
    const { dataDir, segment } = await filledDataDir();
    const garbage = frameRecord(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])); // a length past its end
    writeFileSync(segment, Buffer.concat([garbage, readFileSync(segment)]));
    const { backend, lines, spans } = await restart(dataDir);
    expect(spans).toBe(RECORDS * SPANS);
    expect(lines.join('\n')).toMatch(/unusable record \(truncated field/);
    await backend.close();
  });

  it('replays a record an older version wrote with an out-of-range span: that span is left out, counted', async () => {
    const { dataDir, segment } = await filledDataDir();
    const old = traceBatch(RECORDS);
    old[0].scopeSpans[0].spans[2].kind = 9; // once accepted; readable, but no SpanKind
    writeFileSync(segment, Buffer.concat([readFileSync(segment), frameRecord(encodeTracesData(old))]));
    const { backend, lines, spans } = await restart(dataDir);
    expect(spans).toBe(RECORDS * SPANS + SPANS - 1);
    expect(lines.join('\n')).toMatch(/left out 1 span out of range/);
    await backend.close();
  });

  it('reads version-1 segments (u32 length, u32 CRC-32) and skips a bad record in them too', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-persist-'));
    dirs.push(dataDir);
    const frames = Array.from({ length: 10 }, (_, n) => {
      const payload = encodeTracesData(traceBatch(n));
      const header = Buffer.alloc(8);
      header.writeUInt32LE(payload.length, 0);
      header.writeUInt32LE(crc32(payload), 4);
      return Buffer.concat([header, payload]);
    });
    frames[3][20] ^= 0x08;
    const old = path.join(dataDir, 'segment-00000001.tlseg');
    writeFileSync(old, Buffer.concat(frames));
    const first = await restart(dataDir);
    expect(first.spans).toBe(9 * SPANS);
    first.backend.accept(traceBatch(50));
    await first.backend.close();
    // New records went to a new (version 2) segment, never after the old one's end.
    expect(
      readdirSync(dataDir)
        .filter((f) => f.endsWith('.tlseg'))
        .sort(),
    ).toEqual(['segment-00000001.tlseg', 'segment-00000002.tlseg']);
    expect(statSync(old).size).toBe(Buffer.concat(frames).length);
    const second = await restart(dataDir);
    expect(second.spans).toBe(10 * SPANS);
    await second.backend.close();
  });

  it('skips a damaged log record and keeps the other log lines', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracelight-persist-'));
    dirs.push(dataDir);
    const a = await createEmbedded({ otlpPort: 0, demo: false, dataDir });
    for (let n = 0; n < 20; n++)
      a.acceptLogs([
        {
          labels: new Map([['service_name', 'svc']]),
          entries: [{ tsNs: 1_700_000_000_000_000_000n + BigInt(n), line: `line ${n}`, metadata: new Map() }],
        },
      ]);
    await a.close();
    const logsDir = path.join(dataDir, 'logs');
    const [name] = readdirSync(logsDir).filter((f) => f.endsWith('.tlseg'));
    const file = path.join(logsDir, name);
    damage(file, recordOffsets(file)[7].offset + 20, (b) => b ^ 0x20);
    const { backend, lines } = await restart(dataDir);
    expect(backend.logs.size).toBe(19);
    expect(existsSync(`${file}.quarantine`)).toBe(true);
    expect(lines.join('\n')).toMatch(/skipped 1 damaged record/);
    await backend.close();
  });
});
