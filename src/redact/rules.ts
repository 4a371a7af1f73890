// Redaction rules: what a rule says, the built-in defaults, and compiling them into a Redactor that
// judges one attribute (key and string value) at a time. Pure TypeScript (decision 0310): the embedded
// backend runs it at ingest, the worker when it decodes a remote trace.
//
// A rule names attribute keys by glob (`*` is any run of characters, dots included), a value pattern
// in RE2 syntax, or both, and an action:
//   - `drop`: the attribute goes (for a value pattern: when the value has a match);
//   - `mask`: the whole value becomes MASK;
//   - `replace`: each match inside the value becomes `replacement` (MASK by default; `$1` names a group).
// Key globs are tested first and value patterns only on strings, so the common attribute costs a
// few string comparisons (decision 0311).

import { RE2JS } from 're2js';
import {
  DEFAULT_REDACTION_SETTINGS,
  DEFAULT_RULES,
  MASK,
  type RedactionRule,
  type RedactionSettings,
} from './defaults.ts';

export {
  DEFAULT_REDACTION_SETTINGS,
  DEFAULT_RULES,
  MASK,
  type RedactAction,
  type RedactionRule,
  type RedactionSettings,
} from './defaults.ts';

/** Whether the digits of `text` pass the Luhn check. */
export function luhnValid(text: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}

/**
 * Cheap tests that must pass before a default's RE2 pattern runs: a value without `@` holds no
 * e-mail address. A rule without one (every user rule) always runs its pattern.
 */
const TRIGGERS: Readonly<Record<string, (value: string) => boolean>> = {
  email: (v) => v.includes('@'),
  'bearer-token': (v) => /bearer/i.test(v),
  jwt: (v) => v.includes('eyJ'),
  'card-number': (v) => /[2-6][ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d/.test(v),
  'url-query': (v) => v.includes('='),
  'url-query-text': (v) => v.includes('='),
};

/** A glob as a test: `*` matches any run of characters; everything else is literal. */
export function globMatcher(glob: string): (key: string) => boolean {
  if (!glob.includes('*')) return (key) => key === glob;
  const parts = glob.split('*');
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 2) {
    const min = first.length + last.length;
    return (key) => key.length >= min && key.startsWith(first) && key.endsWith(last);
  }
  return (key) => {
    if (!key.startsWith(first) || key.length < first.length + last.length) return false;
    let at = first.length;
    const end = key.length - last.length;
    for (let i = 1; i < parts.length - 1; i++) {
      const found = key.indexOf(parts[i], at);
      if (found < 0 || found + parts[i].length > end) return false;
      at = found + parts[i].length;
    }
    return key.endsWith(last);
  };
}

interface CompiledRule {
  rule: RedactionRule;
  keyTest: ((key: string) => boolean) | undefined;
  /** The rule's pattern, compiled; a built-in rule's is compiled the first time its trigger fires. */
  pattern: RE2JS | undefined;
  trigger: ((value: string) => boolean) | undefined;
}

/** A rule's pattern, compiling a built-in one on first use (its trigger said a value may match). */
function patternOf(c: CompiledRule, source: string): RE2JS {
  c.pattern ??= RE2JS.compile(source);
  return c.pattern;
}

/** What a rule did to one value: the attribute goes, or its value becomes `value`. */
export type Verdict = { drop: true } | { drop: false; value: string };

export class RedactionRuleError extends Error {}

/** The rules in force for `settings`, in order: built-in ones first, then the configured ones. */
export function rulesOf(settings: RedactionSettings): RedactionRule[] {
  if (!settings.enabled) return [];
  const disabled = new Set(settings.disable);
  const defaults = settings.defaults ? DEFAULT_RULES.filter((r) => !disabled.has(r.name)) : [];
  return [...defaults, ...settings.rules];
}

/** Compiled rules; judges attributes and counts what it changed. */
export class Redactor {
  private readonly exact = new Map<string, CompiledRule[]>();
  private readonly globbed: CompiledRule[] = [];
  /** Rules without keys: run on every string value. */
  private readonly everywhere: CompiledRule[] = [];
  readonly rules: readonly RedactionRule[];

