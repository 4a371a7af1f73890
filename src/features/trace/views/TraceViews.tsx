// The trace screen's other views, one per `view` URL value (the waterfall and logs live elsewhere).
import type { TraceView } from '../../../routes/trace-url.ts';
import { CriticalPathView } from './CriticalPathView.tsx';
import { FlameGraphView } from './FlameGraphView.tsx';
import { InsightsView } from './InsightsView.tsx';
import { JsonView } from './JsonView.tsx';
import { ServiceGraphView } from './ServiceGraphView.tsx';
import { StatsView } from './StatsView.tsx';
import type { TraceViewProps } from './view-props.ts';

/** Whether this module draws the view (the screen shows its own placeholder otherwise). */
export function isOtherTraceView(view: TraceView): boolean {
  return (
    view === 'critical-path' ||
    view === 'stats' ||
    view === 'flame' ||
    view === 'graph' ||
    view === 'insights' ||
    view === 'json'
  );
}

export function TraceViews(props: TraceViewProps) {
  switch (props.url.view) {
    case 'critical-path':
      return <CriticalPathView {...props} />;
    case 'stats':
      return <StatsView {...props} />;
    case 'flame':
      return <FlameGraphView {...props} />;
    case 'graph':
      return <ServiceGraphView {...props} />;
    case 'insights':
      return <InsightsView {...props} />;
    case 'json':
      return <JsonView {...props} />;
    default:
      return null;
  }
}
