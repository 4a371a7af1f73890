// One-click searches for a responder who does not know the trace yet: per trace datasource, the
// errors and the slowest traces of the last hour, as /search links in each backend's own terms.
import type { DatasourceInfo } from '../../datasources/config';
import { type SearchUrlState, searchPath } from '../../routes/search-url';
import { type SearchLinkState, SLOWEST_FIRST } from '../search';

/** "Slow" without earlier results to take a percentile from (the search page's preset does the same). */
export const SLOW_THRESHOLD = '1s';

export interface StartingPoint {
  key: 'errors' | 'slowest';
  label: string;
  /** What the link searches for, in the backend's words. */
  detail: string;
  path: string;
  /** Router state for the link (the slowest first). */
  state?: SearchLinkState;
}

const LAST_HOUR: Pick<SearchUrlState, 'range'> = {
  range: { from: { kind: 'relative', expr: 'now-1h' }, to: { kind: 'relative', expr: 'now' } },
};

export function startingPoints(datasource: DatasourceInfo): StartingPoint[] {
  const ds = datasource.name;
  if (datasource.type === 'tempo') {
    const errors = '{ status = error }';
    const slow = `{ traceDuration > ${SLOW_THRESHOLD} }`;
    return [
      {
        key: 'errors',
        label: 'Errors in the last hour',
        detail: errors,
        path: searchPath({ ds, q: errors, ...LAST_HOUR }),
      },
      {
        key: 'slowest',
        label: 'Slowest traces in the last hour',
        detail: `${slow}, slowest first`,
        path: searchPath({ ds, q: slow, ...LAST_HOUR }),
        state: SLOWEST_FIRST,
      },
    ];
  }
  if (datasource.type === 'jaeger' || datasource.type === 'zipkin') {
    // Jaeger's search takes one service: the search page asks for it before running.
    const perService = datasource.type === 'jaeger' ? ', per service' : '';
    return [
      {
        key: 'errors',
        label: 'Errors in the last hour',
        detail: `tags error=true${perService}`,
        path: searchPath({ ds, tags: 'error=true', ...LAST_HOUR }),
      },
      {
        key: 'slowest',
        label: 'Slowest traces in the last hour',
        detail: `longer than ${SLOW_THRESHOLD}, slowest first${perService}`,
        path: searchPath({ ds, minDuration: SLOW_THRESHOLD, ...LAST_HOUR }),
        state: SLOWEST_FIRST,
      },
    ];
  }
  return [];
}
