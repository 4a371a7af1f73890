// Broken chains for the trace screen (issue 18): `analysis/broken-chains.ts` reads parent IDs,
// tracestate and peer attributes from the worker's details store; only the small result crosses.
import { type BrokenChains, brokenChains, type ChainEvidence } from '../analysis/broken-chains.ts';
import { attributeValueText } from '../model/attribute-text.ts';
import type { Trace } from '../model/types.ts';

export type ChainsRequest = { type: 'broken-chains'; id: number; nowUnixMs: number };
export type ChainsReply = { type: 'broken-chains'; id: number; chains: BrokenChains };

export function chainEvidence(trace: Trace): ChainEvidence {
  const d = trace.details;
  return {
    parentSpanId: (row) => d.get(row).parentSpanId,
    traceState: (row) => d.get(row).traceState,
    attribute: (row, key) => {
      const value = d.attribute(row, 'span', key);
      return value === undefined ? undefined : attributeValueText(value);
    },
  };
}

export function brokenChainsOf(trace: Trace, nowUnixMs: number): BrokenChains {
  return brokenChains(trace, chainEvidence(trace), { nowUnixMs });
}
