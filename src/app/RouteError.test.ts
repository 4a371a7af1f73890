import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './RouteError.tsx';

describe('chunk load errors after a redeploy', () => {
  it("recognizes each browser's words for a lazy chunk that cannot be fetched", () => {
    expect(
      isChunkLoadError(
        new TypeError(
          'Failed to fetch dynamically imported module: https://x.example/assets/TracePage-abc.js',
        ),
      ),
    ).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isChunkLoadError('404 Not Found')).toBe(false);
  });
});