  constructor(rules: readonly RedactionRule[]) {
    this.rules = rules;
    for (const rule of rules) {
      let pattern: RE2JS | undefined;
      const trigger = DEFAULT_RULES.some((d) => d === rule) ? TRIGGERS[rule.name] : undefined;
      // A built-in rule with a trigger compiles its pattern when the trigger first fires: compiling all
      // of them cold cost a first load 30–70 ms (decision 0341). Its pattern is tested, so it compiles.
      if (rule.pattern !== undefined && trigger === undefined) {
        try {
          pattern = RE2JS.compile(rule.pattern);
        } catch (e) {
          throw new RedactionRuleError(`rule ${rule.name}: invalid RE2 pattern (${(e as Error).message})`);
        }
      } else if (rule.pattern === undefined && rule.action === 'replace') {
        throw new RedactionRuleError(`rule ${rule.name}: replace needs a pattern`);
      }
      if (rule.keys === undefined && rule.pattern === undefined)
        throw new RedactionRuleError(`rule ${rule.name}: needs keys, a pattern or both`);
      if (rule.keys === undefined) {
        this.everywhere.push({ rule, keyTest: undefined, pattern, trigger });
        continue;
      }
      const globs = rule.keys.filter((k) => k.includes('*'));
      for (const key of rule.keys.filter((k) => !k.includes('*'))) {
        const list = this.exact.get(key) ?? [];
        list.push({ rule, keyTest: undefined, pattern, trigger });
        this.exact.set(key, list);
      }
      if (globs.length > 0) {
        const tests = globs.map(globMatcher);
        this.globbed.push({ rule, keyTest: (k) => tests.some((t) => t(k)), pattern, trigger });
      }
    }
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /**
   * The verdict on one attribute, or undefined when no rule touches it. `value` is the string value,
   * or undefined for other types (then only key rules without a pattern apply).
   */
  judge(key: string, value: string | undefined): Verdict | undefined {
    let current = value;
    let changed = false;
    // A rule "changes" a value only when its output differs, so reading redacted data again (an
    // exported file re-opened) counts nothing and leaves every value as it is (decision 0318).
    const keyed = this.keyRules(key);
    for (let i = 0; i < keyed.length; i++) {
      const c = keyed[i];
      const v = apply(c, current);
      if (v === undefined || (!v.drop && current !== undefined && v.value === current)) continue;
      this.fired(c.rule.name);
      if (v.drop) return v;
      current = v.value;
      changed = true;
    }
    if (current !== undefined && current !== MASK) {
      const everywhere = this.everywhere;
      for (let i = 0; i < everywhere.length; i++) {
        const c = everywhere[i];
        const v = apply(c, current);
        if (v === undefined || (!v.drop && v.value === current)) continue;
        this.fired(c.rule.name);
        if (v.drop) return v;
        current = v.value;
        changed = true;
      }
    }
    return changed ? { drop: false, value: current ?? MASK } : undefined;
  }

  /** Rules naming `key` (exact ones, then globs), worked out once per key (decision 0311). */
  private readonly byKey = new Map<string, readonly CompiledRule[]>();

  private keyRules(key: string): readonly CompiledRule[] {
    let list = this.byKey.get(key);
    if (list === undefined) {
      list = [...(this.exact.get(key) ?? []), ...this.globbed.filter((c) => c.keyTest?.(key))];
      // Keys are few in practice; a payload inventing a key per span does not grow this forever.
      if (this.byKey.size < 10_000) this.byKey.set(key, list);
    }
    return list;
  }

  /** A free-text value with no key (a status message, a log line): the keyless rules only. */
  text(value: string): string | undefined {
    let current = value;
    let changed = false;
    for (const c of this.everywhere) {
      const v = apply(c, current);
      if (v === undefined || (!v.drop && v.value === current)) continue;
      this.fired(c.rule.name);
      current = v.drop ? MASK : v.value;
      changed = true;
      if (v.drop) break;
    }
    return changed ? current : undefined;
  }

  /**
   * When set, each rule that changes a value adds one under its name (the trace header's "which
   * rules fired"); null costs nothing.
   */
  tally: Map<string, number> | null = null;

  private fired(rule: string): void {
    if (this.tally !== null) this.tally.set(rule, (this.tally.get(rule) ?? 0) + 1);
  }
}

function apply(c: CompiledRule, value: string | undefined): Verdict | undefined {
  const { rule } = c;
  if (rule.pattern === undefined)
    return rule.action === 'drop' ? { drop: true } : { drop: false, value: MASK };
  if (value === undefined || value === MASK) return undefined;
  if (c.trigger !== undefined && !c.trigger(value)) return undefined;
  const m = patternOf(c, rule.pattern).matcher(value);
  if (rule.action !== 'replace') {
    let found = false;
    while (m.find()) {
      if (rule.check === 'luhn' && !luhnValid(m.group() ?? '')) continue;
      found = true;
      break;
    }
    if (!found) return undefined;
    return rule.action === 'drop' ? { drop: true } : { drop: false, value: MASK };
  }
  const replacement = rule.replacement ?? MASK;
  let out = '';
  let at = 0;
  let replaced = false;
  while (m.find()) {
    const whole = m.group() ?? '';
    if (rule.check === 'luhn' && !luhnValid(whole)) continue;
    out += value.slice(at, m.start()) + expand(replacement, m);
    at = m.end();
    replaced = true;
  }
  if (!replaced) return undefined;
  return { drop: false, value: out + value.slice(at) };
}

/** `$1`…`$9` in a replacement are the match's groups. */
function expand(replacement: string, m: ReturnType<RE2JS['matcher']>): string {
  if (!replacement.includes('$')) return replacement;
  return replacement.replace(/\$([0-9])/g, (_, n: string) => m.group(Number(n)) ?? '');
}

/** The redactor for `settings`; throws RedactionRuleError on a rule it cannot compile. */
export function createRedactor(settings: RedactionSettings = DEFAULT_REDACTION_SETTINGS): Redactor {
  return new Redactor(rulesOf(settings));
}
