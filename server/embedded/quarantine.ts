// Bytes a replay could not read, kept beside their segment as `<segment>.quarantine` so that nothing
// acknowledged is deleted for good: a sequence of entries `"TLQ1" | u64 LE offset in the segment |
// u32 LE length | the bytes`. A range already kept (same offset and length) is not written again, so
// restarts over the same damage do not grow the file.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

const ENTRY_MAGIC = Buffer.from('TLQ1');
const ENTRY_HEADER = 16;

export function quarantineFileOf(segmentFile: string): string {
  return `${segmentFile}.quarantine`;
}

/** `offset:length` of every entry already in a quarantine file (none when it is absent). */
export function quarantinedRanges(file: string): Set<string> {
  const ranges = new Set<string>();
  if (!existsSync(file)) return ranges;
  const buf = readFileSync(file);
  let pos = 0;
  while (pos + ENTRY_HEADER <= buf.length && buf.subarray(pos, pos + 4).equals(ENTRY_MAGIC)) {
    const offset = Number(buf.readBigUInt64LE(pos + 4));
    const length = buf.readUInt32LE(pos + 12);
    ranges.add(`${offset}:${length}`);
    pos += ENTRY_HEADER + length;
  }
  return ranges;
}

/** Appends the given ranges of `segment` to the quarantine file; returns the bytes kept. */
export function appendQuarantine(
  file: string,
  segment: Uint8Array,
  ranges: readonly { offset: number; length: number }[],
): number {
  if (ranges.length === 0) return 0;
  const fd = openSync(file, 'a');
  let kept = 0;
  try {
    for (const { offset, length } of ranges) {
      const header = Buffer.alloc(ENTRY_HEADER);
      ENTRY_MAGIC.copy(header, 0);
      header.writeBigUInt64LE(BigInt(offset), 4);
      header.writeUInt32LE(length, 12);
      writeSync(fd, header);
      writeSync(fd, segment, offset, length);
      kept += length;
    }
    fsyncSync(fd); // before the caller cuts a torn tail off the segment
  } finally {
    closeSync(fd);
  }
  return kept;
}
