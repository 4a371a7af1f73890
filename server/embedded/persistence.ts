// Optional persistence of received batches as append-only segment files in a directory.
// Record: u32 little-endian payload length, u32 CRC-32 of the payload, payload (OTLP TracesData
// protobuf for traces: the store's encoded fragments or an accepted request's own bytes, never encoded
// again; ./logs/log-codec.ts for logs). A torn or corrupt record ends the replay of its segment with a warning; everything
// before it is kept. Segments roll over at a size; the oldest whole segments are deleted when the
// directory holds more than the store's byte budget. See docs/decisions/0050-embedded-backend.md.

import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeTracesData, encodeTracesData } from './otlp/otlp-protobuf.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';

const HEADER = 8;
const SEGMENT_RE = /^segment-(\d{8})\.tlseg$/;

/** How one record's payload is written and read back. */
export interface SegmentCodec<T> {
  encode(value: T): Uint8Array;
  /** Throws on an undecodable payload (the replay stops there, as for a torn record). */
  decode(payload: Uint8Array): T;
}

const TRACES_CODEC: SegmentCodec<OtlpResourceSpans[]> = {
  encode: encodeTracesData,
  decode: decodeTracesData,
};

export interface Persistence<T = OtlpResourceSpans[]> {
  replay(ingest: (batches: T) => void): { records: number; skippedBytes: number };
  append(batches: T): void;
  /** Appends a payload already in the codec's form (e.g. the TracesData the store encoded). */
  appendPayload(payload: Uint8Array): void;
  close(): void;
  /** Segment file names, oldest first (for tests and diagnostics). */
  segments(): string[];
}

interface Segment {
  name: string;
  bytes: number;
}

export function openPersistence(
  dir: string,
  maxBytes: number,
  log: (line: string) => void,
  segmentBytes = Math.max(1024 * 1024, Math.floor(maxBytes / 16)),
): Persistence {
  return openSegmentLog(dir, maxBytes, log, TRACES_CODEC, segmentBytes);
}

/** Append-only segments of records of any kind (traces use TracesData, logs their own codec). */
export function openSegmentLog<T>(
  dir: string,
  maxBytes: number,
  log: (line: string) => void,
  codec: SegmentCodec<T>,
  segmentBytes = Math.max(1024 * 1024, Math.floor(maxBytes / 16)),
): Persistence<T> {
  mkdirSync(dir, { recursive: true });
  const segments: Segment[] = readdirSync(dir)
    .filter((n) => SEGMENT_RE.test(n))
    .sort()
    .map((name) => ({ name, bytes: statSync(path.join(dir, name)).size }));
  let fd: number | undefined;
  let current: Segment | undefined;

  const total = () => segments.reduce((sum, s) => sum + s.bytes, 0);

  const nextName = () => {
    const last = segments.at(-1);
    const n = last ? Number(SEGMENT_RE.exec(last.name)![1]) + 1 : 1;
    return `segment-${String(n).padStart(8, '0')}.tlseg`;
  };

  const openNewSegment = () => {
    if (fd !== undefined) closeSync(fd);
    current = { name: nextName(), bytes: 0 };
    segments.push(current);
    fd = openSync(path.join(dir, current.name), 'a');
  };

  const dropOldest = () => {
    while (segments.length > 1 && total() > maxBytes) {
      const oldest = segments.shift()!;
      unlinkSync(path.join(dir, oldest.name));
      log(`Embedded store: dropped segment ${oldest.name} (over ${maxBytes} bytes on disk)`);
    }
  };

  const appendPayload = (payload: Uint8Array) => {
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    if (fd === undefined || !current || current.bytes >= segmentBytes) openNewSegment();
    writeSync(fd!, header);
    writeSync(fd!, payload);
    current!.bytes += HEADER + payload.length;
    dropOldest();
  };

  return {
    replay(ingest) {
      let records = 0;
      let skippedBytes = 0;
      for (const seg of segments) {
        const file = path.join(dir, seg.name);
        const buf = readFileSync(file);
        let pos = 0;
        while (pos < buf.length) {
          const problem = (() => {
            if (pos + HEADER > buf.length) return 'torn record header';
            const len = buf.readUInt32LE(pos);
            const crc = buf.readUInt32LE(pos + 4);
            if (pos + HEADER + len > buf.length) return 'torn record';
            const payload = buf.subarray(pos + HEADER, pos + HEADER + len);
            if (crc32(payload) !== crc) return 'checksum mismatch';
            let batches: T;
            try {
              batches = codec.decode(payload);
            } catch {
              return 'undecodable record';
            }
            ingest(batches);
            records++;
            pos += HEADER + len;
            return undefined;
          })();
          if (problem) {
            skippedBytes += buf.length - pos;
            log(
              `Embedded store: warning: ${seg.name}: ${problem} at byte ${pos}; skipped the last ${buf.length - pos} bytes of the segment`,
            );
            // Cut the damage off so new records are not appended after it.
            truncateSync(file, pos);
            seg.bytes = pos;
            break;
          }
        }
      }
      return { records, skippedBytes };
    },
    append(batches) {
      if (Array.isArray(batches) && batches.length === 0) return;
      appendPayload(codec.encode(batches));
    },
    appendPayload,
    close() {
      if (fd !== undefined) {
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
      }
    },
    segments: () => segments.map((s) => s.name),
  };
}
