// The redaction rules compiled on the main thread, for what the app shows or copies there: a remote
// backend's search results, labels, log lines, tag values, and copied links (decisions 0330, 0332).
// Compiling needs RE2 (re2js, about 45 KB gzipped), so its module is fetched when a screen first
// asks, not with the app shell (decision 0339). Until it has arrived a screen gets null and shows
// nothing a rule could have masked.
import type { Redactor } from '../redact/rules.ts';
import { currentRedactionPolicy, onRedactionPolicyChange, redactionPolicySetting } from './client.ts';

type RulesModule = typeof import('../redact/rules.ts');

let rules: RulesModule | null = null;
let loading: Promise<RulesModule> | null = null;
let compiled: { for: ReturnType<typeof redactionPolicySetting>; redactor: Redactor } | null = null;
const listeners = new Set<() => void>();

function loadRules(): Promise<RulesModule> {
  loading ??= import('../redact/rules.ts').then((module) => {
    rules = module;
    for (const listener of listeners) listener();
    return module;
  });
  return loading;
}

function compile(module: RulesModule): Redactor {
  const policy = redactionPolicySetting();
  if (compiled === null || compiled.for !== policy) {
    let redactor: Redactor;
    try {
      redactor = new module.Redactor(currentRedactionPolicy()?.rules ?? []);
    } catch {
      // Rules the server accepted but RE2 here does not: the built-in ones, never none.
      redactor = new module.Redactor([...module.DEFAULT_RULES]);
    }
    compiled = { for: policy, redactor };
  }
  return compiled.redactor;
}

/** The current rules, compiled; null while their module is still on its way (the call starts it). */
export function redactorIfLoaded(): Redactor | null {
  if (rules) return compile(rules);
  void loadRules();
  return null;
}

/** The current rules, compiled, once their module is here. */
export async function loadRedactor(): Promise<Redactor> {
  return compile(await loadRules());
}

/** Calls `listener` when the rules' module arrives and whenever the policy changes. */
export function subscribeRedactor(listener: () => void): () => void {
  listeners.add(listener);
  const unfollow = onRedactionPolicyChange(listener);
  void loadRules();
  return () => {
    listeners.delete(listener);
    unfollow();
  };
}
