import { afterEach, describe, expect, it } from 'vitest';
import { publicConfigSchema } from './public-config.ts';
import { z } from './zod.ts';

const RealFunction = globalThis.Function;

/** Counts `new Function(...)` and `Function(...)` while `run` runs. */
function functionCompilations(run: () => void): number {
  let count = 0;
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      count++;
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      count++;
      return Reflect.apply(target, self, args);
    },
  });
  try {
    run();
  } finally {
    globalThis.Function = RealFunction;
  }
  return count;
}

describe('zod in the contracts', () => {
  afterEach(() => {
    z.config({ jitless: true });
  });

  it('never compiles code with new Function: the CSP has no unsafe-eval', () => {
    expect(z.config().jitless).toBe(true);
    const compiled = functionCompilations(() => {
      const schema = z.strictObject({ a: z.string(), b: z.number() });
      for (let i = 0; i < 3; i++) schema.parse({ a: 'x', b: i });
      publicConfigSchema.parse({ basePath: '/', datasources: [{ name: 'tempo', type: 'tempo' }] });
    });
    expect(compiled).toBe(0);
  });

  it('would compile without jitless (so the check above can see it)', () => {
    z.config({ jitless: false });
    const compiled = functionCompilations(() => {
      const schema = z.strictObject({ a: z.string(), b: z.number() });
      for (let i = 0; i < 3; i++) schema.parse({ a: 'x', b: i });
    });
    expect(compiled).toBeGreaterThan(0);
  });
});
