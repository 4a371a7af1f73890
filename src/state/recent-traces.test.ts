import { describe, expect, it } from 'vitest';
import { createSafeStorage } from './local-storage';
import {
  createRecentTracesStore,
  parseRecentTraces,
  RECENT_TRACES_LIMIT,
  RECENT_TRACES_STORAGE_KEY,
} from './recent-traces';

function memoryStorage() {
  const items = new Map<string, string>();
  return createSafeStorage(() => ({
    length: 0,
    clear: () => items.clear(),
    key: () => null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }));
}

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('recent traces', () => {
  it('keeps the newest first, one entry per trace and datasource, across visits', () => {
    const storage = memoryStorage();
    const store = createRecentTracesStore(storage);
    store
      .getState()
      .remember({ traceId: id(1), ds: 'tempo', rootService: 'api', rootName: 'GET /', openedAt: 1 });
    store
      .getState()
      .remember({ traceId: id(2), ds: 'tempo', rootService: 'api', rootName: 'POST /', openedAt: 2 });
    store
      .getState()
      .remember({ traceId: id(1), ds: 'tempo', rootService: 'api', rootName: 'GET /', openedAt: 3 });
    expect(store.getState().traces.map((t) => [t.traceId, t.openedAt])).toEqual([
      [id(1), 3],
      [id(2), 2],
    ]);
    const nextVisit = createRecentTracesStore(storage);
    expect(nextVisit.getState().traces).toHaveLength(2);
  });

  it(`keeps at most ${RECENT_TRACES_LIMIT}`, () => {
    const store = createRecentTracesStore(memoryStorage());
    for (let n = 1; n <= RECENT_TRACES_LIMIT + 5; n++) {
      store.getState().remember({ traceId: id(n), rootService: '', rootName: '', openedAt: n });
    }
    expect(store.getState().traces).toHaveLength(RECENT_TRACES_LIMIT);
    expect(store.getState().traces[0]?.traceId).toBe(id(RECENT_TRACES_LIMIT + 5));
  });

  it('drops stored entries that are not valid (tampered or from an older version)', () => {
    const raw = JSON.stringify([
      { traceId: id(7), ds: 'tempo', rootService: 'a', rootName: 'b', openedAt: 5 },
      { traceId: 'not-hex', rootService: 'x' },
      { traceId: id(0) },
      { traceId: id(8), ds: 'Bad DS!', rootService: 42, openedAt: 'soon' },
      null,
    ]);
    expect(parseRecentTraces(raw)).toEqual([
      { traceId: id(7), ds: 'tempo', rootService: 'a', rootName: 'b', openedAt: 5 },
      { traceId: id(8), ds: undefined, rootService: '', rootName: '', openedAt: 0 },
    ]);
    expect(parseRecentTraces('{oops')).toEqual([]);
  });

  it("keeps a trace's bounds for the reopening link's window, and drops bounds that make no sense", () => {
    const entry = { traceId: id(9), rootService: '', rootName: '', openedAt: 1 };
    const raw = JSON.stringify([
      { ...entry, startUnixMs: 1_795_300_496_011, endUnixMs: 1_795_300_497_244 },
      { ...entry, traceId: id(10), startUnixMs: 5, endUnixMs: 1 },
      { ...entry, traceId: id(11), startUnixMs: '1', endUnixMs: 2 },
    ]);
    expect(parseRecentTraces(raw).map((t) => [t.startUnixMs, t.endUnixMs])).toEqual([
      [1_795_300_496_011, 1_795_300_497_244],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('still works in memory when storage refuses every call', () => {
    const store = createRecentTracesStore(
      createSafeStorage(() => {
        throw new DOMException('blocked', 'SecurityError');
      }),
    );
    store.getState().remember({ traceId: id(3), rootService: '', rootName: '', openedAt: 1 });
    expect(store.getState().traces).toHaveLength(1);
    store.getState().clear();
    expect(store.getState().traces).toEqual([]);
    expect(RECENT_TRACES_STORAGE_KEY).toBe('tracelight.recentTraces');
  });
});
