// Optional persistence of received batches as append-only segment files in a directory.
// Each record is a frame (./segment-frame.ts) around a payload: OTLP TracesData protobuf for traces
// (the store's encoded fragments or an accepted request's own bytes, never encoded again;
// ./logs/log-codec.ts for logs). Replay keeps going past damage: a record whose frame is intact but
// whose checksum or body is bad is skipped, bytes that are no readable frame are skipped up to the next
// intact one, and every skipped byte is copied to `<segment>.quarantine` beside it; only a torn tail is
// cut off (after it too is copied). Appends always go to a new segment, never after an old one's end.
// Segments roll over at a size; the oldest whole segments (and their quarantine files) are deleted when
// the directory holds more than the store's byte budget. See docs/decisions/0050-embedded-backend.md
// and 0201-segment-frames-one-bad-record-costs-one-record.md.

import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
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
import { decodeTracesData, encodeTracesData } from './otlp/otlp-protobuf.ts';
import type { OtlpResourceSpans } from './otlp/types.ts';
import { appendQuarantine, quarantinedRanges, quarantineFileOf } from './quarantine.ts';
import { frameRecord, readFrames } from './segment-frame.ts';

const SEGMENT_RE = /^segment-(\d{8})\.tlseg$/;
/** How many damage details a replay summary keeps (the counts cover all of them). */
const MAX_DETAILS = 5;

/** How one record's payload is written and read back. */
export interface SegmentCodec<T> {
  encode(value: T): Uint8Array;
  /** Throws on an undecodable payload (the record is skipped and quarantined). */
  decode(payload: Uint8Array): T;
}

const TRACES_CODEC: SegmentCodec<OtlpResourceSpans[]> = {
  encode: encodeTracesData,
  decode: decodeTracesData,
};

/** What one replay read, skipped and set aside. */
export interface ReplaySummary {
  records: number;
  /** Damaged records or unreadable ranges skipped in the middle of segments. */
  skippedRecords: number;
  skippedBytes: number;
  /** Bytes cut off the ends of segments as torn tails. */
  tornBytes: number;
  /** Bytes newly copied to quarantine files by this replay (ranges seen before are not copied again). */
  quarantinedBytes: number;
  quarantineFiles: string[];
  /** The first few problems, "segment: reason at byte N (M bytes)". */
  details: string[];
}

export interface Persistence<T = OtlpResourceSpans[]> {
  /** Replays every segment in order; `ingest` throwing counts the record as damaged. */
  replay(ingest: (batches: T) => void): ReplaySummary;
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
      const quarantine = quarantineFileOf(path.join(dir, oldest.name));
      if (existsSync(quarantine)) unlinkSync(quarantine);
      log(`Embedded store: dropped segment ${oldest.name} (over ${maxBytes} bytes on disk)`);
    }
  };

  const appendPayload = (payload: Uint8Array) => {
    if (fd === undefined || !current || current.bytes >= segmentBytes) openNewSegment();
    const frame = frameRecord(payload);
    try {
      writeSync(fd!, frame);
    } catch (e) {
      // A partial frame would swallow the start of the records written after it: take it back.
      ftruncateSync(fd!, current!.bytes);
      throw e;
    }
    current!.bytes += frame.length;
    dropOldest();
  };

  return {
    replay(ingest) {
      const summary: ReplaySummary = {
        records: 0,
        skippedRecords: 0,
        skippedBytes: 0,
        tornBytes: 0,
        quarantinedBytes: 0,
        quarantineFiles: [],
        details: [],
      };
      for (const seg of segments) {
        const file = path.join(dir, seg.name);
        const buf = readFileSync(file);
        const setAside: { offset: number; length: number }[] = [];
        const note = (offset: number, length: number, reason: string) => {
          setAside.push({ offset, length });
          if (summary.details.length < MAX_DETAILS)
            summary.details.push(`${seg.name}: ${reason} at byte ${offset} (${length} bytes)`);
        };
        let cutAt: number | undefined;
        for (const frame of readFrames(buf)) {
          if (frame.kind === 'record') {
            try {
              ingest(codec.decode(frame.payload));
              summary.records++;
            } catch (e) {
              summary.skippedRecords++;
              summary.skippedBytes += frame.length;
              note(frame.offset, frame.length, `unusable record (${(e as Error).message.slice(0, 80)})`);
            }
          } else if (frame.kind === 'damaged') {
            summary.skippedRecords++;
            summary.skippedBytes += frame.length;
            note(frame.offset, frame.length, frame.reason);
          } else {
            summary.tornBytes += frame.length;
            note(frame.offset, frame.length, frame.reason);
            cutAt = frame.offset;
          }
        }
        if (setAside.length > 0) {
          const quarantine = quarantineFileOf(file);
          const known = quarantinedRanges(quarantine);
          const fresh = setAside.filter((r) => !known.has(`${r.offset}:${r.length}`));
          summary.quarantinedBytes += appendQuarantine(quarantine, buf, fresh);
          summary.quarantineFiles.push(path.basename(quarantine));
        }
        // Only after its bytes are safe in the quarantine file is a torn tail cut off.
        if (cutAt !== undefined) {
          truncateSync(file, cutAt);
          seg.bytes = cutAt;
        }
      }
      return summary;
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
