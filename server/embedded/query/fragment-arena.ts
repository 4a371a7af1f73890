// Where the store keeps its encoded fragments so that query workers read them without copies: an
// append-only list of SharedArrayBuffer blocks written only by the main thread. A block is handed to
// each worker once (`onBlock`); a fragment is then named by its block, offset and length. A block is
// dropped when every fragment in it was evicted (`onDrop`). See docs/decisions/0220-query-workers.md.

/** Where a fragment's bytes are in the arena. */
export interface ArenaSlice {
  block: number;
  offset: number;
  length: number;
}

/** Big enough that most batches share a block, small enough that eviction frees memory in steps. */
export const ARENA_BLOCK_BYTES = 4 * 1024 * 1024;

interface Block {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  used: number;
  /** Bytes of fragments still referenced by the store. */
  live: number;
}

export class FragmentArena {
  private readonly blocks = new Map<number, Block>();
  private readonly slices = new WeakMap<Uint8Array, ArenaSlice>();
  private current: Block | undefined;
  private nextId = 0;
  private readonly blockListeners: ((id: number, buffer: SharedArrayBuffer) => void)[] = [];
  private readonly dropListeners: ((id: number) => void)[] = [];

  constructor(private readonly blockBytes = ARENA_BLOCK_BYTES) {}

  onBlock(listener: (id: number, buffer: SharedArrayBuffer) => void): void {
    this.blockListeners.push(listener);
  }

  onDrop(listener: (id: number) => void): void {
    this.dropListeners.push(listener);
  }

  /** Every block still held, oldest first (what a new worker is given). */
  liveBlocks(): [number, SharedArrayBuffer][] {
    return Array.from(this.blocks.values(), (b) => [b.id, b.buffer]);
  }

  /** Copies `bytes` into the arena and returns the copy (a view over shared memory). */
  append(bytes: Uint8Array): Uint8Array {
    let block = this.current;
    if (!block || block.used + bytes.length > block.buffer.byteLength) {
      // A fragment larger than a block gets a block of its own size.
      block = this.newBlock(Math.max(this.blockBytes, bytes.length));
      const previous = this.current;
      this.current = block;
      if (previous && previous.live === 0) this.drop(previous);
    }
    const view = new Uint8Array(block.buffer, block.used, bytes.length);
    view.set(bytes);
    this.slices.set(view, { block: block.id, offset: block.used, length: bytes.length });
    block.used += bytes.length;
    block.live += bytes.length;
    return view;
  }

  /** Where an appended view lives; undefined for bytes that are not in the arena. */
  slice(view: Uint8Array): ArenaSlice | undefined {
    return this.slices.get(view);
  }

  /** The store no longer needs `view`; its block goes once nothing in it is needed. */
  release(view: Uint8Array): void {
    const slice = this.slices.get(view);
    if (!slice) return;
    this.slices.delete(view);
    const block = this.blocks.get(slice.block);
    if (!block) return;
    block.live -= slice.length;
    if (block.live === 0 && block !== this.current) this.drop(block);
  }

  get blockCount(): number {
    return this.blocks.size;
  }

  private newBlock(bytes: number): Block {
    const block: Block = { id: this.nextId++, buffer: new SharedArrayBuffer(bytes), used: 0, live: 0 };
    this.blocks.set(block.id, block);
    for (const l of this.blockListeners) l(block.id, block.buffer);
    return block;
  }

  private drop(block: Block): void {
    this.blocks.delete(block.id);
    for (const l of this.dropListeners) l(block.id);
  }
}

/** A worker's read side of the arena: the blocks it was handed, by ID. */
export class ArenaReader {
  private readonly blocks = new Map<number, SharedArrayBuffer>();

  attach(id: number, buffer: SharedArrayBuffer): void {
    this.blocks.set(id, buffer);
  }

  detach(id: number): void {
    this.blocks.delete(id);
  }

  view(slice: ArenaSlice): Uint8Array {
    const buffer = this.blocks.get(slice.block);
    if (!buffer) throw new Error(`arena block ${slice.block} is not attached`);
    return new Uint8Array(buffer, slice.offset, slice.length);
  }
}
