import { describe, expect, it } from 'vitest';
import { LOGS_DEFAULTS, logsPath, parseLogsUrl, serializeLogsSearch } from './logs-url';

describe('logs URL', () => {
  it('defaults to an empty query over the last hour', () => {
    expect(parseLogsUrl('')).toEqual({ ...LOGS_DEFAULTS, ds: undefined, extra: [] });
    expect(logsPath()).toBe('/logs');
  });

  it('reads and round-trips a LogQL query with its window, keeping unknown parameters', () => {
    const search =
      '?ds=loki&q=%7Bservice_name%3D%22cart%22%7D+%7C%3D+%22error%22&from=now-15m&to=now-5m&orgId=1';
    const state = parseLogsUrl(search);
    expect(state.q).toBe('{service_name="cart"} |= "error"');
    expect(state.range.from).toEqual({ kind: 'relative', expr: 'now-15m' });
    expect(state.extra).toEqual([['orgId', '1']]);
    expect(serializeLogsSearch(state)).toBe(search);
    expect(parseLogsUrl(serializeLogsSearch(state))).toEqual(state);
  });

  it('leaves the default window out of links', () => {
    expect(logsPath({ ds: 'loki', q: '{a="b"}' })).toBe('/logs?ds=loki&q=%7Ba%3D%22b%22%7D');
  });
});
