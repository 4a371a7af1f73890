// `redaction:` in the configuration file, and what /config.json tells the app of it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/redact/rules.ts';
import { createApp } from '../app.ts';
import type { ConfigError } from './errors.ts';
import { validateConfig } from './validate.ts';

async function publicRedaction(redaction: unknown) {
  const dist = mkdtempSync(path.join(tmpdir(), 'tracelight-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const config = validateConfig(
    { redaction, datasources: [{ name: 'tempo', type: 'tempo', url: 'http://127.0.0.1:9' }] },
    't.yaml',
  );
  const app = await createApp({ config, distDir: dist, log: () => {} });
  try {
    return JSON.parse((await app.inject({ url: '/config.json' })).body).redaction;
  } finally {
    await app.close();
  }
}

describe('redaction configuration', () => {
  it('is on with the built-in rules when absent', () => {
    const config = validateConfig({}, 'c.yaml');
    expect(config.redaction).toEqual({
      enabled: true,
      defaults: true,
      disable: [],
      rules: [],
      allowReveal: false,
    });
  });

  it('reads rules, a key glob given as one string, and refuses what it cannot run', () => {
    const config = validateConfig(
      {
        redaction: { disable: ['email'], rules: [{ name: 'tenant', keys: 'app.tenant.*', action: 'drop' }] },
      },
      'c.yaml',
    );
    expect(config.redaction.rules).toEqual([{ name: 'tenant', keys: ['app.tenant.*'], action: 'drop' }]);
    const problems = (raw: unknown) => {
      try {
        validateConfig({ redaction: raw }, 'c.yaml');
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ rules: [{ name: 'x', pattern: '(?<=a)b', action: 'mask' }] })).toEqual([
      expect.stringMatching(/^c\.yaml: redaction\.rules\[0\]: rule x: invalid RE2 pattern/),
    ]);
    expect(problems({ rules: [{ name: 'x', action: 'mask' }] })).toEqual([
      'c.yaml: redaction.rules[0]: needs keys, a pattern or both',
    ]);
    expect(problems({ rules: [{ name: 'x', keys: ['a'], action: 'hide' }] })).toEqual([
      'c.yaml: redaction.rules[0].action: must be drop, mask or replace, got "hide"',
    ]);
    expect(problems({ enabled: 'yes' })).toEqual([
      'c.yaml: redaction.enabled: must be true or false, got "yes"',
    ]);
  });

  it('/config.json carries the rules in force, built-in ones resolved, and whether values may be revealed', async () => {
    const all = await publicRedaction(undefined);
    expect(all.rules.map((r: { name: string }) => r.name)).toEqual(DEFAULT_RULES.map((r) => r.name));
    expect(all.allowReveal).toBe(false);
    const some = await publicRedaction({
      disable: ['email', 'jwt'],
      allowReveal: true,
      rules: [{ name: 'tenant', keys: ['app.tenant.*'], action: 'drop' }],
    });
    expect(some.rules.map((r: { name: string }) => r.name)).not.toContain('email');
    expect(some.rules.at(-1)).toEqual({ name: 'tenant', keys: ['app.tenant.*'], action: 'drop' });
    expect(some.allowReveal).toBe(true);
    expect(await publicRedaction({ enabled: false })).toBeUndefined();
  });
});
