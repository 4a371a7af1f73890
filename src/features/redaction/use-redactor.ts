// The main thread's compiled redaction rules for a screen (src/worker/main-redactor.ts): null until
// RE2's module has arrived, then the redactor, again when the policy changes.
import { useSyncExternalStore } from 'react';
import type { Redactor } from '../../redact/rules.ts';
import { redactorIfLoaded, subscribeRedactor } from '../../worker/main-redactor.ts';

export function useRedactor(): Redactor | null {
  return useSyncExternalStore(subscribeRedactor, redactorIfLoaded);
}
