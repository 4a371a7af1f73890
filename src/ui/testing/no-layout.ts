// jsdom lays nothing out and has no ResizeObserver: components that measure themselves get a
// ResizeObserver that never reports (they measure once on mount).
export function stubResizeObserver(): void {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
