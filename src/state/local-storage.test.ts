import { describe, expect, it } from 'vitest';
import { createSafeStorage } from './local-storage';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

class BrokenStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new DOMException('Access is denied', 'SecurityError');
  }
  override removeItem(): void {
    throw new DOMException('Access is denied', 'SecurityError');
  }
}

describe('createSafeStorage', () => {
  it('stores, reads and removes values when storage works', () => {
    const storage = createSafeStorage(() => new MemoryStorage());
    const shared = new MemoryStorage();
    const safe = createSafeStorage(() => shared);
    expect(storage.get('missing')).toBeNull();
    expect(safe.set('theme', 'dark')).toBe(true);
    expect(safe.get('theme')).toBe('dark');
    expect(safe.remove('theme')).toBe(true);
    expect(safe.get('theme')).toBeNull();
  });

  it('reports a write over quota as not stored instead of throwing', () => {
    const safe = createSafeStorage(() => new FullStorage());
    expect(safe.set('theme', 'dark')).toBe(false);
    expect(safe.get('theme')).toBeNull();
  });

  it('survives storage whose very access throws (privacy mode, sandboxed frame)', () => {
    const safe = createSafeStorage(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(safe.get('theme')).toBeNull();
    expect(safe.set('theme', 'dark')).toBe(false);
    expect(safe.remove('theme')).toBe(false);
  });

  it('survives reads and removals that throw', () => {
    const safe = createSafeStorage(() => new BrokenStorage());
    expect(safe.get('theme')).toBeNull();
    expect(safe.remove('theme')).toBe(false);
    expect(safe.set('theme', 'light')).toBe(true);
  });

  it('treats a missing storage as empty', () => {
    const safe = createSafeStorage(() => undefined);
    expect(safe.get('theme')).toBeNull();
    expect(safe.set('theme', 'dark')).toBe(false);
  });
});
