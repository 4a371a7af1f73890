// The header's dark-time figure, said with what it is a share of (issue 19): the part of the critical
// path spent in dark time (DESIGN.md "Names": a parent's own time while it has children). The worker's
// `darkShare` is dark time on the critical path over the trace's duration; the figure shown is over the
// critical path's length, which is what its words say (the two differ only when spans outlast the
// root, e.g. a consumer that runs after the request answered). Decision 0170.
import { formatDuration } from '../../ui/format.ts';
import type { LoadedTrace } from '../../worker/protocol.ts';

export interface DarkTimeBadge {
  text: string;
  title: string;
}

export function darkTimeBadge(trace: Pick<LoadedTrace, 'analyses' | 'durationNs'>): DarkTimeBadge {
  const { darkShare, cpLengthNs } = trace.analyses;
  const darkNs = darkShare * trace.durationNs;
  const share = cpLengthNs > 0 ? Math.min(1, darkNs / cpLengthNs) : 0;
  const percent = `${(share * 100).toFixed(1)}%`;
  return {
    text: `${percent} of the critical path is dark time`,
    title: `${formatDuration(darkNs)} of the ${formatDuration(cpLengthNs)} critical path is dark time: a parent span’s own time while it has children, which no child span explains (uninstrumented code, queueing, locks, GC).`,
  };
}
