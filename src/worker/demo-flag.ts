// Whether a trace is the embedded backend's demo data: its demo resources carry `tracelight.demo=true`
// (server/embedded/demo-traces.ts). Read from the roots' resources only, so it costs O(roots).
import type { Trace } from '../model/types.ts';

export const DEMO_ATTRIBUTE = 'tracelight.demo';

export function isDemoTrace(trace: Trace): boolean {
  for (const root of trace.roots) {
    const value = trace.details.attribute(root, 'resource', DEMO_ATTRIBUTE);
    if (value?.type === 'bool' && value.value) return true;
    if (value?.type === 'string' && value.value.toLowerCase() === 'true') return true;
  }
  return false;
}
