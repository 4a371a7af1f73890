// Every load names the rules it applies (decision 0318): the runtime config's once known, the
// built-in ones before that (fail closed), none when the server has none.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../redact/defaults.ts';
import type { WorkerPort } from './client.ts';
import type { WorkerRequest } from './protocol.ts';

/** A fresh copy of the client module (its holder never told the config), and what its load sends. */
async function freshClient() {
  vi.resetModules();
  const module = await import('./client.ts');
  const sentRules = () => {
    const sent: WorkerRequest[] = [];
    const port: WorkerPort = { postMessage: (m) => sent.push(m), onmessage: null, terminate: () => {} };
    void new module.TraceWorkerClient(port).load(
      { kind: 'bytes', bytes: new ArrayBuffer(1), label: 'x' },
      { adjustSkew: false },
    );
    const load = sent.find((m) => m.type === 'load');
    return load?.type === 'load' ? load.options.redaction : 'not sent';
  };
  return { module, sentRules };
}

describe('the rules a load carries', () => {
  it('are the built-in ones, without reveal, before the config is known', async () => {
    const { sentRules } = await freshClient();
    expect(sentRules()).toEqual({ rules: [...DEFAULT_RULES], allowReveal: false });
  });

  it('are the config’s once set, and none when the server has none', async () => {
    const { module, sentRules } = await freshClient();
    const rules = [{ name: 'ids', keys: ['user.id'], action: 'mask' as const }];
    module.setRedactionPolicy({ rules, allowReveal: true });
    expect(sentRules()).toEqual({ rules, allowReveal: true });
    module.setRedactionPolicy(null);
    expect(sentRules()).toBeNull();
  });
});

describe('the main thread’s compiled rules (decision 0339)', () => {
  it('are null until their module has arrived, then follow the policy and tell who listens', async () => {
    const { module } = await freshClient();
    const main = await import('./main-redactor.ts');
    let told = 0;
    const unsubscribe = main.subscribeRedactor(() => told++);
    // Before the config: the built-in rules, which mask a bearer token.
    const builtIn = await main.loadRedactor();
    expect(builtIn.text('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ••••');
    expect(told).toBeGreaterThan(0);
    expect(main.redactorIfLoaded()).toBe(builtIn);

    const before = told;
    module.setRedactionPolicy({
      rules: [{ name: 'ids', keys: ['user.id'], action: 'mask' }],
      allowReveal: false,
    });
    expect(told).toBe(before + 1);
    expect(main.redactorIfLoaded()?.judge('user.id', 'u-1')).toEqual({ drop: false, value: '••••' });
    module.setRedactionPolicy(null);
    expect(main.redactorIfLoaded()?.empty).toBe(true);
    unsubscribe();
    module.setRedactionPolicy({ rules: [], allowReveal: false });
    expect(told).toBe(before + 2);
  });
});
