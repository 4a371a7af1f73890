// How records sit in a segment file, and how a damaged segment is read. See
// docs/decisions/0201-segment-frames-one-bad-record-costs-one-record.md.
//
// Version 2 (written since issue 14), a 16-byte header per record:
//   "TLR" 0x02 | u32 LE payload length | u32 LE CRC-32 of the payload | u32 LE CRC-32 of the 12 bytes before
// The header's own checksum tells a damaged length from a torn tail, and the magic lets the reader find
// the next intact header after damage. Version 1 (older segments, still read): u32 LE length | u32 LE
// CRC-32 | payload; there a length that runs past the end cannot be told from a torn tail.

import { crc32 } from 'node:zlib';

export const FRAME_MAGIC = Buffer.from([0x54, 0x4c, 0x52, 0x02]);
export const FRAME_HEADER = 16;
const V1_HEADER = 8;

/** One record framed as version 2, in a single buffer (one write, so a crash tears at most its tail). */
export function frameRecord(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  FRAME_MAGIC.copy(frame, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.writeUInt32LE(crc32(payload), 8);
  frame.writeUInt32LE(crc32(frame.subarray(0, 12)), 12);
  frame.set(payload, FRAME_HEADER);
  return frame;
}

export type FrameEvent =
  | { kind: 'record'; offset: number; length: number; payload: Uint8Array }
  /** Bytes that are not a readable record, with intact frames after them: skipped, kept aside. */
  | { kind: 'damaged'; offset: number; length: number; reason: string }
  /** Bytes at the end after which no intact frame follows (a torn write): cut off, kept aside. */
  | { kind: 'tail'; offset: number; length: number; reason: string };

function headerIntactAt(buf: Buffer, pos: number): boolean {
  if (pos + FRAME_HEADER > buf.length) return false;
  if (buf[pos] !== 0x54 || buf[pos + 1] !== 0x4c || buf[pos + 2] !== 0x52 || buf[pos + 3] !== 0x02)
    return false;
  return crc32(buf.subarray(pos, pos + 12)) === buf.readUInt32LE(pos + 12);
}

function nextIntactHeader(buf: Buffer, from: number): number {
  let at = buf.indexOf(FRAME_MAGIC, from);
  while (at >= 0 && !headerIntactAt(buf, at)) at = buf.indexOf(FRAME_MAGIC, at + 1);
  return at;
}

/** 2 when the segment holds any intact version-2 header (or nothing at all), else 1. */
export function frameVersion(buf: Buffer): 1 | 2 {
  return buf.length === 0 || nextIntactHeader(buf, 0) >= 0 ? 2 : 1;
}

/** Every record, damaged range and torn tail of a segment, in file order. */
export function* readFrames(buf: Buffer): Generator<FrameEvent> {
  yield* frameVersion(buf) === 2 ? readV2(buf) : readV1(buf);
}

function* readV2(buf: Buffer): Generator<FrameEvent> {
  let pos = 0;
  while (pos < buf.length) {
    if (headerIntactAt(buf, pos)) {
      const len = buf.readUInt32LE(pos + 4);
      const end = pos + FRAME_HEADER + len;
      if (end > buf.length) {
        yield { kind: 'tail', offset: pos, length: buf.length - pos, reason: 'torn record' };
        return;
      }
      const payload = buf.subarray(pos + FRAME_HEADER, end);
      if (crc32(payload) === buf.readUInt32LE(pos + 8))
        yield { kind: 'record', offset: pos, length: end - pos, payload };
      else yield { kind: 'damaged', offset: pos, length: end - pos, reason: 'checksum mismatch' };
      pos = end;
      continue;
    }
    const next = nextIntactHeader(buf, pos + 1);
    if (next < 0) {
      const reason = buf.length - pos < FRAME_HEADER ? 'torn record header' : 'no intact record after';
      yield { kind: 'tail', offset: pos, length: buf.length - pos, reason };
      return;
    }
    yield { kind: 'damaged', offset: pos, length: next - pos, reason: 'damaged record header' };
    pos = next;
  }
}

function* readV1(buf: Buffer): Generator<FrameEvent> {
  let pos = 0;
  while (pos < buf.length) {
    const len = pos + V1_HEADER <= buf.length ? buf.readUInt32LE(pos) : -1;
    if (len < 0 || pos + V1_HEADER + len > buf.length) {
      const reason = len < 0 ? 'torn record header' : 'torn record (or a damaged length)';
      yield { kind: 'tail', offset: pos, length: buf.length - pos, reason };
      return;
    }
    const end = pos + V1_HEADER + len;
    const payload = buf.subarray(pos + V1_HEADER, end);
    if (crc32(payload) === buf.readUInt32LE(pos + 4))
      yield { kind: 'record', offset: pos, length: end - pos, payload };
    else yield { kind: 'damaged', offset: pos, length: end - pos, reason: 'checksum mismatch' };
    pos = end;
  }
}
