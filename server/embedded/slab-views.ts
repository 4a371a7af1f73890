// Typed arrays carved out of shared ArrayBuffers (decision 0345). The slim cache keeps a few small
// arrays for each of up to 100,000 traces; one ArrayBuffer each cost a cold search over 1,000,000
// spans about half its time (creating one takes ~5 µs, and the collector tracks each). A slab is
// freed once no array carved from it is referenced any more, so memory follows the cache only when
// the cache drops its entries roughly in the order it made them, as the slim cache does (it reads
// with `peek`, so its LRU order is insertion order): a slab then outlives its last entry by at most
// one cache's worth of newer entries.

/** Big enough that a slab holds hundreds of traces' columns, small enough to free memory in steps. */
const SLAB_BYTES = 256 * 1024;

export class SlabViews {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  constructor(private readonly slabBytes = SLAB_BYTES) {}

  /** Where `bytes` bytes (8-aligned) start: in the current slab, or a new one when it is full. */
  private take(bytes: number): number {
    const size = (bytes + 7) & ~7;
    if (this.used + size > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(this.slabBytes, size));
      this.used = 0;
    }
    const at = this.used;
    this.used += size;
    return at;
  }

  f64(n: number): Float64Array {
    const at = this.take(8 * n);
    return new Float64Array(this.buffer, at, n);
  }

  u32(n: number): Uint32Array {
    const at = this.take(4 * n);
    return new Uint32Array(this.buffer, at, n);
  }

  i32(n: number): Int32Array {
    const at = this.take(4 * n);
    return new Int32Array(this.buffer, at, n);
  }
}
