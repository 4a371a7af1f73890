// How a segment is read when its bytes are damaged in the ways disks and crashes damage them.

import { describe, expect, it } from 'vitest';
import { FRAME_HEADER, frameRecord, readFrames } from './segment-frame.ts';

const payloads = Array.from({ length: 6 }, (_, i) => Buffer.from(`record ${i} `.repeat(10 + i)));
const frames = payloads.map(frameRecord);
const starts = frames.map((_, i) => frames.slice(0, i).reduce((n, f) => n + f.length, 0));

function read(buf: Buffer) {
  const out = {
    records: [] as string[],
    damaged: [] as [number, number][],
    tail: undefined as [number, number] | undefined,
  };
  for (const f of readFrames(buf)) {
    if (f.kind === 'record') out.records.push(Buffer.from(f.payload).toString());
    else if (f.kind === 'damaged') out.damaged.push([f.offset, f.length]);
    else out.tail = [f.offset, f.length];
  }
  return out;
}

const whole = () => Buffer.concat(frames);
const texts = payloads.map((p) => p.toString());

describe('readFrames (version 2)', () => {
  it('reads every record of an intact segment', () => {
    expect(read(whole())).toEqual({ records: texts, damaged: [], tail: undefined });
  });

  it('skips a record whose magic is damaged and finds the next one', () => {
    const buf = whole();
    buf[starts[2]] = 0;
    const r = read(buf);
    expect(r.records).toEqual(texts.filter((_, i) => i !== 2));
    expect(r.damaged).toEqual([[starts[2], frames[2].length]]);
  });

  it('skips over a zeroed stretch that spans two records', () => {
    const buf = whole();
    buf.fill(0, starts[1] + 5, starts[3] + 3);
    const r = read(buf);
    expect(r.records).toEqual([texts[0], texts[4], texts[5]]);
    expect(r.damaged).toEqual([[starts[1], starts[4] - starts[1]]]);
  });

  it('calls a partial header at the end a torn tail', () => {
    const r = read(whole().subarray(0, starts[5] + 7));
    expect(r.records).toEqual(texts.slice(0, 5));
    expect(r.tail).toEqual([starts[5], 7]);
  });

  it('calls an intact header whose payload runs past the end a torn tail', () => {
    const r = read(whole().subarray(0, starts[5] + FRAME_HEADER + 3));
    expect(r.records).toEqual(texts.slice(0, 5));
    expect(r.tail).toEqual([starts[5], FRAME_HEADER + 3]);
  });

  it('skips a record whose payload checksum fails, using its (checked) length', () => {
    const buf = whole();
    buf[starts[4] + FRAME_HEADER + 2] ^= 0x80;
    const r = read(buf);
    expect(r.records).toEqual(texts.filter((_, i) => i !== 4));
    expect(r.damaged).toEqual([[starts[4], frames[4].length]]);
  });
});
